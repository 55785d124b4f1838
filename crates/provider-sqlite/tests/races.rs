//! Many openers of one new store file at once, as processes (the real case: several
//! `contacts import` started together) and as threads with connections of their own: every
//! opener succeeds, the first migrates, the others use its schema, and no row is lost or
//! written twice. Each race is run many times, since one lucky run proves little.

use contacts_core::{ContactProvider, ContactProviderExt, ContactQuery, NewContact};
use contacts_testkit::process;
use futures::TryStreamExt;
use provider_sqlite::SqliteProvider;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

/// The store file a child process opens (set only in the children this file starts).
const CHILD_STORE: &str = "CONTACTS_RACE_STORE";
/// The file whose appearance starts the children, so they open the store together.
const CHILD_GO: &str = "CONTACTS_RACE_GO";
/// The child's marker, written into every contact it creates.
const CHILD_MARK: &str = "CONTACTS_RACE_MARK";
/// Contacts each opener writes.
const PER_OPENER: usize = 3;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Opens the store at `path` (creating and migrating it when it is new) and writes
/// [`PER_OPENER`] contacts marked `mark`, one batch each.
fn open_and_write(path: &Path, mark: &str) -> Result<(), String> {
    let store = SqliteProvider::builder()
        .path(path)
        .build()
        .map_err(|e| format!("open: {e}"))?;
    let batch: Vec<NewContact> = (0..PER_OPENER)
        .map(|i| {
            NewContact::new()
                .property("company", mark)
                .property("firstName", format!("n{i}"))
        })
        .collect();
    runtime()
        .block_on(store.create(&batch))
        .map(drop)
        .map_err(|e| format!("create: {e}"))
}

/// How many contacts each marker has in the store at `path`.
fn marks(path: &Path) -> HashMap<String, usize> {
    let store = SqliteProvider::builder().path(path).build().unwrap();
    let all: Vec<_> = runtime()
        .block_on(store.list(ContactQuery::new()).try_collect())
        .unwrap();
    let mut counts = HashMap::new();
    for c in all {
        let mark = c.properties.get("company").unwrap_or("?").to_owned();
        *counts.entry(mark).or_insert(0) += 1;
    }
    counts
}

/// The child's side of [`processes_opening_one_new_store_at_once_all_succeed`]: a no-op
/// unless started by it (with the environment it sets).
#[test]
fn race_child() {
    let (Ok(store), Ok(go), Ok(mark)) = (
        std::env::var(CHILD_STORE),
        std::env::var(CHILD_GO),
        std::env::var(CHILD_MARK),
    ) else {
        return;
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while !Path::new(&go).exists() {
        assert!(Instant::now() < deadline, "never told to go");
        std::thread::sleep(Duration::from_micros(200));
    }
    if let Err(e) = open_and_write(Path::new(&store), &mark) {
        panic!("child {mark}: {e}");
    }
}

/// Races run per test: one lucky run proves little.
const ROUNDS: usize = 50;

/// [`ROUNDS`] races, each on a new store file in one temporary directory: `race(dir, round,
/// store)` starts `openers` openers at once, opener `i` writing its contacts marked
/// `{mark}{i}`, and fails the test if one of them failed. After each round every opener's
/// contacts must be in the store, none lost or written twice.
fn race_rounds(openers: usize, mark: &str, race: impl Fn(&Path, usize, &Path)) {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..ROUNDS {
        let path = dir.path().join(format!("store{round}.db"));
        race(dir.path(), round, &path);
        let expected: HashMap<String, usize> = (0..openers)
            .map(|i| (format!("{mark}{i}"), PER_OPENER))
            .collect();
        assert_eq!(marks(&path), expected, "round {round}");
    }
}

#[test]
fn processes_opening_one_new_store_at_once_all_succeed() {
    const OPENERS: usize = 3;
    race_rounds(OPENERS, "p", |dir, round, path| {
        let go: PathBuf = dir.join(format!("go{round}"));
        let children: Vec<_> = (0..OPENERS)
            .map(|i| {
                process::spawn_captured(
                    process::rerun_test("race_child")
                        .env(CHILD_STORE, path)
                        .env(CHILD_GO, &go)
                        .env(CHILD_MARK, format!("p{i}")),
                )
            })
            .collect();
        std::fs::write(&go, b"").unwrap();
        for (i, child) in children.into_iter().enumerate() {
            let out = child.wait_with_output().unwrap();
            process::assert_succeeded(&out, &format!("round {round}: opener {i}"));
        }
    });
}

#[test]
fn threads_opening_one_new_store_at_once_all_succeed() {
    const OPENERS: usize = 6;
    race_rounds(OPENERS, "t", |_, round, path| {
        let path = Arc::new(path.to_path_buf());
        let start = Arc::new(Barrier::new(OPENERS));
        let threads: Vec<_> = (0..OPENERS)
            .map(|i| {
                let (path, start) = (Arc::clone(&path), Arc::clone(&start));
                std::thread::spawn(move || {
                    start.wait();
                    open_and_write(&path, &format!("t{i}"))
                })
            })
            .collect();
        for (i, t) in threads.into_iter().enumerate() {
            let result = t.join().unwrap();
            assert_eq!(result, Ok(()), "round {round}: opener {i}");
        }
    });
}
