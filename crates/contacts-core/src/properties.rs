//! Contact properties: a map of string keys to non-empty string values.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// The well-known property keys every provider understands the same way.
///
/// Any other key is a custom property. Providers with fixed fields declare which keys they can
/// store in [`Capabilities::keys`](crate::Capabilities::keys).
pub mod keys {
    /// Phone number. iP1 expects E.164 with a leading `+`; Atom stores it as given.
    pub const PHONE_NUMBER: &str = "phoneNumber";
    /// E-mail address.
    pub const EMAIL: &str = "email";
    /// Given name.
    pub const FIRST_NAME: &str = "firstName";
    /// Family name.
    pub const LAST_NAME: &str = "lastName";
    /// Company or organisation.
    pub const COMPANY: &str = "company";
    /// Department within the company.
    pub const DEPARTMENT: &str = "department";

    /// Every well-known key, in the order they are usually displayed.
    pub const ALL: [&str; 6] = [
        PHONE_NUMBER,
        EMAIL,
        FIRST_NAME,
        LAST_NAME,
        COMPANY,
        DEPARTMENT,
    ];
}

/// Properties of a contact: string keys to **non-empty** string values.
///
/// The contract says an empty string is no value: [`Properties::set`] with `""` removes the key,
/// and deserialising drops empty values, so reading never yields `""`. Everything else — leading
/// and trailing whitespace, any Unicode — is kept exactly.
///
/// ```
/// use contacts_core::Properties;
/// let mut props = Properties::new()
///     .with("phoneNumber", "+46123456789")
///     .with("firstName", " Icarus");
/// assert_eq!(props.first_name(), Some(" Icarus"));
/// props.set("firstName", "");
/// assert_eq!(props.first_name(), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Properties(BTreeMap<String, String>);

/// One accessor per well-known key, named after it.
macro_rules! well_known {
    ($($name:ident: $key:ident,)*) => {$(
        #[doc = concat!("The value of the well-known key `", stringify!($key), "` (see [`keys`]).")]
        pub fn $name(&self) -> Option<&str> {
            self.get(keys::$key)
        }
    )*};
}

impl Properties {
    /// An empty set of properties.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builder form of [`Properties::set`].
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.set(key, value);
        self
    }

    /// Sets `key` to `value`, returning the previous value. An empty `value` removes the key,
    /// because an empty string is no value.
    pub fn set(&mut self, key: impl Into<String>, value: impl Into<String>) -> Option<String> {
        let (key, value) = (key.into(), value.into());
        if value.is_empty() {
            self.0.remove(&key)
        } else {
            self.0.insert(key, value)
        }
    }

    /// Removes `key`, returning its value if it had one.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        self.0.remove(key)
    }

    /// The value of `key`, if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// Number of keys with a value.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no key has a value.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Key/value pairs in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// The underlying map, for code that needs to hand it to a serialiser.
    pub fn as_map(&self) -> &BTreeMap<String, String> {
        &self.0
    }

    well_known! {
        phone_number: PHONE_NUMBER,
        email: EMAIL,
        first_name: FIRST_NAME,
        last_name: LAST_NAME,
        company: COMPANY,
        department: DEPARTMENT,
    }
}

impl<'de> Deserialize<'de> for Properties {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(BTreeMap::<String, String>::deserialize(deserializer)?.into())
    }
}

impl From<BTreeMap<String, String>> for Properties {
    /// Takes a map as it is, dropping empty values (an empty string is no value).
    fn from(mut map: BTreeMap<String, String>) -> Self {
        map.retain(|_, v| !v.is_empty());
        Self(map)
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Properties {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut props = Properties::new();
        for (k, v) in iter {
            props.set(k, v);
        }
        props
    }
}

impl IntoIterator for Properties {
    type Item = (String, String);
    type IntoIter = std::collections::btree_map::IntoIter<String, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Properties {
    type Item = (&'a String, &'a String);
    type IntoIter = std::collections::btree_map::Iter<'a, String, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_are_dropped_when_read() {
        let props: Properties = serde_json::from_str(r#"{"email":"","firstName":" a "}"#).unwrap();
        assert_eq!(props.len(), 1);
        assert_eq!(props.first_name(), Some(" a "));
    }
}
