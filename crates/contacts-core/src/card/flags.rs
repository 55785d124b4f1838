//! A set of names written as a `{"name": true}` object: an entry's contexts (`private`,
//! `work`) and a phone's features (`mobile`, `voice`).
//!
//! Almost every such set holds one or two short names. A `BTreeMap<String, bool>` gave each
//! of them a 288-byte tree node and each name an allocation of its own: reading a 10,000-card
//! file made 100,000 allocations for them, and first-touched 1.5 MB. Here one name is held
//! inside the set, and names of up to 24 bytes inside their slot, with no allocation; the set
//! still reads, compares and serialises as the map it replaces (sorted by name).

use compact_str::CompactString;
use schemars::JsonSchema;
use smallvec::SmallVec;
use std::collections::BTreeMap;
use std::fmt;

/// Names mapped to `true` (RFC 9553 writes only `true`; a `false` read is kept as written),
/// sorted by name, each name once.
///
/// ```
/// use contacts_core::card::Flags;
/// let mut contexts: Flags = ["work", "private"].into_iter().map(|n| (n, true)).collect();
/// assert_eq!(contexts.get("work"), Some(&true));
/// assert_eq!(contexts.keys().collect::<Vec<_>>(), ["private", "work"]);
/// contexts.remove("work");
/// assert_eq!(serde_json::to_string(&contexts).unwrap(), r#"{"private":true}"#);
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Flags(SmallVec<[(CompactString, bool); 1]>);

impl Flags {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Where `name` is, or where it would go.
    fn find(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(n, _)| n.as_str().cmp(name))
    }

    /// Sets `name` to `on`; returns the value it had.
    pub fn insert(&mut self, name: impl Into<CompactString>, on: bool) -> Option<bool> {
        let name = name.into();
        match self.find(&name) {
            Ok(at) => Some(std::mem::replace(&mut self.0[at].1, on)),
            Err(at) => {
                self.0.insert(at, (name, on));
                None
            }
        }
    }

    /// The value of `name`, if it is in the set.
    pub fn get(&self, name: &str) -> Option<&bool> {
        self.find(name).ok().map(|at| &self.0[at].1)
    }

    /// Whether `name` is in the set (with either value).
    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Removes `name`, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<bool> {
        let at = self.find(name).ok()?;
        Some(self.0.remove(at).1)
    }

    /// Keeps the names for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, bool) -> bool) {
        self.0.retain(|(n, on)| keep(n, *on));
    }

    /// Removes every name.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no names.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Names and values, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &bool)> {
        self.0.iter().map(|(n, on)| (n.as_str(), on))
    }

    /// Names, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(n, _)| n.as_str())
    }
}

impl fmt::Debug for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Into<CompactString>> FromIterator<(K, bool)> for Flags {
    fn from_iter<I: IntoIterator<Item = (K, bool)>>(iter: I) -> Self {
        let mut flags = Flags::new();
        flags.extend(iter);
        flags
    }
}

impl<K: Into<CompactString>> Extend<(K, bool)> for Flags {
    fn extend<I: IntoIterator<Item = (K, bool)>>(&mut self, iter: I) {
        for (name, on) in iter {
            self.insert(name, on);
        }
    }
}

impl IntoIterator for Flags {
    type Item = (String, bool);
    type IntoIter = std::iter::Map<
        smallvec::IntoIter<[(CompactString, bool); 1]>,
        fn((CompactString, bool)) -> (String, bool),
    >;

    /// Names (as `String`s, as the map this set replaces gave them) and values, sorted.
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter().map(|(n, on)| (n.into_string(), on))
    }
}

impl<'a> IntoIterator for &'a Flags {
    type Item = (&'a str, &'a bool);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (CompactString, bool)>,
        fn(&'a (CompactString, bool)) -> (&'a str, &'a bool),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(n, on)| (n.as_str(), on))
    }
}

crate::map_entries::serde_as_object! {
    /// A JSON object, names sorted.
    serialize;
    /// A JSON object of booleans; a name written twice keeps its last value, as a map does.
    deserialize;
    impl FromEntries for Flags {
        type Key = CompactString;
        type Value = bool;
        const EXPECTING: &'static str = "an object of names mapped to true";

        fn with_room_for(_entries: usize) -> Self {
            // A set holds one name inline; a guess of more is not worth an allocation up front.
            Self::new()
        }

        fn take_entry(&mut self, name: CompactString, on: bool) {
            self.insert(name, on);
        }
    }
}

impl JsonSchema for Flags {
    /// The schema of the map this set replaces, so JSON Schemas do not change.
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, bool>>::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, bool>>::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<String, bool>>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_read_and_write_the_object_a_map_wrote_sorted_and_last_value_wins() {
        let read: Flags = serde_json::from_str(r#"{"work":true,"a":false,"work":false}"#)
            .expect("an object of booleans");
        assert_eq!(
            read.iter().collect::<Vec<_>>(),
            [("a", &false), ("work", &false)]
        );
        let map: BTreeMap<String, bool> =
            serde_json::from_str(r#"{"work":true,"a":false,"work":false}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            serde_json::to_string(&map).unwrap()
        );
        let err = serde_json::from_str::<Flags>(r#"{"work":"yes"}"#).unwrap_err();
        assert!(err.to_string().contains("expected a boolean"), "{err}");
    }

    #[test]
    fn equal_sets_are_equal_whatever_order_they_were_built_in() {
        let a: Flags = [("voice", true), ("mobile", true)].into_iter().collect();
        let b: Flags = [("mobile", true), ("voice", true)].into_iter().collect();
        assert_eq!(a, b);
        assert_eq!(format!("{a:?}"), r#"{"mobile": true, "voice": true}"#);
    }
}
