//! Label administration across many contacts at once.

use crate::{ContactId, Result};
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How many contacts carry a label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LabelCount {
    /// The label (never a system label).
    pub label: String,
    /// Contacts carrying it.
    pub count: u64,
}

/// Labels as account-wide objects (declared by
/// [`Capabilities::label_admin`](crate::Capabilities::label_admin)). Labels are never empty
/// strings; `CheckedLayer` refuses one as `InvalidInput`.
#[async_trait]
pub trait LabelAdmin: Send + Sync {
    /// Every label in use with its usage count, sorted by label.
    async fn label_counts(&self) -> Result<Vec<LabelCount>>;

    /// Adds `label` to each contact in `ids` (other labels untouched). An unknown id is
    /// `NotFound`.
    async fn add_label(&self, label: &str, ids: &[ContactId]) -> Result<()>;

    /// Removes `label` from each contact in `ids` (other labels untouched). An unknown id is
    /// `NotFound`.
    async fn remove_label(&self, label: &str, ids: &[ContactId]) -> Result<()>;

    /// Removes `label` from every contact of the account; the contacts stay.
    async fn delete_label(&self, label: &str) -> Result<()>;
}
