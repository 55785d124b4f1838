//! The sync state: one SQLite file per pair of providers, holding the id pairs, a content hash
//! of each side at the last sync, and the intents of writes not yet recorded. Versioned with
//! `PRAGMA user_version` and migrated forward only, like the local store.

use crate::dedupe::Merge;
use crate::lock::{self, RunLock};
use crate::{Result, Side, SyncError};
use contacts_core::ContactId;
use contacts_core::optional::ChangeToken;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Forward migrations: index `i` takes the state from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: id pairs with the hash of each side at the last sync; intents of pending writes.
    "CREATE TABLE pairs (
         source_id TEXT PRIMARY KEY,
         target_id TEXT NOT NULL UNIQUE,
         source_hash TEXT NOT NULL,
         target_hash TEXT NOT NULL
     );
     CREATE TABLE intents (
         seq INTEGER PRIMARY KEY AUTOINCREMENT,
         origin TEXT NOT NULL,
         origin_id TEXT NOT NULL,
         kind TEXT NOT NULL
     );",
    // 2: what the file belongs to (`source`, `target`), so another pair's file is refused.
    "CREATE TABLE meta (
         key TEXT PRIMARY KEY,
         value TEXT NOT NULL
     ) WITHOUT ROWID;",
    // 3: each pair's base (what it looked like at the last sync, per field; see merge.rs),
    // NULL for pairs recorded before: they merge as a whole, as then.
    "ALTER TABLE pairs ADD COLUMN base TEXT;",
    // 4: per side, the change token of the last completed run (a side read through its change
    // feed next time, see feed.rs), and the contacts that run left undecided (skipped,
    // conflicting, refused): read again next run, as a change set would not name them.
    "CREATE TABLE feed_tokens (
         side TEXT PRIMARY KEY,
         token TEXT NOT NULL
     ) WITHOUT ROWID;
     CREATE TABLE feed_pending (
         side TEXT NOT NULL,
         id TEXT NOT NULL,
         gone INTEGER NOT NULL,
         PRIMARY KEY (side, id)
     ) WITHOUT ROWID;",
    // 5: contacts `contacts dedupe` merged away on a side (see merged_away.rs): the pair that
    // held one is never recreated there, but re-linked to the kept contact or settled on the
    // other side. A record is dropped once no pair holds its merged-away contact.
    "CREATE TABLE merges (
         side TEXT NOT NULL,
         merged_away TEXT NOT NULL,
         kept TEXT NOT NULL,
         PRIMARY KEY (side, merged_away)
     ) WITHOUT ROWID;",
];

/// The version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// How long a write waits for another process holding the file.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Two contacts known to be the same person, with each side's content hash at the last sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The source contact.
    pub source_id: ContactId,
    /// The target contact.
    pub target_id: ContactId,
    /// The source's content hash at the last sync.
    pub source_hash: String,
    /// The target's content hash at the last sync.
    pub target_hash: String,
}

impl Pair {
    /// The id on `side`.
    pub fn id(&self, side: Side) -> &ContactId {
        match side {
            Side::Source => &self.source_id,
            Side::Target => &self.target_id,
        }
    }

    /// The hash on `side`.
    pub fn hash(&self, side: Side) -> &str {
        match side {
            Side::Source => &self.source_hash,
            Side::Target => &self.target_hash,
        }
    }
}

/// A write begun but not known to be recorded: the content of `origin_id` (on `origin`) was
/// being written to the other side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intent {
    /// The side the content comes from.
    pub origin: Side,
    /// The contact on that side.
    pub origin_id: ContactId,
    /// `create`, `update` or `delete`.
    pub kind: String,
}

/// A finished write not yet recorded: the intent to drop, the pair to put (with its base, see
/// `merge.rs`), the pair (by source id) to forget.
#[derive(Debug, Default)]
pub(crate) struct PendingRecord {
    /// The intent to drop.
    pub(crate) seq: Option<i64>,
    /// The pair to record.
    pub(crate) put: Option<Pair>,
    /// Its base, encoded.
    pub(crate) base: Option<String>,
    /// The pair to forget, by its source id.
    pub(crate) forget: Option<ContactId>,
}

/// The state file of one pair of providers.
///
/// A `State` opened from a file holds that file's run lock (see [`State::open_with`]) until
/// it is dropped: one run per state file at a time.
#[derive(Debug)]
pub struct State {
    conn: Arc<Mutex<Connection>>,
    /// The directory of the state file (`None` in memory): a sync's scratch file goes there.
    dir: Option<PathBuf>,
    /// The run lock of the file (`None` in memory), held as long as the state is open.
    _lock: Option<RunLock>,
    /// The change tokens the last plan took, for the run that carries that plan out to record
    /// (see [`Taken`]).
    taken: Mutex<Option<Taken>>,
}

impl State {
    /// Opens (creating if needed) the state at `path` and migrates it forward, first waiting,
    /// without limit and silently, for any other run holding the file: [`State::open_with`]
    /// with no time limit. A file that is not a SQLite database, or one written by a newer
    /// build, is refused untouched.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with(path, None, &mut |_| {})
    }

    /// Opens (creating if needed) the state at `path`, holding its run lock for as long as
    /// the returned `State` lives, and migrates it forward.
    ///
    /// One run per state file at a time: two runs of one pair at once would both plan
    /// against the same recorded pairs and both create what neither had paired yet. The lock
    /// is an exclusive lock on `PATH.lock` beside the state file, taken before the file is
    /// opened (so also its creation and migration are one run's at a time). When another run
    /// holds it, `on_wait` is called once with the state's path (e.g. to print "waiting for
    /// the other sync of this pair"), then this waits: without limit when `wait` is `None`,
    /// otherwise up to `wait` and then fails with [`SyncError::Busy`] (`Some(Duration::ZERO)`
    /// refuses at once). The lock is the operating system's: a run that is killed releases it.
    pub fn open_with(
        path: &Path,
        wait: Option<Duration>,
        on_wait: &mut dyn FnMut(&Path),
    ) -> Result<Self> {
        let lock = lock::acquire(path, wait, on_wait)?;
        let mut state = Self::open_locked(path)?;
        state._lock = Some(lock);
        Ok(state)
    }

    /// [`State::open`] once the run lock is held.
    fn open_locked(path: &Path) -> Result<Self> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| {
            SyncError::State(format!(
                "cannot open or create {}: {e} (check that the directory exists and is writable)",
                path.display()
            ))
        })?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        readable_version(&conn)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let mut state = Self::migrated(conn)?;
        state.dir = path.parent().map(|d| match d.as_os_str().is_empty() {
            true => PathBuf::from("."),
            false => d.to_path_buf(),
        });
        Ok(state)
    }

    /// A private copy of the state at `path`, for a dry run: taken under the run lock (a run in
    /// progress finishes first) with SQLite's `VACUUM INTO`, so writes still in the write-ahead
    /// log are in it and the copy is never torn. The real file is only read; the copy lives in
    /// `scratch` (a directory the caller removes) and is migrated there, not at `path`.
    pub fn snapshot(path: &Path, scratch: &Path, on_wait: &mut dyn FnMut(&Path)) -> Result<Self> {
        let _lock = lock::acquire(path, None, on_wait)?;
        let copy = scratch.join("state.db");
        let source = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| SyncError::State(format!("cannot read {}: {e}", path.display())))?;
        readable_version(&source)?;
        source
            .execute("VACUUM INTO ?1", [copy.display().to_string()])
            .map_err(|e| SyncError::State(format!("cannot copy {}: {e}", path.display())))?;
        drop(source);
        Self::open_locked(&copy)
    }

    /// A state that lives in memory only (tests, dry runs without a file).
    pub fn in_memory() -> Result<Self> {
        Self::migrated(Connection::open_in_memory()?)
    }

    fn migrated(mut conn: Connection) -> Result<Self> {
        migrate(&mut conn)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            dir: None,
            _lock: None,
            taken: Mutex::new(None),
        })
    }

    /// The directory of the state file, if it is a file.
    pub(crate) fn dir(&self) -> Option<PathBuf> {
        self.dir.clone()
    }

    fn with<T>(&self, work: impl FnOnce(&mut Connection) -> rusqlite::Result<T>) -> Result<T> {
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        Ok(work(&mut conn)?)
    }

    /// Runs `work` on tokio's blocking pool (inline when there is no runtime), so a run's
    /// state writes do not hold up its async task and can overlap its provider calls.
    async fn blocking<T, F>(&self, work: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return self.with(work);
        };
        let conn = Arc::clone(&self.conn);
        runtime
            .spawn_blocking(move || {
                let mut conn = conn.lock().unwrap_or_else(|p| p.into_inner());
                work(&mut conn)
            })
            .await
            .map_err(|e| SyncError::State(format!("the state's worker failed: {e}")))?
            .map_err(SyncError::from)
    }

    /// In one transaction, off the async task: records the finished writes `done` (intent
    /// number and pair each; see [`State::complete_many`]), applies `pending` (intent number,
    /// pair to put, source id to forget; see [`State::complete`]), then records `intents` (see
    /// [`State::begin_many`]) and returns their numbers. One transaction per step of a run
    /// instead of two, and none on the async task.
    pub(crate) async fn record_then_begin(
        &self,
        done: Vec<(i64, Pair, Option<String>)>,
        pending: Vec<PendingRecord>,
        intents: Vec<Intent>,
    ) -> Result<Vec<i64>> {
        if done.is_empty() && pending.is_empty() && intents.is_empty() {
            return Ok(Vec::new());
        }
        self.blocking(move |c| {
            let tx = c.transaction()?;
            // Intents older than every one settled here were left by an earlier run: only
            // then can a pair have one to settle (the run's own are numbered after them).
            let oldest = done
                .iter()
                .map(|d| d.0)
                .chain(pending.iter().filter_map(|s| s.seq))
                .min()
                .unwrap_or(i64::MAX);
            let settle: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM intents WHERE seq < ?1)",
                [oldest],
                |r| r.get(0),
            )?;
            // A batch's intents were numbered in one go: drop them as one range when they are.
            let (first, last) = (done.first().map(|d| d.0), done.last().map(|d| d.0));
            let range = match (first, last) {
                (Some(first), Some(last)) => {
                    let consecutive = done.iter().zip(first..).all(|(d, seq)| d.0 == seq);
                    consecutive.then_some((first, last))
                }
                _ => None,
            };
            if let Some((first, last)) = range {
                tx.prepare_cached("DELETE FROM intents WHERE seq BETWEEN ?1 AND ?2")?
                    .execute([first, last])?;
            }
            for (seq, pair, base) in &done {
                let seq = if range.is_some() { None } else { Some(*seq) };
                record(&tx, seq, Some((pair, base.as_deref())), None, settle)?;
            }
            for done_write in &pending {
                let put = done_write
                    .put
                    .as_ref()
                    .map(|p| (p, done_write.base.as_deref()));
                record(&tx, done_write.seq, put, done_write.forget.as_ref(), settle)?;
            }
            let seqs = insert_intents(&tx, &intents)?;
            tx.commit()?;
            Ok(seqs)
        })
        .await
    }

    /// Every recorded pair.
    pub fn pairs(&self) -> Result<Vec<Pair>> {
        self.with(read_pairs)
    }

    /// Whether any pair is recorded (no pair: the next run is a first sync).
    pub(crate) fn has_pairs(&self) -> Result<bool> {
        self.with(|c| c.query_row("SELECT EXISTS (SELECT 1 FROM pairs)", [], |r| r.get(0)))
    }

    /// [`State::pairs`] off the async task, so a run reads them while it lists the sides.
    pub(crate) async fn pairs_blocking(&self) -> Result<Vec<Pair>> {
        self.blocking(read_pairs).await
    }

    /// The base recorded with the pair of `source_id` (`None`: none, or recorded by a build
    /// before bases), read per pair when a merge needs it.
    pub(crate) fn base(&self, source_id: &ContactId) -> Result<Option<String>> {
        self.with(|c| {
            c.prepare_cached("SELECT base FROM pairs WHERE source_id = ?1")?
                .query_row([source_id.as_str()], |r| r.get::<_, Option<String>>(0))
                .optional()
                .map(Option::flatten)
        })
    }

    /// Every pending intent, oldest first.
    pub fn intents(&self) -> Result<Vec<Intent>> {
        self.with(|c| {
            let mut stmt = c.prepare("SELECT origin, origin_id, kind FROM intents ORDER BY seq")?;
            let rows = stmt.query_map([], |r| {
                let origin: String = r.get(0)?;
                Ok(Intent {
                    origin: if origin == "target" {
                        Side::Target
                    } else {
                        Side::Source
                    },
                    origin_id: ContactId::new(r.get::<_, String>(1)?),
                    kind: r.get(2)?,
                })
            })?;
            rows.collect()
        })
    }

    /// Records an intent before a write; returns its number for [`State::complete`].
    pub fn begin(&self, intent: &Intent) -> Result<i64> {
        Ok(self.begin_many(std::slice::from_ref(intent))?[0])
    }

    /// Records the intents of a batch of writes in one transaction; returns their numbers.
    pub fn begin_many(&self, intents: &[Intent]) -> Result<Vec<i64>> {
        self.with(|c| {
            let tx = c.transaction()?;
            let seqs = insert_intents(&tx, intents)?;
            tx.commit()?;
            Ok(seqs)
        })
    }

    /// Records a finished write in one transaction: the intent `seq` (if any) is dropped, the
    /// pairs holding either id of `put` are replaced by it (and any intent left for its two
    /// contacts by an earlier run dropped), and the pair of `forget` (a source id) is removed.
    pub fn complete(
        &self,
        seq: Option<i64>,
        put: Option<&Pair>,
        forget: Option<&ContactId>,
    ) -> Result<()> {
        self.with(|c| {
            let tx = c.transaction()?;
            record(&tx, seq, put.map(|p| (p, None)), forget, true)?;
            tx.commit()
        })
    }

    /// Records a batch of finished writes (intent number and pair each) in one transaction.
    pub fn complete_many(&self, done: &[(i64, Pair)]) -> Result<()> {
        self.with(|c| {
            let tx = c.transaction()?;
            // Intents beyond the batch's own are left from an earlier run: only then is there
            // anything to settle (looking pair by pair would cost a scan each).
            let intents: i64 = tx.query_row("SELECT COUNT(*) FROM intents", [], |r| r.get(0))?;
            let settle = usize::try_from(intents).map_or(true, |n| n > done.len());
            for (seq, pair) in done {
                record(&tx, Some(*seq), Some((pair, None)), None, settle)?;
            }
            tx.commit()
        })
    }

    /// Ties the file to the pair `source` -> `target` (names the caller chooses, such as
    /// profile names): the first call records them, later calls with other names are refused,
    /// so one pair's state is never applied to another pair.
    pub fn bind(&self, source: &str, target: &str) -> Result<()> {
        let recorded = self.with(|c| {
            let tx = c.transaction()?;
            for (key, value) in [("source", source), ("target", target)] {
                tx.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
                    [key, value],
                )?;
            }
            let get = |key: &str| {
                tx.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| {
                    r.get::<_, String>(0)
                })
            };
            let recorded = (get("source")?, get("target")?);
            tx.commit()?;
            Ok(recorded)
        })?;
        if recorded != (source.to_owned(), target.to_owned()) {
            return Err(SyncError::State(format!(
                "this state file belongs to the pair {} -> {}, not {source} -> {target}; give \
                 this pair its own state file (--state FILE)",
                recorded.0, recorded.1
            )));
        }
        Ok(())
    }

    /// Checks the stores a run reaches against those the file recorded, writing nothing:
    /// [`SyncError::SameStore`] when both sides report one identity,
    /// [`SyncError::OtherStore`] when a side reports another identity than the one recorded
    /// for it. A side whose identity is `None` (the provider cannot tell), or for which none
    /// is recorded yet, is not checked.
    pub fn check_stores(&self, source: Option<&str>, target: Option<&str>) -> Result<()> {
        let recorded = self.with(|c| {
            let get = |key: &str| {
                c.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| {
                    r.get::<_, String>(0)
                })
                .optional()
            };
            Ok([get(STORE_KEYS[0])?, get(STORE_KEYS[1])?])
        })?;
        compare_stores([source, target], &recorded)
    }

    /// Records the stores a run reaches (those not recorded yet, whose identity is known),
    /// then checks them as [`State::check_stores`] does, in one transaction: the first run
    /// that writes ties the file to its two stores.
    pub fn bind_stores(&self, source: Option<&str>, target: Option<&str>) -> Result<()> {
        let found = [source, target];
        let recorded = self.with(|c| {
            let tx = c.transaction()?;
            let mut recorded = [None, None];
            for ((key, found), slot) in STORE_KEYS.iter().zip(found).zip(&mut recorded) {
                if let Some(found) = found {
                    tx.execute(
                        "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
                        [key, found],
                    )?;
                }
                *slot = tx
                    .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| {
                        r.get::<_, String>(0)
                    })
                    .optional()?;
            }
            tx.commit()?;
            Ok(recorded)
        })?;
        compare_stores(found, &recorded)
    }

    /// Records `source` and `target` (those known) as the stores this file pairs, replacing
    /// what was recorded: for a store that changed identity on purpose (a new API key, a
    /// moved book). Still refuses a store paired with itself.
    pub fn rebind_stores(&self, source: Option<&str>, target: Option<&str>) -> Result<()> {
        compare_stores([source, target], &[None, None])?;
        self.with(|c| {
            let tx = c.transaction()?;
            // Tokens a store issued before it was rebound are not trusted after.
            tx.execute("DELETE FROM feed_tokens", [])?;
            for (key, found) in STORE_KEYS.iter().zip([source, target]) {
                if let Some(found) = found {
                    tx.execute(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                        [key, found],
                    )?;
                }
            }
            tx.commit()
        })
    }

    /// The change token recorded for `side` by the last completed run, if any.
    pub(crate) fn feed_token(&self, side: Side) -> Result<Option<ChangeToken>> {
        self.with(|c| {
            c.query_row(
                "SELECT token FROM feed_tokens WHERE side = ?1",
                [side_name(side)],
                |r| r.get::<_, String>(0),
            )
            .optional()
        })
        .map(|t| t.map(ChangeToken::new))
    }

    /// The contacts of `side` the last completed run left undecided (to read again), each
    /// with whether it was gone then (a recorded pair's contact deleted and the pair kept).
    pub(crate) fn feed_pending(&self, side: Side) -> Result<Vec<(ContactId, bool)>> {
        self.with(|c| {
            let mut stmt =
                c.prepare("SELECT id, gone FROM feed_pending WHERE side = ?1 ORDER BY id")?;
            let ids = stmt.query_map([side_name(side)], |r| {
                Ok((ContactId::new(r.get::<_, String>(0)?), r.get::<_, bool>(1)?))
            })?;
            ids.collect()
        })
    }

    /// Records, in one transaction, the tokens a completed run started from (`[source,
    /// target]`; `None` forgets a side's token: the next run lists it in full) and the
    /// contacts it left undecided, replacing what was recorded.
    pub(crate) fn record_feed(
        &self,
        tokens: &[Option<ChangeToken>; 2],
        pending: &[(Side, ContactId, bool)],
    ) -> Result<()> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute("DELETE FROM feed_pending", [])?;
            for (side, token) in [Side::Source, Side::Target].into_iter().zip(tokens) {
                match token {
                    Some(token) => tx.execute(
                        "INSERT OR REPLACE INTO feed_tokens (side, token) VALUES (?1, ?2)",
                        [side_name(side), token.as_str()],
                    )?,
                    None => {
                        tx.execute("DELETE FROM feed_tokens WHERE side = ?1", [side_name(side)])?
                    }
                };
            }
            for (side, id, gone) in pending {
                tx.execute(
                    "INSERT OR IGNORE INTO feed_pending (side, id, gone) VALUES (?1, ?2, ?3)",
                    params![side_name(*side), id.as_str(), gone],
                )?;
            }
            tx.commit()
        })
    }

    /// Records `merges` (made by `contacts dedupe` in the store of `store_identity`) on the
    /// side whose recorded store identity is `store_identity`, so that a later sync does not
    /// bring a merged-away contact back from the other side. A merge that names another store
    /// is left out; a state file not involving the store (or that has not recorded its
    /// stores yet: no run has written) records nothing. How many merges were recorded.
    ///
    /// # Errors
    /// The state failing to read or write.
    pub fn record_merges(&self, store_identity: &str, merges: &[Merge]) -> Result<usize> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut recorded = 0;
            for (side, key) in [Side::Source, Side::Target].into_iter().zip(STORE_KEYS) {
                let here: Option<String> = tx
                    .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                    .optional()?;
                if here.as_deref() != Some(store_identity) {
                    continue;
                }
                let mut insert = tx.prepare_cached(
                    "INSERT OR REPLACE INTO merges (side, merged_away, kept) VALUES (?1, ?2, ?3)",
                )?;
                for m in merges {
                    if m.store_identity
                        .as_deref()
                        .is_some_and(|s| s != store_identity)
                    {
                        continue;
                    }
                    insert.execute([side_name(side), m.merged_away.as_str(), m.kept.as_str()])?;
                    recorded += 1;
                }
            }
            tx.commit()?;
            Ok(recorded)
        })
    }

    /// The merges recorded per side (`[source, target]`): merged-away id to kept id.
    pub(crate) fn merges(&self) -> Result<[HashMap<ContactId, ContactId>; 2]> {
        self.with(|c| {
            let mut found = [HashMap::new(), HashMap::new()];
            let mut stmt = c.prepare("SELECT side, merged_away, kept FROM merges")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
            for row in rows {
                let (side, away, kept) = row?;
                let at = usize::from(side == side_name(Side::Target));
                found[at].insert(ContactId::new(away), ContactId::new(kept));
            }
            Ok(found)
        })
    }

    /// Drops the merge records that served their purpose: those whose merged-away contact no
    /// pair holds any more (its pair was re-linked to the kept contact, deleted or forgotten;
    /// or it was never synced).
    pub(crate) fn drop_used_merges(&self) -> Result<()> {
        self.with(|c| {
            c.execute(
                "DELETE FROM merges WHERE \
                 (side = 'source' AND merged_away NOT IN (SELECT source_id FROM pairs)) \
                 OR (side = 'target' AND merged_away NOT IN (SELECT target_id FROM pairs))",
                [],
            )
            .map(drop)
        })
    }

    /// Keeps what a plan took from the change feeds, for [`State::take_feed`].
    pub(crate) fn keep_feed(&self, taken: Option<Taken>) {
        *self.taken.lock().unwrap_or_else(|p| p.into_inner()) = taken;
    }

    /// What the last plan took from the change feeds (once).
    pub(crate) fn take_feed(&self) -> Option<Taken> {
        self.taken.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    /// Drops every pending intent (after a run that finished).
    pub fn clear_intents(&self) -> Result<()> {
        self.with(|c| c.execute("DELETE FROM intents", []).map(drop))
    }

    /// The pair holding `id` on `side`, if any.
    pub fn pair_of(&self, side: Side, id: &ContactId) -> Result<Option<Pair>> {
        let column = match side {
            Side::Source => "source_id",
            Side::Target => "target_id",
        };
        let sql = format!(
            "SELECT source_id, target_id, source_hash, target_hash FROM pairs WHERE {column} = ?1"
        );
        self.with(|c| {
            c.query_row(&sql, [id.as_str()], |r| {
                Ok(Pair {
                    source_id: ContactId::new(r.get::<_, String>(0)?),
                    target_id: ContactId::new(r.get::<_, String>(1)?),
                    source_hash: r.get(2)?,
                    target_hash: r.get(3)?,
                })
            })
            .optional()
        })
    }
}

/// What a plan took from the change feeds, kept in the [`State`] until the run that carries
/// the plan out records it (only a run that completed the very plan it was taken for).
#[derive(Debug, Clone)]
pub(crate) struct Taken {
    /// Per side (`[source, target]`), the token to start the next run from.
    pub(crate) tokens: [Option<ChangeToken>; 2],
    /// Per side, the recorded pairs' contacts found gone this run.
    pub(crate) gone: [Vec<ContactId>; 2],
    /// The plan it was taken for, by its counts (see `feed::fingerprint`).
    pub(crate) plan: [usize; 6],
}

/// How a side is written in the state's feed tables.
fn side_name(side: Side) -> &'static str {
    match side {
        Side::Source => "source",
        Side::Target => "target",
    }
}

/// [`SyncError::SameStore`] when both identities are known and equal.
pub(crate) fn same_store_check(source: Option<&str>, target: Option<&str>) -> Result<()> {
    compare_stores([source, target], &[None, None])
}

/// The `meta` keys of the source's and the target's store identity.
const STORE_KEYS: [&str; 2] = ["source_store", "target_store"];

/// The check of [`State::check_stores`]: `found` (source, target) against `recorded`.
fn compare_stores(found: [Option<&str>; 2], recorded: &[Option<String>; 2]) -> Result<()> {
    if let [Some(source), Some(target)] = found
        && source == target
    {
        return Err(SyncError::SameStore {
            identity: source.to_owned(),
        });
    }
    for ((side, found), recorded) in [Side::Source, Side::Target]
        .into_iter()
        .zip(found)
        .zip(recorded)
    {
        if let (Some(found), Some(recorded)) = (found, recorded)
            && found != recorded
        {
            return Err(SyncError::OtherStore {
                side,
                recorded: recorded.clone(),
                found: found.to_owned(),
            });
        }
    }
    Ok(())
}

/// Records `intents` inside the caller's transaction; their numbers.
fn insert_intents(
    tx: &rusqlite::Transaction<'_>,
    intents: &[Intent],
) -> rusqlite::Result<Vec<i64>> {
    let mut insert =
        tx.prepare_cached("INSERT INTO intents (origin, origin_id, kind) VALUES (?1, ?2, ?3)")?;
    let mut seqs = Vec::with_capacity(intents.len());
    for i in intents {
        insert.execute(params![i.origin.as_str(), i.origin_id.as_str(), i.kind])?;
        seqs.push(tx.last_insert_rowid());
    }
    Ok(seqs)
}

/// One finished write, inside the caller's transaction (see [`State::complete`]); `settle`
/// also drops the intents an earlier run left for the contacts of `put`.
fn record(
    tx: &rusqlite::Transaction<'_>,
    seq: Option<i64>,
    put: Option<(&Pair, Option<&str>)>,
    forget: Option<&ContactId>,
    settle: bool,
) -> rusqlite::Result<()> {
    if let Some(seq) = seq {
        tx.prepare_cached("DELETE FROM intents WHERE seq = ?1")?
            .execute([seq])?;
    }
    if let Some(id) = forget {
        tx.prepare_cached("DELETE FROM pairs WHERE source_id = ?1")?
            .execute([id.as_str()])?;
    }
    if let Some((p, base)) = put {
        // The pair, recorded with both hashes, settles every write begun earlier for its
        // contacts: an intent left by an interrupted run must not outlive it, or a later run
        // would take it for a change of its origin and override the other side's newer change.
        if settle {
            tx.prepare_cached(
                "DELETE FROM intents WHERE (origin = 'source' AND origin_id = ?1) \
                 OR (origin = 'target' AND origin_id = ?2)",
            )?
            .execute([p.source_id.as_str(), p.target_id.as_str()])?;
        }
        // REPLACE first deletes every row holding either id (the primary key or the unique
        // target id), then inserts: the pairs holding either id are replaced by this one.
        tx.prepare_cached(
            "INSERT OR REPLACE INTO pairs (source_id, target_id, source_hash, target_hash, base) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            p.source_id.as_str(),
            p.target_id.as_str(),
            p.source_hash,
            p.target_hash,
            base
        ])?;
    }
    Ok(())
}

/// The state's schema version, refusing one from a newer build.
fn readable_version(conn: &Connection) -> Result<i64> {
    let current: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| {
            SyncError::State(format!("not a sync state file ({e}); choose another path"))
        })?;
    if current > LATEST {
        return Err(SyncError::State(format!(
            "the state has schema version {current}, newer than this build understands \
             ({LATEST}); use a newer contacts, or another state file"
        )));
    }
    Ok(current)
}

/// Brings the state to [`LATEST`] in one transaction that begins `IMMEDIATE` (taking the
/// write lock, waiting under the busy timeout) and reads the version again inside it: of
/// several connections migrating one new file at once (the run lock keeps runs of this crate
/// apart, but not every program that opens the file), the first migrates and the others find
/// the work done, where checking before the lock failed on `table pairs already exists`.
fn migrate(conn: &mut Connection) -> Result<()> {
    if readable_version(conn)? == LATEST {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = readable_version(&tx)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    tx.commit()?;
    Ok(())
}

/// Every recorded pair, by source id.
fn read_pairs(c: &mut Connection) -> rusqlite::Result<Vec<Pair>> {
    let mut stmt = c.prepare(
        "SELECT source_id, target_id, source_hash, target_hash FROM pairs ORDER BY source_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Pair {
            source_id: ContactId::new(r.get::<_, String>(0)?),
            target_id: ContactId::new(r.get::<_, String>(1)?),
            source_hash: r.get(2)?,
            target_hash: r.get(3)?,
        })
    })?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_forward_and_refuses_a_newer_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let state = State::open(&path).unwrap();
        let pair = Pair {
            source_id: ContactId::new("a"),
            target_id: ContactId::new("b"),
            source_hash: "1".into(),
            target_hash: "2".into(),
        };
        state.complete(None, Some(&pair), None).unwrap();
        drop(state);
        let state = State::open(&path).unwrap();
        assert_eq!(state.pairs().unwrap(), vec![pair]);
        drop(state);
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", LATEST + 1)
            .unwrap();
        drop(conn);
        let err = State::open(&path).unwrap_err();
        assert!(err.to_string().contains("newer than this build"), "{err}");
    }

    #[test]
    fn every_earlier_version_migrates_forward_keeping_its_pairs() {
        for from in 0..MIGRATIONS.len() {
            let mut conn = Connection::open_in_memory().unwrap();
            for sql in &MIGRATIONS[..from] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", from as i64)
                .unwrap();
            if from >= 1 {
                conn.execute("INSERT INTO pairs (source_id, target_id, source_hash, target_hash) VALUES ('s', 't', '1', '2')", [])
                    .unwrap();
            }
            migrate(&mut conn).unwrap();
            let state = State {
                conn: Arc::new(Mutex::new(conn)),
                dir: None,
                _lock: None,
                taken: Mutex::new(None),
            };
            assert_eq!(
                state.pairs().unwrap().len(),
                usize::from(from >= 1),
                "from {from}"
            );
            state.bind("a", "b").unwrap();
            migrate(&mut state.conn.lock().unwrap()).unwrap();
        }
    }

    #[test]
    fn a_recorded_pair_replaces_every_pair_holding_either_id() {
        let state = State::in_memory().unwrap();
        let pair = |s: &str, t: &str| Pair {
            source_id: ContactId::new(s),
            target_id: ContactId::new(t),
            source_hash: "h".into(),
            target_hash: "h".into(),
        };
        state.complete(None, Some(&pair("s1", "t1")), None).unwrap();
        state.complete(None, Some(&pair("s2", "t2")), None).unwrap();
        state.complete(None, Some(&pair("s3", "t3")), None).unwrap();
        state.complete(None, Some(&pair("s1", "t2")), None).unwrap();
        assert_eq!(
            state.pairs().unwrap(),
            vec![pair("s1", "t2"), pair("s3", "t3")]
        );
    }

    #[test]
    fn a_state_file_belongs_to_one_pair() {
        let state = State::in_memory().unwrap();
        state.bind("ip1", "atom").unwrap();
        state.bind("ip1", "atom").unwrap();
        let err = state.bind("ip1", "local").unwrap_err();
        assert!(
            err.to_string().contains("belongs to the pair ip1 -> atom"),
            "{err}"
        );
    }

    #[test]
    fn a_foreign_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        std::fs::write(&path, b"not a database at all, just some text here........").unwrap();
        assert!(State::open(&path).is_err());
    }
}
