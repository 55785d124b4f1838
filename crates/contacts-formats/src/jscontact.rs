//! JSContact (RFC 9553) documents: one `Card` object, or a JSON array of them as
//! `contacts export --format jscontact` writes.

use crate::FormatError;
use contacts_core::Card;
use serde_json::Value;

/// Reads a JSON array of cards, or one card object. A card that is not an RFC 9553 `Card` is
/// an error naming its place in the array and the reason.
///
/// ```
/// let cards = contacts_formats::jscontact::read(
///     r#"[{"@type":"Card","version":"1.0","uid":"u1","emails":{"e":{"address":"a@example.com"}}}]"#,
/// ).unwrap();
/// assert_eq!(cards[0].flat_properties().email(), Some("a@example.com"));
/// ```
pub fn read(text: &str) -> Result<Vec<Card>, FormatError> {
    let value: Value = serde_json::from_str(text).map_err(|e| FormatError::JsContact {
        at: None,
        reason: format!("not JSON ({e})"),
    })?;
    match value {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| one(item, Some(i + 1)))
            .collect(),
        object @ Value::Object(_) => Ok(vec![one(object, None)?]),
        _ => Err(FormatError::JsContact {
            at: None,
            reason: "expected a Card object or an array of them".into(),
        }),
    }
}

fn one(value: Value, at: Option<usize>) -> Result<Card, FormatError> {
    serde_json::from_value(value).map_err(|e| FormatError::JsContact {
        at,
        reason: e.to_string(),
    })
}

/// Writes cards as a pretty JSON array of RFC 9553 `Card` objects.
pub fn write(cards: &[Card]) -> String {
    serde_json::to_string_pretty(cards).unwrap_or_else(|_| "[]".into())
}
