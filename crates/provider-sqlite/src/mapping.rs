//! The store's wire-to-model mapping, one contact as rows: reading contacts back, writing a
//! contact's card, properties, labels and metadata, inside the caller's transaction.
//!
//! The rule the change log rests on: every write of a contact's rows also writes its
//! `contacts` row (an insert, `UPDATE contacts SET card`, a move, a delete), whose triggers
//! log the contact (schema version 5). A new write path that changed only `properties`,
//! `labels` or `metadata` would go unseen by the change feed.

use crate::document::{self, Document};
use crate::metadata;
use crate::schema::sql_error;
use contacts_core::{
    AddressBookId, Card, Contact, ContactId, Error, Labels, Metadata, Properties, Result,
    decimal_id,
};
use rusqlite::{CachedStatement, Connection, OptionalExtension, params};

/// The sequence number behind a contact id; ids are decimal sequence numbers from 1, written
/// the one way this store writes them ([`decimal_id`]: digits, no sign, no leading zero, no
/// spaces), so anything else (`0` too) can never exist: ids are compared as the exact strings
/// they are, and `+1`, `01`, ` 1` or `1.0` are not contact `1` (a numeric parse alone would
/// take the first two for it).
pub fn seq_of(id: &ContactId) -> Result<i64> {
    decimal_id(id.as_str())
        .and_then(|seq| i64::try_from(seq).ok())
        .filter(|seq| *seq > 0)
        .ok_or_else(|| Error::contact_not_found(id))
}

/// The contact row of `seq`: its address book and its card (`None` for a flat contact).
type ContactRow = (Option<String>, Result<Option<Box<Card>>>);

/// Reads the contact `seq` (within `book` when the store is scoped to one); `None` if absent.
pub fn load(
    conn: &Connection,
    seq: i64,
    book: Option<&str>,
    with_metadata: bool,
) -> Result<Option<Contact>> {
    // The card is parsed from SQLite's own buffer; a flat contact's NULL costs nothing.
    let found: Option<ContactRow> = conn
        .prepare_cached("SELECT address_book, card FROM contacts WHERE seq = ?1")
        .and_then(|mut s| {
            s.query_row([seq], |row| {
                Ok((row.get(0)?, document::read(seq, row.get_ref(1)?)))
            })
            .optional()
        })
        .map_err(|e| sql_error("read", &e))?;
    let Some((address_book, card)) = found else {
        return Ok(None);
    };
    if book.is_some() && address_book.as_deref() != book {
        return Ok(None);
    }
    let card = card?;
    let properties: Properties = pairs(
        conn,
        "SELECT key, value FROM properties WHERE contact = ?1",
        seq,
    )?
    .into_iter()
    .collect();
    let labels: Labels = pairs(conn, "SELECT label, '' FROM labels WHERE contact = ?1", seq)?
        .into_iter()
        .map(|(label, _)| label)
        .collect();
    let metadata = with_metadata
        .then(|| load_metadata(conn, seq))
        .transpose()?;
    Ok(Some(Contact {
        id: ContactId::from(seq as u64),
        owner_id: None,
        properties,
        labels,
        metadata,
        address_book: address_book.map(AddressBookId::new),
        card,
    }))
}

/// Whether the contact `seq` exists (within `book` when the store is scoped to one), without
/// reading it: deleting or replacing a contact whose stored card cannot be read still works.
pub fn exists(conn: &Connection, seq: i64, book: Option<&str>) -> Result<bool> {
    let found: Option<Option<String>> = conn
        .prepare_cached("SELECT address_book FROM contacts WHERE seq = ?1")
        .and_then(|mut s| s.query_row([seq], |row| row.get(0)).optional())
        .map_err(|e| sql_error("read", &e))?;
    Ok(found.is_some_and(|address_book| book.is_none() || address_book.as_deref() == book))
}

/// The stored metadata of the contact `seq`.
fn load_metadata(conn: &Connection, seq: i64) -> Result<Metadata> {
    let mut meta = Metadata::new();
    for (path, value) in pairs(
        conn,
        "SELECT path, value FROM metadata WHERE contact = ?1",
        seq,
    )? {
        if let Some((property, field)) = path.split_once('.') {
            meta.insert(property, field, value);
        }
    }
    Ok(meta)
}

fn pairs(conn: &Connection, sql: &str, seq: i64) -> Result<Vec<(String, String)>> {
    let mut statement = conn
        .prepare_cached(sql)
        .map_err(|e| sql_error("read", &e))?;
    let rows = statement
        .query_map([seq], |row| Ok((row.get(0)?, row.get(1)?)))
        .map_err(|e| sql_error("read", &e))?;
    rows.collect::<rusqlite::Result<_>>()
        .map_err(|e| sql_error("read", &e))
}

/// The statements that write contacts, prepared once for a whole batch: looking a cached
/// statement up hashes its SQL text, which cost as much as a row's insert when done per row.
pub struct Writer<'c> {
    contact: CachedStatement<'c>,
    property: CachedStatement<'c>,
    label: CachedStatement<'c>,
    metadata: CachedStatement<'c>,
}

impl<'c> Writer<'c> {
    /// The statements, on `conn` (the caller's transaction).
    pub fn new(conn: &'c Connection) -> Result<Self> {
        let prepare = |sql| conn.prepare_cached(sql).map_err(|e| sql_error("write", &e));
        Ok(Self {
            contact: prepare("INSERT INTO contacts (address_book, card) VALUES (?1, ?2)")?,
            property: prepare("INSERT INTO properties (contact, key, value) VALUES (?1, ?2, ?3)")?,
            label: prepare("INSERT INTO labels (contact, label) VALUES (?1, ?2)")?,
            metadata: prepare("INSERT INTO metadata (contact, path, value) VALUES (?1, ?2, ?3)")?,
        })
    }

    /// Inserts a new contact row in `book`, with its card column (`None`: a flat contact), and
    /// returns its sequence number.
    pub fn insert(&mut self, book: Option<&str>, card: Option<&str>) -> Result<i64> {
        self.contact
            .insert(params![book, card])
            .map_err(|e| sql_error("create", &e))
    }

    /// Writes the properties, labels and computed metadata of the contact `seq`, which has
    /// none yet (a contact just inserted, or one whose rows were just deleted).
    pub fn write_new(&mut self, seq: i64, properties: &Properties, labels: &Labels) -> Result<()> {
        let step = |e: rusqlite::Error| sql_error("write", &e);
        for (key, value) in properties.iter() {
            self.property
                .execute(params![seq, key, value])
                .map_err(step)?;
        }
        for label in labels.iter() {
            self.label.execute(params![seq, label]).map_err(step)?;
        }
        for (path, value) in metadata::compute(properties) {
            self.metadata
                .execute(params![seq, path, value])
                .map_err(step)?;
        }
        Ok(())
    }
}

/// Replaces the card, properties, labels and computed metadata of the contact `seq` with
/// `doc`'s (a document without a card leaves the contact without one).
pub fn write(conn: &Connection, seq: i64, doc: &Document) -> Result<()> {
    conn.prepare_cached("UPDATE contacts SET card = ?2 WHERE seq = ?1")
        .and_then(|mut s| s.execute(params![seq, doc.json]))
        .map_err(|e| sql_error("write", &e))?;
    for table in ["properties", "labels", "metadata"] {
        conn.prepare_cached(&format!("DELETE FROM {table} WHERE contact = ?1"))
            .and_then(|mut s| s.execute([seq]))
            .map_err(|e| sql_error("write", &e))?;
    }
    Writer::new(conn)?.write_new(seq, &doc.properties, &doc.labels)
}

/// Moves the contact `seq` to `book`, if it is elsewhere (a contact that stays is not logged
/// as written once more).
pub fn set_book(conn: &Connection, seq: i64, book: Option<&str>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE contacts SET address_book = ?2 WHERE seq = ?1 AND address_book IS NOT ?2",
    )
    .and_then(|mut s| s.execute(params![seq, book]))
    .map_err(|e| sql_error("write", &e))?;
    Ok(())
}

/// Deletes the contact `seq` (its rows go with it); whether there was one.
pub fn delete(conn: &Connection, seq: i64) -> Result<bool> {
    let deleted = conn
        .prepare_cached("DELETE FROM contacts WHERE seq = ?1")
        .and_then(|mut s| s.execute([seq]))
        .map_err(|e| sql_error("delete", &e))?;
    Ok(deleted > 0)
}
