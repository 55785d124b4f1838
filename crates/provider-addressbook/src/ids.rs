//! Atom ids: integers that sometimes arrive as strings.

use contacts_core::{AddressBookId, ContactId, Error, Result};
use contacts_http::decimal_id;
use serde_json::Value;

/// Reads an id that may be a JSON integer or a string of digits (the vendor's own examples show
/// both, e.g. `{"id":123456}` and `{"id":"123456"}`).
pub fn read_id(value: Option<&Value>, what: &str) -> Result<u64> {
    match value {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| Error::Protocol {
        status: Some(200),
        message: format!("expected {what} id as an integer or a string of digits"),
        body_excerpt: value.map(Value::to_string).unwrap_or_default(),
    })
}

/// Parses a caller's contact id; Atom ids are integers, so anything else can never exist.
/// Ids are compared as the strings they are: only the integer's own rendering is that id
/// (`01`, `+1` and ` 1` are not contact `1`; see [`decimal_id`]).
pub fn parse_contact_id(id: &ContactId) -> Result<u64> {
    decimal_id(id.as_str()).ok_or_else(|| Error::contact_not_found(id))
}

/// Parses a caller's address-book id as [`parse_contact_id`] does contact ids: `None` for
/// anything but an integer's own rendering.
pub fn parse_book_id(id: &AddressBookId) -> Option<u64> {
    decimal_id(id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_and_strings_are_both_ids() {
        assert_eq!(read_id(Some(&json!(12)), "contact").unwrap(), 12);
        assert_eq!(read_id(Some(&json!("12")), "contact").unwrap(), 12);
        assert!(read_id(Some(&json!("x")), "contact").is_err());
        assert!(read_id(None, "contact").is_err());
        for not in ["abc", "01", "+1", " 1", "1 ", ""] {
            assert!(
                parse_contact_id(&ContactId::new(not))
                    .unwrap_err()
                    .is_not_found(),
                "{not:?}"
            );
            assert_eq!(parse_book_id(&AddressBookId::new(not)), None, "{not:?}");
        }
        assert_eq!(parse_contact_id(&ContactId::new("1")).unwrap(), 1);
        assert_eq!(parse_book_id(&AddressBookId::new("7")), Some(7));
    }
}
