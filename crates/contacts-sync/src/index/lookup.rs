//! Who is who on one side: its contacts indexed by id and by the match key of their number,
//! in flat memory (a 32-byte entry each, the ids in one string, the contents in a scratch file).

use super::number::{digits_code, read_number};
use super::packed_contact;
use super::scratch::{Reader, Scratch};
use crate::SyncError;
use crate::hash::{hash64, same_hash};
use contacts_core::{Contact, ContactId, keys};
use contacts_phone::Normalizer;
use hashbrown::HashTable;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::path::PathBuf;

/// Whether a contact's number was read, and what came of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Number {
    /// Not read yet (see [`Index::add`]).
    Deferred = 0,
    /// Read: its key is [`Entry::key`].
    Key = 1,
    /// Read, unusable: why is in [`Index::why`].
    Why = 2,
}

/// The bits of [`Entry::doc`] that hold the scratch offset; the rest hold flags.
const OFFSET_BITS: u32 = 56;
const OFFSET_MASK: u64 = (1 << OFFSET_BITS) - 1;
const CLAIMED: u64 = 1 << 58;
/// Its number's key is in its text too (read before packing).
const KEY_IN_TEXT: u64 = 1 << 59;
/// Known only by id and recorded hash (a side read through its change feed, this contact not
/// in the change set): no text, no number. See [`Index::add_known`].
const KNOWN_ONLY: u64 = 1 << 60;

/// One contact of a side, with what the plan asks of it, in 32 bytes: its id in the index's
/// string of ids, its properties and labels in the scratch file.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Its content hash (see [`content_hash`](crate::content_hash)).
    hash: u64,
    /// Its number key as [`Index::code`] gives it (when read and usable).
    key: u64,
    /// Its text's offset in the scratch (low 56 bits), whether its number was read (bits
    /// 56-57, a [`Number`]) and whether the plan accounted for it ([`CLAIMED`]).
    doc: u64,
    /// Where its id starts in [`Index::ids`] (it ends where the next entry's starts).
    id_at: u32,
    /// The next contact with the same number key (`NONE` ends the chain).
    next_holder: u32,
}

impl Entry {
    fn at(&self) -> u64 {
        self.doc & OFFSET_MASK
    }

    fn number(&self) -> Number {
        match (self.doc >> OFFSET_BITS) & 3 {
            0 => Number::Deferred,
            1 => Number::Key,
            _ => Number::Why,
        }
    }

    fn set_number(&mut self, number: Number) {
        self.doc = (self.doc & !(3 << OFFSET_BITS)) | ((number as u64) << OFFSET_BITS);
    }

    fn claimed(&self) -> bool {
        self.doc & CLAIMED != 0
    }
}

/// The end of a chain of holders.
const NONE: u32 = u32::MAX;

/// A key code with this bit is an index into [`Index::odd_keys`].
const ODD: u64 = 1 << 63;

/// The contacts of one side, by id and by number, in flat memory: a 32-byte entry each, the
/// ids in one string, the contents in a [`Scratch`], and two hash tables of entry numbers
/// while planning. A side of 100,000 contacts with 24-byte ids takes ~7 MB.
#[derive(Debug)]
pub(crate) struct Index {
    entries: Vec<Entry>,
    ids: String,
    /// Keys that are not `+` and up to 18 digits (none that a valid number gives), and their
    /// codes.
    odd_keys: Vec<String>,
    odd_codes: HashMap<String, u64>,
    /// Why a contact's number is unusable, by entry.
    why: HashMap<u32, String>,
    /// Entries by id.
    by_id: HashTable<u32>,
    /// The first holder of each number key, and how many hold it.
    by_key: HashTable<(u32, u32)>,
    hasher: RandomState,
    /// The contacts' packed properties and labels.
    scratch: Scratch,
}

impl Default for Index {
    fn default() -> Self {
        Self::new(None)
    }
}

fn too_many(what: &str) -> SyncError {
    SyncError::Scratch(format!(
        "more than 4 GiB of contact {what} on one side; sync it in parts (by label)"
    ))
}

impl Index {
    /// An empty index whose scratch file (if it needs one) goes into `dir`.
    pub(crate) fn new(dir: Option<PathBuf>) -> Self {
        Self {
            entries: Vec::new(),
            ids: String::new(),
            odd_keys: Vec::new(),
            odd_codes: HashMap::new(),
            why: HashMap::new(),
            by_id: HashTable::new(),
            by_key: HashTable::new(),
            hasher: RandomState::new(),
            scratch: Scratch::new(dir),
        }
    }

    /// How many contacts.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is none.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn id_text(&self, slot: u32) -> &str {
        id_of(&self.entries, &self.ids, slot)
    }

    /// The code of number key `key` (new odd keys are numbered when `add` is set).
    fn code(&mut self, key: &str) -> u64 {
        if let Some(code) = digits_code(key) {
            return code;
        }
        if let Some(code) = self.odd_codes.get(key) {
            return *code;
        }
        let code = ODD | self.odd_keys.len() as u64;
        self.odd_keys.push(key.to_owned());
        self.odd_codes.insert(key.to_owned(), code);
        code
    }

    /// The code of `key` if some contact here has it.
    fn known_code(&self, key: &str) -> Option<u64> {
        digits_code(key).or_else(|| self.odd_codes.get(key).copied())
    }

    /// The text of key `code`.
    fn key_string(&self, code: u64) -> String {
        if code & ODD == 0 {
            return format!("+{code}");
        }
        let odd = usize::try_from(code & !ODD).unwrap_or(usize::MAX);
        self.odd_keys.get(odd).cloned().unwrap_or_default()
    }

    /// Adds `contacts` (a page), reading their numbers with `normalizer` now when given,
    /// otherwise leaving that to [`Index::resolve`], for when the plan needs them (a sync
    /// with nothing changed needs none). A contact listed twice keeps its last listing.
    pub(crate) fn add(
        &mut self,
        contacts: Vec<Contact>,
        normalizer: Option<&Normalizer>,
    ) -> Result<(), SyncError> {
        let mut text = String::new();
        for contact in contacts {
            // Read first, the key goes into the text: a plan's create reads it from there.
            let key =
                normalizer.map(|n| read_number(n, contact.properties.get(keys::PHONE_NUMBER)));
            text.clear();
            let packed_key = key.as_ref().and_then(|k| k.as_deref().ok());
            packed_contact::pack(&contact, packed_key, &mut text);
            let at = self.scratch.push(&text)?;
            if at > OFFSET_MASK {
                return Err(too_many("text"));
            }
            let slot = match self.find(&contact.id) {
                Some(slot) => {
                    // Listed again: the last listing counts (its id is already here).
                    self.unhold(slot);
                    let e = &mut self.entries[slot as usize];
                    (e.hash, e.key, e.doc, e.next_holder) = (hash64(&contact), 0, at, NONE);
                    self.why.remove(&slot);
                    slot
                }
                None => {
                    let slot = u32::try_from(self.entries.len())
                        .ok()
                        .filter(|s| *s != NONE)
                        .ok_or_else(|| too_many("entries"))?;
                    let id_at = u32::try_from(self.ids.len()).map_err(|_| too_many("ids"))?;
                    self.ids.push_str(contact.id.as_str());
                    self.entries.push(Entry {
                        hash: hash64(&contact),
                        key: 0,
                        doc: at,
                        id_at,
                        next_holder: NONE,
                    });
                    let (entries, ids, hasher) = (&self.entries, &self.ids, &self.hasher);
                    self.by_id
                        .insert_unique(hasher.hash_one(contact.id.as_str()), slot, |s| {
                            hasher.hash_one(id_of(entries, ids, *s))
                        });
                    slot
                }
            };
            if let Some(key) = key {
                if key.is_ok() {
                    self.entries[slot as usize].doc |= KEY_IN_TEXT;
                }
                self.set_number(slot, key);
            }
        }
        Ok(())
    }

    /// Adds `id` as known by its recorded content hash alone, without its contents: a contact
    /// a change feed says did not change since the last sync. Its contents are not held
    /// (memory stays flat); [`Index::get`] on it fails the plan rather than guess, so a
    /// decision that needs them must have them fetched first ([`Index::add`] replaces it).
    /// An id already here is left as it is.
    pub(crate) fn add_known(&mut self, id: &ContactId, hash: u64) -> Result<(), SyncError> {
        if self.find(id).is_some() {
            return Ok(());
        }
        let slot = u32::try_from(self.entries.len())
            .ok()
            .filter(|s| *s != NONE)
            .ok_or_else(|| too_many("entries"))?;
        let id_at = u32::try_from(self.ids.len()).map_err(|_| too_many("ids"))?;
        self.ids.push_str(id.as_str());
        self.entries.push(Entry {
            hash,
            key: 0,
            doc: KNOWN_ONLY,
            id_at,
            next_holder: NONE,
        });
        let (entries, ids, hasher) = (&self.entries, &self.ids, &self.hasher);
        self.by_id
            .insert_unique(hasher.hash_one(id.as_str()), slot, |s| {
                hasher.hash_one(id_of(entries, ids, *s))
            });
        Ok(())
    }

    /// Whether `id` is here known only by its recorded hash (see [`Index::add_known`]).
    pub(crate) fn is_known_only(&self, id: &ContactId) -> bool {
        self.find(id)
            .is_some_and(|s| self.entries[s as usize].doc & KNOWN_ONLY != 0)
    }

    /// Records the reading of `slot`'s number and makes it a holder of its key.
    fn set_number(&mut self, slot: u32, key: Result<String, String>) {
        match key {
            Ok(key) => {
                let code = self.code(&key);
                let e = &mut self.entries[slot as usize];
                e.key = code;
                e.set_number(Number::Key);
                self.hold(slot);
            }
            Err(why) => {
                self.entries[slot as usize].set_number(Number::Why);
                self.why.insert(slot, why);
            }
        }
    }

    fn key_slot(&self, code: u64) -> Option<&(u32, u32)> {
        let entries = &self.entries;
        self.by_key.find(self.hasher.hash_one(code), |(head, _)| {
            entries[*head as usize].key == code
        })
    }

    /// Makes `slot` a holder of its key.
    fn hold(&mut self, slot: u32) {
        let code = self.entries[slot as usize].key;
        let (entries, hasher) = (&self.entries, &self.hasher);
        let hash = hasher.hash_one(code);
        match self
            .by_key
            .find_mut(hash, |(head, _)| entries[*head as usize].key == code)
        {
            Some((head, count)) => {
                let previous = std::mem::replace(head, slot);
                *count += 1;
                self.entries[slot as usize].next_holder = previous;
            }
            None => {
                self.by_key.insert_unique(hash, (slot, 1), |(head, _)| {
                    hasher.hash_one(entries[*head as usize].key)
                });
            }
        }
    }

    /// Takes `slot` out of its key's holders (before its listing is replaced).
    fn unhold(&mut self, slot: u32) {
        self.why.remove(&slot);
        let entry = self.entries[slot as usize];
        if entry.number() != Number::Key {
            return;
        }
        let holders: Vec<u32> = self.chain(entry.key).filter(|s| *s != slot).collect();
        let entries = &self.entries;
        let hash = self.hasher.hash_one(entry.key);
        if let Ok(found) = self
            .by_key
            .find_entry(hash, |(head, _)| entries[*head as usize].key == entry.key)
        {
            found.remove();
        }
        // The rest are held again, in their order.
        for s in holders.into_iter().rev() {
            self.entries[s as usize].next_holder = NONE;
            self.hold(s);
        }
    }

    /// The holders of key `code`, most recently listed first.
    fn chain(&self, code: u64) -> impl Iterator<Item = u32> + '_ {
        let mut next = self.key_slot(code).map_or(NONE, |(head, _)| *head);
        std::iter::from_fn(move || {
            let slot = (next != NONE).then_some(next)?;
            next = self.entries[slot as usize].next_holder;
            Some(slot)
        })
    }

    /// Reads the numbers deferred by [`Index::add`] (one pass over the scratch file).
    pub(crate) fn resolve(&mut self, normalizer: &Normalizer) -> Result<(), SyncError> {
        let mut read = Vec::new();
        {
            let mut reader = self.scratch.reader();
            for (slot, e) in self.entries.iter().enumerate() {
                if e.number() == Number::Deferred && e.doc & KNOWN_ONLY == 0 {
                    let text = reader.get(e.at())?;
                    let key = read_number(normalizer, packed_contact::phone_number(&text));
                    read.push((slot as u32, key));
                }
            }
        }
        for (slot, key) in read {
            self.set_number(slot, key);
        }
        Ok(())
    }

    /// The entry number of `id`.
    pub(crate) fn find(&self, id: &ContactId) -> Option<u32> {
        let id = id.as_str();
        self.by_id
            .find(self.hasher.hash_one(id), |s| self.id_text(*s) == id)
            .copied()
    }

    /// Where the text of entry `slot` is in the scratch.
    pub(crate) fn at_of(&self, slot: u32) -> u64 {
        self.entries[slot as usize].at()
    }

    /// The id of entry `slot`.
    pub(crate) fn id_at(&self, slot: u32) -> ContactId {
        ContactId::new(self.id_text(slot))
    }

    /// The content hash of entry `slot`.
    pub(crate) fn hash_at(&self, slot: u32) -> u64 {
        self.entries[slot as usize].hash
    }

    /// The entries not accounted for yet, in id order (so plans are deterministic).
    pub(crate) fn unclaimed(&self) -> Vec<u32> {
        let mut slots: Vec<u32> = (0..self.entries.len() as u32)
            .filter(|s| !self.entries[*s as usize].claimed())
            .collect();
        slots.sort_unstable_by(|a, b| self.id_text(*a).cmp(self.id_text(*b)));
        slots
    }

    /// Whether each `(id, hash)` of `recorded` is here with that hash.
    pub(crate) fn all_as<'p>(
        &self,
        mut recorded: impl Iterator<Item = (&'p ContactId, &'p str)>,
    ) -> bool {
        recorded.all(|(id, hash)| {
            self.find(id)
                .is_some_and(|s| same_hash(self.hash_at(s), hash))
        })
    }

    /// A failure reading the scratch while planning (the plan must then fail).
    pub(crate) fn failure(&self) -> Option<SyncError> {
        self.scratch.failure()
    }

    /// Whether the plan has accounted for `id` already.
    pub(crate) fn is_claimed(&self, id: &ContactId) -> bool {
        self.find(id)
            .is_some_and(|s| self.entries[s as usize].claimed())
    }

    /// Marks `id` as accounted for (a contact not on this side is ignored).
    pub(crate) fn claim(&mut self, id: &ContactId) {
        if let Some(s) = self.find(id) {
            self.entries[s as usize].doc |= CLAIMED;
        }
    }

    /// The contact with `id` (its properties, labels and card, unpacked); a failure to read it back
    /// is kept for [`Index::failure`].
    pub(crate) fn get(&self, id: &ContactId) -> Option<Contact> {
        let slot = self.find(id)?;
        if self.entries[slot as usize].doc & KNOWN_ONLY != 0 {
            self.scratch.note(format!(
                "contact {} was read through the change feed and its content was needed \
                 but not fetched; run the sync again (it lists that side in full if needed)",
                id.as_str()
            ));
            return None;
        }
        let text = self.scratch.get_or_note(self.entries[slot as usize].at())?;
        packed_contact::unpack(&text)
            .map_err(|e| self.scratch.note(e))
            .ok()
    }

    /// Whether there is a contact with `id`.
    pub(crate) fn contains(&self, id: &ContactId) -> bool {
        self.find(id).is_some()
    }

    /// The `phoneNumber` of the contact with `id`, as written.
    pub(crate) fn phone_number(&self, id: &ContactId) -> Option<String> {
        let slot = self.find(id)?;
        if self.entries[slot as usize].doc & KNOWN_ONLY != 0 {
            return None;
        }
        let text = self.scratch.get_or_note(self.entries[slot as usize].at())?;
        packed_contact::phone_number(&text).map(str::to_owned)
    }

    /// The contact's content hash.
    pub(crate) fn hash(&self, id: &ContactId) -> Option<u64> {
        self.find(id).map(|s| self.hash_at(s))
    }

    /// The contact's number key, or why it has none.
    pub(crate) fn key_or_why(&self, id: &ContactId) -> Option<Result<String, String>> {
        let slot = self.find(id)?;
        let e = &self.entries[slot as usize];
        if e.doc & KNOWN_ONLY != 0 {
            return None;
        }
        match e.number() {
            Number::Key => Some(Ok(self.key_string(e.key))),
            Number::Why => self.why.get(&slot).map(|w| Err(w.clone())),
            Number::Deferred => {
                debug_assert!(false, "a number the plan needs was not read");
                None
            }
        }
    }

    /// The contact's number key.
    pub(crate) fn key(&self, id: &ContactId) -> Option<String> {
        self.key_or_why(id).and_then(Result::ok)
    }

    /// How many contacts hold number `key`.
    pub(crate) fn holder_count(&self, key: &str) -> usize {
        self.known_code(key)
            .and_then(|code| self.key_slot(code))
            .map_or(0, |(_, count)| *count as usize)
    }

    /// The ids holding number `key`, in the order they were listed.
    pub(crate) fn holders(&self, key: &str) -> Vec<ContactId> {
        let Some(code) = self.known_code(key) else {
            return Vec::new();
        };
        let mut ids: Vec<ContactId> = self.chain(code).map(|s| self.id_at(s)).collect();
        ids.reverse();
        ids
    }

    /// What a plan's creates read once planning is done: the texts, and the number keys
    /// read after their text was packed (none in a first sync). Ids, hashes, lookup tables
    /// and claims are planning's alone: a text gives back its contact's id and hash.
    pub(crate) fn seal(self) -> Listing {
        let late_keys = self
            .entries
            .iter()
            .filter(|e| e.number() == Number::Key && e.doc & KEY_IN_TEXT == 0)
            .map(|e| (e.at(), self.key_string(e.key)))
            .collect();
        Listing {
            late_keys,
            scratch: self.scratch,
        }
    }
}

/// One side as listed, after planning: what the plan's creates are built from when it runs.
#[derive(Debug)]
pub(crate) struct Listing {
    /// Number keys not in their contact's text, by the text's offset.
    late_keys: HashMap<u64, String>,
    scratch: Scratch,
}

impl Listing {
    /// The contact whose text is at `at`, and its number's key, read through `reader` (its
    /// [`content_hash`](crate::content_hash) is the one it had when listed: packing keeps what the hash covers).
    pub(crate) fn contact_at(
        &self,
        at: u64,
        reader: &mut Reader<'_>,
    ) -> Result<(Contact, Option<String>), SyncError> {
        let text = reader.get(at)?;
        let key = packed_contact::key(&text)
            .map(str::to_owned)
            .or_else(|| self.late_keys.get(&at).cloned());
        let contact = packed_contact::unpack(&text).map_err(SyncError::Scratch)?;
        Ok((contact, key))
    }

    /// A reader for [`Listing::contact_at`].
    pub(crate) fn reader(&self) -> Reader<'_> {
        self.scratch.reader()
    }
}

/// The id of entry `slot`: from its start to the next entry's (ids are appended in entry
/// order and never again for the same entry).
fn id_of<'a>(entries: &[Entry], ids: &'a str, slot: u32) -> &'a str {
    let start = entries[slot as usize].id_at as usize;
    let end = entries
        .get(slot as usize + 1)
        .map_or(ids.len(), |e| e.id_at as usize);
    &ids[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content_hash;
    use crate::hash::tests::contact;

    #[test]
    fn an_entry_is_32_bytes() {
        assert_eq!(std::mem::size_of::<Entry>(), 32);
    }

    #[test]
    fn keys_of_digits_come_back_exactly_and_odd_ones_are_kept_as_text() {
        for key in ["+46701234567", "+390612345678", "+1", "+999999999999999999"] {
            let code = digits_code(key).unwrap();
            assert_eq!(format!("+{code}"), key);
        }
        for key in ["+0123", "46701234567", "+1234567890123456789", "+12a4", "+"] {
            assert_eq!(digits_code(key), None, "{key}");
        }
        let mut index = Index::default();
        let odd = index.code("+1234567890123456789");
        assert_eq!(index.key_string(odd), "+1234567890123456789");
        assert_eq!(index.code("+1234567890123456789"), odd);
    }

    #[test]
    fn contacts_are_found_by_id_and_number_and_read_back() {
        let normalizer = Normalizer::new(Some("SE".parse().unwrap()));
        let mut index = Index::default();
        let page: Vec<Contact> = (0..3000)
            .map(|i| contact(&format!("id{i}"), &format!("070{:07}", i % 2000)))
            .collect();
        index.add(page.clone(), Some(&normalizer)).unwrap();
        assert_eq!(index.len(), 3000);
        let id = ContactId::new("id2500");
        assert_eq!(index.get(&id).unwrap().properties, page[2500].properties);
        assert_eq!(index.key(&id).as_deref(), Some("+46700000500"));
        assert_eq!(index.holder_count("+46700000500"), 2);
        assert_eq!(
            index.holders("+46700000500"),
            vec![ContactId::new("id500"), ContactId::new("id2500")]
        );
        assert_eq!(index.holder_count("+46700002500"), 0);
        assert_eq!(
            index.hash(&id),
            Some(hash64(&page[2500])),
            "the hash of what was listed"
        );
        // Listed again with another number: the last listing counts.
        index
            .add(vec![contact("id500", "0709999999")], Some(&normalizer))
            .unwrap();
        assert_eq!(index.len(), 3000);
        assert_eq!(index.holders("+46700000500"), vec![id.clone()]);
        assert_eq!(index.holder_count("+46709999999"), 1);
        assert_eq!(
            index.phone_number(&ContactId::new("id500")).as_deref(),
            Some("0709999999")
        );
        assert!(index.failure().is_none());
        let at = index.at_of(index.find(&id).unwrap());
        let listing = index.seal();
        assert!(
            listing.late_keys.is_empty(),
            "keys read while listing are in the texts"
        );
        let mut reader = listing.reader();
        let (back, key) = listing.contact_at(at, &mut reader).unwrap();
        assert_eq!(back.id, id);
        assert_eq!(hash64(&back), hash64(&page[2500]));
        assert_eq!(key.as_deref(), Some("+46700000500"));
        assert!(listing.contact_at(at + 1, &mut reader).is_err());
    }

    #[test]
    fn a_side_is_as_recorded_only_with_every_hash_the_same() {
        let mut index = Index::default();
        let (a, b) = (contact("a", "+46701234567"), contact("b", "+46707654321"));
        index.add(vec![a.clone(), b.clone()], None).unwrap();
        let (ia, ib, ic) = (
            ContactId::new("a"),
            ContactId::new("b"),
            ContactId::new("c"),
        );
        let (ha, hb) = (content_hash(&a), content_hash(&b));
        assert!(index.all_as([(&ia, ha.as_str()), (&ib, hb.as_str())].into_iter()));
        assert!(!index.all_as([(&ia, ha.as_str()), (&ib, ha.as_str())].into_iter()));
        assert!(
            !index.all_as([(&ic, ha.as_str())].into_iter()),
            "an id not listed"
        );
    }

    /// A contact that cannot be read back while planning is not silently left out: the
    /// failure is kept for the plan to report.
    #[test]
    fn a_text_that_cannot_be_read_back_is_a_failure() {
        let mut index = Index::default();
        let page: Vec<Contact> = (0..2000)
            .map(|i| contact(&format!("id{i}"), &format!("+4670{i:07}")))
            .collect();
        index.add(page, None).unwrap();
        assert!(index.failure().is_none());
        let file = index.scratch.file_for_tests().unwrap();
        file.set_len(0).unwrap();
        assert!(index.get(&ContactId::new("id1")).is_none());
        assert!(
            matches!(index.failure(), Some(SyncError::Scratch(m)) if m.contains("scratch file"))
        );
    }

    #[test]
    fn deferred_numbers_are_read_when_asked() {
        let mut index = Index::default();
        index
            .add(
                vec![contact("a", "+46701234567"), contact("b", "not a number")],
                None,
            )
            .unwrap();
        index.resolve(&Normalizer::new(None)).unwrap();
        assert_eq!(
            index.key(&ContactId::new("a")).as_deref(),
            Some("+46701234567")
        );
        assert!(matches!(
            index.key_or_why(&ContactId::new("b")),
            Some(Err(_))
        ));
        let slots = index.unclaimed();
        assert_eq!(slots.len(), 2);
        index.claim(&ContactId::new("a"));
        assert!(index.is_claimed(&ContactId::new("a")));
        assert_eq!(index.unclaimed().len(), 1);
        let at = [index.at_of(slots[0]), index.at_of(slots[1])];
        let listing = index.seal();
        assert_eq!(listing.late_keys.len(), 1, "the key read after listing");
        let mut reader = listing.reader();
        let key = |at| listing.contact_at(at, &mut listing.reader()).unwrap().1;
        assert_eq!(key(at[0]).as_deref(), Some("+46701234567"), "read late");
        assert_eq!(key(at[1]), None);
        assert_eq!(
            listing
                .contact_at(at[1], &mut reader)
                .unwrap()
                .0
                .id
                .as_str(),
            "b"
        );
    }
}
