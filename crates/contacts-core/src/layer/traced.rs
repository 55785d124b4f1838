//! `TracingLayer`: one span per operation, for every provider.

use super::layer_type;
use crate::{
    Contact, ContactId, ContactPatch, ContactProvider, ContactQuery, DeleteTarget, GetOptions,
    NewContact, Page, PageToken, PendingPage, Result,
};
use async_trait::async_trait;
use tracing::field::Empty;
use tracing::{Instrument, Span};

layer_type!(
    /// Opens one `contact_provider` span (level INFO) around every operation, with the fields
    /// `provider` (its name), `operation` (the trait method), `id` (the contact id, where the
    /// operation has one), `count` (contacts sent or returned) and `error` (the error's
    /// [`kind`](crate::Error::kind), on failure).
    ///
    /// It records nothing that could be a secret or personal data: no property values, labels,
    /// filters or error messages, only ids, counts and kinds. Spans of the transport (such as
    /// `contacts-http`'s per-attempt `http` span) nest inside it.
    ///
    /// ```
    /// use contacts_core::layer::TracingLayer;
    /// use contacts_core::{ContactProvider, ContactProviderExt, InMemoryProvider};
    /// let traced = InMemoryProvider::new().layer(TracingLayer);
    /// assert_eq!(traced.name(), "memory");
    /// ```
    TracingLayer,
    /// A provider behind [`TracingLayer`].
    Traced
);

impl<P: ContactProvider> Traced<P> {
    fn span(&self, operation: &'static str) -> Span {
        tracing::info_span!(
            "contact_provider",
            provider = self.inner.name(),
            operation,
            id = Empty,
            count = Empty,
            error = Empty,
        )
    }
}

/// Runs `work` in `span`, recording the error kind or, through `count`, how many contacts the
/// answer holds.
async fn traced<T>(
    span: Span,
    work: impl Future<Output = Result<T>>,
    count: impl FnOnce(&T) -> Option<usize>,
) -> Result<T> {
    let outcome = work.instrument(span.clone()).await;
    match &outcome {
        Ok(value) => {
            if let Some(n) = count(value) {
                span.record("count", n);
            }
        }
        Err(e) => {
            span.record("error", e.kind());
        }
    }
    outcome
}

fn with_id(span: Span, id: &ContactId) -> Span {
    span.record("id", id.as_str());
    span
}

#[async_trait]
#[deny(clippy::missing_trait_methods)]
impl<P: ContactProvider> ContactProvider for Traced<P> {
    async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact> {
        let span = with_id(self.span("get"), id);
        traced(span, self.inner.get(id, options), |_| None).await
    }

    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        let work = self.inner.list_page(query, token);
        traced(self.span("list_page"), work, |page| Some(page.items.len())).await
    }

    /// The span covers the request only: the contacts are not decoded yet, so `count` is not
    /// recorded, and an error decoding them later is not this span's.
    async fn list_page_deferred(
        &self,
        query: &ContactQuery,
        token: Option<PageToken>,
    ) -> Result<PendingPage> {
        let work = self.inner.list_page_deferred(query, token);
        traced(self.span("list_page_deferred"), work, |_| None).await
    }

    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        let span = self.span("create");
        span.record("count", contacts.len());
        traced(span, self.inner.create(contacts), |_| None).await
    }

    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        let span = with_id(self.span("update"), id);
        traced(span, self.inner.update(id, patch), |_| None).await
    }

    async fn replace(&self, id: &ContactId, contact: &NewContact) -> Result<Contact> {
        let span = with_id(self.span("replace"), id);
        traced(span, self.inner.replace(id, contact), |_| None).await
    }

    async fn delete(&self, id: &ContactId) -> Result<()> {
        let span = with_id(self.span("delete"), id);
        traced(span, self.inner.delete(id), |_| None).await
    }

    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>> {
        let work = self.inner.delete_matching(target);
        traced(self.span("delete_matching"), work, |gone| Some(gone.len())).await
    }

    super::optional_accessors!(pass);
    crate::provider_identity!(inner inner);
}
