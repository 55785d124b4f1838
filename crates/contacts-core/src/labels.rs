//! Labels: a set of user-chosen strings used to group contacts.

use compact_str::CompactString;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use smallvec::SmallVec;
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Labels(
    // Sorted and without duplicates (binary search to read, insertion in place to write): a
    // contact has a label or two, where a `BTreeSet` takes a whole node (~300 bytes) whatever
    // it holds. Listings and sync plans hold many contacts at once: the first label lives in
    // place (no allocation for a contact with one label, the common case), more go to the
    // heap, and a label up to 24 bytes is itself inline. The schema is the set's.
    #[schemars(with = "BTreeSet<String>")] SmallVec<[CompactString; 1]>,
);

impl Labels {
    /// No labels.
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, label: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|l| l.as_str().cmp(label))
    }

    /// Adds a label; returns whether it was new.
    pub fn insert(&mut self, label: impl Into<CompactString>) -> bool {
        let label = label.into();
        match self.find(&label) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, label);
                true
            }
        }
    }

    /// Removes a label; returns whether it was present.
    pub fn remove(&mut self, label: &str) -> bool {
        self.find(label).map(|at| self.0.remove(at)).is_ok()
    }

    /// Whether the label is present.
    pub fn contains(&self, label: &str) -> bool {
        self.find(label).is_ok()
    }

    /// Whether every label of `other` is also in `self` (the all-of filter).
    pub fn contains_all(&self, other: &Labels) -> bool {
        other.iter().all(|l| self.contains(l))
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
        self.0.iter().map(CompactString::as_str)
    }

    /// Sorted and without duplicates, from any list.
    fn from_vec(mut labels: SmallVec<[CompactString; 1]>) -> Self {
        labels.sort_unstable();
        labels.dedup();
        Self(labels)
    }
}

impl<'de> Deserialize<'de> for Labels {
    /// A list of strings; duplicates count once, order does not matter (as for a set).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        SmallVec::<[CompactString; 1]>::deserialize(deserializer).map(Labels::from_vec)
    }
}

impl<S: Into<CompactString>> FromIterator<S> for Labels {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        Self::from_vec(iter.into_iter().map(Into::into).collect())
    }
}

impl<S: Into<CompactString>> Extend<S> for Labels {
    fn extend<I: IntoIterator<Item = S>>(&mut self, iter: I) {
        for label in iter {
            self.insert(label);
        }
    }
}

impl IntoIterator for Labels {
    type Item = String;
    type IntoIter = std::iter::Map<std::vec::IntoIter<CompactString>, fn(CompactString) -> String>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_vec().into_iter().map(String::from)
    }
}

impl<'a> IntoIterator for &'a Labels {
    type Item = &'a str;
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, CompactString>, fn(&'a CompactString) -> &'a str>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(CompactString::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Inserting, removing and reading behave as a `BTreeSet` does, and so do building
        /// from a list and reading JSON (duplicates once, any order).
        #[test]
        fn behaves_as_a_set(ops in prop::collection::vec(("[a-d]{1,2}", any::<bool>()), 0..40)) {
            let (mut labels, mut model) = (Labels::new(), BTreeSet::new());
            for (label, add) in &ops {
                if *add {
                    prop_assert_eq!(labels.insert(label.clone()), model.insert(label.clone()));
                } else {
                    prop_assert_eq!(labels.remove(label), model.remove(label));
                }
                prop_assert_eq!(labels.contains(label), model.contains(label));
                prop_assert!(labels.iter().eq(model.iter().map(String::as_str)));
            }
            let all: Vec<&String> = ops.iter().map(|(l, _)| l).collect();
            let built: Labels = all.iter().map(|l| l.as_str()).collect();
            let json = serde_json::to_string(&all).unwrap();
            let read: Labels = serde_json::from_str(&json).unwrap();
            let set: BTreeSet<&String> = all.iter().copied().collect();
            prop_assert!(built.iter().eq(set.iter().map(|l| l.as_str())));
            prop_assert_eq!(&read, &built);
            prop_assert_eq!(serde_json::to_string(&read).unwrap(), serde_json::to_string(&set).unwrap());
            let first_half: Labels = all.iter().take(all.len() / 2).map(|l| l.as_str()).collect();
            prop_assert!(built.contains_all(&first_half));
            prop_assert_eq!(first_half.contains_all(&built), first_half.len() == built.len());
        }
    }
}
