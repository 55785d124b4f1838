//! [`provider_identity!`](crate::provider_identity): the methods that say which provider an
//! impl is (`name`, `capabilities`, and a wrapper's `store_identity`), written once.
//!
//! `name` and `capabilities` are the same two lines in every adapter and every wrapper (and a
//! wrapper forwards `store_identity` too); the [`provider_identity!`](crate::provider_identity)
//! macro writes them once, so an impl starts with what only it knows.

/// Writes `name` and `capabilities` inside an `impl ContactProvider for …` block.
///
/// - `provider_identity!(NAME, field)`: an adapter whose name is the constant `NAME` and whose
///   capabilities are stored in its field `field`.
/// - `provider_identity!(inner field)`: a wrapper that reports the name, capabilities and
///   [store identity](crate::ContactProvider::store_identity) of the provider it holds in its
///   field `field` (layers, test doubles): a wrapper reaches the same store as what it wraps.
///
/// ```
/// use async_trait::async_trait;
/// use contacts_core::{
///     Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactQuery,
///     DeleteTarget, Error, GetOptions, NewContact, Page, PageToken, Result,
/// };
///
/// /// An adapter that stores nothing.
/// #[derive(Debug)]
/// struct Empty {
///     capabilities: Capabilities,
/// }
///
/// #[async_trait]
/// impl ContactProvider for Empty {
///     contacts_core::provider_identity!("empty", capabilities);
///
///     async fn get(&self, id: &ContactId, _: &GetOptions) -> Result<Contact> {
///         Err(Error::contact_not_found(id))
///     }
///     async fn list_page(&self, _: &ContactQuery, _: Option<PageToken>) -> Result<Page> {
///         Ok(Page::default())
///     }
///     async fn create(&self, _: &[NewContact]) -> Result<Vec<Contact>> {
///         Err(Error::unsupported(self.name(), "create"))
///     }
///     async fn update(&self, id: &ContactId, _: &ContactPatch) -> Result<Contact> {
///         Err(Error::contact_not_found(id))
///     }
///     async fn replace(&self, id: &ContactId, _: &NewContact) -> Result<Contact> {
///         Err(Error::contact_not_found(id))
///     }
///     async fn delete(&self, id: &ContactId) -> Result<()> {
///         Err(Error::contact_not_found(id))
///     }
///     async fn delete_matching(&self, _: &DeleteTarget) -> Result<Vec<Contact>> {
///         Ok(Vec::new())
///     }
/// }
///
/// let empty = Empty { capabilities: Capabilities::default() };
/// assert_eq!(empty.name(), "empty");
/// ```
#[macro_export]
macro_rules! provider_identity {
    (inner $inner:ident) => {
        fn name(&self) -> &str {
            self.$inner.name()
        }
        fn capabilities(&self) -> &$crate::Capabilities {
            self.$inner.capabilities()
        }
        fn store_identity(&self) -> Option<String> {
            self.$inner.store_identity()
        }
    };
    ($name:expr, $capabilities:ident) => {
        fn name(&self) -> &str {
            $name
        }
        fn capabilities(&self) -> &$crate::Capabilities {
            &self.$capabilities
        }
    };
}
