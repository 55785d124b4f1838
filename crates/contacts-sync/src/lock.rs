//! One run per state file at a time: an exclusive lock on a file beside the state.
//!
//! Two runs of one pair at once plan against each other's half-done writes: both see the
//! same contacts unpaired and both create them (a user found 1,000 duplicates that later runs
//! never reported, since each copy was then paired). SQLite's own locking cannot prevent
//! that, since a run spans many transactions; an advisory lock held for the whole run can.
//! The lock file is `STATE.lock` beside the state file. It is never deleted (deleting a lock
//! file lets a third run lock a new file while the second still holds the old one); the lock
//! itself is the operating system's (`flock` on Unix, `LockFileEx` on Windows), released when
//! its holder ends in any way, also when killed, so a crashed run never leaves it stuck.

use crate::{Result, SyncError};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often a run waiting with a time limit tries the lock again.
const POLL: Duration = Duration::from_millis(25);

/// The lock of one state file, held until dropped.
#[derive(Debug)]
pub(crate) struct RunLock {
    /// Held open: closing it releases the lock.
    _file: File,
}

/// The lock file of the state file at `state`: its name with `.lock` added, beside the file the
/// path resolves to, so two spellings of one state file (a symlink, `./x` and `x`) share one
/// lock.
pub(crate) fn lock_path(state: &Path) -> PathBuf {
    let resolved = std::fs::canonicalize(state).unwrap_or_else(|_| resolve_dir(state));
    let mut name = resolved.into_os_string();
    name.push(".lock");
    PathBuf::from(name)
}

/// A state file not created yet: its directory resolved, its name kept.
fn resolve_dir(state: &Path) -> PathBuf {
    match (state.parent(), state.file_name()) {
        (Some(dir), Some(name)) if !dir.as_os_str().is_empty() => std::fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or_else(|_| state.to_owned()),
        (_, Some(name)) => std::env::current_dir()
            .map(|d| d.join(name))
            .unwrap_or_else(|_| state.to_owned()),
        _ => state.to_owned(),
    }
}

/// Takes the lock of the state file at `state`. When another run holds it, calls `on_wait`
/// once, then waits: without limit (`wait` is `None`) or up to `wait`, after which the answer
/// is [`SyncError::Busy`] (with a zero `wait`, at once).
pub(crate) fn acquire(
    state: &Path,
    wait: Option<Duration>,
    on_wait: &mut dyn FnMut(&Path),
) -> Result<RunLock> {
    let path = lock_path(state);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| {
            SyncError::State(format!(
                "cannot open the lock file {} beside the state: {e} (check that the directory \
                 is writable)",
                path.display()
            ))
        })?;
    if try_lock(&file, &path)? {
        return Ok(RunLock { _file: file });
    }
    on_wait(state);
    let Some(wait) = wait else {
        fs4::FileExt::lock(&file).map_err(|e| failed(&path, &e))?;
        return Ok(RunLock { _file: file });
    };
    let deadline = Instant::now() + wait;
    loop {
        if try_lock(&file, &path)? {
            return Ok(RunLock { _file: file });
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(SyncError::Busy {
                state: state.to_path_buf(),
                waited: wait,
            });
        }
        std::thread::sleep(POLL.min(deadline - now));
    }
}

/// One try: whether the lock was taken.
fn try_lock(file: &File, path: &Path) -> Result<bool> {
    match fs4::FileExt::try_lock(file) {
        Ok(()) => Ok(true),
        Err(fs4::TryLockError::WouldBlock) => Ok(false),
        Err(fs4::TryLockError::Error(e)) => Err(failed(path, &e)),
    }
}

fn failed(path: &Path, e: &std::io::Error) -> SyncError {
    SyncError::State(format!("cannot lock {}: {e}", path.display()))
}
