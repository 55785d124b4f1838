//! One stored vCard: its name in the collection, ETag and text, read into the model.

use crate::vcard::{self, Mapped};
use calcard::vcard::VCard;
use contacts_core::{AddressBookId, Contact, ContactId, Error, Labels, Properties, Result};

/// A vCard as stored, parsed and mapped.
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    pub name: String,
    pub etag: Option<String>,
    pub text: String,
    pub card: VCard,
    pub mapped: Mapped,
}

impl Stored {
    /// Parses `text`; a resource that is not a vCard is a `Protocol` error naming it.
    pub fn read(name: String, etag: Option<String>, text: String) -> Result<Self> {
        let card = vcard::parse(&text).map_err(|why| Error::Protocol {
            status: None,
            message: format!("the resource {name:?} is not a vCard the provider can read: {why}"),
            body_excerpt: contacts_http::excerpt(text.as_bytes(), None),
        })?;
        let mapped = vcard::map(&card);
        Ok(Self {
            name,
            etag,
            text,
            card,
            mapped,
        })
    }

    /// This card with the mapped properties set to `props` and the labels to `labels` (every
    /// other line kept as it was), read back. A stored card malformed in a way the line editor
    /// cannot keep (no `END:VCARD`, a component left open, ...) would read back as something
    /// else: that is refused as a `Protocol` error naming what would be lost, so an update
    /// never writes a card that silently drops what it was asked to store. Values a vCard
    /// cannot carry are refused first (`InvalidInput`, see [`vcard::check_values`]).
    pub fn edited(&self, props: &Properties, labels: &Labels) -> Result<Self> {
        vcard::check_values(props, labels)?;
        let text = vcard::edit(&self.text, &self.card, &self.mapped, props, labels);
        let unreadable = |why: String| Error::Protocol {
            status: None,
            message: format!(
                "the stored vCard {:?} is malformed and cannot be updated without losing data \
                 ({why}); repair or re-create it on the server",
                self.name
            ),
            body_excerpt: contacts_http::excerpt(self.text.as_bytes(), None),
        };
        let card =
            vcard::parse(&text).map_err(|why| unreadable(format!("the edit reads {why}")))?;
        let mapped = vcard::map(&card);
        if let Some(lost) = vcard::differs(&mapped, props, labels, &vcard::repeated(&self.card)) {
            return Err(unreadable(lost));
        }
        Ok(Self {
            name: self.name.clone(),
            etag: None,
            text,
            card,
            mapped,
        })
    }

    /// The contact it is, in `book`.
    pub fn contact(&self, book: &AddressBookId) -> Contact {
        Contact {
            id: ContactId::new(self.name.clone()),
            owner_id: None,
            properties: self.mapped.properties.clone(),
            labels: self.mapped.labels.clone(),
            metadata: None,
            address_book: Some(book.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::keys;

    fn stored(text: &str) -> Stored {
        Stored::read("c.vcf".into(), None, text.into()).unwrap()
    }

    /// Cards calcard reads although they are malformed, where a line the editor adds lands
    /// inside something else (found by `fuzz/`, target `carddav_card`).
    #[test]
    fn an_edit_that_would_not_read_back_is_refused_before_it_is_written() {
        for (text, lost) in [
            ("\nBEGIN:VCARD\r\n\nBEGIN:VCAR", "company, lastName"),
            (
                "BEGIN:VCARD\r\n\rBEGIN:VCARDBEGIN:VCARD\r\nEND:VCARD\r",
                "company, lastName",
            ),
            // A line without a colon takes the next line's as its own.
            ("BEGIN:VCARD\r\nN,a;b;c\rd\r\nEND:VCARD\r\n", "lastName"),
        ] {
            let card = stored(text);
            let mut props = card.mapped.properties.clone();
            props.set(keys::COMPANY, "ACME");
            props.set(keys::LAST_NAME, "Roe");
            let err = card.edited(&props, &card.mapped.labels).unwrap_err();
            let Error::Protocol { message, .. } = &err else {
                panic!("{err:?}")
            };
            assert!(message.contains("\"c.vcf\" is malformed"), "{message}");
            assert!(
                message.ends_with(&format!(
                    "other {lost}); repair or re-create it on the server"
                )),
                "{message}"
            );
        }
    }

    /// The documented exception: removing the number (or email) of a card with several lets
    /// the next one read as it, which is not a loss.
    #[test]
    fn removing_one_of_several_numbers_is_no_loss() {
        let card = stored(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo\r\nTEL;TYPE=pref:+4681\r\nTEL:+4682\r\nEND:VCARD\r\n",
        );
        let mut props = card.mapped.properties.clone();
        props.remove(keys::PHONE_NUMBER);
        let edited = card.edited(&props, &card.mapped.labels).unwrap();
        assert_eq!(edited.mapped.properties.phone_number(), Some("+4682"));
        // With one number, removing it leaves none.
        let card = stored("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo\r\nTEL:+4681\r\nEND:VCARD\r\n");
        let edited = card.edited(&props, &card.mapped.labels).unwrap();
        assert_eq!(edited.mapped.properties.phone_number(), None);
    }

    /// A blank line before a folded one (found by `fuzz/`): the editor dropped blank lines, so
    /// the folded line joined the line before it and an unrelated edit changed `FN`.
    #[test]
    fn blank_lines_are_kept_so_a_folded_line_after_one_stays_apart() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo\r\n\r\n\tP\r\nEMAIL:a@b\r\nEND:VCARD\r\n";
        let card = stored(text);
        let mut props = card.mapped.properties.clone();
        props.set(keys::COMPANY, "ACME");
        let edited = card.edited(&props, &card.mapped.labels).unwrap();
        assert_eq!(
            edited.text,
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo\r\n\r\n\tP\r\nEMAIL:a@b\r\nORG:ACME\r\nEND:VCARD\r\n"
        );
        assert_eq!(edited.mapped.properties.first_name(), Some("Jo"));
        assert_eq!(edited.mapped.properties, props);
    }

    /// White space before a name (found by `fuzz/`): `\rEND:VCARD` ends the card for the
    /// reader, so the editor inserts before it, not after the card.
    #[test]
    fn a_line_is_named_after_the_white_space_before_it() {
        let card = stored("BEGIN:VCARD\r\nFN:Jo\r\n\rEND:VCARD\r\n");
        let labels: Labels = ["VIP"].into_iter().collect();
        let edited = card.edited(&card.mapped.properties, &labels).unwrap();
        assert_eq!(
            edited.text,
            "BEGIN:VCARD\r\nFN:Jo\r\nCATEGORIES:VIP\r\n\rEND:VCARD\r\n"
        );
        assert_eq!(edited.mapped.labels, labels);
    }
}
