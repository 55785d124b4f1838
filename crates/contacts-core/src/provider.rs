//! The `ContactProvider` trait every adapter implements.

use crate::optional::{
    AddressBookAdmin, BackgroundImport, Blocklist, ChangeFeed, LabelAdmin, Summarize,
};
use crate::{
    Capabilities, Contact, ContactId, ContactPatch, ContactQuery, DeleteTarget, GetOptions,
    NewContact, Page, PageToken, PendingPage, Result,
};
use async_trait::async_trait;
use std::fmt::Debug;
use std::sync::Arc;

/// One contact store behind one API: the plugin point of the toolkit.
///
/// The trait is lean and object-safe (`Box<dyn ContactProvider>` works), so tools pick
/// providers at run time; conveniences such as streaming every page live in
/// [`ContactProviderExt`](crate::ContactProviderExt), implemented for every provider.
///
/// Every implementation obeys the contract in `docs/architecture.md` and is checked by the
/// `contacts-conformance` suite against [`InMemoryProvider`](crate::InMemoryProvider). An
/// operation that [`capabilities`](ContactProvider::capabilities) does not declare fails with
/// [`Error::Unsupported`](crate::Error::Unsupported), never silently.
///
/// ```
/// # tokio_test();
/// # fn tokio_test() { tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use contacts_core::{ContactProvider, InMemoryProvider, NewContact, GetOptions};
/// let provider: Box<dyn ContactProvider> = Box::new(InMemoryProvider::new());
/// let created = provider
///     .create(&[NewContact::new().property("phoneNumber", "+46123456789")])
///     .await?;
/// let again = provider.get(&created[0].id, &GetOptions::default()).await?;
/// assert_eq!(again.properties.phone_number(), Some("+46123456789"));
/// # Ok::<_, contacts_core::Error>(()) }).unwrap(); }
/// ```
#[async_trait]
pub trait ContactProvider: Send + Sync + Debug {
    /// The provider's registry name, e.g. `memory` or `ip1`.
    fn name(&self) -> &str;

    /// What this provider supports.
    fn capabilities(&self) -> &Capabilities;

    /// A stable identity of the store this provider reads and writes: the same across
    /// processes, paths and configurations that reach that store, different for any other
    /// store; `None` when the provider cannot tell.
    ///
    /// Why: a tool that remembers something about a store (a sync's id pairs) must know it
    /// is talking to the same store next time. Names and paths cannot tell: a profile
    /// pointed at another store by a typo keeps its name, a copied file is the same store
    /// under a new path, and a new file at an old path is another store. `contacts-sync`
    /// records both sides' identities and refuses a run whose store changed, before it could
    /// take the other store's contacts for deletions.
    ///
    /// The default is `None` (nothing is checked); layers and wrappers forward it. The
    /// value is opaque: compare it, never parse it.
    fn store_identity(&self) -> Option<String> {
        None
    }

    /// One contact; `NotFound` if there is none with this id.
    async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact>;

    /// One page of contacts matching `query`. Pass `None` for the first page, then each page's
    /// `next` token with the same query until it is `None`.
    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page>;

    /// The same page as [`list_page`](ContactProvider::list_page), the same request, but its
    /// contacts may be decoded later, by [`PendingPage::into_page`]: a caller can then request
    /// the next page (its token is known at once) while this one is decoded elsewhere, e.g. an
    /// export writing on another thread. Errors of the request and the answer's status come
    /// from here; an error reading the answer's body comes from `into_page`.
    ///
    /// The default calls `list_page` and returns the page decoded; a provider whose decoding
    /// costs as much as its request overrides it.
    async fn list_page_deferred(
        &self,
        query: &ContactQuery,
        token: Option<PageToken>,
    ) -> Result<PendingPage> {
        Ok(PendingPage::ready(self.list_page(query, token).await?))
    }

    /// Creates contacts, returning them as stored, with ids, in input order. An empty batch or
    /// one over [`Capabilities::max_batch_size`] is `InvalidInput`.
    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>>;

    /// Applies a partial update and returns the contact afterwards.
    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact>;

    /// Replaces the whole document: afterwards the contact is exactly `contact`.
    async fn replace(&self, id: &ContactId, contact: &NewContact) -> Result<Contact>;

    /// Deletes one contact; `NotFound` if there is none with this id.
    async fn delete(&self, id: &ContactId) -> Result<()>;

    /// Deletes every contact matching the target and returns them. An empty filter is refused:
    /// wiping everything takes [`DeleteTarget::EveryContact`].
    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>>;

    /// Address-book administration, where the provider has it
    /// ([`Capabilities::address_book_admin`]); `None` otherwise.
    fn address_books(&self) -> Option<&dyn AddressBookAdmin> {
        None
    }

    /// Label administration, where the provider has it ([`Capabilities::label_admin`]);
    /// `None` otherwise.
    fn label_admin(&self) -> Option<&dyn LabelAdmin> {
        None
    }

    /// The blocklist, where the provider has one ([`Capabilities::blocklist`]); `None`
    /// otherwise.
    fn blocklist(&self) -> Option<&dyn Blocklist> {
        None
    }

    /// The account summary, where the provider has one ([`Capabilities::account_summary`]);
    /// `None` otherwise.
    fn account_summary(&self) -> Option<&dyn Summarize> {
        None
    }

    /// Background import, where the provider has it ([`Capabilities::background_import`]);
    /// `None` otherwise.
    fn background_import(&self) -> Option<&dyn BackgroundImport> {
        None
    }

    /// The change feed, where the provider has one ([`Capabilities::change_feed`]): what
    /// changed since a token, so a sync reads only that; `None` otherwise.
    fn change_feed(&self) -> Option<&dyn ChangeFeed> {
        None
    }
}

/// Implements the trait for `$ty` by forwarding every method to `$target` (an expression of
/// `$this`, which stands for `&self`): for smart pointers and for providers that delegate to a
/// layered inner provider.
macro_rules! forward {
    ([$($generics:tt)*] $ty:ty, |$this:ident| $target:expr) => {
        #[async_trait::async_trait]
        #[deny(clippy::missing_trait_methods)]
        impl<$($generics)*> $crate::ContactProvider for $ty {
            fn name(&self) -> &str {
                let $this = self;
                $target.name()
            }
            fn capabilities(&self) -> &$crate::Capabilities {
                let $this = self;
                $target.capabilities()
            }
            $crate::forward_provider!(@to |$this| $target; store_identity,
                get, list_page, list_page_deferred, create, update, replace, delete,
                delete_matching, address_books, label_admin, blocklist, account_summary,
                background_import, change_feed);
        }
    };
}
pub(crate) use forward;

forward!([T: ContactProvider + ?Sized] Arc<T>, |this| (**this));
forward!([T: ContactProvider + ?Sized] Box<T>, |this| (**this));
