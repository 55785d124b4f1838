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
    ///
    /// A resource holding several cards (an export pasted whole) is its first card: the
    /// contact's id is the resource's name, and one name cannot address a second card to
    /// update or delete it, so the others are not made contacts. They are never dropped in
    /// silence: a warning names the resource and how many cards it holds, and the line
    /// editor keeps their text; an update that would land outside the first card is refused
    /// (see [`Stored::edited`]).
    pub fn read(name: String, etag: Option<String>, text: String) -> Result<Self> {
        let (card, cards) = vcard::parse_counted(&text).map_err(|why| Error::Protocol {
            status: None,
            message: format!("the resource {name:?} is not a vCard the provider can read: {why}"),
            body_excerpt: contacts_http::excerpt(text.as_bytes(), None),
        })?;
        if cards > 1 {
            tracing::warn!(
                resource = %name,
                cards,
                "the resource holds {cards} vCards; only the first is read as the contact, the \
                 others are kept untouched: split them into resources of their own"
            );
        }
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
            card: None,
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

    /// Android's vCard 2.1 export: quoted-printable UTF-8 with `CHARSET`, soft line breaks.
    const ANDROID_21: &str = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg;;;\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg M=C3=BCller\r\nTEL;CELL;PREF:+46701234567\r\nTEL;HOME:+4681234\r\nEMAIL;HOME:jorg@example.com\r\nORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:K=C3=A4se =\r\nAB;Verkstad\r\nEND:VCARD\r\n";

    /// Apple's vCard 3.0: grouped properties, a folded base64 `PHOTO`, `X-ABLabel`.
    const APPLE_30: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\nN:Lind;Åsa;;;\r\nFN:Åsa Lind\r\nORG:Nord AB;\r\nitem1.EMAIL;type=INTERNET;type=pref:asa@example.se\r\nitem1.X-ABLabel:_$!<Other>!$_\r\nitem2.TEL;type=CELL;type=VOICE;type=pref:+46 70 111 22 33\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwg\r\n JCQ=\r\nCATEGORIES:Friends,Vänner\r\nEND:VCARD\r\n";

    /// Google Contacts' vCard 4.0 (as its CardDAV server answers).
    const GOOGLE_40: &str = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:c1a2b3\r\nFN:Ana Souza\r\nN:Souza;Ana;;;\r\nEMAIL;TYPE=work:ana@example.com.br\r\nTEL;VALUE=uri;TYPE=cell:tel:+5511987654321\r\nORG:Empresa\r\nEND:VCARD\r\n";

    #[test]
    fn real_world_exports_read_with_their_values_decoded() {
        let android = stored(ANDROID_21).mapped.properties;
        assert_eq!(android.first_name(), Some("Jörg"));
        assert_eq!(android.last_name(), Some("Müller"));
        assert_eq!(
            android.company(),
            Some("Käse AB"),
            "a soft line break joins"
        );
        assert_eq!(android.department(), Some("Verkstad"));
        assert_eq!(android.phone_number(), Some("+46701234567"));
        assert_eq!(android.email(), Some("jorg@example.com"));
        let apple = stored(APPLE_30);
        assert_eq!(apple.mapped.properties.first_name(), Some("Åsa"));
        assert_eq!(
            apple.mapped.properties.phone_number(),
            Some("+46 70 111 22 33")
        );
        assert_eq!(apple.mapped.properties.email(), Some("asa@example.se"));
        let labels: Vec<&str> = apple.mapped.labels.iter().collect();
        assert_eq!(labels, ["Friends", "Vänner"]);
        let google = stored(GOOGLE_40).mapped.properties;
        assert_eq!(google.phone_number(), Some("+5511987654321"));
        assert_eq!(google.company(), Some("Empresa"));
        for text in [ANDROID_21, APPLE_30, GOOGLE_40] {
            let shown = format!("{:?}", stored(text).mapped);
            assert!(
                !shown.contains("Binary") && !shown.contains("Data {"),
                "{shown}"
            );
        }
    }

    #[test]
    fn a_value_that_does_not_decode_to_text_is_a_malformed_card_never_debug_text() {
        // Latin-1 bytes under CHARSET=UTF-8, as old phones wrote them.
        for text in [
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=FCller;Jo\r\nTEL:+4670\r\nEND:VCARD\r\n",
            "BEGIN:VCARD\r\nVERSION:2.1\r\nitem1.TEL;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=FF70\r\nEND:VCARD\r\n",
            "BEGIN:VCARD\r\nVERSION:3.0\r\nORG;ENCODING=b;CHARSET=UTF-8:/w==\r\nEND:VCARD\r\n",
        ] {
            let err = Stored::read("old.vcf".into(), None, text.into()).unwrap_err();
            let Error::Protocol { message, .. } = &err else {
                panic!("{err:?}")
            };
            assert!(message.contains("\"old.vcf\" is not a vCard"), "{message}");
            assert!(message.contains("does not decode to text"), "{message}");
            assert!(!message.contains("Binary"), "{message}");
        }
        // base64 text without a charset is text.
        let card = stored("BEGIN:VCARD\r\nVERSION:3.0\r\nORG;ENCODING=b:QUNNRQ==\r\nEND:VCARD\r\n");
        assert_eq!(card.mapped.properties.company(), Some("ACME"));
    }

    #[test]
    fn a_tel_after_a_nested_card_or_component_is_read() {
        // vCard 2.1's AGENT holding a whole card, then the card's own number.
        let agent = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Doe;Jo\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nN:Assistant;Al\r\nTEL:+4699\r\nEND:VCARD\r\nTEL;CELL:+46701234567\r\nEMAIL:jo@example.com\r\nEND:VCARD\r\n";
        let card = stored(agent);
        assert_eq!(card.mapped.properties.phone_number(), Some("+46701234567"));
        assert_eq!(card.mapped.properties.email(), Some("jo@example.com"));
        assert_eq!(card.mapped.properties.last_name(), Some("Doe"));
        // A stray nested component.
        let stray = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo\r\nBEGIN:X-THING\r\nX-A:1\r\nEND:X-THING\r\nTEL:+4671\r\nEND:VCARD\r\n";
        assert_eq!(
            stored(stray).mapped.properties.phone_number(),
            Some("+4671")
        );
        assert_eq!(stored(stray).text, stray, "the stored text is kept whole");
    }

    #[test]
    fn a_resource_with_two_cards_is_its_first_and_an_edit_never_lands_in_the_second() {
        let two = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nTEL:+461\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\r\nTEL:+462\r\nEND:VCARD\r\n";
        let card = stored(two);
        assert_eq!(card.mapped.properties.first_name(), Some("Ann"));
        assert_eq!(card.mapped.properties.phone_number(), Some("+461"));
        let mut props = card.mapped.properties.clone();
        props.set(keys::COMPANY, "ACME");
        // The line editor would write before the last `END:VCARD`, into the second card:
        // refused before anything is written, nothing lost.
        let err = card.edited(&props, &card.mapped.labels).unwrap_err();
        assert!(
            matches!(&err, Error::Protocol { message, .. } if message.contains("other company")),
            "{err:?}"
        );
    }
}
