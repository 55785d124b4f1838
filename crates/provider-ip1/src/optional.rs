//! iP1's optional capabilities: the inherent extras (`extras.rs`) behind the neutral traits
//! of `contacts_core::optional`.

use crate::provider::Ip1Provider;
use crate::wire::SYSTEM_LABEL;
use contacts_core::optional::{
    AccountSummary, BackgroundImport, Blocklist, ImportJob, ImportProgress, LabelAdmin, LabelCount,
    PropertyCount, Summarize,
};
use contacts_core::{
    ContactId, ContactPatch, ContactProvider, Error, NewContact, Result, async_trait,
};

#[async_trait]
impl LabelAdmin for Ip1Provider {
    /// From the account summary, without the system label `all`.
    async fn label_counts(&self) -> Result<Vec<LabelCount>> {
        Ok(self.summarize().await?.labels)
    }

    /// One `GET` per id, then one `POST /labels/{label}/contacts` call. The vendor's call
    /// passes over ids it does not hold in silence; the contract says an unknown id is
    /// `NotFound`, so each is looked up first and nothing is labelled if one is missing.
    async fn add_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
        for id in ids {
            self.get(id, &contacts_core::GetOptions::default()).await?;
        }
        Ip1Provider::add_label(self, label, ids).await.map(|_| ())
    }

    /// iP1 has no call for this: each contact is updated, which writes its document without
    /// the label (other labels untouched).
    async fn remove_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
        let patch = ContactPatch::new().remove_label(label);
        for id in ids {
            self.update(id, &patch).await?;
        }
        Ok(())
    }

    /// `DELETE /labels/{label}`.
    async fn delete_label(&self, label: &str) -> Result<()> {
        self.remove_label_everywhere(label).await.map(|_| ())
    }
}

#[async_trait]
impl Blocklist for Ip1Provider {
    async fn list_blocked(&self) -> Result<Vec<String>> {
        self.blacklist().await
    }

    async fn check_number(&self, number: &str) -> Result<bool> {
        self.is_blocked(number).await
    }

    async fn block_number(&self, number: &str) -> Result<()> {
        self.block(number).await
    }

    async fn unblock_number(&self, number: &str) -> Result<()> {
        self.unblock(number).await
    }
}

#[async_trait]
impl Summarize for Ip1Provider {
    /// `GET /contacts/meta`, with the system label `all` left out.
    async fn summarize(&self) -> Result<AccountSummary> {
        let summary = self.summary().await?;
        let mut labels: Vec<LabelCount> = summary
            .labels
            .into_iter()
            .filter(|l| l.label_name != SYSTEM_LABEL)
            .map(|l| LabelCount {
                label: l.label_name,
                count: l.usage_count,
            })
            .collect();
        labels.sort_by(|a, b| a.label.cmp(&b.label));
        let mut properties: Vec<PropertyCount> = summary
            .properties
            .into_iter()
            .map(|p| PropertyCount {
                key: p.property_name,
                count: p.usage_count,
            })
            .collect();
        properties.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(AccountSummary {
            total_count: summary.total_count,
            labels,
            properties,
        })
    }
}

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
