//! Bugs of the blocklist (`Blocklist`).

use super::Bug;
use super::adapter::hook;
use super::support::{Store, blocklist, full};
use contacts_core::{Error, Result};

hook! {
    /// Meant to make unblocking idempotent: the vendor's `DELETE /blacklist/{number}` answers 404
    /// for a number that is not blocked, and the author treated that as done.
    struct UnblockUnknownIsOk;
    bug unblock_unknown_number_succeeds over full();
    breaks "optional/blocklist.rs, Blocklist::unblock_number: \"Unblocks `number`; \
            `NotFound` if it was not blocked.\"";
    when "unblocking a number that is not blocked";

    async fn unblock_number(&self, p: &Store, n: &str) -> Result<()> {
        match blocklist(p)?.unblock_number(n).await {
            Err(e) if e.is_not_found() => Ok(()),
            other => other,
        }
    }
}

hook! {
    /// Meant to block a number with `POST /blacklist`; the vendor answers 409 for a number already
    /// on the list, and the author passed it on as `Conflict`.
    struct BlockTwiceConflicts;
    bug block_twice_is_conflict over full();
    breaks "optional/blocklist.rs, Blocklist::block_number: \"(blocking a blocked number \
            is not an error)\"";
    when "blocking a number that is already blocked";

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

hook! {
    /// Meant to list the blocklist; the vendor pages it by 100 and the author read the first
    /// page only.
    struct BlockedFirstPageOnly;
    bug list_blocked_first_page_only over full();
    breaks "optional/blocklist.rs, Blocklist::list_blocked: \"Every blocked number\"";
    when "more than 100 blocked numbers";

    async fn list_blocked(&self, p: &Store) -> Result<Vec<String>> {
        let mut numbers = blocklist(p)?.list_blocked().await?;
        numbers.truncate(100);
        Ok(numbers)
    }
}

hook! {
    /// Meant to check one number with the vendor's `?search=` parameter, which matches numbers
    /// starting with the text: a number is reported blocked when a longer blocked number starts
    /// with it.
    struct CheckMatchesPrefix;
    bug check_number_matches_prefix over full();
    breaks "optional/blocklist.rs, Blocklist::check_number: \"Whether `number` is \
            blocked.\"";
    when "checking a number that a longer blocked number starts with";

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
        UnblockUnknownIsOk::bug(),
        BlockTwiceConflicts::bug(),
        BlockedFirstPageOnly::bug(),
        CheckMatchesPrefix::bug(),
    ]
}
