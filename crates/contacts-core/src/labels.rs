//! Labels: a set of user-chosen strings used to group contacts.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A set of labels. Order never matters and a label appears at most once.
///
/// System labels (such as iP1's `all`, which the vendor puts on every contact) are never part
/// of this set: providers hide them on read and never send them.
///
/// ```
/// use contacts_core::Labels;
/// let labels: Labels = ["Sales", "Coworker", "Sales"].into_iter().collect();
/// assert_eq!(labels.len(), 2);
/// assert!(labels.contains("Sales"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Labels(BTreeSet<String>);

impl Labels {
    /// No labels.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a label; returns whether it was new.
    pub fn insert(&mut self, label: impl Into<String>) -> bool {
        self.0.insert(label.into())
    }

    /// Removes a label; returns whether it was present.
    pub fn remove(&mut self, label: &str) -> bool {
        self.0.remove(label)
    }

    /// Whether the label is present.
    pub fn contains(&self, label: &str) -> bool {
        self.0.contains(label)
    }

    /// Whether every label of `other` is also in `self` (the all-of filter).
    pub fn contains_all(&self, other: &Labels) -> bool {
        self.0.is_superset(&other.0)
    }

    /// Number of labels.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Labels in sorted order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

impl<S: Into<String>> FromIterator<S> for Labels {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        Self(iter.into_iter().map(Into::into).collect())
    }
}

impl<S: Into<String>> Extend<S> for Labels {
    fn extend<I: IntoIterator<Item = S>>(&mut self, iter: I) {
        self.0.extend(iter.into_iter().map(Into::into));
    }
}

impl IntoIterator for Labels {
    type Item = String;
    type IntoIter = std::collections::btree_set::IntoIter<String>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Labels {
    type Item = &'a String;
    type IntoIter = std::collections::btree_set::Iter<'a, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}
