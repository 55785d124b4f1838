//! A person's choice for one field of a pair changed on both sides, given ahead of a run.

use crate::Side;
use serde::{Deserialize, Serialize};

/// A choice for one field of one pair, made by a person (or a program) ahead of the run; it
/// is applied before the conflict policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resolution {
    /// The pair, by its source contact.
    pub source_id: contacts_core::ContactId,
    /// The field, as [`FieldMerge::field`](crate::FieldMerge::field) names it.
    pub field: String,
    /// Whose value to take.
    pub take: Side,
}
