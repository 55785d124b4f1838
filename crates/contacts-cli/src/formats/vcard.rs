//! vCard 4.0 (RFC 6350) output: escaped and folded as the RFC says.

use contacts_core::{Contact, keys};
use provider_carddav::text::{escape as text, fold, param};
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
    format!("urn:uuid:{}", Uuid::new_v5(&UID_NAMESPACE, name.as_bytes()))
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

/// Writes a content line, folded (see [`fold`]).
fn line(out: &mut impl Write, content: &str) -> io::Result<()> {
    out.write_all(fold(content).as_bytes())
}
