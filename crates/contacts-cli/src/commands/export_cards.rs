//! `export --format vcard|jscontact`: each contact as a card, with a UID that is its own.
//!
//! A contact with a card is written from its card (in the card's own vCard version); a flat
//! contact from [`Card::from_flat`], as vCard 4.0. The vCard itself is written by the
//! workspace's one writer, [`contacts_formats::vcard::write`].
//!
//! **UIDs.** A card's own `uid` is kept: it is how every other address book knows the
//! contact. A contact without one gets a UID derived from the store's identity
//! ([`ContactProvider::store_identity`]) and the contact's id: a name-based UUID (RFC 9562
//! version 8) over SHA-256 of `contacts-rs:`, the identity's length, `:`, the identity, `:`
//! and the id. The same store gives the same UID at every export, so an export imported into
//! an address book twice updates instead of doubling; two stores (two local files, two iP1
//! accounts) never give one UID to different people, although both have a contact `1`. The
//! length makes the split between identity and id unambiguous.

use contacts_core::{Card, Contact, ContactId, ContactProvider};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::io::Write;
use uuid::Uuid;

/// Turns contacts of one store into cards with stable, store-specific UIDs.
#[derive(Debug, Clone)]
pub struct CardExport {
    identity: String,
}

impl CardExport {
    /// Cards of `provider`'s store; a provider that cannot tell its identity is known by its
    /// name.
    pub fn new(provider: &dyn ContactProvider) -> Self {
        let identity = provider
            .store_identity()
            .unwrap_or_else(|| format!("provider:{}", provider.name()));
        Self { identity }
    }

    /// A flat contact's number is written as a `tel:` URI (`TEL;VALUE=uri:tel:+46701234567`, as
    /// vCard 4.0 asks) when it is a valid international number, else as the text it is: a URI
    /// must be a number some phone can dial, and contacts-phone says which are. A card's own
    /// numbers are written as the card has them.
    fn tel_uris(card: &mut Card) {
        let ids: Vec<String> = card.phones.keys().map(str::to_owned).collect();
        for id in ids {
            let Some(phone) = card.phones.get_mut(&id) else {
                continue;
            };
            let Ok(number) = contacts_phone::normalize(&phone.number, None) else {
                continue;
            };
            if !number.is_valid() {
                continue;
            }
            phone.number = format!("tel:{}", number.e164());
            card.vcard.converted_properties.insert(
                format!("phones/{id}/number"),
                serde_json::json!({"parameters": {"value": "URI"}}),
            );
        }
    }

    /// A store known by `identity` (see [`ContactProvider::store_identity`]).
    #[cfg(test)]
    pub fn with_identity(identity: impl Into<String>) -> Self {
        Self {
            identity: identity.into(),
        }
    }

    /// The UID a contact without one of its own is exported with (see the module).
    pub fn uid(&self, id: &ContactId) -> String {
        let mut hash = Sha256::new();
        hash.update(b"contacts-rs:");
        hash.update(self.identity.len().to_string().as_bytes());
        hash.update(b":");
        hash.update(self.identity.as_bytes());
        hash.update(b":");
        hash.update(id.as_str().as_bytes());
        let digest = hash.finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        format!("urn:uuid:{}", Uuid::new_v8(bytes))
    }

    /// The contact's card (its own, or one built from its flat properties), with a UID. A
    /// card that has its own UID is lent as it is, not copied: a card can carry photos of
    /// hundreds of kilobytes.
    pub fn card<'c>(&self, contact: &'c Contact) -> Cow<'c, Card> {
        let mut card = match &contact.card {
            Some(card) if card.uid.as_deref().is_some_and(|u| !u.is_empty()) => {
                return Cow::Borrowed(&**card);
            }
            Some(card) => (**card).clone(),
            None => {
                let mut card = Card::from_flat(&contact.properties, &contact.labels);
                Self::tel_uris(&mut card);
                card
            }
        };
        if card.uid.as_deref().is_none_or(str::is_empty) {
            card.uid = Some(self.uid(&contact.id));
        }
        Cow::Owned(card)
    }

    /// The contact as a vCard, or why it cannot be one (naming the contact).
    pub fn vcard(&self, contact: &Contact) -> Result<String, String> {
        check_writable(contact)?;
        let text = contacts_formats::vcard::write(&self.card(contact), None)
            .map_err(|e| format!("contact {}: {e}", contact.id))?;
        if let Some(c) = control(&text) {
            return Err(format!(
                "contact {}: its card holds the control character U+{:04X}, which a vCard \
                 cannot carry (RFC 6350); nothing was written. Export as jscontact or jsonl, \
                 which keep it, or remove the character from the contact",
                contact.id,
                u32::from(c)
            ));
        }
        Ok(text)
    }
}

/// Writes a JSON array of cards one at a time: `[`, the cards one per line, `]`.
#[derive(Debug)]
pub struct JsContactArray {
    written: usize,
}

impl JsContactArray {
    /// Starts the array.
    pub fn start(out: &mut impl Write) -> std::io::Result<Self> {
        out.write_all(b"[")?;
        Ok(Self { written: 0 })
    }

    /// Writes one card.
    pub fn write(&mut self, out: &mut impl Write, card: &Card) -> std::io::Result<()> {
        out.write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, card).map_err(std::io::Error::other)?;
        self.written += 1;
        Ok(())
    }

    /// Ends the array.
    pub fn finish(self, out: &mut impl Write) -> std::io::Result<()> {
        out.write_all(b"\n]\n")
    }
}

/// A control character other than tab and line breaks in `text`: RFC 6350 allows none in a
/// vCard (its text is `VCHAR`, non-ASCII and white space) and has no escape for them.
fn control(text: &str) -> Option<char> {
    text.chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// Refuses a contact that holds a control character (other than tab and line breaks) in a
/// value, a key, a label or its id: dropping one would change the value in silence. The error
/// names the contact, the field and the character.
pub fn check_writable(contact: &Contact) -> Result<(), String> {
    let fields = std::iter::once(("its id", contact.id.as_str()))
        .chain(
            contact
                .properties
                .iter()
                .flat_map(|(k, v)| [(k, k), (k, v)]),
        )
        .chain(contact.labels.iter().map(|l| ("a label", l)));
    for (field, text) in fields {
        if let Some(c) = control(text) {
            return Err(format!(
                "contact {}: {field} holds the control character U+{:04X}, which a vCard \
                 cannot carry (RFC 6350); nothing was written. Export as jscontact or jsonl, \
                 which keep it, or remove the character from the contact",
                contact.id.as_str(),
                u32::from(c)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::{NewContact, Properties};

    fn contact(id: &str, props: &[(&str, &str)]) -> Contact {
        let mut doc = NewContact::new();
        doc.properties = props.iter().copied().collect::<Properties>();
        Contact::from_new(id, doc)
    }

    #[test]
    fn uids_are_stable_per_store_and_differ_across_stores_and_ids() {
        let a = CardExport::with_identity("sqlite-aaaa");
        let b = CardExport::with_identity("sqlite-bbbb");
        let one = ContactId::new("1");
        assert_eq!(a.uid(&one), a.uid(&one));
        assert_ne!(a.uid(&one), b.uid(&one));
        assert_ne!(a.uid(&one), a.uid(&ContactId::new("2")));
        // Identity and id are told apart: ("x:", "1") is not ("x", ":1").
        let split = CardExport::with_identity("x:").uid(&one);
        assert_ne!(
            split,
            CardExport::with_identity("x").uid(&ContactId::new(":1"))
        );
        let uid = a.uid(&one);
        let uuid = Uuid::parse_str(uid.strip_prefix("urn:uuid:").unwrap()).unwrap();
        assert_eq!(uuid.get_version_num(), 8);
    }

    #[test]
    fn a_flat_contact_s_valid_number_is_a_tel_uri_and_any_other_number_text() {
        let export = CardExport::with_identity("s");
        // The card of a contact holding only `number`, and its TEL line.
        let card_of = |id: &str, number: &str| {
            let card = export
                .vcard(&contact(id, &[("phoneNumber", number)]))
                .unwrap();
            let tel = card.lines().find(|l| l.starts_with("TEL")).unwrap();
            let tel = tel.trim_end().to_owned();
            (card, tel)
        };
        let (valid, tel) = card_of("1", "+46 70 123 45 67");
        assert!(tel.to_ascii_lowercase().contains(";value=uri"), "{valid}");
        assert!(tel.ends_with(":tel:+46701234567"), "{valid}");
        assert!(
            valid.contains("FN;DERIVED=TRUE:+46701234567\r\n"),
            "{valid}"
        );
        let (short, tel) = card_of("2", "070-123");
        assert!(
            tel.ends_with(":070-123") && !tel.to_ascii_lowercase().contains("uri"),
            "{short}"
        );
        let back = contacts_formats::vcard::read_one(&valid).unwrap().0;
        assert_eq!(back.flat_properties().phone_number(), Some("+46701234567"));
    }

    #[test]
    fn a_card_s_own_uid_is_kept_and_a_flat_contact_is_a_4_0_card() {
        let export = CardExport::with_identity("s");
        let mut with_card = contact("1", &[("firstName", "Ada")]);
        let mut card = Card::from_flat(&with_card.properties, &with_card.labels);
        card.uid = Some("urn:uuid:own".into());
        with_card.card = Some(Box::new(card));
        assert_eq!(export.card(&with_card).uid.as_deref(), Some("urn:uuid:own"));
        let text = export
            .vcard(&contact("7", &[("firstName", "Ada"), ("shoeSize", "38")]))
            .unwrap();
        assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"), "{text}");
        let uid = export.uid(&ContactId::new("7"));
        assert!(text.contains(&format!("UID:{uid}\r\n")), "{text}");
        let back = contacts_formats::vcard::read_one(&text).unwrap().0;
        assert_eq!(back.flat_properties().get("shoeSize"), Some("38"));
    }

    #[test]
    fn control_characters_are_refused_naming_the_contact_and_key() {
        let export = CardExport::with_identity("s");
        let err = export
            .vcard(&contact("c7", &[("note", "a\u{0}b")]))
            .unwrap_err();
        assert!(
            err.contains("contact c7: note holds the control character U+0000"),
            "{err}"
        );
        assert!(check_writable(&contact("c7", &[("note", "tab\tand\r\nlines")])).is_ok());
    }
}
