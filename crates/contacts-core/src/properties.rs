//! Contact properties: a map of string keys to non-empty string values.

use compact_str::CompactString;
use schemars::JsonSchema;
use std::collections::BTreeMap;
use std::fmt;

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

/// Whether `value` is no value: the contract's one rule that an empty string is no value
/// (whitespace, or any other text, is a value). [`Properties`] never holds one, a
/// [`ContactPatch`](crate::ContactPatch) that sets a key to one removes the key (see
/// [`ContactPatch::changes`](crate::ContactPatch::changes)), and
/// [`validate::patch`](crate::validate::patch) refuses that for a required key, as it refuses
/// `null`.
pub(crate) fn is_no_value(value: &str) -> bool {
    value.is_empty()
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
#[derive(Clone, Default, PartialEq, Eq, Hash, JsonSchema)]
#[serde(transparent)]
pub struct Properties(
    // Pairs sorted by key, keys unique, values non-empty (binary search to read, insertion in
    // place to write): a contact has a handful of properties, and a sorted `Vec` of them costs
    // a fraction of a `BTreeMap`, whose smallest node takes 544 bytes whatever it holds.
    // Listings and sync plans hold many contacts at once. Keys and values up to 24 bytes
    // (nearly all of them) live inline, without an allocation of their own. The schema is the
    // map's.
    #[schemars(with = "BTreeMap<String, String>")] Vec<(CompactString, CompactString)>,
);

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
    pub fn with(mut self, key: impl Into<CompactString>, value: impl Into<CompactString>) -> Self {
        self.set(key, value);
        self
    }

    /// Sets `key` to `value`, returning the previous value. An empty `value` removes the key,
    /// because an empty string is no value.
    pub fn set(
        &mut self,
        key: impl Into<CompactString>,
        value: impl Into<CompactString>,
    ) -> Option<String> {
        let (key, value) = (key.into(), value.into());
        if is_no_value(&value) {
            return self.remove(&key);
        }
        // Keys mostly arrive in order (a vendor's JSON object, another `Properties`): a key
        // after the last one is appended without a search.
        if self
            .0
            .last()
            .is_none_or(|(last, _)| last.as_str() < key.as_str())
        {
            self.0.push((key, value));
            return None;
        }
        match self.find(&key) {
            Ok(at) => Some(std::mem::replace(&mut self.0[at].1, value).into()),
            Err(at) => {
                self.0.insert(at, (key, value));
                None
            }
        }
    }

    /// Where `key` is, or where it would go.
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// Removes `key`, returning its value if it had one.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        let at = self.find(key).ok()?;
        Some(self.0.remove(at).1.into())
    }

    /// The value of `key`, if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        let at = self.find(key).ok()?;
        Some(self.0[at].1.as_str())
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
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
        self.0.iter().map(|(k, _)| k.as_str())
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

impl fmt::Debug for Properties {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

crate::map_entries::serde_as_object! {
    /// A JSON object, keys in order.
    serialize;
    /// An object of string values; empty values are dropped and a repeated key keeps its last
    /// value (as reading into a map and then dropping the empty values would).
    deserialize;
    impl FromEntries for Properties {
        type Key = CompactString;
        type Value = CompactString;
        const EXPECTING: &'static str = "a map of string values";

        fn with_room_for(entries: usize) -> Self {
            Properties(Vec::with_capacity(entries))
        }

        fn take_entry(&mut self, key: CompactString, value: CompactString) {
            self.set(key, value);
        }
    }
}

impl From<BTreeMap<String, String>> for Properties {
    /// Takes a map as it is, dropping empty values (an empty string is no value).
    fn from(map: BTreeMap<String, String>) -> Self {
        let pairs = map.into_iter().filter(|(_, v)| !is_no_value(v));
        Self(pairs.map(|(k, v)| (k.into(), v.into())).collect())
    }
}

impl<K: Into<CompactString>, V: Into<CompactString>> FromIterator<(K, V)> for Properties {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let iter = iter.into_iter();
        let mut props = Properties(Vec::with_capacity(iter.size_hint().0));
        for (k, v) in iter {
            props.set(k, v);
        }
        props
    }
}

/// A stored pair.
type Pair = (CompactString, CompactString);

impl IntoIterator for Properties {
    type Item = (String, String);
    type IntoIter = std::iter::Map<std::vec::IntoIter<Pair>, fn(Pair) -> (String, String)>;

    /// The pairs in key order.
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter().map(|(k, v)| (k.into(), v.into()))
    }
}

/// A pair of a [`Properties`] as `&str`s.
type PairRef<'a> = (&'a str, &'a str);

impl<'a> IntoIterator for &'a Properties {
    type Item = PairRef<'a>;
    type IntoIter = std::iter::Map<std::slice::Iter<'a, Pair>, fn(&'a Pair) -> PairRef<'a>>;

    /// The pairs in key order.
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
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

    #[test]
    fn a_repeated_key_keeps_its_last_value() {
        let props: Properties = serde_json::from_str(r#"{"a":"x","b":"1","a":""}"#).unwrap();
        assert_eq!(props.get("a"), None);
        let props: Properties = serde_json::from_str(r#"{"a":"","a":"y"}"#).unwrap();
        assert_eq!(props.get("a"), Some("y"));
        assert!(serde_json::from_str::<Properties>(r#"{"a":5}"#).is_err());
    }

    proptest::proptest! {
        /// Any sequence of sets (empty values included) and removes leaves what a map would,
        /// in key order, and serialises to the same JSON object.
        #[test]
        fn behaves_as_a_map(ops in proptest::collection::vec(("[a-d]{1,2}", "[xy]{0,2}", proptest::bool::ANY), 0..40)) {
            let mut props = Properties::new();
            let mut model: BTreeMap<String, String> = BTreeMap::new();
            for (key, value, remove) in ops {
                if remove {
                    proptest::prop_assert_eq!(props.remove(&key), model.remove(&key));
                } else if value.is_empty() {
                    proptest::prop_assert_eq!(props.set(key.clone(), value), model.remove(&key));
                } else {
                    proptest::prop_assert_eq!(props.set(key.clone(), value.clone()), model.insert(key, value));
                }
            }
            let pairs: Vec<(&str, &str)> = props.iter().collect();
            let want: Vec<(&str, &str)> = model.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            proptest::prop_assert_eq!(pairs, want);
            proptest::prop_assert_eq!(
                serde_json::to_string(&props).unwrap(),
                serde_json::to_string(&model).unwrap()
            );
            proptest::prop_assert_eq!(format!("{props:?}"), format!("{model:?}"));
            let back: Properties = serde_json::from_str(&serde_json::to_string(&props).unwrap()).unwrap();
            proptest::prop_assert_eq!(back, props);
        }
    }
}
