//! A provider in front of another that counts what is read through it, can leave contacts out
//! of its listings, and can withhold the change feed: what a sync test needs to prove what a
//! run read ("a second sync lists no page") and how it treats a contact a listing missed.
//!
//! One wrapper instead of a hand-written forwarding `ContactProvider` in each test file: every
//! operation it does not watch goes to the inner provider unchanged.

use async_trait::async_trait;
use contacts_core::optional::ChangeFeed;
use contacts_core::{
    Contact, ContactId, ContactProvider, ContactQuery, GetOptions, InMemoryProvider, Page,
    PageToken, Result,
};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// A provider in front of `inner` that counts the pages listed and the contacts read by id,
/// can leave contacts out of its listings ([`hide`](Self::hide)) and can withhold the change
/// feed ([`without_feed`](Self::without_feed)); every other call goes to `inner` unchanged.
#[derive(Debug)]
pub struct Watched<P = InMemoryProvider> {
    /// The provider every call goes to.
    pub inner: P,
    pages: AtomicUsize,
    gets: AtomicUsize,
    hidden: Mutex<Vec<ContactId>>,
    feed: bool,
}

impl<P> Watched<P> {
    /// Watches `inner`, changing nothing.
    pub fn new(inner: P) -> Self {
        Self {
            inner,
            pages: AtomicUsize::new(0),
            gets: AtomicUsize::new(0),
            hidden: Mutex::default(),
            feed: true,
        }
    }

    /// Does not offer the inner provider's change feed, whatever its capabilities declare
    /// (a provider that declares a feed it does not give).
    pub fn without_feed(mut self) -> Self {
        self.feed = false;
        self
    }

    /// (pages listed, contacts read by id) since the last call.
    pub fn taken(&self) -> (usize, usize) {
        (self.pages_taken(), self.gets_taken())
    }

    /// Pages listed since the last call (of this or [`taken`](Self::taken)).
    pub fn pages_taken(&self) -> usize {
        self.pages.swap(0, Ordering::SeqCst)
    }

    /// Contacts read by id since the last call (of this or [`taken`](Self::taken)).
    pub fn gets_taken(&self) -> usize {
        self.gets.swap(0, Ordering::SeqCst)
    }

    /// Leaves `ids` out of every listing from now on; a get still finds them.
    pub fn hide(&self, ids: impl IntoIterator<Item = ContactId>) {
        let mut hidden = self.hidden.lock().unwrap_or_else(PoisonError::into_inner);
        hidden.extend(ids);
    }
}

impl Default for Watched {
    fn default() -> Self {
        Self::new(InMemoryProvider::new())
    }
}

#[async_trait]
impl<P: ContactProvider> ContactProvider for Watched<P> {
    contacts_core::provider_identity!(inner inner);
    contacts_core::forward_provider!(inner: create, update, replace, delete, delete_matching);

    async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact> {
        self.gets.fetch_add(1, Ordering::SeqCst);
        self.inner.get(id, options).await
    }
    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        self.pages.fetch_add(1, Ordering::SeqCst);
        let mut page = self.inner.list_page(query, token).await?;
        let hidden = self.hidden.lock().unwrap_or_else(PoisonError::into_inner);
        page.items.retain(|c| !hidden.contains(&c.id));
        Ok(page)
    }
    fn change_feed(&self) -> Option<&dyn ChangeFeed> {
        if self.feed {
            self.inner.change_feed()
        } else {
            None
        }
    }
}
