//! A change feed: what changed in a store since a point in its history, so a tool that keeps
//! a copy (a sync) reads the few contacts that changed instead of listing every one.
//!
//! CardDAV servers offer one (`sync-collection`, RFC 6578), as do many address-book APIs
//! (Google's `syncToken`, Microsoft Graph's delta queries); SMS vendors' contact APIs do not,
//! and simply do not declare it.

use crate::{Contact, ContactId, Error, Result};
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt::Display;
use std::ops::RangeInclusive;

/// A point in a store's history, as the store wrote it: opaque (compare and store it, never
/// parse it), valid only for the store and scope that issued it, and not a secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct ChangeToken(String);

impl ChangeToken {
    /// A token as a store issued it (e.g. read back from where a tool kept it).
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The token's text, for storing it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For the provider reading back a token: the text after `scheme:` when the token starts
    /// with it, `None` when another provider (or none) issued it. A provider starts its tokens
    /// with a scheme of its own so that another's token is told apart before anything is
    /// asked of the store; what follows is the provider's business.
    ///
    /// ```
    /// use contacts_core::optional::ChangeToken;
    /// let token = ChangeToken::new("crm-changes:book-7:42");
    /// assert_eq!(token.strip_scheme("crm-changes"), Some("book-7:42"));
    /// assert_eq!(token.strip_scheme("crm"), None, "the scheme ends at a colon");
    /// assert_eq!(ChangeToken::new("crm-changes").strip_scheme("crm-changes"), None);
    /// ```
    pub fn strip_scheme(&self, scheme: &str) -> Option<&str> {
        self.0.strip_prefix(scheme)?.strip_prefix(':')
    }

    /// The error for a token the provider cannot take: `InvalidInput` on `change_token`
    /// saying that this token is not a change token of `of` (the store or book reading it),
    /// and `why`, so every provider refuses a foreign or mangled token in the same words.
    ///
    /// ```
    /// use contacts_core::Error;
    /// use contacts_core::optional::ChangeToken;
    /// let token = ChangeToken::new("mem1-changes:a:1");
    /// let refused = |why: &str| token.refusal("this store", why);
    /// let err = token.strip_scheme("crm-changes").ok_or_else(|| refused("another provider issued it"));
    /// let Err(Error::InvalidInput { field, reason }) = err else { panic!() };
    /// assert_eq!(field, "change_token");
    /// assert_eq!(
    ///     reason,
    ///     "mem1-changes:a:1 is not a change token of this store: another provider issued it"
    /// );
    /// ```
    pub fn refusal(&self, of: impl Display, why: impl Display) -> Error {
        Error::invalid(
            "change_token",
            format!("{self} is not a change token of {of}: {why}"),
        )
    }

    /// The token for `revision` of the store whose identity is `identity`, written as
    /// `tokens` says; [`ChangeToken::revision_in`] reads it back.
    ///
    /// ```
    /// use contacts_core::optional::{ChangeToken, RevisionTokens};
    /// const TOKENS: RevisionTokens = RevisionTokens::identity_first("crm-changes", "the CRM");
    /// let token = ChangeToken::revision(&TOKENS, "crm-7", 42);
    /// assert_eq!(token.as_str(), "crm-changes:crm-7:42");
    /// assert_eq!(token.revision_in(&TOKENS, "crm-7", 0..=42).unwrap(), 42);
    /// ```
    pub fn revision(tokens: &RevisionTokens, identity: &str, revision: u64) -> Self {
        let scheme = tokens.scheme;
        Self(match tokens.layout {
            Layout::IdentityFirst => format!("{scheme}:{identity}:{revision}"),
            Layout::RevisionFirst => format!("{scheme}:{revision}:{identity}"),
        })
    }

    /// The revision a token made by [`ChangeToken::revision`] stands for, if the store
    /// `identity` can answer from it. `known` holds the revisions whose changes the store
    /// still knows: from its horizon (what it forgot comes before) to its latest revision.
    ///
    /// The checks, in this order: the scheme of `tokens` (another provider's token), the
    /// issuing store's identity, the revision (a number), then `InvalidInput` for a revision
    /// after `known` (a token of a copy of the store that went on without it) and
    /// [`Error::ExpiredToken`] for one before it. Every refusal but the expiry is
    /// [`refusal`](Self::refusal)'s `InvalidInput` on `change_token`.
    ///
    /// ```
    /// use contacts_core::Error;
    /// use contacts_core::optional::{ChangeToken, RevisionTokens};
    /// const TOKENS: RevisionTokens = RevisionTokens::revision_first("crm-changes", "the CRM");
    /// let token = ChangeToken::new("crm-changes:7:crm-1");
    /// assert_eq!(token.revision_in(&TOKENS, "crm-1", 5..=9).unwrap(), 7);
    /// let refused = |identity, known| token.revision_in(&TOKENS, identity, known).unwrap_err();
    /// assert!(refused("crm-2", 5..=9).to_string().contains("another store issued it"));
    /// assert!(refused("crm-1", 0..=6).to_string().contains("ahead of this store"));
    /// assert!(matches!(refused("crm-1", 8..=9), Error::ExpiredToken { .. }));
    /// ```
    pub fn revision_in(
        &self,
        tokens: &RevisionTokens,
        identity: &str,
        known: RangeInclusive<u64>,
    ) -> Result<u64> {
        let refuse = |why: &str| self.refusal("this store", why);
        let rest = self
            .strip_scheme(tokens.scheme)
            .ok_or_else(|| refuse(&format!("it was not issued by {}", tokens.store)))?;
        let (issuer, revision) = match tokens.layout {
            Layout::IdentityFirst => rest.rsplit_once(':'),
            Layout::RevisionFirst => rest.split_once(':').map(|(r, i)| (i, r)),
        }
        .ok_or_else(|| refuse("it has no revision"))?;
        if issuer != identity {
            return Err(refuse(&(tokens.foreign)(issuer, identity)));
        }
        let revision: u64 = revision
            .parse()
            .map_err(|_| refuse("its revision is not a number"))?;
        if revision > *known.end() {
            return Err(Error::invalid(
                "change_token",
                format!("{self} is ahead of this store (a token of a copy of it?)"),
            ));
        }
        if revision < *known.start() {
            return Err(Error::ExpiredToken {
                message: format!(
                    "{} keeps its change log back to revision {} only, and {self} is older",
                    tokens.store,
                    known.start()
                ),
            });
        }
        Ok(revision)
    }
}

/// How a store writes the change tokens that stand for a revision of its change log: a scheme
/// of its own, the identity of the issuing store (and scope) and the revision, in the order
/// the store has always written them, so tokens users saved stay readable. Made once, as a
/// `const`, and handed to [`ChangeToken::revision`] and [`ChangeToken::revision_in`], so
/// every such store writes, reads and refuses its tokens alike.
#[derive(Debug, Clone, Copy)]
pub struct RevisionTokens {
    /// Starts every token, telling the store's tokens from other providers'.
    scheme: &'static str,
    /// The store as refusals name it, e.g. "the in-memory store".
    store: &'static str,
    /// Where the revision sits.
    layout: Layout,
    /// Why a token another identity issued is refused: `foreign(issuer, identity)`.
    foreign: fn(&str, &str) -> String,
}

/// The order of a token's fields after its scheme.
#[derive(Debug, Clone, Copy)]
enum Layout {
    /// `scheme:identity:revision`: the revision after the last colon.
    IdentityFirst,
    /// `scheme:revision:identity`: the revision before the first colon.
    RevisionFirst,
}

impl RevisionTokens {
    /// Tokens `scheme:identity:revision` (the identity may hold colons); `store` names the
    /// store in refusals ("it was not issued by the in-memory store").
    pub const fn identity_first(scheme: &'static str, store: &'static str) -> Self {
        Self::new(scheme, store, Layout::IdentityFirst)
    }

    /// Tokens `scheme:revision:identity` (the identity may hold colons); `store` names the
    /// store in refusals.
    pub const fn revision_first(scheme: &'static str, store: &'static str) -> Self {
        Self::new(scheme, store, Layout::RevisionFirst)
    }

    const fn new(scheme: &'static str, store: &'static str, layout: Layout) -> Self {
        Self {
            scheme,
            store,
            layout,
            foreign: another_store,
        }
    }

    /// These tokens, refusing one that another identity issued with `why(issuer, identity)`
    /// instead of "another store issued it": for a store that can tell more (another scope
    /// of the same file, say).
    pub const fn refusing_foreign(self, why: fn(&str, &str) -> String) -> Self {
        Self {
            foreign: why,
            ..self
        }
    }
}

/// Why a token of another store is refused, when the store cannot tell more.
fn another_store(_issuer: &str, _identity: &str) -> String {
    "another store issued it".to_owned()
}

impl std::fmt::Display for ChangeToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What changed between a token and now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ChangeSet {
    /// Contacts created or written since the token, as they are now (each once). A contact
    /// written without a difference may be listed too: a reader compares contents, as a sync
    /// does with its hashes.
    pub changed: Vec<Contact>,
    /// Ids of contacts deleted since the token, or gone from the provider's view (moved to
    /// another address book). An id created and deleted in between may be listed.
    pub deleted: Vec<ContactId>,
    /// The token to ask from next time: it covers everything in this change set.
    pub token: ChangeToken,
}

/// The change feed (declared by
/// [`Capabilities::change_feed`](crate::Capabilities::change_feed)).
///
/// The way to use it without missing a change: take [`current_token`](Self::current_token)
/// *before* reading everything once; afterwards, [`changes_since`](Self::changes_since) that
/// token gives whatever changed during and after the full read (a contact may then be seen
/// twice, never missed).
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use contacts_core::{ContactProvider, InMemoryProvider, NewContact};
/// let memory = InMemoryProvider::new();
/// let feed = memory.change_feed().expect("the reference model has a change feed");
/// let token = feed.current_token().await?;
/// let ada = memory.create(&[NewContact::new().property("firstName", "Ada")]).await?;
/// let changes = feed.changes_since(&token).await?;
/// assert_eq!(changes.changed[0].id, ada[0].id);
/// assert!(feed.changes_since(&changes.token).await?.changed.is_empty());
/// # Ok::<_, contacts_core::Error>(()) }).unwrap();
/// ```
#[async_trait]
pub trait ChangeFeed: Send + Sync {
    /// A token for the store as it is now, reading no contact.
    async fn current_token(&self) -> Result<ChangeToken>;

    /// What changed since `token`, with the token to continue from.
    ///
    /// # Errors
    /// [`Error::ExpiredToken`] when the store no longer knows what changed since that token
    /// (it forgot its history, as RFC 6578 servers and Google do after a while): read
    /// everything again and start from a new
    /// [`current_token`](Self::current_token). A token another store or scope issued, or
    /// one that is not a token at all, is `InvalidInput` naming it.
    async fn changes_since(&self, token: &ChangeToken) -> Result<ChangeSet>;
}
