//! Background import: submit many contacts at once, then poll until they are stored.

use crate::{NewContact, Result};
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A submitted import, to poll with [`BackgroundImport::import_progress`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ImportJob {
    /// Contacts submitted.
    pub submitted: u64,
    /// What the provider needs to find the import again (a job id, or a baseline). Opaque.
    pub token: String,
}

/// How far an import has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ImportProgress {
    /// Contacts submitted.
    pub submitted: u64,
    /// Contacts stored so far (at most `submitted`).
    pub stored: u64,
    /// The import has finished: every submitted contact is stored.
    pub done: bool,
}

/// Imports in the background (declared by
/// [`Capabilities::background_import`](crate::Capabilities::background_import)).
///
/// Some vendors accept a background import without a job to poll (iP1 answers `202 Accepted`
/// and nothing else). Such a provider reports progress as what it can observe, e.g. the growth
/// of the account since submission, so an import is done when its contacts are listed;
/// concurrent writes to the account make that approximate, and a contact the vendor rejects
/// after accepting the batch never appears, so callers poll with a deadline.
#[async_trait]
pub trait BackgroundImport: Send + Sync {
    /// Submits `contacts` (not empty) and returns at once, without ids.
    async fn submit_import(&self, contacts: &[NewContact]) -> Result<ImportJob>;

    /// The progress of a submitted import.
    async fn import_progress(&self, job: &ImportJob) -> Result<ImportProgress>;
}
