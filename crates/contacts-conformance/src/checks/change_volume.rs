//! More changes than one page of a vendor's change endpoint: an adapter that reads only the
//! first page of the vendor's "what changed" answer, yet returns the token of the end, skips
//! the rest for good; one that maps the vendor's "expired" answer to `InvalidInput` tells a
//! reader its own token is broken, and it never reads everything again.

use super::change_set::shown;
use super::support::{create_all, ensure, plain};
use contacts_core::optional::{ChangeFeed, ChangeSet, ChangeToken};
use contacts_core::{ContactId, ContactProvider, Error};
use std::collections::BTreeSet;

/// Writes between two tokens: more than vendors' change pages (50 and 100 are common) hold,
/// and more than a journal of 100 writes keeps.
pub(super) const MANY: usize = 120;

/// Change sets followed before the feed must have settled (listed nothing).
const MAX_ROUNDS: usize = 10;

/// Creates [`MANY`] contacts (in the provider's batches, numbered from `first`) after `token`,
/// then follows the feed's tokens from it until a change set lists nothing: every contact
/// created is listed, and none twice in one change set. A store that has forgotten that much
/// history may answer `ExpiredToken` (the contract's way to say "read everything again"),
/// never `InvalidInput`: the token is its own.
pub(super) async fn many_writes(
    p: &dyn ContactProvider,
    feed: &dyn ChangeFeed,
    token: &ChangeToken,
    first: usize,
) -> Result<(), String> {
    let docs: Vec<_> = (first..first + MANY).map(|n| plain(p, n)).collect();
    let made = create_all(p, &docs).await?;
    let mut seen = BTreeSet::new();
    let mut token = token.clone();
    for round in 1..=MAX_ROUNDS {
        let Some(set) = answered(feed, &token).await? else {
            return Ok(());
        };
        if set.changed.is_empty() && set.deleted.is_empty() {
            let missing: Vec<&ContactId> = made
                .iter()
                .map(|c| &c.id)
                .filter(|id| !seen.contains(*id))
                .collect();
            return ensure(missing.is_empty(), || {
                format!(
                    "{} of the {MANY} contacts created after a token were never listed, \
                     following the feed's tokens until a change set listed nothing (in \
                     {round} change sets): the token returned must cover only what was \
                     listed; missing {:?}",
                    missing.len(),
                    clipped(&missing)
                )
            });
        }
        once_each(&set, round)?;
        seen.extend(set.changed.iter().map(|c| c.id.clone()));
        token = set.token;
    }
    Err(format!(
        "after {MANY} creates, {MAX_ROUNDS} change sets in a row, each asked with the token \
         of the one before and no write between, still listed changes"
    ))
}

/// The change set since `token`, or `None` when the store says it has forgotten that much
/// history (`ExpiredToken`).
async fn answered(feed: &dyn ChangeFeed, token: &ChangeToken) -> Result<Option<ChangeSet>, String> {
    match feed.changes_since(token).await {
        Ok(set) => Ok(Some(set)),
        Err(Error::ExpiredToken { .. }) => Ok(None),
        Err(e @ Error::InvalidInput { .. }) => Err(format!(
            "changes_since a token of this store, {MANY} writes old, was refused as \
             InvalidInput ({e}): a token the store issued is answered, or ExpiredToken when \
             the store no longer knows what changed since it (so a reader reads everything \
             again), never taken for one that is not a token"
        )),
        Err(e) => Err(format!("changes_since after {MANY} creates failed: {e}")),
    }
}

/// No contact is in `set`'s `changed` twice.
fn once_each(set: &ChangeSet, round: usize) -> Result<(), String> {
    let mut ids = BTreeSet::new();
    let twice: Vec<&ContactId> = set
        .changed
        .iter()
        .map(|c| &c.id)
        .filter(|id| !ids.insert(*id))
        .collect();
    ensure(twice.is_empty(), || {
        format!(
            "change set {round} after {MANY} creates lists {:?} in `changed` more than once \
             ({})",
            clipped(&twice),
            clipped_set(set)
        )
    })
}

/// At most ten of `ids`, for messages.
fn clipped<'a>(ids: &[&'a ContactId]) -> Vec<&'a str> {
    ids.iter().take(10).map(|id| id.as_str()).collect()
}

/// A change set of many contacts, shown in a line: its counts, or all of it when small.
fn clipped_set(set: &ChangeSet) -> String {
    if set.changed.len() + set.deleted.len() <= 10 {
        shown(set)
    } else {
        format!(
            "{} changed, {} deleted",
            set.changed.len(),
            set.deleted.len()
        )
    }
}
