//! How a [`FlawedFeed`] answers: every operation as the in-memory store does, its change feed
//! bent by its [`FeedFlaw`].

use super::feed::{FeedFlaw, FlawedFeed};
use async_trait::async_trait;
use contacts_core::optional::{ChangeFeed, ChangeSet, ChangeToken};
use contacts_core::{Contact, ContactId, ContactProvider, Error, NewContact, Result};

impl FlawedFeed {
    /// The store's own (honest) change feed.
    fn store_feed(&self) -> Result<&dyn ChangeFeed> {
        self.inner
            .change_feed()
            .ok_or_else(|| Error::unsupported("flawed-feed", "a change feed"))
    }

    /// [`FeedFlaw::GarbageTokenListsEverything`]: "since the beginning".
    async fn everything_as_changed(&self) -> Result<ChangeSet> {
        let token = self.store_feed()?.current_token().await?;
        Ok(ChangeSet {
            changed: self.everything().await?,
            deleted: Vec::new(),
            token,
        })
    }

    /// [`FeedFlaw::StaleContacts`]: each changed contact as it was when `token` was issued.
    fn stale(&self, token: &ChangeToken, changed: Vec<Contact>) -> Vec<Contact> {
        let history = self.history();
        let Some(then) = history.snapshots.get(token) else {
            return changed;
        };
        changed
            .into_iter()
            .map(|c| then.get(&c.id).cloned().unwrap_or(c))
            .collect()
    }

    /// [`FeedFlaw::CreatedThenDeletedListed`]: the contacts created after `token` and deleted
    /// since, as they were created.
    fn created_and_deleted(&self, token: &ChangeToken, deleted: &[ContactId]) -> Vec<Contact> {
        let history = self.history();
        let Some(at) = history.issued.iter().position(|t| t == token) else {
            return Vec::new();
        };
        history
            .created
            .iter()
            .filter(|(issued, c)| *issued > at && deleted.contains(&c.id))
            .map(|(_, c)| c.clone())
            .collect()
    }
}

#[async_trait]
impl ChangeFeed for FlawedFeed {
    async fn current_token(&self) -> Result<ChangeToken> {
        let token = self.store_feed()?.current_token().await?;
        self.issue(token).await
    }

    async fn changes_since(&self, token: &ChangeToken) -> Result<ChangeSet> {
        let mut set = match self.store_feed()?.changes_since(token).await {
            Err(Error::InvalidInput { .. })
                if self.flaw == FeedFlaw::GarbageTokenListsEverything =>
            {
                self.everything_as_changed().await?
            }
            other => other?,
        };
        match self.flaw {
            FeedFlaw::ForgetsDeletions => set.deleted.clear(),
            FeedFlaw::ListsEverything => set.changed = self.everything().await?,
            FeedFlaw::TokenStuck => set.token = token.clone(),
            FeedFlaw::StaleContacts => set.changed = self.stale(token, set.changed),
            FeedFlaw::CreatedThenDeletedListed => {
                let listed = self.created_and_deleted(token, &set.deleted);
                set.changed.extend(listed);
            }
            FeedFlaw::GarbageTokenListsEverything => {}
        }
        set.token = self.issue(set.token).await?;
        Ok(set)
    }
}

#[async_trait]
impl ContactProvider for FlawedFeed {
    contacts_core::provider_identity!(inner inner);
    contacts_core::forward_provider!(inner: get, list_page, update, replace, delete,
        delete_matching, label_admin, blocklist, account_summary, background_import);

    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        let created = self.inner.create(contacts).await?;
        self.note_created(&created);
        Ok(created)
    }

    fn change_feed(&self) -> Option<&dyn ChangeFeed> {
        Some(self)
    }
}
