//! vCard 4.0 (RFC 6350) output: escaped and folded as the RFC says.

use contacts_core::{Contact, keys};
use provider_carddav::text::{escape_into, fold_into, param_into};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::LazyLock;
use uuid::Uuid;

/// Namespace of the UIDs this tool gives vCards (a UUIDv5 of a fixed URL); computed once, as
/// it is a SHA-1 of its own.
static UID_NAMESPACE: LazyLock<Uuid> = LazyLock::new(|| {
    Uuid::new_v5(
        &Uuid::NAMESPACE_URL,
        b"https://github.com/contacts-rs/contacts#vcard-uid",
    )
});

/// Writes contacts of one provider as vCards. A card is built whole in buffers the writer
/// keeps (a line, then the folded card) and written at once, so a card costs no allocation
/// once the buffers have grown to the largest card.
#[derive(Debug)]
pub struct VcardWriter {
    provider: String,
    line: String,
    card: String,
    name: String,
}

impl VcardWriter {
    /// A writer for contacts of `provider` (its name goes into each card's UID).
    pub fn new(provider: impl Into<String>) -> Self {
        Self {
            provider: provider.into(),
            line: String::new(),
            card: String::new(),
            name: String::new(),
        }
    }

    /// Writes one contact as a vCard.
    ///
    /// FN (the name, else the phone number, e-mail or id), N, TEL (a `tel:` URI for valid
    /// international numbers, text otherwise), EMAIL, ORG (company;department), CATEGORIES
    /// (labels), UID (a UUIDv5 of the provider, book and id: the same at every export); every other property becomes
    /// `X-CONTACTS-PROPERTY;X-KEY=<key>:<value>` so nothing is lost.
    pub fn write(&mut self, out: &mut impl Write, contact: &Contact) -> io::Result<()> {
        let props = &contact.properties;
        let first = props.first_name().unwrap_or("");
        let last = props.last_name().unwrap_or("");
        self.card.clear();
        self.card.push_str("BEGIN:VCARD\r\nVERSION:4.0\r\n");
        self.line.push_str("UID:");
        self.push_uid(contact);
        self.end_line();
        self.line.push_str("FN:");
        match (first.is_empty(), last.is_empty()) {
            (false, false) => {
                escape_into(first, &mut self.line);
                self.line.push(' ');
                escape_into(last, &mut self.line);
            }
            (false, true) => escape_into(first, &mut self.line),
            (true, false) => escape_into(last, &mut self.line),
            (true, true) => {
                let fallback = props
                    .phone_number()
                    .or(props.email())
                    .unwrap_or(contact.id.as_str());
                escape_into(fallback, &mut self.line);
            }
        }
        self.end_line();
        if !first.is_empty() || !last.is_empty() {
            self.line.push_str("N:");
            escape_into(last, &mut self.line);
            self.line.push(';');
            escape_into(first, &mut self.line);
            self.line.push_str(";;;");
            self.end_line();
        }
        if let Some(phone) = props.phone_number() {
            push_tel(&mut self.line, phone);
            self.end_line();
        }
        if let Some(email) = props.email() {
            self.line.push_str("EMAIL:");
            escape_into(email, &mut self.line);
            self.end_line();
        }
        let company = props.company();
        let department = props.department();
        if company.is_some() || department.is_some() {
            self.line.push_str("ORG:");
            escape_into(company.unwrap_or(""), &mut self.line);
            if let Some(department) = department {
                self.line.push(';');
                escape_into(department, &mut self.line);
            }
            self.end_line();
        }
        if !contact.labels.is_empty() {
            self.line.push_str("CATEGORIES:");
            for (i, label) in contact.labels.iter().enumerate() {
                if i > 0 {
                    self.line.push(',');
                }
                escape_into(label, &mut self.line);
            }
            self.end_line();
        }
        for (key, value) in props.iter() {
            if keys::ALL.contains(&key) {
                continue;
            }
            self.line.push_str("X-CONTACTS-PROPERTY;X-KEY=\"");
            param_into(key, &mut self.line);
            self.line.push_str("\":");
            escape_into(value, &mut self.line);
            self.end_line();
        }
        self.card.push_str("END:VCARD\r\n");
        out.write_all(self.card.as_bytes())
    }

    /// Moves the line built so far into the card, folded (see
    /// [`fold`](provider_carddav::text::fold)).
    fn end_line(&mut self) {
        fold_into(&self.line, &mut self.card);
        self.line.clear();
    }

    /// Appends the contact's vCard UID: `urn:uuid:` of a UUIDv5 over the provider's name, the
    /// address book and the contact id. It is the same at every export of the same contact,
    /// and differs between providers and books even where their ids coincide (each part is
    /// length-prefixed, so no two triples give the same name).
    fn push_uid(&mut self, contact: &Contact) {
        let provider = self.provider.as_str();
        let book = contact.address_book.as_ref().map_or("", |b| b.as_str());
        let id = contact.id.as_str();
        self.name.clear();
        // Writing to a `String` cannot fail.
        let _ = write!(
            self.name,
            "{}:{provider}{}:{book}{}:{id}",
            provider.len(),
            book.len(),
            id.len()
        );
        let uid = Uuid::new_v5(&UID_NAMESPACE, self.name.as_bytes());
        let _ = write!(self.line, "urn:uuid:{uid}");
    }
}

/// Refuses a contact that holds a control character (other than tab and line breaks, which
/// are escaped) in a value, a key, a label or its id: RFC 6350 allows none in a vCard (its
/// text is `VCHAR`, non-ASCII and white space), it has no escape for them, and dropping one
/// would change the value in silence. The error names the contact, the field and the
/// character.
pub fn check_writable(contact: &Contact) -> Result<(), String> {
    let bad = |text: &str| {
        text.chars()
            .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    };
    let fields = std::iter::once(("its id", contact.id.as_str()))
        .chain(
            contact
                .properties
                .iter()
                .flat_map(|(k, v)| [(k, k), (k, v)]),
        )
        .chain(contact.labels.iter().map(|l| ("a label", l)));
    for (field, text) in fields {
        if let Some(c) = bad(text) {
            return Err(format!(
                "contact {}: {field} holds the control character U+{:04X}, which a vCard \
                 cannot carry (RFC 6350); nothing was written. Export as jsonl or csv, which \
                 keep it, or remove the character from the contact",
                contact.id.as_str(),
                u32::from(c)
            ));
        }
    }
    Ok(())
}

/// Appends the TEL line: a `tel:` URI when the number is a valid international one, else its
/// text.
fn push_tel(line: &mut String, raw: &str) {
    match contacts_phone::normalize(raw, None) {
        Ok(number) if number.is_valid() => {
            line.push_str("TEL;VALUE=uri:tel:");
            line.push_str(number.e164());
        }
        _ => {
            line.push_str("TEL;VALUE=text:");
            escape_into(raw, line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::{ContactId, Labels, Properties};

    fn card(props: &[(&str, &str)], labels: &[&str]) -> String {
        let contact = Contact {
            id: ContactId::new("c1"),
            owner_id: None,
            properties: props.iter().copied().collect::<Properties>(),
            labels: labels.iter().copied().collect::<Labels>(),
            metadata: None,
            address_book: None,
            card: None,
        };
        let mut out = Vec::new();
        let mut writer = VcardWriter::new("ip1");
        writer.write(&mut out, &contact).unwrap();
        // The buffers are reused: a second card of the same contact is the same bytes.
        let first = String::from_utf8(out.clone()).unwrap();
        out.clear();
        writer.write(&mut out, &contact).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), first);
        first
    }

    #[test]
    fn a_card_escapes_folds_and_keeps_every_property() {
        let note = format!("{},{}", "x".repeat(60), "y".repeat(30));
        let text = card(
            &[
                ("firstName", "Åsa"),
                ("lastName", "Lee;Jr"),
                ("phoneNumber", "+46 70 123 45 67"),
                ("email", "a@b.se"),
                ("company", "ACME, Inc."),
                ("department", "R&D"),
                ("note", &note),
                ("x\"key", "v\n2"),
            ],
            &["B", "A,1"],
        );
        let uid = Uuid::new_v5(&UID_NAMESPACE, b"3:ip10:2:c1");
        // `X-CONTACTS-PROPERTY;X-KEY="note":` is 33 octets: 42 of the value fit the first line.
        let expected = format!(
            "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:{uid}\r\nFN:Åsa Lee\\;Jr\r\n\
             N:Lee\\;Jr;Åsa;;;\r\nTEL;VALUE=uri:tel:+46701234567\r\nEMAIL:a@b.se\r\n\
             ORG:ACME\\, Inc.;R&D\r\nCATEGORIES:A\\,1,B\r\n\
             X-CONTACTS-PROPERTY;X-KEY=\"note\":{}\r\n {}\r\n\
             X-CONTACTS-PROPERTY;X-KEY=\"x^'key\":v\\n2\r\nEND:VCARD\r\n",
            &format!("{}\\,{}", "x".repeat(60), "y".repeat(30))[..42],
            &format!("{}\\,{}", "x".repeat(60), "y".repeat(30))[42..],
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn control_characters_are_refused_naming_the_contact_and_key() {
        let contact = |value: &str| Contact {
            id: ContactId::new("c7"),
            owner_id: None,
            properties: [("note", value)].into_iter().collect::<Properties>(),
            labels: Labels::default(),
            metadata: None,
            address_book: None,
            card: None,
        };
        let err = check_writable(&contact("a\u{0}b")).unwrap_err();
        assert!(
            err.contains("contact c7: note holds the control character U+0000"),
            "{err}"
        );
        assert!(check_writable(&contact("a\u{1}")).is_err());
        assert!(check_writable(&contact("tab\tand\r\nlines")).is_ok());
    }

    #[test]
    fn without_a_name_the_number_names_the_card_and_an_invalid_one_is_text() {
        let text = card(&[("phoneNumber", "070-123")], &[]);
        assert!(text.contains("\r\nFN:070-123\r\n"), "{text}");
        assert!(text.contains("\r\nTEL;VALUE=text:070-123\r\n"), "{text}");
        assert!(!text.contains("\r\nN:"), "{text}");
    }
}
