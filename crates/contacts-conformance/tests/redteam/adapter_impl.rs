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

    // The adapter itself (so its own impls below route every call), where the store it wraps
    // offers that capability.
    contacts_core::optional_accessors!(wrap);

    fn store_identity(&self) -> Option<String> {
        self.inner.store_identity()
    }
}

/// Implements an optional-capability trait for [`Adapter`] from one line per method,
/// `fn method(arg: Type, …) -> Answer;`: the `async` method that routes the call (`route!`)
/// to the hook when armed and otherwise to the store's capability, reached through its
/// accessor `$capability` in `support`. By hand, each method was the same three lines.
macro_rules! routed {
    ($trait:ident through $capability:ident {
        $(fn $method:ident($($arg:ident: $ty:ty),*) -> $out:ty;)*
    }) => {
        #[async_trait]
        impl<H: Hook> $trait for Adapter<H> {
            $(async fn $method(&self $(, $arg: $ty)*) -> Result<$out> {
                route!(self, $capability, $method($($arg),*))
            })*
        }
    };
}

routed!(LabelAdmin through labels {
    fn label_counts() -> Vec<LabelCount>;
    fn add_label(label: &str, ids: &[ContactId]) -> ();
    fn remove_label(label: &str, ids: &[ContactId]) -> ();
    fn delete_label(label: &str) -> ();
});

routed!(Summarize through summary {
    fn summarize() -> AccountSummary;
});

routed!(Blocklist through blocklist {
    fn list_blocked() -> Vec<String>;
    fn check_number(n: &str) -> bool;
    fn block_number(n: &str) -> ();
    fn unblock_number(n: &str) -> ();
});

routed!(AddressBookAdmin through books {
    fn list_books() -> Vec<AddressBookInfo>;
    fn create_book(name: &str) -> AddressBookInfo;
    fn rename_book(id: &AddressBookId, name: &str) -> AddressBookInfo;
    fn delete_book(id: &AddressBookId) -> ();
    fn move_contact(id: &ContactId, to: &AddressBookId) -> ();
});

routed!(BackgroundImport through importer {
    fn submit_import(c: &[NewContact]) -> ImportJob;
    fn import_progress(job: &ImportJob) -> ImportProgress;
});

routed!(ChangeFeed through feed {
    fn current_token() -> ChangeToken;
    fn changes_since(token: &ChangeToken) -> ChangeSet;
});
