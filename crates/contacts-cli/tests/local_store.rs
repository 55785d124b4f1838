//! The local store as a person meets it: no set-up, durable across runs, and never damaged by
//! two writers, a killed import, or a file that is not ours.

mod common;

use common::{Store, command, contacts as run, on_db, refused, text, write_file};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// `contacts --db DB -q import FILE` started in the background (stdout discarded), for a test
/// that runs imports side by side or kills one part way.
fn spawn_quiet_import(store: &Store, file: &Path) -> Child {
    let args = ["--db", &store.db, "-q", "import", file.to_str().unwrap()];
    command(store.dir.path(), &args)
        .stdout(Stdio::null())
        .spawn()
        .expect("the binary runs")
}

/// A CSV of `n` people whose numbers start at `from`.
fn people(dir: &Path, name: &str, from: usize, n: usize) -> PathBuf {
    let mut csv = String::from("phoneNumber,firstName,labels\n");
    for i in from..from + n {
        csv.push_str(&format!("+4670{i:07},Person {i},Imported\n"));
    }
    write_file(dir, name, csv)
}

fn count(db: impl AsRef<Path>) -> i64 {
    let conn = Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn with_nothing_configured_the_local_store_is_created_used_and_kept() {
    let home = tempfile::tempdir().unwrap();
    let out = run(
        home.path(),
        &[
            "create",
            "--set",
            "phoneNumber=+46701234567",
            "--set",
            "firstName=Ada",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let store = home.path().join("contacts").join("contacts.db");
    assert!(
        text(&out).contains(&format!("created the local store at {}", store.display())),
        "{}",
        text(&out)
    );
    let file = people(home.path(), "people.csv", 0, 3);
    let out = run(home.path(), &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let out = run(home.path(), &["--output", "json", "list"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("created the local store"), "said once");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 4);

    let elsewhere = home.path().join("other.db");
    let out = on_db(home.path(), &elsewhere, &["list"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a read never creates a named store"
    );
    assert!(!elsewhere.exists());
    let out = on_db(home.path(), &elsewhere, &["create", "--set", "firstName=A"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(elsewhere.exists(), "--db chooses the file");
    assert_eq!(count(&elsewhere), 1);
}

#[test]
fn two_imports_at_once_lose_nothing() {
    let store = Store::new();
    let a = people(store.dir.path(), "a.csv", 0, 3000);
    let b = people(store.dir.path(), "b.csv", 100_000, 3000);
    // Both create the file and write at once.
    let mut first = spawn_quiet_import(&store, &a);
    let mut second = spawn_quiet_import(&store, &b);
    assert!(first.wait().unwrap().success());
    assert!(second.wait().unwrap().success());
    assert_eq!(count(&store.db), 6000);
}

#[test]
fn an_import_killed_part_way_leaves_whole_batches_and_a_sound_file() {
    let store = Store::new();
    let db = Path::new(&store.db);
    let file = people(store.dir.path(), "many.csv", 0, 200_000);
    // The store exists (and is empty) before the import that is killed.
    let empty = people(store.dir.path(), "none.csv", 0, 0);
    common::ok(store.run(&["import", empty.to_str().unwrap()]));
    let mut child = spawn_quiet_import(&store, &file);
    let started = Instant::now();
    while count(db) < 2000 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    let conn = Connection::open(db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let stored = count(db);
    assert!(stored > 0 && stored < 200_000, "killed part-way: {stored}");
    assert_eq!(
        stored % 500,
        0,
        "every batch of 500 is whole or absent: {stored}"
    );
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM properties WHERE contact NOT IN (SELECT seq FROM contacts)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
}

#[test]
fn a_file_that_is_not_a_store_or_is_from_a_newer_version_is_refused_untouched() {
    let home = tempfile::tempdir().unwrap();
    let refused_untouched = |db: &Path, said: &str| {
        let before = std::fs::read(db).unwrap();
        refused(&on_db(home.path(), db, &["list"]), 2, &[said]);
        assert!(std::fs::read(db).unwrap() == before, "left untouched");
    };
    let foreign = write_file(
        home.path(),
        "notes.db",
        "shopping list: milk, eggs\n".repeat(100),
    );
    refused_untouched(&foreign, "not a SQLite database");

    let newer = home.path().join("newer.db");
    Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", provider_sqlite::SCHEMA_VERSION + 1)
        .unwrap();
    refused_untouched(&newer, "newer than this build");
}

#[test]
#[cfg(target_os = "linux")]
fn a_store_where_nothing_can_be_written_gets_a_clear_error() {
    let home = tempfile::tempdir().unwrap();
    // Nothing can create files in /proc, not even root (who ignores permission bits).
    let db = Path::new("/proc/contacts-test/contacts.db");
    let out = on_db(home.path(), db, &["create", "--set", "firstName=A"]);
    refused(&out, 2, &["/proc/contacts-test"]);
}

#[test]
fn import_can_store_e164_numbers_and_reports_the_rows_it_cannot_read() {
    let store = Store::new();
    let file = store.file(
        "au.csv",
        "phoneNumber,firstName\n0412 345 678,Ada\n+46 70-123 45 67,Grace\nask reception,Linus\n(02) 9876 5432,Ken\n",
    );
    let out = store.run(&["import", "--normalize-phones", "--region", "AU", &file]);
    assert_eq!(out.status.code(), Some(1), "a row failed: {}", text(&out));
    let said = text(&out);
    assert!(said.contains("created 3 contacts; 1 row failed"), "{said}");
    assert!(said.contains("line 4: phoneNumber:"), "{said}");
    let stored = store.property("phoneNumber");
    assert_eq!(stored, ["+61412345678", "+46701234567", "+61298765432"]);

    let out = store.run(&["import", "--region", "XX", &file]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "--region needs --normalize-phones: {}",
        text(&out)
    );
}
