//! Reading a JSON object into one of this crate's map-like types ([`Properties`],
//! [`Flags`](crate::card::Flags)) one entry at a time.
//!
//! Each type has its own rule for an entry (an empty property value is no value; a flag set
//! keeps its names sorted), and each keeps the last of a repeated key, as a map does. Reading
//! entry by entry applies that rule while reading, with no intermediate map; the visitor that
//! does it is the same for every such type, so it is written once here.
//!
//! [`Properties`]: crate::Properties

use serde::Deserializer;
use serde::de::{self, DeserializeOwned};
use std::fmt;
use std::marker::PhantomData;

/// A map-like type that a JSON object is read into entry by entry.
pub(crate) trait FromEntries: Sized {
    /// The type of a key.
    type Key: DeserializeOwned;
    /// The type of a value.
    type Value: DeserializeOwned;
    /// What the object should be, for the error when the JSON is something else.
    const EXPECTING: &'static str;

    /// An empty value with room for about `entries` entries (the reader's guess, maybe 0).
    fn with_room_for(entries: usize) -> Self;

    /// Takes one entry, by the type's own rule.
    fn take_entry(&mut self, key: Self::Key, value: Self::Value);
}

/// Reads a JSON object into `T`, handing it each entry in the order written.
pub(crate) fn deserialize_entries<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromEntries,
{
    deserializer.deserialize_map(EntriesVisitor(PhantomData))
}

/// Writes a map-like type's serde impls from its [`FromEntries`] impl (written as given, after
/// the doc comments of `serialize` and of `deserialize`): `Serialize` as a JSON object of the
/// type's `iter()`, in its order, and `Deserialize` through [`deserialize_entries`]. So every
/// such type reads and writes the object the same way, and only its entry rule is its own.
macro_rules! serde_as_object {
    (
        $(#[$ser:meta])* serialize;
        $(#[$de:meta])* deserialize;
        impl FromEntries for $ty:ty { $($items:tt)* }
    ) => {
        impl serde::Serialize for $ty {
            $(#[$ser])*
            fn serialize<S: serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.collect_map(self.iter())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            $(#[$de])*
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::map_entries::deserialize_entries(deserializer)
            }
        }

        impl $crate::map_entries::FromEntries for $ty {
            $($items)*
        }
    };
}
pub(crate) use serde_as_object;

/// The serde visitor of [`deserialize_entries`].
struct EntriesVisitor<T>(PhantomData<T>);

impl<'de, T: FromEntries> de::Visitor<'de> for EntriesVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::with_room_for(map.size_hint().unwrap_or(0));
        while let Some((key, value)) = map.next_entry::<T::Key, T::Value>()? {
            out.take_entry(key, value);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::Properties;
    use crate::card::Flags;

    /// Both types read through the one visitor: each entry by the type's rule, the last of a
    /// repeated key kept, and anything but an object refused saying what was expected.
    #[test]
    fn each_type_reads_entries_by_its_own_rule() {
        let props: Properties =
            serde_json::from_str(r#"{"b":"1","a":"x","b":"2","c":""}"#).unwrap();
        let read: Vec<(&str, &str)> = props.iter().collect();
        assert_eq!(read, [("a", "x"), ("b", "2")], "empty dropped, last kept");
        let flags: Flags =
            serde_json::from_str(r#"{"work":true,"home":true,"work":false}"#).unwrap();
        let read: Vec<(&str, &bool)> = flags.iter().collect();
        assert_eq!(
            read,
            [("home", &true), ("work", &false)],
            "sorted, last kept"
        );
        let refusals = [
            (
                serde_json::from_str::<Properties>("[]").unwrap_err(),
                "a map of string values",
            ),
            (
                serde_json::from_str::<Flags>("7").unwrap_err(),
                "an object of names mapped to true",
            ),
        ];
        for (err, expected) in refusals {
            assert!(err.to_string().contains(expected), "{expected}: {err}");
        }
    }
}
