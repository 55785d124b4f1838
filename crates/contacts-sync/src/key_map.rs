//! Renaming keys between the two sides, for a target that stores only fixed keys, and
//! labels ([`LabelMap`]) between sides that name them differently.

use crate::{LabelMap, Side, SyncError};
use contacts_core::{Capabilities, Properties};
use std::str::FromStr;

/// Source keys renamed on the target (`email=custom1`), and back again on the way to the source;
/// with [`KeyMap::with_labels`], labels renamed too (one map of how the two sides name things,
/// so that every translation between them applies both).
///
/// ```
/// use contacts_sync::KeyMap;
/// let map: KeyMap = "email=custom1".parse()?;
/// assert_eq!(map.to_target("email"), "custom1");
/// assert_eq!(map.to_source("custom1"), "email");
/// assert_eq!(map.to_target("firstName"), "firstName");
/// # Ok::<_, contacts_sync::SyncError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyMap {
    pairs: Vec<(String, String)>,
    labels: LabelMap,
}

impl KeyMap {
    /// An empty map: every key keeps its name.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `source_key` = `target_key`.
    #[must_use]
    pub fn with(mut self, source_key: impl Into<String>, target_key: impl Into<String>) -> Self {
        self.pairs.push((source_key.into(), target_key.into()));
        self
    }

    /// Adds every key mapping of `other` (its labels replace these if it renames any).
    pub fn extend(&mut self, other: KeyMap) {
        self.pairs.extend(other.pairs);
        if !other.labels.is_empty() || other.labels.book().is_some() {
            self.labels = other.labels;
        }
    }

    /// The same map, renaming labels as `labels` says.
    ///
    /// ```
    /// use contacts_sync::{KeyMap, LabelMap, Side};
    /// let map = KeyMap::new().with_labels(LabelMap::new().with("VIP", "Important")?);
    /// assert_eq!(map.labels().rename("VIP", Side::Source), Some("Important"));
    /// # Ok::<_, contacts_sync::SyncError>(())
    /// ```
    #[must_use]
    pub fn with_labels(mut self, labels: LabelMap) -> Self {
        self.labels = labels;
        self
    }

    /// How labels are renamed.
    pub fn labels(&self) -> &LabelMap {
        &self.labels
    }

    /// The target's name for a source key.
    pub fn to_target<'a>(&'a self, key: &'a str) -> &'a str {
        self.pairs
            .iter()
            .find(|(s, _)| s == key)
            .map_or(key, |(_, t)| t.as_str())
    }

    /// The source's name for a target key.
    pub fn to_source<'a>(&'a self, key: &'a str) -> &'a str {
        self.pairs
            .iter()
            .find(|(_, t)| t == key)
            .map_or(key, |(s, _)| s.as_str())
    }

    /// A key of side `from` named for the other side.
    pub fn rename<'a>(&'a self, key: &'a str, from: Side) -> &'a str {
        match from {
            Side::Source => self.to_target(key),
            Side::Target => self.to_source(key),
        }
    }

    /// `props` of side `from` as the other side names them, keeping only the keys `to` can
    /// store; the keys it cannot store (as `from` names them) come second.
    pub fn translate(
        &self,
        props: &Properties,
        from: Side,
        to: &Capabilities,
    ) -> (Properties, Vec<String>) {
        let mut out = Properties::new();
        let mut dropped = Vec::new();
        for (key, value) in props.iter() {
            let renamed = self.rename(key, from);
            if to.keys.allows(renamed) {
                out.set(renamed, value);
            } else {
                dropped.push(key.to_owned());
            }
        }
        (out, dropped)
    }
}

impl FromStr for KeyMap {
    type Err = SyncError;

    /// One mapping, `SOURCE_KEY=TARGET_KEY`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = |reason: &str| SyncError::KeyMap {
            input: s.to_owned(),
            reason: reason.to_owned(),
        };
        let (source, target) = s
            .split_once('=')
            .ok_or_else(|| error("expected SOURCE_KEY=TARGET_KEY, such as email=custom1"))?;
        let (source, target) = (source.trim(), target.trim());
        if source.is_empty() || target.is_empty() {
            return Err(error("both keys must be non-empty"));
        }
        Ok(KeyMap::new().with(source, target))
    }
}
