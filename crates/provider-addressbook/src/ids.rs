//! Atom ids: integers that sometimes arrive as strings.

use contacts_core::{ContactId, Error, Result};
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
pub fn parse_contact_id(id: &ContactId) -> Result<u64> {
    id.as_str()
        .parse()
        .map_err(|_| Error::contact_not_found(id))
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
        assert!(
            parse_contact_id(&ContactId::new("abc"))
                .unwrap_err()
                .is_not_found()
        );
    }
}
