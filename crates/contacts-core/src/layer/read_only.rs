//! `ReadOnlyLayer`: reads pass, writes are refused.

use super::layer_type;
use crate::{
    Contact, ContactId, ContactPatch, ContactProvider, DeleteTarget, Error, NewContact, Result,
};
use async_trait::async_trait;

layer_type!(
    /// Makes a provider read-only: `get` and `list_page` pass, every write (`create`, `update`,
    /// `replace`, `delete`, `delete_matching`) fails with `PermissionDenied` naming the operation,
    /// before the provider sees it.
    ///
    /// For exploring a production account safely and for dry runs. The capabilities stay those of
    /// the wrapped provider (they tell what it supports, not what this view allows), which is why
    /// writes are `PermissionDenied` and not `Unsupported`.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use contacts_core::layer::ReadOnlyLayer;
    /// use contacts_core::{ContactId, ContactProvider, ContactProviderExt, InMemoryProvider};
    /// let view = InMemoryProvider::new().layer(ReadOnlyLayer);
    /// let err = view.delete(&ContactId::new("1")).await.unwrap_err();
    /// assert_eq!(err.to_string(), "permission denied: memory is read-only here; delete is refused");
    /// # });
    /// ```
    ReadOnlyLayer,
    /// A provider behind [`ReadOnlyLayer`].
    ReadOnly
);

impl<P: ContactProvider> ReadOnly<P> {
    pub(super) fn refuse(&self, operation: &str) -> Error {
        Error::PermissionDenied {
            message: format!(
                "{} is read-only here; {operation} is refused",
                self.inner.name()
            ),
        }
    }
}

#[async_trait]
#[deny(clippy::missing_trait_methods)]
impl<P: ContactProvider> ContactProvider for ReadOnly<P> {
    // Reads pass unchanged.
    crate::forward_provider!(inner: get, list_page, list_page_deferred);

    async fn create(&self, _contacts: &[NewContact]) -> Result<Vec<Contact>> {
        Err(self.refuse("create"))
    }

    async fn update(&self, _id: &ContactId, _patch: &ContactPatch) -> Result<Contact> {
        Err(self.refuse("update"))
    }

    async fn replace(&self, _id: &ContactId, _contact: &NewContact) -> Result<Contact> {
        Err(self.refuse("replace"))
    }

    async fn delete(&self, _id: &ContactId) -> Result<()> {
        Err(self.refuse("delete"))
    }

    async fn delete_matching(&self, _target: &DeleteTarget) -> Result<Vec<Contact>> {
        Err(self.refuse("delete_matching"))
    }

    crate::optional_accessors!(wrap);
    crate::provider_identity!(inner inner);
}
