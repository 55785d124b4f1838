//! Change-feed doubles: the in-memory store, right in everything but its change feed, which
//! breaks one promise of `contacts_core::optional::ChangeFeed`. They were written from the
//! trait's documentation before the checks that catch them, as a feed's author would read it.

use contacts_core::optional::ChangeToken;
use contacts_core::{
    Contact, ContactId, ContactProvider, ContactProviderExt, ContactQuery, InMemoryProvider, Result,
};
use futures::TryStreamExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

super::flaw::flaws! {
    /// The promise a [`FlawedFeed`]'s change feed breaks. Several flaws may name one check;
    /// every change-feed check is named by at least one.
    FeedFlaw;
    /// Deleted contacts are never listed in `deleted`: a reader keeps them for ever.
    ForgetsDeletions => "change_feed_lists_writes",
    /// Every change set lists every contact in `changed`, written since the token or not.
    ListsEverything => "change_feed_lists_writes",
    /// A change set's token is the token it was asked with, so the next ask lists the same
    /// changes again.
    TokenStuck => "change_feed_token_continues",
    /// Changed contacts are listed as they were when the token was issued (from a cache filled
    /// then), not as they are now: a reader that listed everything after the token goes back.
    StaleContacts => "change_feed_during_listing",
    /// A token it cannot read is taken as "from the beginning": it lists every contact instead
    /// of refusing the token.
    GarbageTokenListsEverything => "change_feed_garbage_token",
    /// A contact created and deleted since the token is listed in `changed` (as it was
    /// created) as well as in `deleted`: the write log's entries are merged, not settled.
    CreatedThenDeletedListed => "change_feed_created_and_deleted",
}

/// What a [`FlawedFeed`] remembers to be wrong with.
#[derive(Debug, Default)]
pub(super) struct History {
    /// Every token issued, in order.
    pub(super) issued: Vec<ChangeToken>,
    /// Every contact as it was when a token was issued, by token
    /// ([`FeedFlaw::StaleContacts`]).
    pub(super) snapshots: HashMap<ChangeToken, HashMap<ContactId, Contact>>,
    /// Contacts created through the double, each with the number of tokens issued before it
    /// ([`FeedFlaw::CreatedThenDeletedListed`]).
    pub(super) created: Vec<(usize, Contact)>,
}

/// The in-memory store (as [`InMemoryProvider::new`] declares it, change feed included) whose
/// change feed has one [`FeedFlaw`].
#[derive(Debug, Clone)]
pub struct FlawedFeed {
    pub(super) inner: InMemoryProvider,
    pub(super) flaw: FeedFlaw,
    history: Arc<Mutex<History>>,
}

impl FlawedFeed {
    /// A fresh, empty store with `flaw` in its change feed.
    pub fn new(flaw: FeedFlaw) -> Self {
        Self {
            inner: InMemoryProvider::new(),
            flaw,
            history: Arc::default(),
        }
    }

    pub(super) fn history(&self) -> MutexGuard<'_, History> {
        self.history.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Every contact the store holds now.
    pub(super) async fn everything(&self) -> Result<Vec<Contact>> {
        let size = self.inner.capabilities().max_page_size;
        self.inner
            .list(ContactQuery::new().page_size(size))
            .try_collect()
            .await
    }

    /// Notes that `token` was handed out (with the contacts as they are, for the stale flaw).
    pub(super) async fn issue(&self, token: ChangeToken) -> Result<ChangeToken> {
        let snapshot = if self.flaw == FeedFlaw::StaleContacts {
            let all = self.everything().await?;
            Some(all.into_iter().map(|c| (c.id.clone(), c)).collect())
        } else {
            None
        };
        let mut history = self.history();
        history.issued.push(token.clone());
        if let Some(snapshot) = snapshot {
            history.snapshots.entry(token.clone()).or_insert(snapshot);
        }
        Ok(token)
    }

    /// Notes contacts created through the double.
    pub(super) fn note_created(&self, created: &[Contact]) {
        let mut history = self.history();
        let issued = history.issued.len();
        history
            .created
            .extend(created.iter().map(|c| (issued, c.clone())));
    }
}
