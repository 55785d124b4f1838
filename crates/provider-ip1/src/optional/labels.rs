//! iP1's labels behind the neutral [`LabelAdmin`]: counts from the account summary, adding
//! through the vendor's label call, removing by rewriting each contact.

use crate::provider::Ip1Provider;
use contacts_core::optional::{LabelAdmin, LabelCount, Summarize};
use contacts_core::{ContactId, ContactPatch, ContactProvider, Result, async_trait};

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
