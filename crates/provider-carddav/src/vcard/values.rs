//! The values the mapping reads must be text. calcard decodes quoted-printable and base64
//! values in the card's `CHARSET`; bytes that are not text in it (a vCard 2.1 export saying
//! `CHARSET=UTF-8` over Latin-1 bytes) come back as binary data, which was once stored as
//! Rust debug text (`Binary(Data { … })`). Binary that is UTF-8 is text; anything else in a
//! mapped property makes the card malformed, reported with the property it is in.

use calcard::vcard::{VCard, VCardEntry, VCardProperty, VCardValue};

/// Binary values that are UTF-8 become text (base64 or quoted-printable text with no
/// `CHARSET`, read as bytes by calcard).
pub(crate) fn decode_utf8(entry: &mut VCardEntry) {
    for value in &mut entry.values {
        if let VCardValue::Binary(data) = value
            && let Ok(text) = std::str::from_utf8(&data.data)
        {
            *value = VCardValue::Text(text.to_owned());
        }
    }
}

/// Whether `value` reads as text (text, or a number or boolean written as one).
pub(crate) fn is_text(value: &VCardValue) -> bool {
    matches!(
        value,
        VCardValue::Text(_)
            | VCardValue::Integer(_)
            | VCardValue::Float(_)
            | VCardValue::Boolean(_)
    )
}

/// The properties the mapping reads (see the module docs of `vcard`).
const MAPPED: [VCardProperty; 6] = [
    VCardProperty::Tel,
    VCardProperty::Email,
    VCardProperty::N,
    VCardProperty::Fn,
    VCardProperty::Org,
    VCardProperty::Categories,
];

/// `Err` naming the first mapped property whose value is not text.
pub(crate) fn check_mapped(card: &VCard) -> Result<(), String> {
    match card
        .entries
        .iter()
        .find(|e| MAPPED.contains(&e.name) && !e.values.iter().all(is_text))
    {
        Some(entry) => Err(format!(
            "its {} value does not decode to text (quoted-printable or base64 that is not text in its character set)",
            entry.name.as_str()
        )),
        None => Ok(()),
    }
}
