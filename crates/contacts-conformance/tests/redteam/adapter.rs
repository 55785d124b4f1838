//! The harness every red-team bug shares: [`Adapter`] wraps the reference [`Store`] and, when
//! armed, routes each call through a [`Hook`], whose default methods forward unchanged. A bug
//! overrides only what its author got wrong: a whole operation, or one of the two small hooks
//! the default writes call (`kept`: what the vendor's format keeps of a document; `wrote`: a
//! write the adapter's own log, cache or stamps hear of). Disarmed, the adapter calls the
//! store directly, so the twin is exactly the reference model.

use super::support::{Store, blocklist, books, feed, importer, labels, summary};
use async_trait::async_trait;
use contacts_core::optional::{
    AccountSummary, AddressBookInfo, ChangeSet, ChangeToken, ImportJob, ImportProgress, LabelCount,
};
use contacts_core::{
    AddressBookId, Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactQuery,
    DeleteTarget, GetOptions, NewContact, Page, PageToken, Result,
};
use std::fmt::Debug;

/// A write that succeeded, as the default write methods tell it to [`Hook::wrote`].
/// `delete_label` tells nothing: which contacts carried the label is not known without a
/// listing, which a hook that needs it makes itself.
#[derive(Debug, Clone, Copy)]
pub enum Wrote<'a> {
    /// `create` stored these contacts.
    Created(&'a [Contact]),
    /// `update` patched this contact.
    Updated(&'a ContactId),
    /// `replace` rewrote this contact.
    Replaced(&'a ContactId),
    /// `delete` removed this contact.
    Deleted(&'a ContactId),
    /// `delete_matching` removed these contacts.
    MassDeleted(&'a [Contact]),
    /// `add_label` or `remove_label` changed the labels of these contacts.
    Labelled(&'a [ContactId]),
}

/// What an adapter author wrote for each operation; every default forwards to the reference.
#[async_trait]
pub trait Hook: Send + Sync + Debug + 'static {
    /// What the vendor's format keeps of a document `create` or `replace` sends: all of it,
    /// unless a bug loses part of it on the way.
    fn kept(&self, doc: &NewContact) -> NewContact {
        doc.clone()
    }
    /// Hears of every write the default write methods made (a bug's change log, cache or
    /// stamps listen here); the default hears nothing.
    fn wrote(&self, _write: Wrote<'_>) {}
    /// `ContactProvider::get`.
    async fn get(&self, p: &Store, id: &ContactId, o: &GetOptions) -> Result<Contact> {
        p.get(id, o).await
    }
    /// `ContactProvider::list_page` (and, as the trait's default does, `list_page_deferred`).
    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        p.list_page(q, t).await
    }
    /// `ContactProvider::create`: the documents as [`Hook::kept`] keeps them.
    async fn create(&self, p: &Store, c: &[NewContact]) -> Result<Vec<Contact>> {
        let docs: Vec<NewContact> = c.iter().map(|d| self.kept(d)).collect();
        let created = p.create(&docs).await?;
        self.wrote(Wrote::Created(&created));
        Ok(created)
    }
    /// `ContactProvider::update`.
    async fn update(&self, p: &Store, id: &ContactId, x: &ContactPatch) -> Result<Contact> {
        let updated = p.update(id, x).await?;
        self.wrote(Wrote::Updated(id));
        Ok(updated)
    }
    /// `ContactProvider::replace`: the document as [`Hook::kept`] keeps it.
    async fn replace(&self, p: &Store, id: &ContactId, c: &NewContact) -> Result<Contact> {
        let replaced = p.replace(id, &self.kept(c)).await?;
        self.wrote(Wrote::Replaced(id));
        Ok(replaced)
    }
    /// `ContactProvider::delete`.
    async fn delete(&self, p: &Store, id: &ContactId) -> Result<()> {
        p.delete(id).await?;
        self.wrote(Wrote::Deleted(id));
        Ok(())
    }
    /// `ContactProvider::delete_matching`.
    async fn delete_matching(&self, p: &Store, t: &DeleteTarget) -> Result<Vec<Contact>> {
        let deleted = p.delete_matching(t).await?;
        self.wrote(Wrote::MassDeleted(&deleted));
        Ok(deleted)
    }
    /// `LabelAdmin::label_counts`.
    async fn label_counts(&self, p: &Store) -> Result<Vec<LabelCount>> {
        labels(p)?.label_counts().await
    }
    /// `LabelAdmin::add_label`.
    async fn add_label(&self, p: &Store, label: &str, ids: &[ContactId]) -> Result<()> {
        labels(p)?.add_label(label, ids).await?;
        self.wrote(Wrote::Labelled(ids));
        Ok(())
    }
    /// `LabelAdmin::remove_label`.
    async fn remove_label(&self, p: &Store, label: &str, ids: &[ContactId]) -> Result<()> {
        labels(p)?.remove_label(label, ids).await?;
        self.wrote(Wrote::Labelled(ids));
        Ok(())
    }
    /// `LabelAdmin::delete_label`.
    async fn delete_label(&self, p: &Store, label: &str) -> Result<()> {
        labels(p)?.delete_label(label).await
    }
    /// `Summarize::summarize`.
    async fn summarize(&self, p: &Store) -> Result<AccountSummary> {
        summary(p)?.summarize().await
    }
    /// `Blocklist::list_blocked`.
    async fn list_blocked(&self, p: &Store) -> Result<Vec<String>> {
        blocklist(p)?.list_blocked().await
    }
    /// `Blocklist::check_number`.
    async fn check_number(&self, p: &Store, n: &str) -> Result<bool> {
        blocklist(p)?.check_number(n).await
    }
    /// `Blocklist::block_number`.
    async fn block_number(&self, p: &Store, n: &str) -> Result<()> {
        blocklist(p)?.block_number(n).await
    }
    /// `Blocklist::unblock_number`.
    async fn unblock_number(&self, p: &Store, n: &str) -> Result<()> {
        blocklist(p)?.unblock_number(n).await
    }
    /// `AddressBookAdmin::list_books`.
    async fn list_books(&self, p: &Store) -> Result<Vec<AddressBookInfo>> {
        books(p)?.list_books().await
    }
    /// `AddressBookAdmin::create_book`.
    async fn create_book(&self, p: &Store, name: &str) -> Result<AddressBookInfo> {
        books(p)?.create_book(name).await
    }
    /// `AddressBookAdmin::rename_book`.
    async fn rename_book(&self, p: &Store, id: &AddressBookId, n: &str) -> Result<AddressBookInfo> {
        books(p)?.rename_book(id, n).await
    }
    /// `AddressBookAdmin::delete_book`.
    async fn delete_book(&self, p: &Store, id: &AddressBookId) -> Result<()> {
        books(p)?.delete_book(id).await
    }
    /// `AddressBookAdmin::move_contact`.
    async fn move_contact(&self, p: &Store, id: &ContactId, to: &AddressBookId) -> Result<()> {
        books(p)?.move_contact(id, to).await
    }
    /// `BackgroundImport::submit_import`.
    async fn submit_import(&self, p: &Store, c: &[NewContact]) -> Result<ImportJob> {
        importer(p)?.submit_import(c).await
    }
    /// `BackgroundImport::import_progress`.
    async fn import_progress(&self, p: &Store, job: &ImportJob) -> Result<ImportProgress> {
        importer(p)?.import_progress(job).await
    }
    /// `ChangeFeed::current_token`.
    async fn current_token(&self, p: &Store) -> Result<ChangeToken> {
        feed(p)?.current_token().await
    }
    /// `ChangeFeed::changes_since`.
    async fn changes_since(&self, p: &Store, token: &ChangeToken) -> Result<ChangeSet> {
        feed(p)?.changes_since(token).await
    }
}

/// A third-party adapter over the reference store: armed, every call goes through its hook.
#[derive(Debug)]
pub struct Adapter<H> {
    pub(super) inner: Store,
    pub(super) armed: bool,
    pub(super) hook: H,
}

impl<H: Hook> Adapter<H> {
    /// An adapter over a store declaring `caps`.
    pub fn new(caps: Capabilities, armed: bool, hook: H) -> Self {
        Self {
            inner: Store::with_capabilities(caps),
            armed,
            hook,
        }
    }

    /// Boxed, as `Bug::make` returns it.
    pub fn boxed(caps: Capabilities, armed: bool, hook: H) -> Box<dyn ContactProvider> {
        Box::new(Self::new(caps, armed, hook))
    }
}

/// Calls the hook when armed, the store's own method otherwise: `route!(self, get(id, o))`
/// for a core operation, `route!(self, labels, add_label(label, ids))` for one of an optional
/// capability, reached through its accessor in `support` (present: the adapter's accessor
/// offers the capability only when the store's does).
macro_rules! route {
    ($self:ident, $method:ident ( $($arg:expr),* )) => {
        if $self.armed {
            $self.hook.$method(&$self.inner $(, $arg)*).await
        } else {
            $self.inner.$method($($arg),*).await
        }
    };
    ($self:ident, $capability:ident, $method:ident ( $($arg:expr),* )) => {
        if $self.armed {
            $self.hook.$method(&$self.inner $(, $arg)*).await
        } else {
            super::support::$capability(&$self.inner)?.$method($($arg),*).await
        }
    };
}
pub(crate) use route;

/// Declares one red-team bug where its code is: the hook's struct (unit, or with the state
/// fields the bug keeps) with its doc comment and the `Debug` and `Default` every hook has, the
/// [`Hook`] impl holding only the methods the bug's author got wrong, and `bug()`, the [`Bug`]
/// record naming the contract words it breaks and when, whose adapter wraps a store declaring
/// the capabilities after `over`. Written by hand, each bug repeated its derive, the
/// `async_trait` impl header and, in the file's `bugs()`, its record with a constructor
/// closure; here the struct's name is written once.
///
/// ```ignore
/// hook! {
///     /// What the author meant, and what goes wrong.
///     struct LabelsAnyOf;
///     bug label_filter_any_of over full();
///     breaks "DESIGN.md, The contract, list: ...";
///     when "a filter with two or more labels";
///
///     async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>)
///         -> Result<Page>
///     {
///         // ...
///     }
/// }
/// ```
///
/// [`Bug`]: super::Bug
macro_rules! hook {
    (
        $(#[$meta:meta])*
        struct $name:ident $(;)? $({ $($field:tt)* })?
        bug $bug:ident over $caps:expr;
        breaks $rule:expr;
        when $trigger:expr;
        $($body:tt)*
    ) => {
        $(#[$meta])*
        #[derive(Debug, Default)]
        struct $name { $($($field)*)? }

        impl $name {
            /// This bug's record: armed, its adapter routes each call through this hook.
            fn bug() -> $crate::redteam::Bug {
                $crate::redteam::Bug {
                    name: stringify!($bug),
                    rule: $rule,
                    trigger: $trigger,
                    make: |armed| {
                        $crate::redteam::adapter::Adapter::boxed($caps, armed, Self::default())
                    },
                }
            }
        }

        #[async_trait::async_trait]
        impl $crate::redteam::adapter::Hook for $name {
            $($body)*
        }
    };
}
pub(crate) use hook;
