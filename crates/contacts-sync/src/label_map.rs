//! Renaming labels between the two sides (`VIP` on the source is `Important` on the target).
//!
//! A label of a flat side (iP1's labels) and a category of a side that stores cards (vCard
//! CATEGORIES, JSContact `keywords`) are one thing to a sync already: a card's labels are its
//! keywords ([`Card::flat_labels`](contacts_core::card::Card::flat_labels)). So keeping an iP1
//! label and a CardDAV category in step needs only the renaming, applied both ways.

use crate::{Side, SyncError};
use contacts_core::Labels;

/// Source labels named otherwise on the target, and back again on the way to the source.
///
/// ```
/// use contacts_sync::{LabelMap, Side};
/// let map: LabelMap = "VIP=Important".parse()?;
/// assert_eq!(map.rename("VIP", Side::Source), Some("Important"));
/// assert_eq!(map.rename("Important", Side::Target), Some("VIP"));
/// assert_eq!(map.rename("Friends", Side::Source), Some("Friends"));
/// // The source's own "Important" would come back as "VIP": it is not carried.
/// assert_eq!(map.rename("Important", Side::Source), None);
/// # Ok::<_, contacts_sync::SyncError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelMap {
    pairs: Vec<(String, String)>,
}

impl LabelMap {
    /// An empty map: every label keeps its name.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `source_label` = `target_label`. Each label may be named once on each side; a
    /// second mapping of either name is refused, since it could not be read back.
    pub fn with(
        mut self,
        source_label: impl Into<String>,
        target_label: impl Into<String>,
    ) -> Result<Self, SyncError> {
        let (source, target) = (source_label.into(), target_label.into());
        let input = format!("{source}={target}");
        let error = |reason: String| SyncError::KeyMap {
            input: input.clone(),
            reason: format!("(a label mapping) {reason}"),
        };
        if source.trim().is_empty() || target.trim().is_empty() {
            return Err(error("both labels must be non-empty".into()));
        }
        if let Some((s, t)) = self
            .pairs
            .iter()
            .find(|(s, t)| *s == source || *t == target)
        {
            return Err(error(format!(
                "{s}={t} is mapped already: a label can be renamed one way only"
            )));
        }
        self.pairs.push((source, target));
        Ok(self)
    }

    /// Whether no label is renamed.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// A label of side `from` as the other side names it; `None` when it cannot be carried:
    /// the other side's name for a label of `from` that is itself mapped, so it would come
    /// back as another label.
    pub fn rename<'a>(&'a self, label: &'a str, from: Side) -> Option<&'a str> {
        let named = |pair: &'a (String, String)| match from {
            Side::Source => (pair.0.as_str(), pair.1.as_str()),
            Side::Target => (pair.1.as_str(), pair.0.as_str()),
        };
        if let Some((_, other)) = self.pairs.iter().map(named).find(|(own, _)| *own == label) {
            return Some(other);
        }
        let taken = self
            .pairs
            .iter()
            .map(named)
            .any(|(_, other)| other == label);
        (!taken).then_some(label)
    }

    /// `labels` of side `from` as the other side names them, and a note for each label that
    /// cannot be carried.
    pub(crate) fn carry(&self, labels: &Labels, from: Side) -> (Labels, Vec<String>) {
        if self.is_empty() {
            return (labels.clone(), Vec::new());
        }
        let mut out = Labels::new();
        let mut notes = Vec::new();
        for label in labels.iter() {
            match self.rename(label, from) {
                Some(renamed) => {
                    out.insert(renamed);
                }
                None => notes.push(format!(
                    "label {label:?} not carried: on the {} it stands for another label \
                     (--label-map); rename one of them",
                    from.other()
                )),
            }
        }
        (out, notes)
    }
}

impl std::str::FromStr for LabelMap {
    type Err = SyncError;

    /// One mapping, `SOURCE_LABEL=TARGET_LABEL`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (source, target) = s.split_once('=').ok_or_else(|| SyncError::KeyMap {
            input: s.to_owned(),
            reason: "(a label mapping) expected SOURCE_LABEL=TARGET_LABEL, such as VIP=Important"
                .to_owned(),
        })?;
        LabelMap::new().with(source.trim(), target.trim())
    }
}
