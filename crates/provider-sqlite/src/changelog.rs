//! The change log's bounds: how much history the store keeps for its change feed, and the
//! pruning that keeps it within them.
//!
//! The log (table `changes`, schema version 5) is written by triggers; this module only reads
//! where it stands and forgets its oldest entries. What was forgotten is remembered as the
//! *horizon* (`meta.changes_horizon`): a token from before it is expired, since the changes
//! between it and the horizon are no longer known.

use crate::schema::sql_error;
use contacts_core::Result;
use rusqlite::{Connection, OptionalExtension, params};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How much history the change log keeps; older entries are pruned at the next write, and
/// tokens from before them expire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// The history of this many revisions (contact writes) back from the latest.
    pub revisions: u64,
    /// Entries younger than this.
    pub max_age: Duration,
}

impl Retention {
    /// The defaults: the last 1,000,000 revisions, at most 90 days back. Enough for a daily
    /// sync of a large store to read only what changed, and at most some 40 MB of log.
    pub const DEFAULT: Self = Self {
        revisions: 1_000_000,
        max_age: Duration::from_secs(90 * 24 * 60 * 60),
    };
}

impl Default for Retention {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The latest revision the store wrote (0 before its first write since it has a log).
pub fn latest(conn: &Connection) -> Result<i64> {
    conn.prepare_cached("SELECT seq FROM sqlite_sequence WHERE name = 'changes'")
        .and_then(|mut s| s.query_row([], |r| r.get(0)).optional())
        .map(Option::unwrap_or_default)
        .map_err(|e| sql_error("read the change log", &e))
}

/// The revision before which the log has forgotten what changed: tokens older are expired.
pub fn horizon(conn: &Connection) -> Result<i64> {
    conn.prepare_cached("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'changes_horizon'")
        .and_then(|mut s| s.query_row([], |r| r.get(0)))
        .map_err(|e| sql_error("read the change log", &e))
}

/// Forgets the entries outside `retention` and moves the horizon past them, inside the
/// caller's write transaction. When nothing is due (the usual case) this costs two index
/// seeks: the oldest entry is within both bounds.
pub fn prune(conn: &Connection, retention: &Retention) -> Result<()> {
    let failed = |e: rusqlite::Error| sql_error("prune the change log", &e);
    let oldest: Option<(i64, i64)> = conn
        .prepare_cached("SELECT revision, at FROM changes ORDER BY revision LIMIT 1")
        .and_then(|mut s| s.query_row([], |r| Ok((r.get(0)?, r.get(1)?))).optional())
        .map_err(failed)?;
    let Some((oldest, oldest_at)) = oldest else {
        return Ok(());
    };
    let by_count = latest(conn)?.saturating_sub(retention.revisions.min(i64::MAX as u64) as i64);
    let cutoff = now().saturating_sub(retention.max_age.as_secs().min(i64::MAX as u64) as i64);
    if oldest > by_count && oldest_at >= cutoff {
        return Ok(());
    }
    // Entries are in time order along the revisions (but for a clock set back), so the first
    // young enough one is found by walking the old ones, which are about to go anyway.
    let first_young: Option<i64> = conn
        .prepare_cached("SELECT revision FROM changes WHERE at >= ?1 ORDER BY revision LIMIT 1")
        .and_then(|mut s| s.query_row([cutoff], |r| r.get(0)).optional())
        .map_err(failed)?;
    let by_age = first_young.map_or_else(|| latest(conn), |revision| Ok(revision - 1))?;
    let forget = by_count.max(by_age);
    conn.prepare_cached("DELETE FROM changes WHERE revision <= ?1")
        .and_then(|mut s| s.execute([forget]))
        .map_err(failed)?;
    conn.prepare_cached(
        "UPDATE meta SET value = CAST(max(CAST(value AS INTEGER), ?1) AS TEXT)
         WHERE key = 'changes_horizon'",
    )
    .and_then(|mut s| s.execute(params![forget]))
    .map_err(failed)?;
    Ok(())
}

/// Seconds since the Unix epoch, as SQLite's `unixepoch()` writes them.
fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs().min(i64::MAX as u64) as i64)
}
