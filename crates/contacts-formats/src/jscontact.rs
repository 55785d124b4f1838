//! JSContact (RFC 9553) documents: one `Card` object, or a JSON array of them as
//! `contacts export --format jscontact` writes.

use crate::FormatError;
use crate::jsonl::array;
use contacts_core::Card;
use serde_json::Value;
use std::io::Read;

/// Reads a JSON array of cards, or one card object. A card that is not an RFC 9553 `Card` is
/// an error naming its place in the document (from 1) and the reason. The text is read as
/// [`read_in`] reads a file.
///
/// ```
/// let cards = contacts_formats::jscontact::read(
///     r#"[{"@type":"Card","version":"1.0","uid":"u1","emails":{"e":{"address":"a@example.com"}}}]"#,
/// ).unwrap();
/// assert_eq!(cards[0].flat_properties().email(), Some("a@example.com"));
/// ```
pub fn read(text: &str) -> Result<Vec<Card>, FormatError> {
    read_in(text.as_bytes())?
        .into_iter()
        .map(|element| element.card)
        .collect()
}

/// One element of a JSContact document, as [`read_in`] reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// The line it starts on, from 1.
    pub line: u64,
    /// The card, or why it is not an RFC 9553 `Card` ([`FormatError::JsContact`] with its
    /// place in the document, from 1).
    pub card: Result<Card, FormatError>,
}

/// The cards of the JSContact document `input` holds (a JSON array of `Card` objects, or one
/// object), each with the line it starts on, and each an error of its own where it is not an
/// RFC 9553 `Card`, so the others still read. The document is one JSON value, so it is read
/// whole, up to [`array::MAX_ARRAY`] bytes.
///
/// # Errors
/// The input cannot be read, is larger than that, or is not a JSON object or array.
///
/// ```
/// let text = "[\n  {\"@type\": \"Card\", \"version\": \"1.0\"},\n  {\"@type\": \"Nope\"}\n]";
/// let cards = contacts_formats::jscontact::read_in(text.as_bytes()).unwrap();
/// assert_eq!(cards[0].line, 2);
/// assert!(cards[0].card.is_ok());
/// assert_eq!(cards[1].line, 3);
/// let err = cards[1].card.as_ref().unwrap_err().to_string();
/// assert!(err.starts_with("JSContact card 2: "), "{err}");
/// ```
pub fn read_in(input: impl Read) -> Result<Vec<Element>, FormatError> {
    let items = array::elements(input, "JSContact cards")
        .map_err(|reason| FormatError::JsContact { at: None, reason })?;
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, (line, item))| Element {
            line,
            card: one(item, i + 1),
        })
        .collect())
}

fn one(value: Value, at: usize) -> Result<Card, FormatError> {
    serde_json::from_value(value).map_err(|e| FormatError::JsContact {
        at: Some(at),
        reason: e.to_string(),
    })
}

/// Writes cards as a pretty JSON array of RFC 9553 `Card` objects.
pub fn write(cards: &[Card]) -> String {
    serde_json::to_string_pretty(cards).unwrap_or_else(|_| "[]".into())
}
