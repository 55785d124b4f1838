//! vCard 4.0 (RFC 6350) output: escaped and folded as the RFC says.

use contacts_core::{Contact, keys};
use std::io::{self, Write};
use uuid::Uuid;

/// Longest line in octets before folding (RFC 6350 §3.2).
const MAX_LINE_OCTETS: usize = 75;

/// Namespace of the UIDs this tool gives vCards (a UUIDv5 of a fixed URL).
fn uid_namespace() -> Uuid {
    Uuid::new_v5(
        &Uuid::NAMESPACE_URL,
        b"https://github.com/contacts-rs/contacts#vcard-uid",
    )
}

/// The vCard UID of a contact: `urn:uuid:` of a UUIDv5 over the provider's name, the address
/// book and the contact id. It is the same at every export of the same contact, and differs
/// between providers and books even where their ids coincide (each part is length-prefixed,
/// so no two triples give the same name).
pub fn uid(provider: &str, contact: &Contact) -> String {
    let book = contact.address_book.as_ref().map_or("", |b| b.as_str());
    let id = contact.id.as_str();
    let name = format!(
        "{}:{provider}{}:{book}{}:{id}",
        provider.len(),
        book.len(),
        id.len()
    );
    format!(
        "urn:uuid:{}",
        Uuid::new_v5(&uid_namespace(), name.as_bytes())
    )
}

/// The TEL line: a `tel:` URI when the number is a valid international one, else its text.
fn tel(raw: &str) -> String {
    match contacts_phone::normalize(raw, None) {
        Ok(number) if number.is_valid() => format!("TEL;VALUE=uri:tel:{}", number.e164()),
        _ => format!("TEL;VALUE=text:{}", text(raw)),
    }
}

/// Writes one contact of `provider` as a vCard.
///
/// FN (the name, else the phone number, e-mail or id), N, TEL (a `tel:` URI for valid
/// international numbers, text otherwise), EMAIL, ORG (company;department), CATEGORIES
/// (labels), UID (see [`uid`]); every other property becomes
/// `X-CONTACTS-PROPERTY;X-KEY=<key>:<value>` so nothing is lost.
pub fn write_vcard(out: &mut impl Write, contact: &Contact, provider: &str) -> io::Result<()> {
    let props = &contact.properties;
    let first = props.first_name().unwrap_or("");
    let last = props.last_name().unwrap_or("");
    let full = match (first.is_empty(), last.is_empty()) {
        (false, false) => format!("{first} {last}"),
        (false, true) => first.to_owned(),
        (true, false) => last.to_owned(),
        (true, true) => props
            .phone_number()
            .or(props.email())
            .unwrap_or(contact.id.as_str())
            .to_owned(),
    };
    line(out, "BEGIN:VCARD")?;
    line(out, "VERSION:4.0")?;
    line(out, &format!("UID:{}", uid(provider, contact)))?;
    line(out, &format!("FN:{}", text(&full)))?;
    if !first.is_empty() || !last.is_empty() {
        line(out, &format!("N:{};{};;;", text(last), text(first)))?;
    }
    if let Some(phone) = props.phone_number() {
        line(out, &tel(phone))?;
    }
    if let Some(email) = props.email() {
        line(out, &format!("EMAIL:{}", text(email)))?;
    }
    let company = props.company();
    let department = props.department();
    if company.is_some() || department.is_some() {
        let mut org = text(company.unwrap_or(""));
        if let Some(department) = department {
            org.push(';');
            org.push_str(&text(department));
        }
        line(out, &format!("ORG:{org}"))?;
    }
    if !contact.labels.is_empty() {
        let labels: Vec<String> = contact.labels.iter().map(text).collect();
        line(out, &format!("CATEGORIES:{}", labels.join(",")))?;
    }
    for (key, value) in props.iter() {
        if keys::ALL.contains(&key) {
            continue;
        }
        line(
            out,
            &format!(
                "X-CONTACTS-PROPERTY;X-KEY=\"{}\":{}",
                param(key),
                text(value)
            ),
        )?;
    }
    line(out, "END:VCARD")
}

/// Escapes a text value (RFC 6350 §3.4): backslash, comma, semicolon and newlines.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\r' if chars.peek() == Some(&'\n') => {
                chars.next();
                out.push_str("\\n");
            }
            '\n' | '\r' => out.push_str("\\n"),
            other => out.push(other),
        }
    }
    out
}

/// Escapes a quoted parameter value (RFC 6868): `^` → `^^`, newline → `^n`, `"` → `^'`.
pub fn param(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '^' => out.push_str("^^"),
            '\n' => out.push_str("^n"),
            '"' => out.push_str("^'"),
            other => out.push(other),
        }
    }
    out
}

/// Writes a content line folded at 75 octets, never inside a UTF-8 character, ending in CRLF.
fn line(out: &mut impl Write, content: &str) -> io::Result<()> {
    let mut start = 0;
    let mut limit = MAX_LINE_OCTETS;
    while content.len() - start > limit {
        let mut end = start + limit;
        while !content.is_char_boundary(end) {
            end -= 1;
        }
        out.write_all(&content.as_bytes()[start..end])?;
        out.write_all(b"\r\n ")?;
        start = end;
        // A continuation line starts with a space, which counts towards its 75 octets.
        limit = MAX_LINE_OCTETS - 1;
    }
    out.write_all(&content.as_bytes()[start..])?;
    out.write_all(b"\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::{ContactId, NewContact};

    fn contact(new: NewContact) -> Contact {
        Contact {
            id: ContactId::new("42"),
            owner_id: None,
            properties: new.properties,
            labels: new.labels,
            metadata: None,
            address_book: None,
        }
    }

    #[test]
    fn escapes_and_maps_the_well_known_fields() {
        let c = contact(
            NewContact::new()
                .property("firstName", "Ada")
                .property("lastName", "Lovelace; Byron")
                .property("company", "Analytical, Ltd")
                .property("department", "R&D")
                .property("phoneNumber", "+46123")
                .property("note", "line1\nline2\\")
                .label("VIP")
                .label("a,b"),
        );
        let mut out = Vec::new();
        write_vcard(&mut out, &c, "memory").unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"), "{text}");
        assert!(text.contains("FN:Ada Lovelace\\; Byron\r\n"), "{text}");
        assert!(text.contains("N:Lovelace\\; Byron;Ada;;;\r\n"), "{text}");
        assert!(text.contains("ORG:Analytical\\, Ltd;R&D\r\n"), "{text}");
        assert!(
            text.contains("TEL;VALUE=text:+46123\r\n"),
            "not a valid number: {text}"
        );
        assert!(
            text.contains("CATEGORIES:VIP,a\\,b\r\n") || text.contains("CATEGORIES:a\\,b,VIP\r\n"),
            "{text}"
        );
        assert!(
            text.contains("X-CONTACTS-PROPERTY;X-KEY=\"note\":line1\\nline2\\\\\r\n"),
            "{text}"
        );
        assert!(text.ends_with("END:VCARD\r\n"));
    }

    #[test]
    fn valid_numbers_are_tel_uris_and_uids_are_stable_and_apart() {
        let c = contact(NewContact::new().property("phoneNumber", "+46 70 123 45 67"));
        let mut out = Vec::new();
        write_vcard(&mut out, &c, "ip1").unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("TEL;VALUE=uri:tel:+46701234567\r\n"),
            "{text}"
        );
        let uid_line = format!("UID:{}\r\n", uid("ip1", &c));
        assert!(text.contains(&uid_line), "{text}");
        assert!(uid("ip1", &c).starts_with("urn:uuid:"));
        assert_eq!(uid("ip1", &c), uid("ip1", &c.clone()));
        assert_ne!(uid("ip1", &c), uid("addressbook", &c));
        let mut in_book = c.clone();
        in_book.address_book = Some(contacts_core::AddressBookId::new("7"));
        assert_ne!(uid("addressbook", &in_book), uid("addressbook", &c));
        // No ambiguity where parts meet: ("a", "b:c") is not ("a:b", "c").
        let mut other = c.clone();
        other.address_book = Some(contacts_core::AddressBookId::new("1"));
        other.id = ContactId::new("23");
        let mut shifted = c.clone();
        shifted.address_book = Some(contacts_core::AddressBookId::new("12"));
        shifted.id = ContactId::new("3");
        assert_ne!(uid("p", &other), uid("p", &shifted));
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let long = "é".repeat(100);
        let c = contact(NewContact::new().property("firstName", long.clone()));
        let mut out = Vec::new();
        write_vcard(&mut out, &c, "memory").unwrap();
        let text = String::from_utf8(out).expect("folding never splits a character");
        for l in text.split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("FN:{long}\r\n")));
    }
}
