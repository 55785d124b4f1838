//! Bugs of the blocklist (`Blocklist`).

use super::Bug;
use super::adapter::{Adapter, Hook};
use super::support::{Store, blocklist, full};
use async_trait::async_trait;
use contacts_core::{Error, Result};

/// Meant to make unblocking idempotent: the vendor's `DELETE /blacklist/{number}` answers 404
/// for a number that is not blocked, and the author treated that as done.
#[derive(Debug, Default)]
struct UnblockUnknownIsOk;

#[async_trait]
impl Hook for UnblockUnknownIsOk {
    async fn unblock_number(&self, p: &Store, n: &str) -> Result<()> {
        match blocklist(p)?.unblock_number(n).await {
            Err(e) if e.is_not_found() => Ok(()),
            other => other,
        }
    }
}

/// Meant to block a number with `POST /blacklist`; the vendor answers 409 for a number already
/// on the list, and the author passed it on as `Conflict`.
#[derive(Debug, Default)]
struct BlockTwiceConflicts;

#[async_trait]
impl Hook for BlockTwiceConflicts {
    async fn block_number(&self, p: &Store, n: &str) -> Result<()> {
        let list = blocklist(p)?;
        if list.check_number(n).await? {
            return Err(Error::Conflict {
                message: format!("{n} is already blacklisted"),
            });
        }
        list.block_number(n).await
    }
}

/// Meant to list the blocklist; the vendor pages it by 100 and the author read the first
/// page only.
#[derive(Debug, Default)]
struct BlockedFirstPageOnly;

#[async_trait]
impl Hook for BlockedFirstPageOnly {
    async fn list_blocked(&self, p: &Store) -> Result<Vec<String>> {
        let mut numbers = blocklist(p)?.list_blocked().await?;
        numbers.truncate(100);
        Ok(numbers)
    }
}

/// Meant to check one number with the vendor's `?search=` parameter, which matches numbers
/// starting with the text: a number is reported blocked when a longer blocked number starts
/// with it.
#[derive(Debug, Default)]
struct CheckMatchesPrefix;

#[async_trait]
impl Hook for CheckMatchesPrefix {
    async fn check_number(&self, p: &Store, n: &str) -> Result<bool> {
        let list = blocklist(p)?;
        if list.check_number(n).await? {
            return Ok(true);
        }
        Ok(list.list_blocked().await?.iter().any(|b| b.starts_with(n)))
    }
}

/// The blocklist bugs.
pub fn bugs() -> Vec<Bug> {
    vec![
        Bug {
            name: "unblock_unknown_number_succeeds",
            rule: "optional/blocklist.rs, Blocklist::unblock_number: \"Unblocks `number`; \
                   `NotFound` if it was not blocked.\"",
            trigger: "unblocking a number that is not blocked",
            make: |armed| Adapter::boxed(full(), armed, UnblockUnknownIsOk),
        },
        Bug {
            name: "block_twice_is_conflict",
            rule: "optional/blocklist.rs, Blocklist::block_number: \"(blocking a blocked number \
                   is not an error)\"",
            trigger: "blocking a number that is already blocked",
            make: |armed| Adapter::boxed(full(), armed, BlockTwiceConflicts),
        },
        Bug {
            name: "list_blocked_first_page_only",
            rule: "optional/blocklist.rs, Blocklist::list_blocked: \"Every blocked number\"",
            trigger: "more than 100 blocked numbers",
            make: |armed| Adapter::boxed(full(), armed, BlockedFirstPageOnly),
        },
        Bug {
            name: "check_number_matches_prefix",
            rule: "optional/blocklist.rs, Blocklist::check_number: \"Whether `number` is \
                   blocked.\"",
            trigger: "checking a number that a longer blocked number starts with",
            make: |armed| Adapter::boxed(full(), armed, CheckMatchesPrefix),
        },
    ]
}
