//! `import --match phone|email`: recognising a row as a contact already stored, so an import run
//! again (after Ctrl-C, a crash, or a failed batch) updates instead of duplicating.
//!
//! Two values are the same person's by the rules `contacts dedupe` and a sync use
//! ([`number_key`], [`email_key`]): numbers by their E.164 form (national numbers read in the
//! import's region, a `tel:` URI as the number it shows), so `0412 345 678` in the file finds
//! `+61412345678` in the store, and a number that does not read as one (no region for a
//! national number, a short code) matches the same text only;
//! e-mail addresses with the domain compared without regard to case and the part before the
//! `@` exactly (`ada@X.SE` finds `ada@x.se`, `Ada@x.se` does not). What is compared is the
//! row's and each stored contact's `phoneNumber` or `email` (a card's preferred one).

use crate::args::MatchBy;
use crate::error::CliResult;
use contacts_core::{
    ContactId, ContactProvider, ContactProviderExt, ContactQuery, NewContact, keys,
};
use contacts_phone::{Normalizer, Region};
use contacts_sync::dedupe::{email_key, number_key};
use futures::TryStreamExt;
use std::collections::HashMap;

/// The stored contacts by their match key.
pub struct MatchIndex {
    by: MatchBy,
    /// Reads numbers in the import's region.
    numbers: Normalizer,
    ids: HashMap<String, ContactId>,
}

impl MatchIndex {
    /// Lists every stored contact once and indexes it by `by`; `None` when `by` is
    /// [`MatchBy::None`].
    pub async fn load(
        provider: &dyn ContactProvider,
        by: MatchBy,
        region: Option<Region>,
    ) -> CliResult<Option<Self>> {
        if by == MatchBy::None {
            return Ok(None);
        }
        let mut index = Self {
            by,
            numbers: Normalizer::new(region).with_cache(4096),
            ids: HashMap::new(),
        };
        let stored: Vec<_> = provider.list(ContactQuery::new()).try_collect().await?;
        for contact in stored {
            if let Some(key) = index.key_of(contact.properties.get(index.property())) {
                index.ids.entry(key).or_insert(contact.id);
            }
        }
        Ok(Some(index))
    }

    /// The property the rows are matched on.
    fn property(&self) -> &'static str {
        match self.by {
            MatchBy::Email => keys::EMAIL,
            MatchBy::Phone | MatchBy::None => keys::PHONE_NUMBER,
        }
    }

    /// The match key of `value` (see the module's rules), if it has one.
    fn key_of(&self, value: Option<&str>) -> Option<String> {
        let value = value?;
        let key = match self.by {
            MatchBy::Email => email_key(value),
            MatchBy::Phone | MatchBy::None => number_key(&self.numbers, value),
        };
        // A value that does not read as an address or a number (`n/a`; no region known for a
        // national number, a short code) still matches its own text exactly, so running the
        // import again never creates it twice; the prefix keeps it apart from every real key.
        key.or_else(|| {
            Some(value.trim())
                .filter(|t| !t.is_empty())
                .map(|t| format!("text:{t}"))
        })
    }

    /// The stored contact `row` is the same as, if any.
    pub fn find(&self, row: &NewContact) -> Option<&ContactId> {
        self.key_of(row.properties.get(self.property()))
            .and_then(|key| self.ids.get(&key))
    }

    /// Splits `rows` (none of them stored yet) into the first row of each key and the rows
    /// repeating a key of an earlier one (or of a row before them in the file), which update
    /// what the first creates instead of creating it twice. Rows without a key are all first.
    pub fn first_of_each<T: AsRef<NewContact>>(&self, rows: Vec<T>) -> (Vec<T>, Vec<T>) {
        let mut seen = std::collections::HashSet::new();
        rows.into_iter().partition(|row| {
            self.key_of(row.as_ref().properties.get(self.property()))
                .is_none_or(|key| seen.insert(key))
        })
    }

    /// Records a contact created by this import, so a later row with the same key updates it.
    pub fn remember(&mut self, row: &NewContact, id: ContactId) {
        if let Some(key) = self.key_of(row.properties.get(self.property())) {
            self.ids.entry(key).or_insert(id);
        }
    }
}
