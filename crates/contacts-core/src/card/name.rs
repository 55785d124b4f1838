//! A person's name (RFC 9553 §2.2.1, `Name`) with all of its components.

use super::entries::Extra;
use compact_str::CompactString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One component of a name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NameComponent {
    /// `given`, `given2` (middle), `surname`, `surname2`, `title` (prefix), `credential`
    /// (suffix), `generation` or `separator`.
    #[schemars(with = "String")]
    pub kind: CompactString,
    /// The value.
    pub value: String,
    /// Everything else (phonetic forms, ...), kept as written.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A name: components in order, and the full name as the person writes it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Name {
    /// The components, in the order written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<NameComponent>,
    /// The whole name for display (vCard `FN`).
    pub full: Option<String>,
    /// Everything else (`isOrdered`, `sortAs`, ...), kept as written.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Name {
    /// The component kinds of vCard's five `N` fields, in their order (RFC 6350 §6.2.2:
    /// family name, given name, additional names, prefixes, suffixes); RFC 9554 adds two
    /// more fields after them (`surname2`, `generation`).
    pub const N_FIELDS: [&'static str; 5] = ["surname", "given", "given2", "title", "credential"];

    /// The value of the first component of `kind`.
    pub fn component(&self, kind: &str) -> Option<&str> {
        self.components
            .iter()
            .find(|c| c.kind == kind)
            .map(|c| c.value.as_str())
    }

    /// Sets the first component of `kind` to `value` (added if there is none; given names go
    /// before surnames), or removes it when `value` is `None`.
    pub fn set_component(&mut self, kind: &str, value: Option<&str>) {
        let at = self.components.iter().position(|c| c.kind == kind);
        match (at, value) {
            (Some(at), Some(value)) => value.clone_into(&mut self.components[at].value),
            (Some(at), None) => {
                self.components.remove(at);
            }
            (None, Some(value)) => {
                let component = NameComponent {
                    kind: kind.into(),
                    value: value.to_owned(),
                    extra: Extra::new(),
                };
                // In the order of vCard's `N` (surname, given, additional, prefix, suffix), so
                // a name made here is written without `JSCOMPS` and reads back the same.
                let rank = |kind: &str| {
                    Self::N_FIELDS
                        .iter()
                        .position(|k| *k == kind)
                        .unwrap_or(Self::N_FIELDS.len())
                };
                let at = self
                    .components
                    .iter()
                    .position(|c| rank(&c.kind) > rank(kind))
                    .unwrap_or(self.components.len());
                self.components.insert(at, component);
            }
            (None, None) => {}
        }
    }

    /// The name as a person reads it: the full name as written, else [`Name::joined`]; `None`
    /// when it has neither. [`Card::display_name`](super::Card::display_name) falls back from
    /// it to the card's other properties.
    ///
    /// Separators (components of kind `separator`) are not words of the name, so a name
    /// written with them reads as one without:
    ///
    /// ```
    /// use contacts_core::card::{Name, NameComponent};
    /// let part = |kind: &str, value: &str| NameComponent {
    ///     kind: kind.into(),
    ///     value: value.into(),
    ///     ..Default::default()
    /// };
    /// let mut name = Name {
    ///     components: vec![part("given", "Ada"), part("separator", " "), part("surname", "Lovelace")],
    ///     ..Default::default()
    /// };
    /// assert_eq!(name.display_name().as_deref(), Some("Ada Lovelace"));
    /// name.full = Some("Augusta Ada King".into());
    /// assert_eq!(name.display_name().as_deref(), Some("Augusta Ada King"));
    /// ```
    pub fn display_name(&self) -> Option<String> {
        self.full.clone().or_else(|| self.joined())
    }

    /// The given and family names joined, as a display name when none is written.
    pub fn joined(&self) -> Option<String> {
        let parts: Vec<&str> = [
            "title",
            "given",
            "given2",
            "surname",
            "surname2",
            "credential",
        ]
        .iter()
        .filter_map(|kind| self.component(kind))
        .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}
