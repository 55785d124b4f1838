//! Renaming keys between the two sides, for a target that stores only fixed keys.

use crate::{Side, SyncError};
use contacts_core::{Capabilities, Properties};
use std::str::FromStr;

/// Source keys renamed on the target (`email=custom1`), and back again on the way to the source.
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

    /// Adds every mapping of `other`.
    pub fn extend(&mut self, other: KeyMap) {
        self.pairs.extend(other.pairs);
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
