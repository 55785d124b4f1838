//! The in-memory store's change feed, read from its change log.

use super::store::MemoryStore;
use crate::optional::{ChangeFeed, ChangeSet, ChangeToken};
use crate::{Error, Result};
use async_trait::async_trait;

/// Tells the in-memory store's change tokens from other providers' (and from its page tokens).
const SCHEME: &str = "mem1-changes";

impl MemoryStore {
    /// The token for revision `revision` of this store.
    fn token(&self, revision: u64) -> ChangeToken {
        ChangeToken::new(format!("{SCHEME}:{}:{revision}", self.identity()))
    }

    /// The revision a token of this store stands for.
    fn revision_of(&self, token: &ChangeToken) -> Result<u64> {
        let refuse = |why: &str| token.refusal("this store", why);
        let rest = token
            .strip_scheme(SCHEME)
            .ok_or_else(|| refuse("it was not issued by the in-memory store"))?;
        let (identity, revision) = rest
            .rsplit_once(':')
            .ok_or_else(|| refuse("it has no revision"))?;
        if identity != self.identity() {
            return Err(refuse("another store issued it"));
        }
        revision
            .parse()
            .map_err(|_| refuse("its revision is not a number"))
    }

    /// Forgets the change log: every token issued so far is expired, as a server's tokens
    /// expire after a while.
    pub(crate) fn expire_change_tokens(&self) {
        self.lock().log.forget();
    }
}

#[async_trait]
impl ChangeFeed for MemoryStore {
    async fn current_token(&self) -> Result<ChangeToken> {
        let revision = self.lock().log.revision;
        Ok(self.token(revision))
    }

    async fn changes_since(&self, token: &ChangeToken) -> Result<ChangeSet> {
        let since = self.revision_of(token)?;
        let state = self.lock();
        if since > state.log.revision {
            return Err(Error::invalid(
                "change_token",
                format!("{token} is ahead of this store (a token of a copy of it?)"),
            ));
        }
        if since < state.log.forgotten_before {
            return Err(Error::ExpiredToken {
                message: format!("the in-memory store forgot the changes before {token}"),
            });
        }
        let (mut changed, mut deleted) = (Vec::new(), Vec::new());
        for id in state.log.written.range(since + 1..).map(|(_, id)| id) {
            let seen = state.index.get(id).and_then(|seq| state.contacts.get(seq));
            match seen.filter(|c| state.visible(c)) {
                Some(contact) => changed.push(self.present(contact, false)),
                None => deleted.push(id.clone()),
            }
        }
        Ok(ChangeSet {
            changed,
            deleted,
            token: self.token(state.log.revision),
        })
    }
}
