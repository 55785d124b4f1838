//! The in-memory store's background import: stored at once, so every job is done when first
//! polled. Tokens name the job (`mem-import-N`); any other token is `InvalidInput`.

use super::store::MemoryStore;
use crate::optional::{BackgroundImport, ImportJob, ImportProgress};
use crate::{ContactProvider, Error, NewContact, Result, decimal_id};
use async_trait::async_trait;

const TOKEN_PREFIX: &str = "mem-import-";

#[async_trait]
impl BackgroundImport for MemoryStore {
    async fn submit_import(&self, contacts: &[NewContact]) -> Result<ImportJob> {
        // One write of the store's own (under `CheckedLayer`, which validated every
        // contact): all or nothing, and of any size, since the batch limit is `create`'s.
        let created = self.create(contacts).await?.len();
        let mut state = self.lock();
        let job = state.imports;
        state.imports += 1;
        Ok(ImportJob {
            submitted: created as u64,
            token: format!("{TOKEN_PREFIX}{job}"),
        })
    }

    async fn import_progress(&self, job: &ImportJob) -> Result<ImportProgress> {
        let issued = self.lock().imports;
        let known = job
            .token
            .strip_prefix(TOKEN_PREFIX)
            .and_then(decimal_id)
            .is_some_and(|n| n < issued);
        if !known {
            return Err(Error::invalid(
                "job",
                format!("{:?} is not an import this store issued", job.token),
            ));
        }
        Ok(ImportProgress {
            submitted: job.submitted,
            stored: job.submitted,
            done: true,
        })
    }
}
