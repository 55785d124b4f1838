//! vCard 4.0 (RFC 6350) output: escaped and folded as the RFC says.

use contacts_core::{Contact, keys};
use std::io::{self, Write};

/// Longest line in octets before folding (RFC 6350 §3.2).
const MAX_LINE_OCTETS: usize = 75;

/// Writes one contact as a vCard.
///
/// FN (the name, else the phone number, e-mail or id), N, TEL, EMAIL, ORG (company;department),
/// CATEGORIES (labels), UID (the provider id); every other property becomes
/// `X-CONTACTS-PROPERTY;X-KEY=<key>:<value>` so nothing is lost.
pub fn write_vcard(out: &mut impl Write, contact: &Contact) -> io::Result<()> {
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
    line(
        out,
        &format!("UID;VALUE=text:{}", text(contact.id.as_str())),
    )?;
    line(out, &format!("FN:{}", text(&full)))?;
    if !first.is_empty() || !last.is_empty() {
        line(out, &format!("N:{};{};;;", text(last), text(first)))?;
    }
    if let Some(phone) = props.phone_number() {
        line(out, &format!("TEL;VALUE=text:{}", text(phone)))?;
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
        write_vcard(&mut out, &c).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"), "{text}");
        assert!(text.contains("FN:Ada Lovelace\\; Byron\r\n"), "{text}");
        assert!(text.contains("N:Lovelace\\; Byron;Ada;;;\r\n"), "{text}");
        assert!(text.contains("ORG:Analytical\\, Ltd;R&D\r\n"), "{text}");
        assert!(text.contains("TEL;VALUE=text:+46123\r\n"), "{text}");
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
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let long = "é".repeat(100);
        let c = contact(NewContact::new().property("firstName", long.clone()));
        let mut out = Vec::new();
        write_vcard(&mut out, &c).unwrap();
        let text = String::from_utf8(out).expect("folding never splits a character");
        for l in text.split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("FN:{long}\r\n")));
    }
}
