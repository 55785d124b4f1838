//! The harness every red-team bug shares: [`Adapter`] wraps an [`InMemoryProvider`] and, when
//! armed, routes each call through a [`Hook`], whose default methods forward unchanged. A bug
//! overrides only the hook methods its author got wrong; disarmed, the adapter calls the inner
//! provider directly, so the twin is exactly the reference model.

use async_trait::async_trait;
use contacts_core::optional::{
    AccountSummary, AddressBookInfo, ChangeSet, ChangeToken, ImportJob, ImportProgress, LabelCount,
};
use contacts_core::{
    AddressBookId, Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactQuery,
    DeleteTarget, Error, GetOptions, InMemoryProvider, NewContact, Page, PageToken, Result,
};
use std::fmt::Debug;

/// The optional capability `found`, or `Unsupported` naming `what`.
fn need<'a, T: ?Sized>(found: Option<&'a T>, what: &str) -> Result<&'a T> {
    found.ok_or_else(|| Error::unsupported("redteam", what))
}

/// What an adapter author wrote for each operation; every default forwards to the reference.
#[async_trait]
pub trait Hook: Send + Sync + Debug + 'static {
    /// `ContactProvider::get`.
    async fn get(&self, p: &InMemoryProvider, id: &ContactId, o: &GetOptions) -> Result<Contact> {
        p.get(id, o).await
    }
    /// `ContactProvider::list_page` (and, as the trait's default does, `list_page_deferred`).
    async fn list_page(
        &self,
        p: &InMemoryProvider,
        q: &ContactQuery,
        t: Option<PageToken>,
    ) -> Result<Page> {
        p.list_page(q, t).await
    }
    /// `ContactProvider::create`.
    async fn create(&self, p: &InMemoryProvider, c: &[NewContact]) -> Result<Vec<Contact>> {
        p.create(c).await
    }
    /// `ContactProvider::update`.
    async fn update(
        &self,
        p: &InMemoryProvider,
        id: &ContactId,
        x: &ContactPatch,
    ) -> Result<Contact> {
        p.update(id, x).await
    }
    /// `ContactProvider::replace`.
    async fn replace(
        &self,
        p: &InMemoryProvider,
        id: &ContactId,
        c: &NewContact,
    ) -> Result<Contact> {
        p.replace(id, c).await
    }
    /// `ContactProvider::delete`.
    async fn delete(&self, p: &InMemoryProvider, id: &ContactId) -> Result<()> {
        p.delete(id).await
    }
    /// `ContactProvider::delete_matching`.
    async fn delete_matching(
        &self,
        p: &InMemoryProvider,
        t: &DeleteTarget,
    ) -> Result<Vec<Contact>> {
        p.delete_matching(t).await
    }
    /// `LabelAdmin::label_counts`.
    async fn label_counts(&self, p: &InMemoryProvider) -> Result<Vec<LabelCount>> {
        need(p.label_admin(), "label administration")?
            .label_counts()
            .await
    }
    /// `LabelAdmin::add_label`.
    async fn add_label(&self, p: &InMemoryProvider, label: &str, ids: &[ContactId]) -> Result<()> {
        need(p.label_admin(), "label administration")?
            .add_label(label, ids)
            .await
    }
    /// `LabelAdmin::remove_label`.
    async fn remove_label(
        &self,
        p: &InMemoryProvider,
        label: &str,
        ids: &[ContactId],
    ) -> Result<()> {
        need(p.label_admin(), "label administration")?
            .remove_label(label, ids)
            .await
    }
    /// `LabelAdmin::delete_label`.
    async fn delete_label(&self, p: &InMemoryProvider, label: &str) -> Result<()> {
        need(p.label_admin(), "label administration")?
            .delete_label(label)
            .await
    }
    /// `Summarize::summarize`.
    async fn summarize(&self, p: &InMemoryProvider) -> Result<AccountSummary> {
        need(p.account_summary(), "an account summary")?
            .summarize()
            .await
    }
    /// `Blocklist::list_blocked`.
    async fn list_blocked(&self, p: &InMemoryProvider) -> Result<Vec<String>> {
        need(p.blocklist(), "a blocklist")?.list_blocked().await
    }
    /// `Blocklist::check_number`.
    async fn check_number(&self, p: &InMemoryProvider, n: &str) -> Result<bool> {
        need(p.blocklist(), "a blocklist")?.check_number(n).await
    }
    /// `Blocklist::block_number`.
    async fn block_number(&self, p: &InMemoryProvider, n: &str) -> Result<()> {
        need(p.blocklist(), "a blocklist")?.block_number(n).await
    }
    /// `Blocklist::unblock_number`.
    async fn unblock_number(&self, p: &InMemoryProvider, n: &str) -> Result<()> {
        need(p.blocklist(), "a blocklist")?.unblock_number(n).await
    }
    /// `AddressBookAdmin::list_books`.
    async fn list_books(&self, p: &InMemoryProvider) -> Result<Vec<AddressBookInfo>> {
        need(p.address_books(), "address books")?.list_books().await
    }
    /// `AddressBookAdmin::create_book`.
    async fn create_book(&self, p: &InMemoryProvider, name: &str) -> Result<AddressBookInfo> {
        need(p.address_books(), "address books")?
            .create_book(name)
            .await
    }
    /// `AddressBookAdmin::rename_book`.
    async fn rename_book(
        &self,
        p: &InMemoryProvider,
        id: &AddressBookId,
        name: &str,
    ) -> Result<AddressBookInfo> {
        need(p.address_books(), "address books")?
            .rename_book(id, name)
            .await
    }
    /// `AddressBookAdmin::delete_book`.
    async fn delete_book(&self, p: &InMemoryProvider, id: &AddressBookId) -> Result<()> {
        need(p.address_books(), "address books")?
            .delete_book(id)
            .await
    }
    /// `AddressBookAdmin::move_contact`.
    async fn move_contact(
        &self,
        p: &InMemoryProvider,
        id: &ContactId,
        to: &AddressBookId,
    ) -> Result<()> {
        need(p.address_books(), "address books")?
            .move_contact(id, to)
            .await
    }
    /// `BackgroundImport::submit_import`.
    async fn submit_import(&self, p: &InMemoryProvider, c: &[NewContact]) -> Result<ImportJob> {
        need(p.background_import(), "background import")?
            .submit_import(c)
            .await
    }
    /// `BackgroundImport::import_progress`.
    async fn import_progress(
        &self,
        p: &InMemoryProvider,
        job: &ImportJob,
    ) -> Result<ImportProgress> {
        need(p.background_import(), "background import")?
            .import_progress(job)
            .await
    }
    /// `ChangeFeed::current_token`.
    async fn current_token(&self, p: &InMemoryProvider) -> Result<ChangeToken> {
        need(p.change_feed(), "a change feed")?
            .current_token()
            .await
    }
    /// `ChangeFeed::changes_since`.
    async fn changes_since(&self, p: &InMemoryProvider, token: &ChangeToken) -> Result<ChangeSet> {
        need(p.change_feed(), "a change feed")?
            .changes_since(token)
            .await
    }
}

/// A third-party adapter over the reference store: armed, every call goes through its hook.
#[derive(Debug)]
pub struct Adapter<H> {
    pub(super) inner: InMemoryProvider,
    pub(super) armed: bool,
    pub(super) hook: H,
}

impl<H: Hook> Adapter<H> {
    /// An adapter over a store declaring `caps`.
    pub fn new(caps: Capabilities, armed: bool, hook: H) -> Self {
        Self {
            inner: InMemoryProvider::with_capabilities(caps),
            armed,
            hook,
        }
    }

    /// Boxed, as `Bug::make` returns it.
    pub fn boxed(caps: Capabilities, armed: bool, hook: H) -> Box<dyn ContactProvider> {
        Box::new(Self::new(caps, armed, hook))
    }
}

/// Calls the hook when armed, the inner provider's own method otherwise.
macro_rules! route {
    ($self:ident, $method:ident ( $($arg:expr),* ), $direct:expr) => {
        if $self.armed {
            $self.hook.$method(&$self.inner $(, $arg)*).await
        } else {
            $direct.await
        }
    };
}
pub(crate) use route;
