//! The connection: opened with the pragmas every guarantee rests on, used off the async
//! runtime.

use crate::schema::{self, not_a_store, sql_error};
use contacts_core::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a write waits for another process's write to finish before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// One SQLite file, shared by clones. Calls run on tokio's blocking pool, one at a time per
/// store (SQLite serialises writers anyway; readers in other processes see committed data
/// thanks to WAL).
#[derive(Debug, Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    path: Arc<PathBuf>,
    /// The store's identity, read once when opened (it never changes).
    identity: Arc<str>,
}

impl Store {
    /// Opens (creating if needed) the store at `path` and migrates it to the latest schema.
    /// A file that is not a SQLite database, or one with a newer schema, is refused untouched.
    /// Any number of processes may open (and so create and migrate) one file at once: the
    /// first migrates, the others wait for it (see [`schema::migrate`]).
    pub fn open(path: &Path) -> Result<Self> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::CannotOpen => {
                Error::PermissionDenied {
                    message: format!(
                        "cannot open or create the store at {}: check that the directory \
                         exists and is writable",
                        path.display()
                    ),
                }
            }
            other => sql_error("open", &other),
        })?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| sql_error("open", &e))?;
        // Reading the schema version first tells a foreign file, or one from a newer build,
        // apart before anything is written to it.
        schema::readable_version(&conn)?;
        write_ahead_log(&conn).map_err(|e| not_a_store(&e))?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(|e| sql_error("open", &e))?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| sql_error("open", &e))?;
        schema::migrate(&mut conn)?;
        let identity = schema::identity(&conn)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            path: Arc::new(path.to_path_buf()),
            identity: identity.into(),
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The store's identity: 32 hex digits drawn when the file was made, kept by a copy of
    /// the file, never shared by another file (also not one made later at the same path).
    pub fn identity(&self) -> &str {
        &self.identity
    }

    /// Runs `work` with the connection on the blocking pool.
    pub async fn run<T, F>(&self, work: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            // A panic while holding the lock rolls back any open transaction (rusqlite's
            // Transaction drops), so the connection is still consistent.
            let mut conn = conn.lock().unwrap_or_else(|p| p.into_inner());
            work(&mut conn)
        })
        .await
        .map_err(|e| Error::Unavailable {
            message: format!("the store's worker failed: {e}"),
            retry_after: None,
        })?
    }
}

/// Puts the file in WAL mode (kept in the file: done once per file). Switching needs the file
/// to itself for a moment, and SQLite answers "busy" at once, without waiting out the busy
/// timeout, when another connection is switching or migrating the same new file meanwhile:
/// so a busy answer is retried, for up to [`BUSY_TIMEOUT`], until the mode is WAL.
fn write_ahead_log(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    let mut pause = Duration::from_micros(500);
    loop {
        let mode = conn.query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0));
        let outcome = match mode {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(_) => conn.pragma_update(None, "journal_mode", "WAL"),
            Err(e) => Err(e),
        };
        match outcome {
            Err(e) if is_busy(&e) && Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

/// Whether `e` is SQLite's "busy" or "locked".
fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}
