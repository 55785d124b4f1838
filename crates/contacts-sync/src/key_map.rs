//! Renaming keys between the two sides, for a target that stores only fixed keys, and
//! labels ([`LabelMap`]) between sides that name them differently.

use crate::rename_map::{RenameMap, Renamed};
use crate::{LabelMap, Side, SyncError};
use contacts_core::{Capabilities, Properties};
use std::str::FromStr;

/// Source keys renamed on the target (`email=custom1`), and back again on the way to the source;
/// with [`KeyMap::with_labels`], labels renamed too (one map of how the two sides name things,
/// so that every translation between them applies both).
///
/// Keys follow the rules of labels ([`LabelMap`]): a key is mapped once on each side
/// ([`KeyMap::with`] refuses a second mapping of either name), and a key of one side that the
/// other side uses for a mapped one is not carried (with `email=custom1`, the source's own
/// `custom1` would overwrite the target's `custom1`, the source's `email`, and come back as
/// `email`): the plan notes it on the contact.
///
/// ```
/// use contacts_sync::{KeyMap, Side};
/// let map: KeyMap = "email=custom1".parse()?;
/// assert_eq!(map.to_target("email"), "custom1");
/// assert_eq!(map.to_source("custom1"), "email");
/// assert_eq!(map.to_target("firstName"), "firstName");
/// assert_eq!(map.rename("email", Side::Source), Some("custom1"));
/// // The source's own "custom1" would come back as "email": it is not carried.
/// assert_eq!(map.rename("custom1", Side::Source), None);
/// // A key is renamed one way only.
/// assert!(map.with("nickname", "custom1").is_err());
/// # Ok::<_, contacts_sync::SyncError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyMap {
    keys: RenameMap,
    labels: LabelMap,
}

impl KeyMap {
    /// An empty map: every key keeps its name.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `source_key` = `target_key`. Each key may be named once on each side; a second
    /// mapping of either name is refused ([`SyncError::KeyMap`]), since it could not be read
    /// back.
    pub fn with(
        mut self,
        source_key: impl Into<String>,
        target_key: impl Into<String>,
    ) -> Result<Self, SyncError> {
        self.keys = self.keys.with(source_key, target_key, Renamed::Keys)?;
        Ok(self)
    }

    /// Adds every key mapping of `other` (its labels replace these if it renames any); refused,
    /// leaving this map as it was, when it maps a key mapped here already.
    pub fn extend(&mut self, other: KeyMap) -> Result<(), SyncError> {
        self.keys = self.keys.extended(&other.keys, Renamed::Keys)?;
        if !other.labels.is_empty() || other.labels.book().is_some() {
            self.labels = other.labels;
        }
        Ok(())
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

    /// The target's name for a source key (the key itself if unmapped): the name only, not
    /// whether the key can be carried ([`KeyMap::rename`]).
    pub fn to_target<'a>(&'a self, key: &'a str) -> &'a str {
        self.keys.name_on_other(key, Side::Source)
    }

    /// The source's name for a target key (the key itself if unmapped): the name only, not
    /// whether the key can be carried ([`KeyMap::rename`]).
    pub fn to_source<'a>(&'a self, key: &'a str) -> &'a str {
        self.keys.name_on_other(key, Side::Target)
    }

    /// A key of side `from` as the other side names it; `None` when it cannot be carried: the
    /// other side's name for a key of `from` that is itself mapped, so it would overwrite that
    /// one there and come back as it.
    pub fn rename<'a>(&'a self, key: &'a str, from: Side) -> Option<&'a str> {
        self.keys.rename(key, from)
    }

    /// The note on a key of side `from` that [`KeyMap::rename`] does not carry.
    pub(crate) fn not_carried(key: &str, from: Side) -> String {
        RenameMap::not_carried(key, from, Renamed::Keys)
    }

    /// `props` of side `from` as the other side names them, keeping only the keys `to` can
    /// store; the keys left out (as `from` names them) come second: those `to` cannot store,
    /// and those that cannot be carried ([`KeyMap::rename`] is `None`).
    pub fn translate(
        &self,
        props: &Properties,
        from: Side,
        to: &Capabilities,
    ) -> (Properties, Vec<String>) {
        let mut out = Properties::new();
        let mut dropped = Vec::new();
        for (key, value) in props.iter() {
            match self.rename(key, from) {
                Some(renamed) if to.keys.allows(renamed) => {
                    out.set(renamed, value);
                }
                _ => dropped.push(key.to_owned()),
            }
        }
        (out, dropped)
    }
}

impl FromStr for KeyMap {
    type Err = SyncError;

    /// One mapping, `SOURCE_KEY=TARGET_KEY`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(KeyMap {
            keys: RenameMap::parse(s, Renamed::Keys)?,
            labels: LabelMap::default(),
        })
    }
}
