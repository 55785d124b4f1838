//! An account summary: totals the provider computes.

use super::labels::LabelCount;
use crate::Result;
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How many contacts have a value for a property key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PropertyCount {
    /// The property key.
    pub key: String,
    /// Contacts with a value.
    pub count: u64,
}

/// Totals of the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccountSummary {
    /// Contacts in the account.
    pub total_count: u64,
    /// Label usage, sorted by label (no system labels).
    pub labels: Vec<LabelCount>,
    /// Property usage, sorted by key.
    pub properties: Vec<PropertyCount>,
}

/// The account summary (declared by
/// [`Capabilities::account_summary`](crate::Capabilities::account_summary)).
#[async_trait]
pub trait Summarize: Send + Sync {
    /// Total count, label and property usage.
    async fn summarize(&self) -> Result<AccountSummary>;
}
