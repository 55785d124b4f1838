//! The connection: opened with the pragmas every guarantee rests on, used off the async
//! runtime, on a thread of its own.

use crate::schema::{self, not_a_store, sql_error};
use contacts_core::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// How long a write waits for another process's write to finish before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// One SQLite file, shared by clones. Its connection lives on a thread of its own, the
/// store's thread, which runs the calls one at a time in the order they come (SQLite
/// serialises writers anyway; readers in other processes see committed data thanks to WAL).
///
/// Why a thread of its own rather than tokio's blocking pool: a read of one contact costs
/// SQLite a few microseconds, and handing it to the pool cost several times that (a pool
/// thread woken and parked again per call, and under 64 concurrent requests dozens of pool
/// threads queueing on the one connection's mutex). The store's thread stays awake while
/// calls keep coming, so a busy server pays one wake-up per burst, not one per call; and a
/// call no longer needs a tokio runtime (any executor can await it).
#[derive(Debug, Clone)]
pub struct Store {
    worker: Arc<Worker>,
    path: Arc<PathBuf>,
    /// The store's identity, read once when opened (it never changes).
    identity: Arc<str>,
}

/// A call for the store's thread: it gets the connection and sends its own answer back.
type Job = Box<dyn FnOnce(&mut Connection) + Send>;

/// The store's thread and the queue that feeds it.
#[derive(Debug)]
struct Worker {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Worker {
    /// Closes the queue and waits for the thread to close the connection, so that when the
    /// last handle of a store is dropped the file is closed (its WAL checkpointed and
    /// removed), as with a connection closed in place: a store opened afterwards at the same
    /// path, or a file removed and made anew there, never meets a late close of this one.
    fn drop(&mut self) {
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take() {
            // A store dropped by one of its own calls cannot wait for itself; its thread
            // ends, and closes the file, when that call returns.
            if thread.thread().id() != std::thread::current().id() {
                let _ = thread.join();
            }
        }
    }
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
            worker: Arc::new(start(conn)?),
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

    /// Runs `work` with the connection on the store's thread, after the calls before it.
    pub async fn run<T, F>(&self, work: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    {
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move |conn| {
            // A panic in `work` unwinds through any transaction it holds (rusqlite's
            // Transaction rolls back on drop), so the connection is still consistent and the
            // thread goes on serving the calls after it.
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| work(conn)));
            let _ = answer.send(outcome);
        });
        let failed = |why: &str| Error::Unavailable {
            message: format!("the store's worker failed: {why}"),
            retry_after: None,
        };
        let jobs = self.worker.jobs.as_ref().ok_or_else(|| failed("stopped"))?;
        jobs.send(job)
            .map_err(|_| failed("its thread has stopped"))?;
        match answered.await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(failed("the call panicked")),
            Err(_) => Err(failed("its thread has stopped")),
        }
    }

    /// Runs `work` in one read transaction on the store's thread: whatever it reads comes
    /// from one snapshot of the file (a write committed meanwhile, by this process or
    /// another, is seen whole or not at all), and SQLite takes its read lock once for all
    /// of it rather than once per statement. `step` names the work in errors.
    pub async fn read<T, F>(&self, step: &'static str, work: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        self.run(move |conn| {
            let snapshot = conn
                .unchecked_transaction()
                .map_err(|e| sql_error(step, &e))?;
            let read = work(&snapshot)?;
            snapshot.finish().map_err(|e| sql_error(step, &e))?;
            Ok(read)
        })
        .await
    }
}

/// Starts the store's thread, which owns `conn` until the last handle of the store is gone.
fn start(mut conn: Connection) -> Result<Worker> {
    let (jobs, queue) = mpsc::channel::<Job>();
    let thread = std::thread::Builder::new()
        .name("contacts-store".to_owned())
        .spawn(move || {
            for job in queue {
                job(&mut conn);
            }
        })
        .map_err(|e| Error::Unavailable {
            message: format!("cannot start the store's thread: {e}"),
            retry_after: None,
        })?;
    Ok(Worker {
        jobs: Some(jobs),
        thread: Some(thread),
    })
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
