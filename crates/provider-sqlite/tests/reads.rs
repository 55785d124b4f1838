//! How the store reads: each read is one snapshot of the file, a call needs no tokio runtime
//! (the connection lives on the store's own thread), and dropping the last handle closes the
//! file at once.

use contacts_core::{ContactId, ContactProvider, GetOptions, NewContact};
use contacts_testkit::sqlite::open;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Version `n` of one contact: its first name and its one label both say which version it is.
fn version(n: u64) -> NewContact {
    NewContact::new()
        .property("firstName", format!("v{n}"))
        .label(format!("v{n}"))
}

/// Replaces contact `id` of the store at `path` (through a connection of its own, as another
/// process would) with one version after another until `stop`.
fn keep_rewriting(path: PathBuf, id: ContactId, stop: Arc<AtomicBool>) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let writer = open(&path);
        let mut n = 1;
        while !stop.load(Ordering::Relaxed) {
            writer.replace(&id, &version(n)).await.unwrap();
            n += 1;
        }
    });
}

/// A contact read while another connection rewrites it is one version of it, never its
/// properties from one version and its labels from the next: its rows are read in one read
/// transaction, where each statement used to be a snapshot of its own.
#[test]
fn a_contact_read_during_writes_is_one_version_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts.db");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let reader = open(&path);
    let id = runtime
        .block_on(reader.create(&[version(0)]))
        .unwrap()
        .remove(0)
        .id;
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (path, id, stop) = (path.clone(), id.clone(), Arc::clone(&stop));
        std::thread::spawn(move || keep_rewriting(path, id, stop))
    };
    let deadline = Instant::now() + Duration::from_secs(3);
    let (mut reads, mut mixed) = (0, Vec::new());
    while Instant::now() < deadline && mixed.len() < 3 {
        let contact = runtime
            .block_on(reader.get(&id, &GetOptions::default()))
            .unwrap();
        let name = contact.properties.get("firstName").unwrap_or_default();
        let labels: Vec<&str> = contact.labels.iter().collect();
        if labels != [name] {
            mixed.push(format!("firstName {name:?} with labels {labels:?}"));
        }
        reads += 1;
    }
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    assert!(
        mixed.is_empty(),
        "{} of {reads} reads mixed two versions: {mixed:?}",
        mixed.len()
    );
}

/// The store answers on any executor: a call is sent to the store's thread and awaited, so
/// it needs no tokio runtime around it (tokio's blocking pool, which served calls before,
/// panicked outside one).
#[test]
fn the_store_answers_without_a_tokio_runtime() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir.path().join("contacts.db"));
    futures::executor::block_on(async {
        let made = store.create(&[version(7)]).await.unwrap().remove(0);
        let read = store.get(&made.id, &GetOptions::default()).await.unwrap();
        assert_eq!(read.properties.get("firstName"), Some("v7"));
        let err = store
            .get(&ContactId::new("99"), &GetOptions::default())
            .await
            .unwrap_err();
        assert!(
            matches!(err, contacts_core::Error::NotFound { .. }),
            "{err}"
        );
    });
}

/// The write-ahead log of `db`.
fn wal_of(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// Dropping the last handle of a store closes its file before the drop returns (SQLite
/// checkpoints and removes the write-ahead log then), as when the connection was closed in
/// place: a file removed and made anew at the same path never meets a late close of the old
/// store, whose thread would otherwise still hold the connection.
#[test]
fn dropping_the_last_handle_closes_the_file_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts.db");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for _ in 0..20 {
        let store = open(&path);
        let copy = store.clone();
        runtime.block_on(store.create(&[version(1)])).unwrap();
        assert!(
            wal_of(&path).exists(),
            "an open store in WAL mode has a log"
        );
        drop(store);
        assert!(wal_of(&path).exists(), "a clone keeps the store open");
        drop(copy);
        assert!(
            !wal_of(&path).exists(),
            "the log is checkpointed and removed when the last handle is dropped"
        );
        std::fs::remove_file(&path).unwrap();
    }
}
