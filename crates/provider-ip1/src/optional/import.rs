//! iP1's asynchronous import behind the neutral [`BackgroundImport`].

use crate::provider::Ip1Provider;
use contacts_core::optional::{BackgroundImport, ImportJob, ImportProgress};
use contacts_core::{Error, NewContact, Result, async_trait};

/// iP1 answers a background import with `202 Accepted` and no job to poll. The job's token is
/// the account's total count before the import, and progress is how far the total has grown
/// since: the import is done when its contacts are listed. Concurrent creates or deletes on
/// the account make this approximate, and contacts iP1 drops after accepting never appear, so
/// poll with a deadline.
#[async_trait]
impl BackgroundImport for Ip1Provider {
    async fn submit_import(&self, contacts: &[NewContact]) -> Result<ImportJob> {
        let before = self.summary().await?.total_count;
        let receipt = self.import_background(contacts).await?;
        Ok(ImportJob {
            submitted: receipt.accepted as u64,
            token: before.to_string(),
        })
    }

    async fn import_progress(&self, job: &ImportJob) -> Result<ImportProgress> {
        let before: u64 = job.token.parse().map_err(|_| {
            Error::invalid(
                "job.token",
                "not an iP1 import token (the total count before it)",
            )
        })?;
        let now = self.summary().await?.total_count;
        let stored = now.saturating_sub(before).min(job.submitted);
        Ok(ImportProgress {
            submitted: job.submitted,
            stored,
            done: stored >= job.submitted,
        })
    }
}
