//! iP1's contact document on the wire, and its translation to and from the neutral model.

use contacts_core::{Contact, ContactId, Labels, Metadata, NewContact, Properties};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The label iP1 puts on every contact; hidden on read, never sent.
pub const SYSTEM_LABEL: &str = "all";

/// A contact as iP1 sends it. Everything but `id` is optional so an unexpected answer is read
/// as far as it goes.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireContact {
    id: String,
    #[serde(default)]
    owner_id: Option<String>,
    #[serde(default)]
    properties: BTreeMap<String, Value>,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    metadata: Option<BTreeMap<String, BTreeMap<String, Value>>>,
}

fn text(value: Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s),
        Value::Null => None,
        // Documented as strings only; anything else is kept as its JSON text, not dropped.
        other => Some(other.to_string()),
    }
}

impl WireContact {
    /// The neutral contact: `all` hidden, `""` values dropped, metadata kept when present.
    pub fn into_contact(self) -> Contact {
        let properties: Properties = self
            .properties
            .into_iter()
            .filter_map(|(k, v)| Some((k, text(v)?)))
            .collect();
        let labels: Labels = self
            .labels
            .into_iter()
            .filter(|l| l != SYSTEM_LABEL)
            .collect();
        let metadata = self.metadata.map(|meta| {
            Metadata::from(
                meta.into_iter()
                    .map(|(p, fields)| {
                        (
                            p,
                            fields
                                .into_iter()
                                .filter_map(|(f, v)| Some((f, text(v)?)))
                                .collect(),
                        )
                    })
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
        }
    }
}

/// A document to write (POST item or PUT body).
#[derive(Debug, Serialize)]
pub struct WireDoc<'a> {
    properties: &'a BTreeMap<String, String>,
    labels: Vec<&'a str>,
}

impl<'a> WireDoc<'a> {
    /// From a neutral document.
    pub fn new(doc: &'a NewContact) -> Self {
        Self {
            properties: doc.properties.as_map(),
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
