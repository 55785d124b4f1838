//! Background import over `/v1/imports`.

use crate::provider::RemoteProvider;
use async_trait::async_trait;
use contacts_core::optional::{BackgroundImport, ImportJob, ImportProgress};
use contacts_core::{NewContact, Result};
use contacts_protocol::bodies::ImportRequest;
use contacts_protocol::paths;

#[async_trait]
impl BackgroundImport for RemoteProvider {
    async fn submit_import(&self, contacts: &[NewContact]) -> Result<ImportJob> {
        let body = ImportRequest {
            contacts: contacts.to_vec(),
        };
        let request = self.wire.post(paths::IMPORTS, &body)?;
        self.wire.call(request, "submitting an import").await
    }

    async fn import_progress(&self, job: &ImportJob) -> Result<ImportProgress> {
        let request = self.wire.post_read(paths::IMPORT_PROGRESS, job)?;
        self.wire.call(request, "an import's progress").await
    }
}
