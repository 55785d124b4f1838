//! Renaming labels between the two sides (`VIP` on the source is `Important` on the target).
//!
//! A label of a flat side (iP1's labels) and a category of a side that stores cards (vCard
//! CATEGORIES, JSContact `keywords`) are one thing to a sync already: a card's labels are its
//! keywords ([`Card::flat_labels`](contacts_core::card::Card::flat_labels)). So keeping an iP1
//! label and a CardDAV category in step needs only the renaming, applied both ways.

use crate::rename_map::{RenameMap, Renamed};
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
    names: RenameMap,
    book: Option<LabelBook>,
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
        self.names = self
            .names
            .with(source_label, target_label, Renamed::Labels)?;
        Ok(self)
    }

    /// Whether no label is renamed (a [`LabelBook`] aside).
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The same map, with `book`'s label standing for the other side's address book: only
    /// that side's contacts with the label take part, the label is not carried to the book
    /// side, and it is added to what comes back from there. Refused when the label is also
    /// renamed (`--label-map`), or a book label is set already: either would make the book's
    /// label two things.
    ///
    /// ```
    /// use contacts_sync::{LabelBook, LabelMap};
    /// let map = LabelMap::new().with_book("source:VIP".parse::<LabelBook>()?)?;
    /// assert_eq!(map.book().map(|b| b.label.as_str()), Some("VIP"));
    /// # Ok::<_, contacts_sync::SyncError>(())
    /// ```
    pub fn with_book(mut self, book: LabelBook) -> Result<Self, SyncError> {
        let error = |reason: String| SyncError::KeyMap {
            input: book.to_string(),
            reason: format!("(--label-book) {reason}"),
        };
        if let Some(old) = &self.book {
            return Err(error(format!(
                "{old} is given already: one label stands for the book"
            )));
        }
        if let Some((s, t)) = self.names.mapping(&book.label, book.side) {
            return Err(error(format!(
                "{s}={t} renames the book's label; the book itself stands for it on the other \
                 side: drop one of them"
            )));
        }
        self.book = Some(book);
        Ok(self)
    }

    /// The label standing for the other side's address book, if any.
    pub fn book(&self) -> Option<&LabelBook> {
        self.book.as_ref()
    }

    /// The label a contact of `side` must carry to take part in the sync, if any.
    pub fn scope(&self, side: Side) -> Option<&str> {
        self.book
            .as_ref()
            .filter(|b| b.side == side)
            .map(|b| b.label.as_str())
    }

    /// Whether `label` of side `from` is left behind as the book's label (not carried, and
    /// not noted: on the other side the book is the label).
    pub(crate) fn is_book_label(&self, label: &str, from: Side) -> bool {
        self.scope(from) == Some(label)
    }

    /// A label of side `from` as the other side names it; `None` when it cannot be carried:
    /// the other side's name for a label of `from` that is itself mapped, so it would come
    /// back as another label.
    pub fn rename<'a>(&'a self, label: &'a str, from: Side) -> Option<&'a str> {
        self.names.rename(label, from)
    }

    /// `labels` of side `from` as the other side names them, and a note for each label that
    /// cannot be carried.
    /// The book's label is not carried from its side, and is added to what comes from the
    /// book side.
    pub(crate) fn carry(&self, labels: &Labels, from: Side) -> (Labels, Vec<String>) {
        if self.is_empty() && self.book.is_none() {
            return (labels.clone(), Vec::new());
        }
        let mut out = Labels::new();
        let mut notes = Vec::new();
        if let Some(label) = self.scope(from.other()) {
            out.insert(label);
        }
        for label in labels.iter().filter(|l| !self.is_book_label(l, from)) {
            match self.rename(label, from) {
                Some(renamed) => {
                    out.insert(renamed);
                }
                None => notes.push(RenameMap::not_carried(label, from, Renamed::Labels)),
            }
        }
        (out, notes)
    }
}

impl std::str::FromStr for LabelMap {
    type Err = SyncError;

    /// One mapping, `SOURCE_LABEL=TARGET_LABEL`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(LabelMap {
            names: RenameMap::parse(s, Renamed::Labels)?,
            book: None,
        })
    }
}

/// A label of one side that is the other side's address book (`--label-book source:VIP`): the
/// side of the label is listed with it as a filter, the other side is one address book (a
/// provider scoped to it, such as an Atom book profile).
///
/// ```
/// use contacts_sync::{LabelBook, Side};
/// let book: LabelBook = "target:VIP".parse()?;
/// assert_eq!((book.side, book.label.as_str()), (Side::Target, "VIP"));
/// assert_eq!(book.to_string(), "target:VIP");
/// # Ok::<_, contacts_sync::SyncError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelBook {
    /// The side whose contacts carry the label.
    pub side: Side,
    /// The label: on the other side, the address book is it.
    pub label: String,
}

impl std::fmt::Display for LabelBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.side, self.label)
    }
}

impl std::str::FromStr for LabelBook {
    type Err = SyncError;

    /// `source:LABEL` (the source's label, the target's book) or `target:LABEL`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = |reason: &str| SyncError::KeyMap {
            input: s.to_owned(),
            reason: format!("(--label-book) {reason}"),
        };
        let (side, label) = s.split_once(':').ok_or_else(|| {
            error("expected source:LABEL or target:LABEL, such as source:VIP (VIP on the source is the target's book)")
        })?;
        let side = match side.trim() {
            "source" => Side::Source,
            "target" => Side::Target,
            _ => return Err(error("the side before ':' must be source or target")),
        };
        let label = label.trim();
        if label.is_empty() {
            return Err(error("the label after ':' must be non-empty"));
        }
        Ok(LabelBook {
            side,
            label: label.to_owned(),
        })
    }
}
