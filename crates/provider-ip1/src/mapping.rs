//! iP1's contact document on the wire, and its translation to and from the neutral model.

use compact_str::{CompactString, ToCompactString};
use contacts_core::{Contact, ContactId, Labels, Metadata, NewContact, Properties};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::marker::PhantomData;

/// The label iP1 puts on every contact; hidden on read, never sent.
pub const SYSTEM_LABEL: &str = "all";

/// A contact as iP1 sends it. Everything but `id` is optional so an unexpected answer is read
/// as far as it goes.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireContact {
    id: CompactString,
    #[serde(default)]
    owner_id: Option<CompactString>,
    #[serde(default, deserialize_with = "text_map")]
    properties: Properties,
    #[serde(default, deserialize_with = "user_labels")]
    labels: Labels,
    #[serde(default)]
    metadata: Option<BTreeMap<String, BTreeMap<String, Text>>>,
}

/// A value documented as a string. Anything else is kept as its JSON text rather than dropped
/// or refused; `null` is no value. Decoded without an intermediate `serde_json::Value`, and
/// without an allocation when up to 24 bytes (see `CompactString`).
#[derive(Debug)]
struct Text(Option<CompactString>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E>(self, v: &str) -> Result<Text, E> {
                Ok(Text(Some(v.into())))
            }
            fn visit_string<E>(self, v: String) -> Result<Text, E> {
                Ok(Text(Some(v.into())))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Text, E> {
                Ok(Text(Some(v.to_compact_string())))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Text, E> {
                Ok(Text(Some(v.to_compact_string())))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Text, E> {
                Ok(Text(Some(v.to_compact_string())))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Text, E> {
                Ok(Text(Some(Value::from(v).to_string().into())))
            }
            fn visit_unit<E>(self) -> Result<Text, E> {
                Ok(Text(None))
            }
            fn visit_none<E>(self) -> Result<Text, E> {
                Ok(Text(None))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Text, A::Error> {
                let v = Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
                Ok(Text(Some(v.to_string().into())))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Text, A::Error> {
                let v = Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Text(Some(v.to_string().into())))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Properties of documented-string values, built in one pass (no intermediate map); `""` is
/// no value, as everywhere.
fn text_map<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Properties, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Properties;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object of string values")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut access: A,
        ) -> Result<Self::Value, A::Error> {
            let mut properties = Properties::new();
            while let Some((key, Text(value))) = access.next_entry::<CompactString, Text>()? {
                if let Some(value) = value {
                    properties.set(key, value);
                }
            }
            Ok(properties)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Properties::new())
        }
    }
    deserializer.deserialize_any(Visitor)
}

/// The labels without [`SYSTEM_LABEL`], which is skipped as it is read (never allocated).
/// Anything but an array of strings is refused, as for any `Labels`.
fn user_labels<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Labels, D::Error> {
    /// One label; `None` for the system label.
    struct Label(Option<CompactString>);
    impl<'de> Deserialize<'de> for Label {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl serde::de::Visitor<'_> for Visitor {
                type Value = Label;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a string")
                }
                fn visit_str<E>(self, v: &str) -> Result<Label, E> {
                    Ok(Label((v != SYSTEM_LABEL).then(|| v.into())))
                }
                fn visit_string<E>(self, v: String) -> Result<Label, E> {
                    Ok(Label((v != SYSTEM_LABEL).then(|| v.into())))
                }
            }
            deserializer.deserialize_str(Visitor)
        }
    }
    deserializer.deserialize_seq(FoldSeq::new(
        "a sequence of strings",
        |_| Labels::new(),
        |labels: &mut Labels, Label(label)| {
            if let Some(label) = label {
                labels.insert(label);
            }
        },
    ))
}

/// A visitor that folds the elements of a sequence into one value as each is read (no
/// intermediate list of wire values): how a label array and a page of contacts are read.
struct FoldSeq<S, F, E> {
    /// What the sequence holds, for the error when something else comes.
    expecting: &'static str,
    /// The empty value, given the sequence's size hint.
    start: S,
    /// Adds one element to the value.
    step: F,
    element: PhantomData<fn() -> E>,
}

impl<S, F, E> FoldSeq<S, F, E> {
    fn new<T>(expecting: &'static str, start: S, step: F) -> Self
    where
        S: FnOnce(Option<usize>) -> T,
        F: FnMut(&mut T, E),
    {
        Self {
            expecting,
            start,
            step,
            element: PhantomData,
        }
    }
}

impl<'de, T, S, F, E> serde::de::Visitor<'de> for FoldSeq<S, F, E>
where
    S: FnOnce(Option<usize>) -> T,
    F: FnMut(&mut T, E),
    E: Deserialize<'de>,
{
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<T, A::Error> {
        let mut value = (self.start)(seq.size_hint());
        while let Some(element) = seq.next_element()? {
            (self.step)(&mut value, element);
        }
        Ok(value)
    }
}

fn texts(map: BTreeMap<String, Text>) -> BTreeMap<String, String> {
    map.into_iter()
        .filter_map(|(k, Text(v))| Some((k, v?.into())))
        .collect()
}

impl WireContact {
    /// The neutral contact: `all` hidden (skipped on reading), `""` values dropped, metadata kept when present.
    pub fn into_contact(self) -> Contact {
        let properties = self.properties;
        let labels = self.labels;
        let metadata = self.metadata.map(|meta| {
            Metadata::from(
                meta.into_iter()
                    .map(|(p, fields)| (p, texts(fields)))
                    .collect::<BTreeMap<_, _>>(),
            )
        });
        Contact {
            id: ContactId::new(self.id),
            owner_id: self.owner_id,
            properties,
            labels,
            metadata,
            address_book: None,
            card: None,
        }
    }
}

/// A list answer read straight into neutral contacts (each converted as it is read, with no
/// intermediate list of wire documents).
#[derive(Debug)]
pub struct WirePage(pub Vec<Contact>);

impl<'de> Deserialize<'de> for WirePage {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(FoldSeq::new(
            "a sequence of contacts",
            |hint| WirePage(Vec::with_capacity(hint.unwrap_or(0).min(1000))),
            |page: &mut WirePage, wire: WireContact| page.0.push(wire.into_contact()),
        ))
    }
}

/// A document to write (POST item or PUT body).
#[derive(Debug, Serialize)]
pub struct WireDoc<'a> {
    properties: &'a Properties,
    labels: Vec<&'a str>,
}

impl<'a> WireDoc<'a> {
    /// From a neutral document.
    pub fn new(doc: &'a NewContact) -> Self {
        Self {
            properties: &doc.properties,
            labels: doc.labels.iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_the_system_label_and_reads_metadata_strings() {
        let wire: WireContact = serde_json::from_str(
            r#"{"id":"606312a5d233ab8484e18404","ownerId":"ip1-XXXXX","properties":{"firstName":" Icarus","email":"","n":5},
                "metadata":{"phoneNumber":{"isBlocked":"false"}},"labels":["Coworker","all"]}"#,
        )
        .unwrap();
        let c = wire.into_contact();
        assert_eq!(c.labels.iter().collect::<Vec<_>>(), vec!["Coworker"]);
        assert_eq!(c.properties.first_name(), Some(" Icarus"));
        assert_eq!(c.properties.email(), None);
        assert_eq!(c.properties.get("n"), Some("5"));
        assert_eq!(c.metadata.unwrap().phone().unwrap().blocked, Some(false));
    }
}
