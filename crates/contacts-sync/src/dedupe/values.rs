//! The values a merge carries into the kept contact and those it cannot keep, as plans list
//! them.
//!
//! Why a module of its own: both the flat and the card merge record values the same way, and
//! the display must show the same words for both.

use contacts_core::ContactId;
use serde::Serialize;

/// One value of a merged-away contact: carried into the kept contact, or not kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldValue {
    /// The contact it comes from.
    pub from: ContactId,
    /// What it is: a property key (`email`), `label`, or a card part (`phone`, `address`).
    pub field: String,
    /// The value as a person reads it (long values such as inline photos shortened).
    pub value: String,
}

/// What a merge found, value by value.
#[derive(Default)]
pub(super) struct Values {
    pub(super) added: Vec<FieldValue>,
    pub(super) not_kept: Vec<FieldValue>,
}

impl Values {
    pub(super) fn add(&mut self, from: &ContactId, field: &str, value: &str) {
        self.added.push(value_of(from, field, value));
    }

    pub(super) fn lose(&mut self, from: &ContactId, field: &str, value: &str) {
        self.not_kept.push(value_of(from, field, value));
    }

    /// A field a card holds at most once: `theirs` fills `mine` where the kept card has
    /// none, and is not kept where it has another.
    pub(super) fn single(
        &mut self,
        mine: &mut Option<String>,
        theirs: Option<&String>,
        from: &ContactId,
        field: &str,
    ) {
        match (mine.as_ref(), theirs) {
            (None, Some(value)) => {
                *mine = Some(value.clone());
                self.add(from, field, value);
            }
            (Some(kept), Some(value)) if kept != value => self.lose(from, field, value),
            _ => {}
        }
    }
}

/// Values longer than this are shortened in plans (an inline photo is a data: URI of
/// megabytes).
const SHOWN_CHARS: usize = 80;

fn value_of(from: &ContactId, field: &str, value: &str) -> FieldValue {
    let value = match value.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => format!("{}… ({} bytes)", &value[..cut], value.len()),
        None => value.to_owned(),
    };
    FieldValue {
        from: from.clone(),
        field: field.to_owned(),
        value,
    }
}
