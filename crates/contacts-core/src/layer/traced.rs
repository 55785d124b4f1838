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
    /// The optional capabilities' calls get the same span (`operation` is the capability
    /// trait's method, e.g. `add_label`, `changes_since`): the accessors
    /// ([`label_admin`](crate::ContactProvider::label_admin), …) return this layer wherever the
    /// wrapped provider has the capability. A provider's own methods get it through
    /// [`Traced::in_span`].
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
    /// Runs `work` on the wrapped provider inside this layer's `contact_provider` span, with
    /// `operation` as its `operation` field, recording the error kind on failure: the way to
    /// call a provider's own method (a vendor's extra, which no trait of this crate names) and
    /// still have it traced like every other operation, with the transport's spans nested in
    /// it.
    ///
    /// Inside `work`, `tracing::Span::current()` is that span, so the call can record the
    /// span's `id` or `count` itself. `work` receives what this layer wraps; in the
    /// [`Standard`](crate::Standard) layers that is the [`Checked`](super::Checked) provider, and
    /// its [`get_ref`](super::Checked::get_ref) reaches the bare provider's extras (the
    /// `CheckedLayer` has no rules for a call it does not know; a call with a neutral meaning
    /// belongs in an [optional capability](crate::optional) instead, which both layers see).
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use contacts_core::{ContactProvider, InMemoryProvider, NewContact, layer};
    /// let memory = InMemoryProvider::new();
    /// memory.create(&[NewContact::new().property("firstName", "Ada")]).await?;
    /// let traced = layer::standard(memory);
    /// // `snapshot` is InMemoryProvider's own method: run in a `contact_provider` span.
    /// let held = traced
    ///     .in_span("snapshot", async |checked| Ok(checked.get_ref().snapshot().len()))
    ///     .await?;
    /// assert_eq!(held, 1);
    /// # Ok::<_, contacts_core::Error>(()) }).unwrap();
    /// ```
    pub async fn in_span<T>(
        &self,
        operation: &'static str,
        work: impl AsyncFnOnce(&P) -> Result<T>,
    ) -> Result<T> {
        traced(self.span(operation), work(&self.inner), |_| None).await
    }

    /// A new `contact_provider` span for `operation`, its other fields still to record.
    pub(super) fn span(&self, operation: &'static str) -> Span {
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
pub(super) async fn traced<T>(
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

/// `span` with the contact id recorded.
pub(super) fn with_id(span: Span, id: &ContactId) -> Span {
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

    crate::optional_accessors!(wrap);
    crate::provider_identity!(inner inner);
}
