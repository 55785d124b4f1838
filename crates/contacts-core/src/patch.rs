//! Partial updates with three states per property.

use crate::properties::is_no_value;
use crate::{Card, Contact, Labels, NewContact};
use compact_str::CompactString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A partial update.
///
/// Each property key is in one of three states: **absent** from `properties` (untouched),
/// present as `null` (removed) or present with a value (set). Labels are changed through sets
/// of labels to add and to remove, so other labels are never touched.
///
/// In JSON: `{"properties":{"email":"a@b.c","company":null},"addLabels":["VIP"],"removeLabels":[]}`.
///
/// ```
/// use contacts_core::ContactPatch;
/// let patch = ContactPatch::new().set("email", "a@b.c").remove("company").add_label("VIP");
/// let json = serde_json::to_value(&patch).unwrap();
/// assert_eq!(json["properties"]["company"], serde_json::Value::Null);
/// assert_eq!(json["properties"]["email"], "a@b.c");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContactPatch {
    /// Key → `Some(value)` to set, `None` (JSON `null`) to remove. Keys not present are left
    /// untouched. Setting `""` removes, because an empty string is no value.
    // (This doc is also the JSON Schema's description; in Rust, read the changes through
    // `ContactPatch::changes`, which applies that rule.)
    #[serde(default)]
    pub properties: BTreeMap<String, Option<String>>,
    /// Labels to add.
    #[serde(default, skip_serializing_if = "Labels::is_empty")]
    pub add_labels: Labels,
    /// Labels to remove.
    #[serde(default, skip_serializing_if = "Labels::is_empty")]
    pub remove_labels: Labels,
    /// A whole card to put in place of the contact's card (absent: the card is kept), for
    /// providers that store cards. The property and label changes apply on top of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<Box<Card>>,
}

impl ContactPatch {
    /// A patch that changes nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// A patch that sets every property of `contact` and adds every label it has, leaving the
    /// stored contact's other properties and labels alone: what an upsert or an import does to
    /// the contact it matched. The card is not carried; set [`card`](Self::card) as well to
    /// put it in place of the stored one.
    ///
    /// ```
    /// use contacts_core::{ContactPatch, NewContact};
    /// let doc = NewContact::new().property("firstName", "Ada").label("VIP");
    /// let patch = ContactPatch::merging(&doc);
    /// assert_eq!(patch, ContactPatch::new().set("firstName", "Ada").add_label("VIP"));
    /// ```
    pub fn merging(contact: &NewContact) -> Self {
        let set = |(key, value): (&str, &str)| (key.to_owned(), Some(value.to_owned()));
        Self {
            properties: contact.properties.iter().map(set).collect(),
            add_labels: contact.labels.clone(),
            ..Self::new()
        }
    }

    /// Sets `key` to `value` (an empty value removes the key).
    #[must_use]
    pub fn set(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let value: String = value.into();
        let value = (!is_no_value(&value)).then_some(value);
        self.properties.insert(key.into(), value);
        self
    }

    /// Removes `key`.
    #[must_use]
    pub fn remove(mut self, key: impl Into<String>) -> Self {
        self.properties.insert(key.into(), None);
        self
    }

    /// Adds a label.
    #[must_use]
    pub fn add_label(mut self, label: impl Into<CompactString>) -> Self {
        self.add_labels.insert(label);
        self
    }

    /// Removes a label.
    #[must_use]
    pub fn remove_label(mut self, label: impl Into<CompactString>) -> Self {
        self.remove_labels.insert(label);
        self
    }

    /// Each key the patch changes with its new value, in key order: `None` where the patch
    /// removes the key, with `null` or with `""` (an empty string is no value). This is how
    /// [`apply_to`](Self::apply_to) and [`validate::patch`](crate::validate::patch) read a
    /// patch; an adapter that writes one to its vendor reads it the same way.
    ///
    /// ```
    /// use contacts_core::ContactPatch;
    /// let json = r#"{"properties":{"company":null,"email":"","firstName":" Ada"}}"#;
    /// let patch: ContactPatch = serde_json::from_str(json).unwrap();
    /// let changes: Vec<_> = patch.changes().collect();
    /// assert_eq!(changes, [("company", None), ("email", None), ("firstName", Some(" Ada"))]);
    /// ```
    pub fn changes(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.properties.iter().map(|(key, value)| {
            let value = value.as_deref().filter(|v| !is_no_value(v));
            (key.as_str(), value)
        })
    }

    /// Whether the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        self.properties.is_empty()
            && self.add_labels.is_empty()
            && self.remove_labels.is_empty()
            && self.card.is_none()
    }

    /// Applies the patch to `contact` in place: the reference semantics every provider must
    /// reproduce. Removals of labels happen after additions, so a label in both sets ends up
    /// removed. A contact with a card gets the changes in its card (see
    /// [`Card::set_property`]), and its properties and labels are the card's flat view after.
    ///
    /// ```
    /// use contacts_core::{Contact, ContactId, ContactPatch, NewContact};
    /// let mut c = Contact { id: ContactId::new("1"), owner_id: None,
    ///     properties: NewContact::new().property("a", "1").property("b", "2").properties,
    ///     labels: ["x"].into_iter().collect(), metadata: None, address_book: None, card: None };
    /// ContactPatch::new().remove("a").set("c", "3").add_label("y").apply_to(&mut c);
    /// assert_eq!(c.properties.get("a"), None);
    /// assert_eq!(c.properties.get("b"), Some("2"));
    /// assert_eq!(c.properties.get("c"), Some("3"));
    /// assert!(c.labels.contains("x") && c.labels.contains("y"));
    /// ```
    pub fn apply_to(&self, contact: &mut Contact) {
        if let Some(card) = &self.card {
            contact.card = Some(card.clone());
        }
        for (key, value) in self.changes() {
            match value {
                Some(value) => {
                    contact.properties.set(key, value);
                }
                None => {
                    contact.properties.remove(key);
                }
            }
        }
        contact.labels.extend(self.add_labels.iter());
        for label in &self.remove_labels {
            contact.labels.remove(label);
        }
        if let Some(card) = &mut contact.card {
            if self.card.is_some() {
                // The new card's own keywords, changed by this patch's label edits.
                self.apply_to_card(card);
                contact.labels = card.flat_labels();
            } else {
                for (key, value) in self.changes() {
                    card.set_property(key, value);
                }
                card.set_labels(&contact.labels);
            }
            contact.properties = card.flat_properties();
        }
    }

    /// Applies the property and label edits (not [`card`](Self::card)) to `card` itself, its
    /// keywords being its labels: how a flat patch lands in the card a side keeps.
    ///
    /// ```
    /// use contacts_core::{Card, ContactPatch};
    /// let mut card = Card::new();
    /// card.set_property("email", Some("ada@example.org"));
    /// ContactPatch::new()
    ///     .set("firstName", "Ada")
    ///     .remove("email")
    ///     .add_label("VIP")
    ///     .apply_to_card(&mut card);
    /// assert_eq!(card.flat_properties().get("firstName"), Some("Ada"));
    /// assert!(card.emails.is_empty());
    /// assert!(card.flat_labels().contains("VIP"));
    /// ```
    pub fn apply_to_card(&self, card: &mut Card) {
        for (key, value) in self.changes() {
            card.set_property(key, value);
        }
        let mut labels = card.flat_labels();
        labels.extend(self.add_labels.iter());
        for label in &self.remove_labels {
            labels.remove(label);
        }
        card.set_labels(&labels);
    }
}
