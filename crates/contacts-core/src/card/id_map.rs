//! A JSContact `Id`-keyed object that keeps its entries in the order they were written.
//!
//! RFC 9553 writes phones, e-mails and the like as JSON objects keyed by an id. Their order
//! matters to people (the vCard a phone exported lists the mobile first), and a `BTreeMap`
//! would sort `k10` before `k2`, so entries keep their document order here.
//!
//! Ids are short (`k1`, `p2`, a `PROP-ID`), so each is a [`CompactString`]: held inside the
//! entry up to 24 bytes, not in an allocation of its own. Reading a 10,000-card file made
//! 60,000 such allocations before, and freed them again when the cards were dropped.

use compact_str::CompactString;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// Entries keyed by a JSContact `Id`, in document order, ids unique.
///
/// ```
/// use contacts_core::card::IdMap;
/// let mut map = IdMap::new();
/// map.insert("k2", 2);
/// map.insert("k10", 10);
/// assert_eq!(map.keys().collect::<Vec<_>>(), ["k2", "k10"]);
/// assert_eq!(map.get("k10"), Some(&10));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct IdMap<T>(Vec<(CompactString, T)>);

impl<T> Default for IdMap<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T> IdMap<T> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty map with room for `capacity` entries.
    pub fn with_capacity(capacity: usize) -> Self {
        Self(Vec::with_capacity(capacity))
    }

    /// Sets the entry `id`, keeping its place if it exists, else appending it; returns the
    /// previous value.
    pub fn insert(&mut self, id: impl Into<CompactString>, value: T) -> Option<T> {
        let id = id.into();
        match self.0.iter_mut().find(|(k, _)| *k == id) {
            Some((_, old)) => Some(std::mem::replace(old, value)),
            None => {
                self.0.push((id, value));
                None
            }
        }
    }

    /// The entry `id`.
    pub fn get(&self, id: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == id).map(|(_, v)| v)
    }

    /// The entry `id`, to change it.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut T> {
        self.0.iter_mut().find(|(k, _)| k == id).map(|(_, v)| v)
    }

    /// Removes the entry `id`, returning it.
    pub fn remove(&mut self, id: &str) -> Option<T> {
        let at = self.0.iter().position(|(k, _)| k == id)?;
        Some(self.0.remove(at).1)
    }

    /// Keeps the entries for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &T) -> bool) {
        self.0.retain(|(k, v)| keep(k, v));
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Ids in document order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// Values in document order.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter().map(|(_, v)| v)
    }

    /// Values in document order, to change them.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.0.iter_mut().map(|(_, v)| v)
    }

    /// `(id, value)` pairs in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &T)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// An id not used yet, `stem` followed by the smallest number that makes it new.
    pub fn fresh_id(&self, stem: &str) -> String {
        (1..)
            .map(|n| format!("{stem}{n}"))
            .find(|id| self.get(id).is_none())
            .unwrap_or_else(|| stem.to_owned())
    }
}

impl<T: fmt::Debug> fmt::Debug for IdMap<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Into<CompactString>, T> FromIterator<(K, T)> for IdMap<T> {
    fn from_iter<I: IntoIterator<Item = (K, T)>>(iter: I) -> Self {
        let mut map = Self::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

impl<T: Serialize> Serialize for IdMap<T> {
    /// A JSON object, entries in document order.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for IdMap<T> {
    /// A JSON object; a repeated id is an error (RFC 9553 ids are unique in their object).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> de::Visitor<'de> for Visitor<T> {
            type Value = IdMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object keyed by id")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<IdMap<T>, A::Error> {
                let mut out = IdMap(Vec::with_capacity(map.size_hint().unwrap_or(0)));
                while let Some((id, value)) = map.next_entry::<CompactString, T>()? {
                    if id.is_empty() {
                        return Err(de::Error::custom("an empty id"));
                    }
                    if out.insert(id.clone(), value).is_some() {
                        return Err(de::Error::custom(format!("the id {id:?} appears twice")));
                    }
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(Visitor(PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for IdMap<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("IdMap_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<String, T>>::json_schema(generator)
    }
}
