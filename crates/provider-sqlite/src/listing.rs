//! Listing in SQL: filters as indexed lookups, keyset pages over the creation sequence, so
//! every contact appears exactly once across pages even while others are written.

use crate::rows;
use crate::schema::sql_error;
use contacts_core::{Contact, ContactFilter, Order, Page, PageToken, Result};
use rusqlite::Connection;
use rusqlite::types::Value;

/// Which contacts, where a page starts, and how many.
#[derive(Debug, Clone)]
pub struct Selection<'a> {
    /// The filter (all-of labels, exact properties and metadata).
    pub filter: &'a ContactFilter,
    /// The address book the store is scoped to, if any.
    pub book: Option<&'a str>,
    /// Listing order (creation order, or its reverse).
    pub order: Order,
    /// Continue after this sequence number.
    pub after: Option<i64>,
    /// At most this many (`None`: all).
    pub limit: Option<usize>,
}

/// The sequence numbers of the selected contacts, in order.
pub fn sequence(conn: &Connection, selection: &Selection<'_>) -> Result<Vec<i64>> {
    let (sql, values) = build(selection);
    let mut statement = conn
        .prepare_cached(&sql)
        .map_err(|e| sql_error("list", &e))?;
    let rows = statement
        .query_map(rusqlite::params_from_iter(values), |row| row.get(0))
        .map_err(|e| sql_error("list", &e))?;
    rows.collect::<rusqlite::Result<_>>()
        .map_err(|e| sql_error("list", &e))
}

/// The SQL of a selection and its parameters. Each condition is an `IN` over an index
/// (`labels_match`, `properties_match`, `metadata_match`), so a filter never scans every
/// contact's rows.
pub fn build(selection: &Selection<'_>) -> (String, Vec<Value>) {
    let mut sql = String::from("SELECT c.seq FROM contacts c WHERE 1 = 1");
    let mut values: Vec<Value> = Vec::new();
    let mut bind = |sql: &mut String, clause: &str, new: Vec<Value>| {
        sql.push_str(clause);
        values.extend(new);
    };
    if let Some(book) = selection.book {
        bind(&mut sql, " AND c.address_book = ?", vec![text(book)]);
    }
    if let Some(after) = selection.after {
        let clause = match selection.order {
            Order::Ascending => " AND c.seq > ?",
            Order::Descending => " AND c.seq < ?",
        };
        bind(&mut sql, clause, vec![Value::Integer(after)]);
    }
    let f = selection.filter;
    for label in f.labels.iter() {
        let clause = " AND c.seq IN (SELECT contact FROM labels WHERE label = ?)";
        bind(&mut sql, clause, vec![text(label)]);
    }
    for (key, value) in &f.properties {
        let clause = " AND c.seq IN (SELECT contact FROM properties WHERE key = ? AND value = ?)";
        bind(&mut sql, clause, vec![text(key), text(value)]);
    }
    for (path, value) in &f.metadata {
        let clause = " AND c.seq IN (SELECT contact FROM metadata WHERE path = ? AND value = ?)";
        bind(&mut sql, clause, vec![text(path), text(value)]);
    }
    sql.push_str(match selection.order {
        Order::Ascending => " ORDER BY c.seq ASC",
        Order::Descending => " ORDER BY c.seq DESC",
    });
    if let Some(limit) = selection.limit {
        bind(&mut sql, " LIMIT ?", vec![Value::Integer(limit as i64)]);
    }
    (sql, values)
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

/// One page: `size` contacts and, when more match, the token to continue.
pub fn page(
    conn: &Connection,
    mut selection: Selection<'_>,
    size: usize,
    with_metadata: bool,
) -> Result<Page> {
    selection.limit = Some(size + 1);
    let mut seqs = sequence(conn, &selection)?;
    let more = seqs.len() > size;
    seqs.truncate(size);
    let items = load_all(conn, &seqs, selection.book, with_metadata)?;
    let next = match (more, seqs.last()) {
        (true, Some(last)) => Some(PageToken::keyset(
            TOKEN_SCHEME,
            selection.order,
            *last as u64,
        )),
        _ => None,
    };
    Ok(Page { items, next })
}

/// The contacts `seqs`, in that order (any deleted meanwhile are left out).
pub fn load_all(
    conn: &Connection,
    seqs: &[i64],
    book: Option<&str>,
    with_metadata: bool,
) -> Result<Vec<Contact>> {
    let mut out = Vec::with_capacity(seqs.len());
    for seq in seqs {
        if let Some(contact) = rows::load(conn, *seq, book, with_metadata)? {
            out.push(contact);
        }
    }
    Ok(out)
}

/// Tells this store's page tokens from other providers'.
pub const TOKEN_SCHEME: &str = "sq1";
