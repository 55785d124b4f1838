//! Label administration over `/v1/labels`.

use crate::provider::RemoteProvider;
use async_trait::async_trait;
use contacts_core::optional::{LabelAdmin, LabelCount};
use contacts_core::{ContactId, Result};
use contacts_http::{Idempotency, Method};
use contacts_protocol::bodies::ContactIds;
use contacts_protocol::paths;

impl RemoteProvider {
    /// `POST /v1/labels/{label}/add` or `/remove` (`path`): the same request twice leaves the
    /// same labels, so it may be retried.
    async fn relabel(
        &self,
        label: &str,
        ids: &[ContactId],
        path: fn(&str) -> Result<String>,
    ) -> Result<()> {
        let body = ContactIds { ids: ids.to_vec() };
        let request = self.wire.post(&path(label)?, &body)?;
        let request = request.idempotency(Idempotency::Idempotent);
        self.wire
            .call_empty(request, &format!("label {label:?}"))
            .await
    }
}

#[async_trait]
impl LabelAdmin for RemoteProvider {
    async fn label_counts(&self) -> Result<Vec<LabelCount>> {
        let request = self.wire.request(Method::GET, paths::LABELS)?;
        self.wire.call(request, "labels").await
    }

    async fn add_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
        self.relabel(label, ids, paths::label_add).await
    }

    async fn remove_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
        self.relabel(label, ids, paths::label_remove).await
    }

    async fn delete_label(&self, label: &str) -> Result<()> {
        let request = self.wire.request(Method::DELETE, &paths::label(label)?)?;
        self.wire
            .call_empty(request, &format!("label {label:?}"))
            .await
    }
}
