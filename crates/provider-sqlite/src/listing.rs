//! Listing in SQL: filters as indexed lookups, keyset pages over the creation sequence, so
//! every contact appears exactly once across pages even while others are written.

use crate::mapping;
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

/// One condition of a filter, as the table and columns that hold it.
struct Condition {
    table: &'static str,
    columns: &'static [&'static str],
    values: Vec<Value>,
}

fn conditions(filter: &ContactFilter) -> Vec<Condition> {
    let mut all: Vec<Condition> = filter
        .labels
        .iter()
        .map(|l| Condition {
            table: "labels",
            columns: &["label"],
            values: vec![text(l)],
        })
        .collect();
    all.extend(filter.properties.iter().map(|(k, v)| Condition {
        table: "properties",
        columns: &["key", "value"],
        values: vec![text(k), text(v)],
    }));
    all.extend(filter.metadata.iter().map(|(p, v)| Condition {
        table: "metadata",
        columns: &["path", "value"],
        values: vec![text(p), text(v)],
    }));
    all
}

/// The SQL of a selection and its parameters.
///
/// With a filter, the first condition drives the query through its index
/// (`labels_match(label, contact)`, `properties_match(key, value, contact)`,
/// `metadata_match(path, value, contact)`), which yields the matching contacts already in
/// sequence order, so a page of a rare label or a phone lookup reads a few index entries, not
/// the whole table; every further condition is a primary-key probe per candidate.
pub fn build(selection: &Selection<'_>) -> (String, Vec<Value>) {
    let mut conditions = conditions(selection.filter).into_iter();
    let mut values: Vec<Value> = Vec::new();
    let mut sql = match conditions.next() {
        Some(driver) => {
            let wheres: Vec<String> = driver
                .columns
                .iter()
                .map(|c| format!("d.{c} = ?"))
                .collect();
            values.extend(driver.values);
            format!(
                "SELECT d.contact FROM {} d WHERE {}",
                driver.table,
                wheres.join(" AND ")
            )
        }
        None => "SELECT d.seq FROM contacts d WHERE 1 = 1".to_owned(),
    };
    let key = if sql.starts_with("SELECT d.contact") {
        "d.contact"
    } else {
        "d.seq"
    };
    for condition in conditions {
        let wheres: Vec<String> = condition
            .columns
            .iter()
            .map(|c| format!("x.{c} = ?"))
            .collect();
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM {} x WHERE x.contact = {key} AND {})",
            condition.table,
            wheres.join(" AND ")
        ));
        values.extend(condition.values);
    }
    if let Some(book) = selection.book {
        if key == "d.seq" {
            sql.push_str(" AND d.address_book = ?");
        } else {
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM contacts c WHERE c.seq = {key} AND c.address_book = ?)"
            ));
        }
        values.push(text(book));
    }
    if let Some(after) = selection.after {
        let op = match selection.order {
            Order::Ascending => ">",
            Order::Descending => "<",
        };
        sql.push_str(&format!(" AND {key} {op} ?"));
        values.push(Value::Integer(after));
    }
    let direction = match selection.order {
        Order::Ascending => "ASC",
        Order::Descending => "DESC",
    };
    sql.push_str(&format!(" ORDER BY {key} {direction}"));
    if let Some(limit) = selection.limit {
        sql.push_str(" LIMIT ?");
        values.push(Value::Integer(limit as i64));
    }
    (sql, values)
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

/// One page: `size` contacts and, when more match, the token to continue. Called in one read
/// transaction ([`Store::read`](crate::store::Store::read)): the ids and their rows come from
/// one snapshot, and SQLite takes its read lock once instead of once per statement (three or
/// four a contact).
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
        if let Some(contact) = mapping::load(conn, *seq, book, with_metadata)? {
            out.push(contact);
        }
    }
    Ok(out)
}

/// Tells this store's page tokens from other providers'.
pub const TOKEN_SCHEME: &str = "sq1";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema;

    /// The query plan of a first page, one line per step.
    fn plan(filter: &ContactFilter, order: Order) -> String {
        let mut conn = Connection::open_in_memory().unwrap();
        schema::migrate(&mut conn).unwrap();
        let selection = Selection {
            filter,
            book: None,
            order,
            after: Some(10),
            limit: Some(51),
        };
        let (sql, values) = build(&selection);
        let mut statement = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let steps: Vec<String> = statement
            .query_map(rusqlite::params_from_iter(values), |row| row.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        steps.join("\n")
    }

    #[test]
    fn a_label_page_and_a_phone_lookup_read_an_index_in_order_not_the_table() {
        for order in [Order::Ascending, Order::Descending] {
            let label = plan(&ContactFilter::new().label("VIP"), order);
            assert!(
                label.contains("SEARCH d USING COVERING INDEX labels_match (label=? AND contact"),
                "{label}"
            );
            let phone = plan(
                &ContactFilter::new().property("phoneNumber", "+46701234567"),
                order,
            );
            assert!(
                phone.contains(
                    "SEARCH d USING COVERING INDEX properties_match (key=? AND value=? AND contact"
                ),
                "{phone}"
            );
            for plan in [&label, &phone] {
                assert!(!plan.contains("SCAN"), "no table scan: {plan}");
                assert!(
                    !plan.contains("TEMP B-TREE"),
                    "no sort, the index is in order: {plan}"
                );
            }
        }
        let both = plan(
            &ContactFilter::new()
                .label("VIP")
                .metadata("phoneNumber.isValidPhoneNumber", "true"),
            Order::Ascending,
        );
        assert!(!both.contains("SCAN"), "{both}");
    }
}
