//! Mapping between the neutral property keys and Atom's fixed contact fields.

use contacts_core::{Error, NewContact, Properties, Result, keys};
use serde_json::{Map, Value};

/// Atom's fixed fields that hold a property, in the order they are sent.
const FIXED: [(&str, &str); 4] = [
    ("phone_number", keys::PHONE_NUMBER),
    ("first_name", keys::FIRST_NAME),
    ("last_name", keys::LAST_NAME),
    ("company", keys::COMPANY),
];

/// Atom's four custom slots.
const CUSTOM_FIELDS: [&str; 4] = ["custom_1", "custom_2", "custom_3", "custom_4"];

/// Which property key each of Atom's four custom slots holds.
///
/// Atom stores only fixed fields; the four `custom_N` slots are free for whatever an account
/// uses them for, so the key each maps to is configuration (default `custom1`…`custom4`).
///
/// ```
/// use provider_addressbook::FieldMap;
/// let map = FieldMap::new(["email", "department", "custom3", "custom4"]).unwrap();
/// assert!(map.keys().any(|k| k == "email"));
/// assert!(FieldMap::new(["phoneNumber", "b", "c", "d"]).is_err(), "fixed keys cannot be reused");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap {
    custom: [String; 4],
}

impl Default for FieldMap {
    fn default() -> Self {
        Self {
            custom: ["custom1", "custom2", "custom3", "custom4"].map(String::from),
        }
    }
}

impl FieldMap {
    /// Maps `custom_1`…`custom_4` to these keys. Keys must be non-empty, distinct, and not one
    /// of the fixed fields' keys.
    pub fn new(custom: [impl Into<String>; 4]) -> Result<Self> {
        let custom = custom.map(Into::into);
        for (i, key) in custom.iter().enumerate() {
            let field = format!("custom_{}", i + 1);
            if key.is_empty() {
                return Err(Error::invalid(
                    field,
                    "the key for a custom slot must not be empty",
                ));
            }
            if FIXED.iter().any(|(_, k)| k == key) {
                return Err(Error::invalid(
                    field,
                    format!("{key:?} is already stored in a fixed field"),
                ));
            }
            if custom[..i].contains(key) {
                return Err(Error::invalid(
                    field,
                    format!("{key:?} is mapped to two slots"),
                ));
            }
        }
        Ok(Self { custom })
    }

    /// Every property key this mapping can store: the fixed ones, then the custom ones.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        FIXED
            .iter()
            .map(|(_, k)| *k)
            .chain(self.custom.iter().map(String::as_str))
    }

    /// Pairs of (Atom field, property key) for every storable key.
    fn fields(&self) -> impl Iterator<Item = (&str, &str)> {
        FIXED.iter().copied().chain(
            CUSTOM_FIELDS
                .iter()
                .copied()
                .zip(self.custom.iter().map(String::as_str)),
        )
    }

    /// The Atom field that stores `key`; `InvalidInput` naming the key when there is none.
    pub fn field_for(&self, key: &str) -> Result<&str> {
        self.fields()
            .find(|(_, k)| *k == key)
            .map(|(field, _)| field)
            .ok_or_else(|| {
                Error::invalid(
                    format!("properties.{key}"),
                    format!(
                        "Atom cannot store the key {key:?}; it stores only: {}",
                        self.keys().collect::<Vec<_>>().join(", ")
                    ),
                )
            })
    }

    /// Atom fields for a whole document. With `clear_absent`, every field the document lacks is
    /// sent as `""` so the stored contact ends up exactly the document (a replace).
    pub fn to_fields(
        &self,
        contact: &NewContact,
        clear_absent: bool,
    ) -> Result<Map<String, Value>> {
        for key in contact.properties.keys() {
            self.field_for(key)?;
        }
        let mut fields = Map::new();
        for (field, key) in self.fields() {
            match contact.properties.get(key) {
                Some(value) => {
                    fields.insert(field.to_owned(), Value::String(value.to_owned()));
                }
                None if clear_absent => {
                    fields.insert(field.to_owned(), Value::String(String::new()));
                }
                None => {}
            }
        }
        Ok(fields)
    }

    /// Properties from an Atom contact object. Unset fields — absent, `null` or `""` — are no
    /// value; a non-string value (a number, say) is kept as its JSON text rather than dropped.
    pub fn from_fields(&self, contact: &Map<String, Value>) -> Properties {
        let mut props = Properties::new();
        for (field, key) in self.fields() {
            match contact.get(field) {
                Some(Value::String(s)) => {
                    props.set(key, s.as_str());
                }
                Some(Value::Null) | None => {}
                Some(other) => {
                    props.set(key, other.to_string());
                }
            }
        }
        props
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_fixed_and_custom_fields() {
        let map = FieldMap::new(["email", "department", "x", "y"]).unwrap();
        let doc = NewContact::new()
            .property("phoneNumber", "0412345678")
            .property("firstName", " Jo ")
            .property("email", "jo@example.com");
        let fields = map.to_fields(&doc, false).unwrap();
        assert_eq!(fields["phone_number"], "0412345678");
        assert_eq!(fields["custom_1"], "jo@example.com");
        assert!(!fields.contains_key("company"));
        assert_eq!(map.from_fields(&fields), doc.properties);

        let replaced = map.to_fields(&doc, true).unwrap();
        assert_eq!(replaced["company"], "");
        assert_eq!(replaced["custom_4"], "");
    }

    #[test]
    fn unknown_keys_are_refused_by_name() {
        let err = FieldMap::default()
            .to_fields(&NewContact::new().property("email", "a@b"), false)
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidInput { ref field, .. } if field == "properties.email"),
            "{err}"
        );
    }

    #[test]
    fn empty_and_null_fields_read_as_no_value() {
        let obj = json!({"id": 1, "phone_number": "61444", "first_name": "", "last_name": null, "custom_2": 7});
        let props = FieldMap::default().from_fields(obj.as_object().unwrap());
        assert_eq!(props.phone_number(), Some("61444"));
        assert_eq!(props.first_name(), None);
        assert_eq!(props.last_name(), None);
        assert_eq!(props.get("custom2"), Some("7"));
    }
}
