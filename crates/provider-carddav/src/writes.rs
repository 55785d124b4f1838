//! Writing cards: a new card, a replacement, a patch. A whole card goes out through the
//! workspace's one vCard writer (`contacts_formats::vcard::write`) in its own version unless
//! the book excludes it ([`BookLimits`]); a flat patch goes through the line editor, which
//! keeps every line it does not have to change byte for byte. Whatever is written is read
//! back before it is sent and must show the flat view that was asked for, so a value a vCard
//! cannot carry is refused (`InvalidInput`), never stored changed. The contact returned is the
//! text sent, read back.

use crate::book_limits::BookLimits;
use crate::card_text;
use crate::client::Precondition;
use crate::mapping::Stored;
use crate::provider::CardDavProvider;
use contacts_core::{
    AddressBookId, Card, Contact, ContactId, ContactPatch, Error, NewContact, Result,
};
use contacts_formats::vcard::Version;
use url::Url;

/// `card` as the vCard text it is written as, in `wanted` (else its own version) unless the
/// book excludes that version; `InvalidInput` when the text would not read back with the
/// card's flat view, or is over the book's size limit.
fn render(limits: &BookLimits, card: &Card, wanted: Option<Version>, what: &str) -> Result<String> {
    let version = limits.version_for(card, wanted);
    let text = contacts_formats::vcard::write_with(card, Some(version), limits.uri_commas())
        .map_err(|e| Error::invalid("card", e.to_string()))?;
    let back = Stored::read(String::new(), None, text.clone())
        .map_err(|e| Error::invalid("card", format!("the vCard written does not read: {e}")))?;
    if let Some(lost) = card_text::differs(&back.card, card) {
        return Err(Error::invalid(
            "properties",
            format!("a vCard cannot carry the contact exactly: {lost}"),
        ));
    }
    limits.check_size(what, text.len())?;
    Ok(text)
}

/// Whether a `PUT` was refused for the card's vCard version: `415`, or RFC 6352 §6.3.2.1's
/// `supported-address-data` precondition in the answer, so the card is worth one more try in
/// a version the book lists ([`BookLimits::fallback`]).
fn version_refused(e: &Error) -> bool {
    match e {
        Error::Protocol {
            status,
            message,
            body_excerpt,
        } => {
            *status == Some(415)
                || message.contains("supported-address-data")
                || body_excerpt.contains("supported-address-data")
        }
        _ => false,
    }
}

impl CardDavProvider {
    /// PUTs one new card at a new name, `If-None-Match: *`: the document's card (a uid given
    /// when it has none), or a card of its flat properties ([`Card::from_flat`]). One step of
    /// `create` (not `ContactProviderExt::create_one`, which runs the whole create, layers
    /// and all, for one document).
    pub(crate) async fn put_new_card(
        &self,
        book: &Url,
        book_id: &AddressBookId,
        doc: &NewContact,
    ) -> Result<Contact> {
        let mut card = match &doc.card {
            Some(card) => (**card).clone(),
            None => Card::from_flat(&doc.properties, &doc.labels),
        };
        let uid = card.ensure_uid().to_owned();
        let name = format!("{}.vcf", uuid::Uuid::new_v4());
        let what = format!("contact {name}");
        let limits = self.limits().await?;
        let url = Self::item_url(book, &ContactId::new(name.clone()))?;
        let mut version = limits.version_for(&card, None);
        let mut retried = false;
        let (text, etag) = loop {
            let text = render(limits, &card, Some(version), &what)?;
            let put = self.books.dav.put(
                &url,
                text.clone(),
                Precondition::Absent,
                limits.max_size,
                &what,
            );
            match put.await {
                Ok(etag) => break (text, etag),
                Err(e) if !retried && version_refused(&e) && limits.fallback(version).is_some() => {
                    version = limits.fallback(version).unwrap_or(version);
                    retried = true;
                }
                // A retry after an answer that was lost: the first attempt stored it.
                Err(Error::Conflict { .. }) if self.holds_uid(&url, &uid, &what).await => {
                    break (text, None);
                }
                Err(e) => return Err(e),
            }
        };
        Ok(Stored::read(name, etag, text)?.contact(book_id))
    }

    async fn holds_uid(&self, url: &Url, uid: &str, what: &str) -> bool {
        match self.books.dav.get(url, what).await {
            Ok(f) => Stored::read(String::new(), None, f.text)
                .is_ok_and(|s| s.card.uid.as_deref() == Some(uid)),
            Err(_) => false,
        }
    }

    /// Applies `patch` to the stored card: a patch carrying a card writes that card whole
    /// (the stored `UID` kept when it has none); a flat patch goes through the line editor.
    /// The edits follow [`ContactPatch::apply_to`], the reference semantics.
    pub(crate) async fn write_patch(
        &self,
        url: Url,
        stored: Stored,
        patch: &ContactPatch,
    ) -> Result<Contact> {
        let (_, book) = self.book().await?;
        let mut contact = stored.contact(&book);
        patch.apply_to(&mut contact);
        card_text::check_values(&contact.properties, &contact.labels)?;
        let Some(mut target) = contact.card.map(|card| *card) else {
            return Err(Error::Protocol {
                status: None,
                message: "a stored contact without its card".into(),
                body_excerpt: String::new(),
            });
        };
        if patch.card.is_some() {
            if target.uid.is_none() {
                target.uid.clone_from(&stored.card.uid);
            }
            return self.write_whole(url, stored, target, None).await;
        }
        if target == stored.card {
            return Ok(stored.contact(&book));
        }
        let edited = match stored.edited(&target) {
            Ok(edited) => edited,
            // The line editor cannot make this card show the edit (its name also travels in a
            // `JSPROP`, as a card `N` cannot hold does): a card that reads whole is written
            // whole from the model, which holds all of it.
            Err(_) if stored.reads_whole() => {
                return self.write_whole(url, stored, target, None).await;
            }
            Err(e) => return Err(e),
        };
        let limits = self.limits().await?;
        limits.check_size(&format!("contact {}", stored.name), edited.text.len())?;
        let etag = self
            .put_existing(&url, &stored, edited.text.clone())
            .await?;
        Ok(Stored { etag, ..edited }.contact(&book))
    }

    /// Replaces the stored card with `doc`'s card, or with a card of its flat properties
    /// (written in the stored card's version: the resource stays what its other clients
    /// read). The stored `UID` is kept when the new card has none: it is the same contact.
    pub(crate) async fn write_replace(
        &self,
        url: Url,
        stored: Stored,
        doc: &NewContact,
    ) -> Result<Contact> {
        let (mut card, wanted) = match &doc.card {
            Some(card) => ((**card).clone(), None),
            None => (
                Card::from_flat(&doc.properties, &doc.labels),
                Some(Version::of_card(&stored.card)),
            ),
        };
        if card.uid.is_none() {
            card.uid.clone_from(&stored.card.uid);
        }
        card.ensure_uid();
        self.write_whole(url, stored, card, wanted).await
    }

    /// Writes `card` whole in place of `stored` (nothing when it is the same card).
    async fn write_whole(
        &self,
        url: Url,
        stored: Stored,
        card: Card,
        wanted: Option<Version>,
    ) -> Result<Contact> {
        let (_, book) = self.book().await?;
        if card == stored.card {
            return Ok(stored.contact(&book));
        }
        let what = format!("contact {}", stored.name);
        let limits = self.limits().await?;
        let mut version = limits.version_for(&card, wanted);
        let mut retried = false;
        loop {
            let text = render(limits, &card, Some(version), &what)?;
            match self.put_existing(&url, &stored, text.clone()).await {
                Ok(etag) => return Ok(Stored::read(stored.name, etag, text)?.contact(&book)),
                Err(e) if !retried && version_refused(&e) && limits.fallback(version).is_some() => {
                    version = limits.fallback(version).unwrap_or(version);
                    retried = true;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// `PUT` of `text` over `stored`, `If-Match` the ETag it was read with.
    async fn put_existing(
        &self,
        url: &Url,
        stored: &Stored,
        text: String,
    ) -> Result<Option<String>> {
        let id = ContactId::new(stored.name.clone());
        let etag = match stored.etag.clone() {
            Some(etag) => etag,
            None => self.etag_of(url, &id).await?,
        };
        let what = format!("contact {id}");
        let limit = self.limits().await?.max_size;
        self.books
            .dav
            .put(url, text, Precondition::Unchanged(&etag), limit, &what)
            .await
    }

    /// The ETag of a resource whose GET did not give one (`PROPFIND` of `getetag`).
    async fn etag_of(&self, url: &Url, id: &ContactId) -> Result<String> {
        let what = format!("contact {id}");
        let ms = self
            .books
            .dav
            .propfind(url, "0", "<d:getetag/>", &what)
            .await?;
        ms.responses
            .into_iter()
            .find_map(|r| r.props.etag)
            .ok_or_else(|| Error::Protocol {
                status: None,
                message: format!(
                    "the server gives no ETag for {what}, so it cannot be changed safely"
                ),
                body_excerpt: String::new(),
            })
    }
}
