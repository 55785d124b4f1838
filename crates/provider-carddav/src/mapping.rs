//! The wire-to-model mapping: one stored vCard (its name in the collection, ETag and text)
//! read into the model's card, and a flat edit of it written back as vCard text. The text
//! work of its own beside the workspace's reader (repairs, the line editor, nested
//! components) is in `card_text`.

use crate::card_text::{self, nesting};
use contacts_core::{AddressBookId, Card, Contact, ContactId, Error, Result};

/// A vCard as stored, and the card it reads as.
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    pub name: String,
    pub etag: Option<String>,
    pub text: String,
    pub card: Card,
}

impl Stored {
    /// Reads `text` with the workspace's vCard reader (`contacts_formats::vcard::read_one`);
    /// a resource that is not a vCard is a `Protocol` error naming it and why.
    ///
    /// Components nested inside the card (vCard 2.1's `AGENT` holding a whole card) are set
    /// aside first ([`nesting`]), so the lines after one are read; the stored text is kept
    /// whole. A resource holding several cards (an export pasted whole) is its first card:
    /// the contact's id is the resource's name, and one name cannot address a second card to
    /// update or delete it, so the others are not made contacts. They are never dropped in
    /// silence: a warning names the resource and how many cards it holds, the line editor
    /// keeps their text, and an update that would land outside the first card is refused (see
    /// [`Stored::edited`]).
    pub fn read(name: String, etag: Option<String>, text: String) -> Result<Self> {
        let shape = nesting::flatten(&text);
        let read = contacts_formats::vcard::read_one(&shape.text);
        let (mut card, _) = read.map_err(|why| Error::Protocol {
            status: None,
            message: format!("the resource {name:?} is not a vCard the provider can read: {why}"),
            body_excerpt: contacts_http::excerpt(text.as_bytes(), None),
        })?;
        card_text::repair_read(&shape.text, &mut card);
        let cards = shape.cards;
        if cards > 1 {
            tracing::warn!(
                resource = %name,
                cards,
                "the resource holds {cards} vCards; only the first is read as the contact, the \
                 others are kept untouched: split them into resources of their own"
            );
        }
        Ok(Self {
            name,
            etag,
            text,
            card,
        })
    }

    /// This card edited to show the flat view of `target` (the stored card with a flat edit
    /// applied by the core's rules, [`Card::apply_flat`]), every line the flat view does not
    /// read kept as it was ([`card_text::edit`]), read back. A stored card malformed in a way the
    /// line editor cannot keep (no `END:VCARD`, a second card after it, ...) would read back
    /// as something else: that is refused as a `Protocol` error naming what would be lost, so
    /// an update never writes a card that silently drops what it was asked to store.
    pub fn edited(&self, target: &Card) -> Result<Self> {
        let text = card_text::edit(&self.text, &self.card, target);
        let unreadable = |why: String| Error::Protocol {
            status: None,
            message: format!(
                "the stored vCard {:?} is malformed and cannot be updated without losing data \
                 ({why}); repair or re-create it on the server",
                self.name
            ),
            body_excerpt: contacts_http::excerpt(self.text.as_bytes(), None),
        };
        let edited = Self::read(self.name.clone(), None, text)
            .map_err(|e| unreadable(format!("the edit reads as no card: {e}")))?;
        if let Some(lost) = card_text::differs(&edited.card, target) {
            return Err(unreadable(lost));
        }
        Ok(edited)
    }

    /// Whether the stored text is one well-formed card with nothing nested or after it, so the
    /// model holds all of it and writing the card whole from the model loses nothing.
    pub fn reads_whole(&self) -> bool {
        let begins = self.text.to_ascii_uppercase().matches("BEGIN:").count();
        let cards = contacts_formats::vcard::read(&self.text);
        begins == 1 && cards.len() == 1 && cards[0].is_ok()
    }

    /// The contact it is, in `book`: the whole card, and its flat view as properties and
    /// labels.
    pub fn contact(&self, book: &AddressBookId) -> Contact {
        Contact {
            id: ContactId::new(self.name.clone()),
            owner_id: None,
            properties: self.card.flat_properties(),
            labels: self.card.flat_labels(),
            metadata: None,
            address_book: Some(book.clone()),
            card: Some(Box::new(self.card.clone())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::{Labels, Properties, keys};

    fn stored(text: &str) -> Stored {
        Stored::read("c.vcf".into(), None, text.into()).unwrap()
    }

    /// `stored` with its flat view set to `props` and `labels` by the core's rules.
    fn target(stored: &Stored, props: &Properties, labels: &Labels) -> Card {
        let mut card = stored.card.clone();
        card.apply_flat(props, labels);
        card
    }

    fn edit(text: &str, change: impl FnOnce(&mut Properties, &mut Labels)) -> Stored {
        let card = stored(text);
        let (mut props, mut labels) = (card.card.flat_properties(), card.card.flat_labels());
        change(&mut props, &mut labels);
        card.edited(&target(&card, &props, &labels)).unwrap()
    }

    /// [`edit`] setting one key of the flat view.
    fn with_set(text: &str, key: &str, value: &str) -> Stored {
        edit(text, |p, _| {
            p.set(key, value);
        })
    }

    /// [`edit`] removing one key of the flat view.
    fn with_removed(text: &str, key: &str) -> Stored {
        edit(text, |p, _| {
            p.remove(key);
        })
    }

    /// A 3.0 card another client wrote: a group, a folded photo, two numbers, several
    /// categories lines.
    const V3: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x\r\nFN:Dr. Jo Doe\r\nN:Doe;Jo;Q.;Dr.;\r\nitem1.TEL;TYPE=CELL:+46701234567\r\nitem1.X-ABLABEL:Boat\r\nTEL;TYPE=HOME,pref:+46 8 123\r\nORG:ACME;Sales;Floor 2\r\nPHOTO;ENCODING=b;TYPE=JPEG:QUJD\r\n REVG\r\nCATEGORIES:a,b\r\nCATEGORIES:c\r\nEND:VCARD\r\n";

    #[test]
    fn an_edit_rewrites_only_the_lines_the_flat_view_reads() {
        let before = stored(V3);
        assert_eq!(
            before.card.flat_properties().phone_number(),
            Some("+46 8 123"),
            "TYPE=pref wins"
        );
        let out = edit(V3, |p, l| {
            p.set(keys::PHONE_NUMBER, "+46709999999");
            p.set(keys::LAST_NAME, "Roe");
            p.set(keys::COMPANY, "Big; Co");
            p.set("shoeSize", "4,2; \"x\"");
            l.insert("d,e");
        });
        let lines: Vec<&str> = out.text.split("\r\n").collect();
        for kept in [
            "VERSION:3.0",
            "UID:x",
            "item1.TEL;TYPE=CELL:+46701234567",
            "item1.X-ABLABEL:Boat",
            "PHOTO;ENCODING=b;TYPE=JPEG:QUJD",
            " REVG",
            "FN:Dr. Jo Doe",
            "N:Roe;Jo;Q.;Dr.;",
            "ORG:Big\\; Co;Sales;Floor 2",
            "CATEGORIES:a,b,c,d\\,e",
            "TEL;TYPE=HOME,pref:+46709999999",
        ] {
            assert!(lines.contains(&kept), "{kept:?} not in\n{}", out.text);
        }
        let flat = out.card.flat_properties();
        assert_eq!(flat.company(), Some("Big; Co"));
        assert_eq!(flat.get("shoeSize"), Some("4,2; \"x\""));
        assert!(out.card.flat_labels().contains("d,e"));
        assert_eq!(out.card.media.len(), 1, "the photo is still there");
        // Removing a custom key removes its JSPROP line.
        let text = out.text.clone();
        let gone = with_removed(&text, "shoeSize");
        assert!(!gone.text.contains("JSPROP"), "{}", gone.text);
        assert_eq!(gone.text.replace("\r\n", ""), {
            let kept: Vec<&str> = text
                .split("\r\n")
                .filter(|l| !l.starts_with("JSPROP"))
                .collect();
            kept.concat()
        });
    }

    #[test]
    fn a_full_name_follows_the_components_only_where_it_was_made_of_them() {
        let out = with_set(
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jo Doe\r\nN:Doe;Jo;;;\r\nEND:VCARD\r\n",
            keys::FIRST_NAME,
            "Ann",
        );
        assert!(
            out.text.contains("\r\nFN:Ann Doe\r\nN:Doe;Ann;;;\r\n"),
            "{}",
            out.text
        );
        let out = with_set(V3, keys::FIRST_NAME, "Ann");
        assert!(out.text.contains("\r\nFN:Dr. Jo Doe\r\n"), "{}", out.text);
    }

    #[test]
    fn new_lines_go_before_the_end_and_a_4_0_tel_uri_says_so() {
        let out = edit(
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jo\r\nEND:VCARD\r\n",
            |p, l| {
                p.set(keys::PHONE_NUMBER, "tel:+46701234567");
                p.set(keys::EMAIL, "jo@example.com");
                p.set(keys::COMPANY, "ACME");
                l.insert("VIP");
            },
        );
        assert_eq!(
            out.text,
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jo\r\nTEL;VALUE=uri:tel:+46701234567\r\n\
             EMAIL:jo@example.com\r\nORG:ACME\r\nCATEGORIES:VIP\r\nEND:VCARD\r\n"
        );
        // The card keeps the URI; the flat view shows its number.
        assert_eq!(
            out.card.phones.values().next().map(|p| p.number.as_str()),
            Some("tel:+46701234567")
        );
        assert_eq!(
            out.card.flat_properties().phone_number(),
            Some("+46701234567")
        );
    }

    /// Cards whose structure the line editor could not keep (found by `fuzz/`, target
    /// `carddav_card`): a line without a colon that would take the next line's as its own,
    /// a tab-continued line after a blank one. The reader refuses them, naming the line, so
    /// they are never edited.
    #[test]
    fn a_card_the_reader_refuses_is_a_protocol_error_naming_the_resource_and_line() {
        for (text, line) in [
            ("BEGIN:VCARD\r\nN,a;b;c\rd\r\nEND:VCARD\r\n", "line 2"),
            (
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo\r\n\r\n\tP\r\nEMAIL:a@b\r\nEND:VCARD\r\n",
                "line 5",
            ),
        ] {
            let err = Stored::read("c.vcf".into(), None, text.into()).unwrap_err();
            let Error::Protocol { message, .. } = &err else {
                panic!("{err:?}")
            };
            assert!(message.contains("\"c.vcf\" is not a vCard"), "{message}");
            assert!(message.contains(line), "{message}");
        }
    }

    /// The core's rule: removing the number of a card with several lets the next one read as
    /// it; the editor removes the line of the preferred one.
    #[test]
    fn removing_one_of_several_numbers_removes_the_preferred_line() {
        let out = with_removed(V3, keys::PHONE_NUMBER);
        assert!(!out.text.contains("+46 8 123"), "{}", out.text);
        assert_eq!(
            out.card.flat_properties().phone_number(),
            Some("+46701234567")
        );
    }

    /// Blank lines are lines too: written back as they were (found by `fuzz/`: dropping them
    /// once joined a folded line to the line before it).
    #[test]
    fn blank_lines_and_folding_are_written_back_as_they_were() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo\r\n\r\nNOTE:a\r\n\tb\r\nEMAIL:a@b\r\nEND:VCARD\r\n";
        let out = with_set(text, keys::COMPANY, "ACME");
        assert_eq!(
            out.text,
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo\r\n\r\nNOTE:a\r\n\tb\r\nEMAIL:a@b\r\nORG:ACME\r\nEND:VCARD\r\n"
        );
    }

    #[test]
    fn a_tel_after_a_nested_card_or_component_is_read() {
        // vCard 2.1's AGENT holding a whole card, then the card's own number.
        let agent = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Doe;Jo\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nN:Assistant;Al\r\nTEL:+4699\r\nEND:VCARD\r\nTEL;CELL:+46701234567\r\nEMAIL:jo@example.com\r\nEND:VCARD\r\n";
        let flat = stored(agent).card.flat_properties();
        assert_eq!(flat.phone_number(), Some("+46701234567"));
        assert_eq!(flat.email(), Some("jo@example.com"));
        assert_eq!(flat.last_name(), Some("Doe"));
        let stray = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo\r\nBEGIN:X-THING\r\nX-A:1\r\nEND:X-THING\r\nTEL:+4671\r\nEND:VCARD\r\n";
        let card = stored(stray);
        assert_eq!(card.card.flat_properties().phone_number(), Some("+4671"));
        assert_eq!(card.text, stray, "the stored text is kept whole");
    }

    #[test]
    fn a_resource_with_two_cards_is_its_first_and_an_edit_never_lands_in_the_second() {
        let two = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nN:;Ann;;;\r\nTEL:+461\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\r\nTEL:+462\r\nEND:VCARD\r\n";
        let card = stored(two);
        let mut props = card.card.flat_properties();
        assert_eq!(props.first_name(), Some("Ann"));
        assert_eq!(props.phone_number(), Some("+461"));
        props.set(keys::COMPANY, "ACME");
        // The line editor would write before the last `END:VCARD`, into the second card:
        // refused before anything is written, nothing lost.
        let err = card
            .edited(&target(&card, &props, &card.card.flat_labels()))
            .unwrap_err();
        assert!(
            matches!(&err, Error::Protocol { message, .. } if message.contains("other company")),
            "{err:?}"
        );
    }
}
