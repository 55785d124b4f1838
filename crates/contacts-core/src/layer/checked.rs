//! `CheckedLayer`: the contract's refusals, enforced once for every provider.

use super::layer_type;
use crate::{
    Contact, ContactId, ContactPatch, ContactProvider, ContactQuery, DeleteTarget, GetOptions,
    NewContact, Page, PageToken, PendingPage, Result, validate,
};
use async_trait::async_trait;

layer_type!(
    /// Refuses, before the wrapped provider sees it, everything the contract says a provider must
    /// refuse given its declared [`Capabilities`](crate::Capabilities): operations it does not declare (`Unsupported`),
    /// input [`validate`] refuses (for the optional capabilities too: an undeclared one is
    /// `None`, an empty name, label or target list is `InvalidInput`) (keys it cannot store, empty keys or labels, values over the
    /// declared length, a missing required key, an empty batch or one over `max_batch_size`, a
    /// page size out of range), and a mass delete with an empty filter. One rule, one message,
    /// whichever provider is behind it.
    ///
    /// What only the provider can know (its ids, its page tokens, a vendor's reserved label) stays
    /// in the provider.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use contacts_core::layer::CheckedLayer;
    /// use contacts_core::{Capabilities, ContactProvider, ContactProviderExt, InMemoryProvider, NewContact};
    /// let checked = InMemoryProvider::with_capabilities(Capabilities::default()).layer(CheckedLayer);
    /// let err = checked.create(&[NewContact::new().label("VIP")]).await.unwrap_err();
    /// assert!(err.is_unsupported(), "labels are not declared");
    /// # });
    /// ```
    CheckedLayer,
    /// A provider behind [`CheckedLayer`].
    Checked
);

#[async_trait]
#[deny(clippy::missing_trait_methods)]
impl<P: ContactProvider> ContactProvider for Checked<P> {
    async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact> {
        validate::get_options(self.name(), self.capabilities(), options)?;
        self.inner.get(id, options).await
    }

    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        validate::query(self.name(), self.capabilities(), query)?;
        self.inner.list_page(query, token).await
    }

    async fn list_page_deferred(
        &self,
        query: &ContactQuery,
        token: Option<PageToken>,
    ) -> Result<PendingPage> {
        validate::query(self.name(), self.capabilities(), query)?;
        self.inner.list_page_deferred(query, token).await
    }

    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        validate::batch(self.name(), self.capabilities(), contacts)?;
        self.inner.create(contacts).await
    }

    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        validate::patch(self.name(), self.capabilities(), patch)?;
        self.inner.update(id, patch).await
    }

    async fn replace(&self, id: &ContactId, contact: &NewContact) -> Result<Contact> {
        validate::replace(self.name(), self.capabilities(), contact)?;
        self.inner.replace(id, contact).await
    }

    async fn delete(&self, id: &ContactId) -> Result<()> {
        self.inner.delete(id).await
    }

    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>> {
        validate::delete_target(self.name(), self.capabilities(), target)?;
        self.inner.delete_matching(target).await
    }

    crate::optional_accessors!(wrap declared);
    crate::provider_identity!(inner inner);
}
