//! `ContactProvider` and the optional capability traits for [`Adapter`]: each call goes to the
//! hook when armed and straight to the reference store otherwise.

use super::adapter::{Adapter, Hook, route};
use async_trait::async_trait;
use contacts_core::optional::{
    AccountSummary, AddressBookAdmin, AddressBookInfo, BackgroundImport, Blocklist, ChangeFeed,
    ChangeSet, ChangeToken, ImportJob, ImportProgress, LabelAdmin, LabelCount, Summarize,
};
use contacts_core::{
    AddressBookId, Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactQuery,
    DeleteTarget, GetOptions, NewContact, Page, PageToken, PendingPage, Result,
};

/// The six optional-capability accessors of [`Adapter`]: the adapter itself (so that its own
/// impls below route every call), where the store it wraps offers that capability. The same
/// table as `contacts_core`'s crate-private `optional_accessors!(wrap)`, which is not exported.
macro_rules! offered_where_the_store_offers {
    ($($accessor:ident: $trait:ident),* $(,)?) => {$(
        fn $accessor(&self) -> Option<&dyn $trait> {
            self.inner.$accessor().map(|_| self as &dyn $trait)
        }
    )*};
}

#[async_trait]
#[deny(clippy::missing_trait_methods)]
impl<H: Hook> ContactProvider for Adapter<H> {
    fn name(&self) -> &str {
        "redteam"
    }

    fn capabilities(&self) -> &Capabilities {
        self.inner.capabilities()
    }

    async fn get(&self, id: &ContactId, o: &GetOptions) -> Result<Contact> {
        route!(self, get(id, o))
    }

    async fn list_page(&self, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        route!(self, list_page(q, t))
    }

    async fn list_page_deferred(
        &self,
        q: &ContactQuery,
        t: Option<PageToken>,
    ) -> Result<PendingPage> {
        if self.armed {
            let page = self.hook.list_page(&self.inner, q, t).await?;
            Ok(PendingPage::ready(page))
        } else {
            self.inner.list_page_deferred(q, t).await
        }
    }

    async fn create(&self, c: &[NewContact]) -> Result<Vec<Contact>> {
        route!(self, create(c))
    }

    async fn update(&self, id: &ContactId, x: &ContactPatch) -> Result<Contact> {
        route!(self, update(id, x))
    }

    async fn replace(&self, id: &ContactId, c: &NewContact) -> Result<Contact> {
        route!(self, replace(id, c))
    }

    async fn delete(&self, id: &ContactId) -> Result<()> {
        route!(self, delete(id))
    }

    async fn delete_matching(&self, t: &DeleteTarget) -> Result<Vec<Contact>> {
        route!(self, delete_matching(t))
    }

    offered_where_the_store_offers!(
        address_books: AddressBookAdmin,
        label_admin: LabelAdmin,
        blocklist: Blocklist,
        account_summary: Summarize,
        background_import: BackgroundImport,
        change_feed: ChangeFeed,
    );

    fn store_identity(&self) -> Option<String> {
        self.inner.store_identity()
    }
}

#[async_trait]
impl<H: Hook> LabelAdmin for Adapter<H> {
    async fn label_counts(&self) -> Result<Vec<LabelCount>> {
        route!(self, labels, label_counts())
    }

    async fn add_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
        route!(self, labels, add_label(label, ids))
    }

    async fn remove_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
        route!(self, labels, remove_label(label, ids))
    }

    async fn delete_label(&self, label: &str) -> Result<()> {
        route!(self, labels, delete_label(label))
    }
}

#[async_trait]
impl<H: Hook> Summarize for Adapter<H> {
    async fn summarize(&self) -> Result<AccountSummary> {
        route!(self, summary, summarize())
    }
}

#[async_trait]
impl<H: Hook> Blocklist for Adapter<H> {
    async fn list_blocked(&self) -> Result<Vec<String>> {
        route!(self, blocklist, list_blocked())
    }

    async fn check_number(&self, n: &str) -> Result<bool> {
        route!(self, blocklist, check_number(n))
    }

    async fn block_number(&self, n: &str) -> Result<()> {
        route!(self, blocklist, block_number(n))
    }

    async fn unblock_number(&self, n: &str) -> Result<()> {
        route!(self, blocklist, unblock_number(n))
    }
}

#[async_trait]
impl<H: Hook> AddressBookAdmin for Adapter<H> {
    async fn list_books(&self) -> Result<Vec<AddressBookInfo>> {
        route!(self, books, list_books())
    }

    async fn create_book(&self, name: &str) -> Result<AddressBookInfo> {
        route!(self, books, create_book(name))
    }

    async fn rename_book(&self, id: &AddressBookId, name: &str) -> Result<AddressBookInfo> {
        route!(self, books, rename_book(id, name))
    }

    async fn delete_book(&self, id: &AddressBookId) -> Result<()> {
        route!(self, books, delete_book(id))
    }

    async fn move_contact(&self, id: &ContactId, to: &AddressBookId) -> Result<()> {
        route!(self, books, move_contact(id, to))
    }
}

#[async_trait]
impl<H: Hook> BackgroundImport for Adapter<H> {
    async fn submit_import(&self, c: &[NewContact]) -> Result<ImportJob> {
        route!(self, importer, submit_import(c))
    }

    async fn import_progress(&self, job: &ImportJob) -> Result<ImportProgress> {
        route!(self, importer, import_progress(job))
    }
}

#[async_trait]
impl<H: Hook> ChangeFeed for Adapter<H> {
    async fn current_token(&self) -> Result<ChangeToken> {
        route!(self, feed, current_token())
    }

    async fn changes_since(&self, token: &ChangeToken) -> Result<ChangeSet> {
        route!(self, feed, changes_since(token))
    }
}
