//! The local store (provider-sqlite) on a file, on a file in a temporary directory, and
//! files as older builds left them (to prove they migrate).

use contacts_core::Standard;
use provider_sqlite::SqliteProvider;
use std::path::Path;

/// Opens (creating it if absent) the local store at `path`, in the standard layers.
pub fn open(path: &Path) -> Standard<SqliteProvider> {
    SqliteProvider::builder()
        .path(path)
        .build()
        .unwrap_or_else(|e| panic!("the local store at {}: {e}", path.display()))
}

/// A fresh local store on `contacts.db` in a temporary directory ([`open`]), and the
/// directory: the store's file is deleted when the directory is dropped, so keep it as long
/// as the store (`let (_dir, store) = temp_store();`).
pub fn temp_store() -> (tempfile::TempDir, Standard<SqliteProvider>) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = open(&dir.path().join("contacts.db"));
    (dir, store)
}

/// The tables of the local store's schema versions 1 to 3, as builds before cards wrote them.
const TABLES_BEFORE_CARDS: &str = "
    CREATE TABLE contacts (seq INTEGER PRIMARY KEY AUTOINCREMENT, address_book TEXT);
    CREATE INDEX contacts_book ON contacts(address_book, seq);
    CREATE TABLE properties (contact INTEGER NOT NULL REFERENCES contacts(seq) ON DELETE CASCADE,
        key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (contact, key)) WITHOUT ROWID;
    CREATE INDEX properties_match ON properties(key, value, contact);
    CREATE TABLE labels (contact INTEGER NOT NULL REFERENCES contacts(seq) ON DELETE CASCADE,
        label TEXT NOT NULL, PRIMARY KEY (contact, label)) WITHOUT ROWID;
    CREATE INDEX labels_match ON labels(label, contact);
    CREATE TABLE metadata (contact INTEGER NOT NULL REFERENCES contacts(seq) ON DELETE CASCADE,
        path TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (contact, path)) WITHOUT ROWID;
    CREATE INDEX metadata_match ON metadata(path, value, contact);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;";

/// Writes a new file at `path` with the tables of the schema before cards (versions 1 to
/// 3), then runs the SQL `then` on it: its rows, later migrations, its `PRAGMA user_version`.
pub fn write_schema_before_cards(path: &Path, then: &str) {
    let conn = rusqlite::Connection::open(path)
        .unwrap_or_else(|e| panic!("a new SQLite file at {}: {e}", path.display()));
    conn.execute_batch(TABLES_BEFORE_CARDS)
        .expect("the tables before cards");
    conn.execute_batch(then)
        .unwrap_or_else(|e| panic!("{then}: {e}"));
}
