//! The store's schema, versioned with `PRAGMA user_version` and migrated forward only.
//!
//! Each entry of [`MIGRATIONS`] takes a store from the version before it to its own; a new
//! version is a new entry, never an edit of an old one, so every earlier file opens.

use contacts_core::{Error, Result};
use rusqlite::{Connection, TransactionBehavior};

/// Forward migrations: index `i` takes the store from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: contacts in creation order, properties and labels as rows, indexed for filters.
    "CREATE TABLE contacts (
         seq INTEGER PRIMARY KEY AUTOINCREMENT,
         address_book TEXT
     );
     CREATE INDEX contacts_book ON contacts(address_book, seq);
     CREATE TABLE properties (
         contact INTEGER NOT NULL REFERENCES contacts(seq) ON DELETE CASCADE,
         key TEXT NOT NULL,
         value TEXT NOT NULL,
         PRIMARY KEY (contact, key)
     ) WITHOUT ROWID;
     CREATE INDEX properties_match ON properties(key, value, contact);
     CREATE TABLE labels (
         contact INTEGER NOT NULL REFERENCES contacts(seq) ON DELETE CASCADE,
         label TEXT NOT NULL,
         PRIMARY KEY (contact, label)
     ) WITHOUT ROWID;
     CREATE INDEX labels_match ON labels(label, contact);",
    // 2: provider-computed metadata (`property.field` = value), indexed for filters.
    "CREATE TABLE metadata (
         contact INTEGER NOT NULL REFERENCES contacts(seq) ON DELETE CASCADE,
         path TEXT NOT NULL,
         value TEXT NOT NULL,
         PRIMARY KEY (contact, path)
     ) WITHOUT ROWID;
     CREATE INDEX metadata_match ON metadata(path, value, contact);",
    // 3: facts about the store itself; `identity`, 128 random bits drawn once, here, when the
    // store is made: the store's identity (a copied file keeps it, a new file has another).
    "CREATE TABLE meta (
         key TEXT PRIMARY KEY,
         value TEXT NOT NULL
     ) WITHOUT ROWID;
     INSERT INTO meta (key, value) VALUES ('identity', lower(hex(randomblob(16))));",
    // 4: the whole card (RFC 9553 JSON text) of a contact that has one; NULL for a flat
    // contact, whose rows stay all there is. Adding a nullable column rewrites nothing, so an
    // old file of any size migrates at once and keeps every contact flat.
    "ALTER TABLE contacts ADD COLUMN card TEXT;",
    // 5: the change log the change feed reads (see `changelog`): one row per contact and
    // address book it was written in, at the revision of its latest write there, with the
    // time of it. Triggers on `contacts` write it in the statement that changes the contact,
    // so no write path can forget it (every write of a contact's rows also writes its
    // `contacts` row: `mapping::write`). A move writes a row for the book it left, so a reader
    // of that book learns the contact is gone. Contacts from before this version have no row:
    // no token is older than the log.
    "CREATE TABLE changes (
         revision INTEGER PRIMARY KEY AUTOINCREMENT,
         contact_id INTEGER NOT NULL,
         book TEXT,
         at INTEGER NOT NULL DEFAULT (unixepoch())
     );
     CREATE INDEX changes_contact ON changes(contact_id, book);
     INSERT INTO meta (key, value) VALUES ('changes_horizon', '0');
     CREATE TRIGGER contacts_created AFTER INSERT ON contacts BEGIN
         INSERT INTO changes (contact_id, book) VALUES (NEW.seq, NEW.address_book);
     END;
     CREATE TRIGGER contacts_written AFTER UPDATE ON contacts BEGIN
         DELETE FROM changes WHERE contact_id = NEW.seq AND book IS NEW.address_book;
         INSERT INTO changes (contact_id, book) VALUES (NEW.seq, NEW.address_book);
     END;
     CREATE TRIGGER contacts_moved AFTER UPDATE OF address_book ON contacts
     WHEN OLD.address_book IS NOT NEW.address_book BEGIN
         DELETE FROM changes WHERE contact_id = OLD.seq AND book IS OLD.address_book;
         INSERT INTO changes (contact_id, book) VALUES (OLD.seq, OLD.address_book);
     END;
     CREATE TRIGGER contacts_deleted AFTER DELETE ON contacts BEGIN
         DELETE FROM changes WHERE contact_id = OLD.seq AND book IS OLD.address_book;
         INSERT INTO changes (contact_id, book) VALUES (OLD.seq, OLD.address_book);
     END;",
];

/// The version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// The store's schema version (0 for a new file).
pub fn version(conn: &Connection) -> Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(|e| not_a_store(&e))
}

/// The store's version, refusing one written by a newer build before anything is written to
/// it (not even the journal mode), so it is left untouched.
pub fn readable_version(conn: &Connection) -> Result<i64> {
    let current = version(conn)?;
    if current > LATEST {
        return Err(Error::invalid(
            "db",
            format!(
                "the store has schema version {current}, newer than this build understands \
                 ({LATEST}); use a newer contacts, or another file"
            ),
        ));
    }
    Ok(current)
}

/// Brings the store to [`LATEST`] in one transaction, safe against any number of processes
/// (or connections) opening the same file at once.
///
/// The transaction begins `IMMEDIATE`: it takes the write lock first (waiting for it under
/// the busy timeout), then reads the version again, so of several openers of a new file the
/// first migrates and the others, once they have the lock, find the work done and use the
/// store. Checking the version before taking the lock would let two of them both see version
/// 0 and the second fail on `table contacts already exists`.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    if readable_version(conn)? == LATEST {
        return Ok(());
    }
    let failed = |e: rusqlite::Error| sql_error("migrate", &e);
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(failed)?;
    let current = readable_version(&tx)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)
            .and_then(|()| tx.pragma_update(None, "user_version", index as i64 + 1))
            .map_err(failed)?;
    }
    tx.commit().map_err(failed)
}

/// The store's identity, drawn by migration 3 (see [`MIGRATIONS`]).
pub fn identity(conn: &Connection) -> Result<String> {
    conn.query_row("SELECT value FROM meta WHERE key = 'identity'", [], |r| {
        r.get(0)
    })
    .map_err(|e| sql_error("read the store's identity", &e))
}

/// The error for a file that is not a SQLite database (or not readable as one).
pub fn not_a_store(e: &rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            Error::invalid(
                "db",
                "the file is not a SQLite database; it was left untouched (choose another path)",
            )
        }
        other => sql_error("open", other),
    }
}

/// A SQLite failure as the core error: busy or locked is retryable `Unavailable`, read-only
/// or permission problems are `PermissionDenied`, anything else `Unavailable` naming the step.
pub fn sql_error(step: &str, e: &rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    match e {
        rusqlite::Error::SqliteFailure(f, message) => {
            let detail = message.clone().unwrap_or_else(|| f.to_string());
            match f.code {
                ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen => {
                    Error::PermissionDenied {
                        message: format!("{step}: the store cannot be written here ({detail})"),
                    }
                }
                _ => Error::Unavailable {
                    message: format!("{step}: {detail}"),
                    retry_after: None,
                },
            }
        }
        other => Error::Unavailable {
            message: format!("{step}: {other}"),
            retry_after: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store at `version`, as a build of that time left it, with one contact.
    fn store_at(version: usize) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..version] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", version as i64)
            .unwrap();
        if version >= 1 {
            conn.execute_batch(
                "INSERT INTO contacts (address_book) VALUES ('b');
                 INSERT INTO properties VALUES (1, 'phoneNumber', '+46701234567');
                 INSERT INTO labels VALUES (1, 'VIP');",
            )
            .unwrap();
        }
        conn
    }

    #[test]
    fn every_earlier_version_migrates_forward_keeping_its_contacts() {
        for from in 0..MIGRATIONS.len() {
            let mut conn = store_at(from);
            migrate(&mut conn).unwrap();
            assert_eq!(version(&conn).unwrap(), LATEST, "from version {from}");
            let contacts: i64 = conn
                .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
                .unwrap();
            assert_eq!(contacts, i64::from(from >= 1), "from version {from}");
            let cards: i64 = conn
                .query_row("SELECT count(card) FROM contacts", [], |r| r.get(0))
                .unwrap();
            assert_eq!(cards, 0, "an old contact stays flat (from version {from})");
            // Every table of the latest schema is there and usable.
            conn.execute_batch(
                "INSERT INTO contacts (address_book, card) VALUES (NULL, '{\"@type\":\"Card\"}');
                 INSERT INTO metadata VALUES (last_insert_rowid(), 'phoneNumber.e164', '+1');",
            )
            .unwrap();
            let logged: i64 = conn
                .query_row("SELECT count(*) FROM changes", [], |r| r.get(0))
                .unwrap();
            assert_eq!(
                logged, 1,
                "a write after migrating is logged (from version {from})"
            );
            migrate(&mut conn).unwrap();
            assert_eq!(
                version(&conn).unwrap(),
                LATEST,
                "migrating twice is a no-op"
            );
        }
    }

    #[test]
    fn a_newer_store_is_refused() {
        let mut conn = store_at(MIGRATIONS.len());
        conn.pragma_update(None, "user_version", LATEST + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(err.to_string().contains("newer than this build"), "{err}");
        assert_eq!(version(&conn).unwrap(), LATEST + 1);
    }
}
