//! The in-memory store's change feed, read from its change log.

use super::store::MemoryStore;
use crate::Result;
use crate::optional::{ChangeFeed, ChangeSet, ChangeToken, RevisionTokens};
use async_trait::async_trait;

/// The in-memory store's change tokens, `mem1-changes:<store identity>:<revision>`: the
/// scheme tells them from other providers' (and from its page tokens).
const TOKENS: RevisionTokens =
    RevisionTokens::identity_first("mem1-changes", "the in-memory store");

impl MemoryStore {
    /// The token for revision `revision` of this store.
    fn token(&self, revision: u64) -> ChangeToken {
        ChangeToken::revision(&TOKENS, self.identity(), revision)
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
        let state = self.lock();
        let known = state.log.forgotten_before..=state.log.revision;
        let since = token.revision_in(&TOKENS, self.identity(), known)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Capabilities, ContactProvider, Error, NewContact};

    /// Tokens users saved before [`RevisionTokens`] wrote them are still taken: the old code
    /// wrote `format!("mem1-changes:{identity}:{revision}")`, and so does the new one.
    #[tokio::test]
    async fn a_token_saved_from_the_old_code_is_still_taken() {
        let store = MemoryStore::with_capabilities(Capabilities::full());
        let old = |revision: u64| {
            ChangeToken::new(format!("mem1-changes:{}:{revision}", store.identity()))
        };
        let start = store.lock().log.revision;
        assert_eq!(store.current_token().await.unwrap(), old(start));
        let made = store
            .create(&[NewContact::new().property("firstName", "Ada")])
            .await
            .unwrap();
        let changes = store.changes_since(&old(start)).await.unwrap();
        assert_eq!(changes.changed[0].id, made[0].id);
        assert_eq!(changes.token, old(store.lock().log.revision));
    }

    #[tokio::test]
    async fn refuses_ahead_expired_and_foreign_tokens_in_order() {
        let store = MemoryStore::with_capabilities(Capabilities::full());
        let token = |identity: &str, revision: &str| {
            ChangeToken::new(format!("mem1-changes:{identity}:{revision}"))
        };
        let identity = store.identity().to_owned();
        let refused = |err: Error| match err {
            Error::InvalidInput { field, reason } if field == "change_token" => reason,
            other => panic!("{other}"),
        };
        let cases = [
            ("mem1-changes", "it was not issued by the in-memory store"),
            (
                "sqlite-changes:0:memory-0",
                "it was not issued by the in-memory store",
            ),
            ("mem1-changes:7", "it has no revision"),
            ("mem1-changes:memory-0:7", "another store issued it"),
            ("mem1-changes:memory-0:x", "another store issued it"),
        ];
        for (text, why) in cases {
            let err = store
                .changes_since(&ChangeToken::new(text))
                .await
                .unwrap_err();
            let reason = refused(err);
            assert!(
                reason.contains(why) && reason.contains(text),
                "{text}: {reason}"
            );
        }
        let err = store
            .changes_since(&token(&identity, "x"))
            .await
            .unwrap_err();
        assert!(refused(err).contains("its revision is not a number"));
        let err = store
            .changes_since(&token(&identity, "9"))
            .await
            .unwrap_err();
        assert!(refused(err).contains("is ahead of this store"));
        let old = store.current_token().await.unwrap();
        store.expire_change_tokens();
        let err = store.changes_since(&old).await.unwrap_err();
        assert!(
            err.to_string()
                .contains("the in-memory store keeps its change log back to revision 1 only"),
            "{err}"
        );
    }
}
