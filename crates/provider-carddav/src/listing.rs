//! Listing in pages. CardDAV cannot page on the server, so:
//!
//! - **Ascending** (the server's order): the first page sends one `addressbook-query`
//!   `REPORT` for every vCard and reads its answer as it arrives ([`Cursor`]); each page takes
//!   the next cards from it, and the cursor waits, with the transfer, until the next page is
//!   asked for. A listing costs one request, as a hand-written `REPORT` does, while memory holds
//!   one page and a bounded read-ahead.
//! - **A token whose cursor is gone** (after a restart, from another instance, after
//!   [`CURSOR_TTL`]) and **descending order**: a snapshot of the members' names and ETags in
//!   the server's order (`addressbook-query` without the vCards), then one
//!   `addressbook-multiget` per page.
//!
//! A transfer that breaks between pages (the request timeout of the client options counts
//! from the first page; a dropped connection) is not an error: the page is read from a
//! snapshot instead.
//!
//! The page token is `cd2.<a|d>.<id>.<offset>`: the number of members of the server's order
//! already passed. Both ways walk the same order, so a listing continues exactly where it was
//! when nothing changes meanwhile. Filters are applied client-side.

use crate::client::{Dav, last_segment};
use crate::mapping::Stored;
use crate::stream::Cursor;
use crate::xml::{self, DavResponse};
use contacts_core::{AddressBookId, Contact, ContactQuery, Error, Order, Page, PageToken, Result};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use url::Url;

/// How long a cursor waits for its next page before it is dropped (the listing then goes on
/// from a snapshot).
pub const CURSOR_TTL: Duration = Duration::from_secs(120);
/// Cursors and snapshots kept at once (the oldest go first).
const KEPT: usize = 4;

/// One member of the collection: its name, href and ETag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member {
    pub name: String,
    pub href: String,
    pub etag: Option<String>,
}

/// The members of the collection at one moment, in the server's order.
#[derive(Debug)]
pub(crate) struct Snapshot {
    id: u64,
    pub members: Vec<Member>,
}

/// The cursors and snapshots of the listings under way.
#[derive(Debug, Default)]
pub(crate) struct Listings {
    snapshots: Mutex<VecDeque<Arc<Snapshot>>>,
    cursors: Mutex<VecDeque<(u64, Cursor)>>,
}

impl Listings {
    fn snapshot(&self, id: u64) -> Option<Arc<Snapshot>> {
        let held = self.snapshots.lock().unwrap_or_else(|p| p.into_inner());
        held.iter().find(|s| s.id == id).cloned()
    }

    fn keep_snapshot(&self, snapshot: Arc<Snapshot>) {
        let mut held = self.snapshots.lock().unwrap_or_else(|p| p.into_inner());
        if held.len() >= KEPT {
            held.pop_front();
        }
        held.push_back(snapshot);
    }

    fn take_cursor(&self, id: u64, offset: usize) -> Option<Cursor> {
        let mut held = self.cursors.lock().unwrap_or_else(|p| p.into_inner());
        held.retain(|(_, c)| c.born.elapsed() < CURSOR_TTL);
        let at = held
            .iter()
            .position(|(i, c)| *i == id && c.offset == offset)?;
        held.remove(at).map(|(_, c)| c)
    }

    fn keep_cursor(&self, id: u64, cursor: Cursor) {
        let mut held = self.cursors.lock().unwrap_or_else(|p| p.into_inner());
        held.retain(|(_, c)| c.born.elapsed() < CURSOR_TTL);
        if held.len() >= KEPT {
            held.pop_front();
        }
        held.push_back((id, cursor));
    }
}

/// Where a listing continues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListToken {
    order: Order,
    id: u64,
    offset: usize,
}

impl ListToken {
    fn encode(&self) -> PageToken {
        let dir = match self.order {
            Order::Ascending => 'a',
            Order::Descending => 'd',
        };
        PageToken::new(format!("cd2.{dir}.{:x}.{}", self.id, self.offset))
    }

    /// Reads a token this provider issued for the same order.
    pub fn decode(token: &PageToken, order: Order) -> Result<Self> {
        let bad = || {
            Error::invalid(
                "page_token",
                "not a token this provider issued for this query; start again without a token",
            )
        };
        let mut parts = token.as_str().split('.');
        let (Some("cd2"), Some(dir), Some(id), Some(offset), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(bad());
        };
        let token_order = match dir {
            "a" => Order::Ascending,
            "d" => Order::Descending,
            _ => return Err(bad()),
        };
        if token_order != order {
            return Err(bad());
        }
        Ok(Self {
            order,
            id: u64::from_str_radix(id, 16).map_err(|_| bad())?,
            offset: offset.parse().map_err(|_| bad())?,
        })
    }
}

fn is_member(r: &DavResponse) -> bool {
    !r.props.collection && r.status.is_none_or(|s| (200..300).contains(&s))
}

/// Takes a snapshot of the collection's members, in the server's order.
pub(crate) async fn snapshot(dav: &Dav, book: &Url) -> Result<Snapshot> {
    let ms = dav
        .report(book, xml::query_all(false), "the address book")
        .await?;
    let members = ms
        .responses
        .into_iter()
        .filter(is_member)
        .map(|r| Member {
            name: last_segment(&r.href),
            href: r.href,
            etag: r.props.etag,
        })
        .collect();
    Ok(Snapshot {
        id: rand_id(),
        members,
    })
}

fn rand_id() -> u64 {
    let uuid = uuid::Uuid::new_v4();
    let b = uuid.as_bytes();
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// The card stored at `href`, or `None` (with a warning naming it and why) when it cannot be
/// read: one malformed card of a book is skipped, so a listing or an export goes on with the
/// rest instead of aborting; `get` of it still says why it cannot be read.
fn readable(href: &str, name: String, etag: Option<String>, text: String) -> Option<Stored> {
    match Stored::read(name, etag, text) {
        Ok(stored) => Some(stored),
        Err(e) => {
            tracing::warn!(resource = %href, error = %e, "skipping a card that cannot be read");
            None
        }
    }
}

/// Fetches the vCards of `members` with one multiget, in the order given; members gone
/// meanwhile are skipped.
pub(crate) async fn fetch(dav: &Dav, book: &Url, members: &[Member]) -> Result<Vec<Stored>> {
    if members.is_empty() {
        return Ok(Vec::new());
    }
    let body = xml::multiget(members.iter().map(|m| m.href.as_str()));
    let ms = dav.report(book, body, "the address book").await?;
    let mut by_name: HashMap<String, (Option<String>, String)> = HashMap::new();
    for r in ms.responses {
        if let Some(data) = r.props.address_data {
            by_name.insert(last_segment(&r.href), (r.props.etag, data));
        }
    }
    let mut out = Vec::with_capacity(members.len());
    for m in members {
        if let Some((etag, text)) = by_name.remove(&m.name) {
            out.extend(readable(&m.href, m.name.clone(), etag, text));
        }
    }
    Ok(out)
}

/// What a page needs: the client, the collection and its id, the listings under way.
pub(crate) struct Lister<'a> {
    pub dav: &'a Dav,
    pub book: &'a Url,
    pub book_id: &'a AddressBookId,
    pub listings: &'a Listings,
}

impl Lister<'_> {
    /// One page of at most `size` contacts.
    pub async fn page(
        &self,
        query: &ContactQuery,
        size: usize,
        token: Option<ListToken>,
    ) -> Result<Page> {
        if query.order == Order::Ascending {
            let cursor = match &token {
                None => Some((rand_id(), Cursor::open(self.dav, self.book).await?)),
                Some(t) => self.listings.take_cursor(t.id, t.offset).map(|c| (t.id, c)),
            };
            if let Some((id, cursor)) = cursor {
                let offset = cursor.offset;
                return match self.streamed(query, size, id, cursor).await {
                    // The transfer broke (a timeout while the caller took its time, a
                    // dropped connection): the page is read again from a snapshot.
                    Err(Error::Unavailable { .. }) if offset > 0 => {
                        let resume = ListToken {
                            order: Order::Ascending,
                            id: rand_id(),
                            offset,
                        };
                        self.snapshot_page(query, size, Some(resume)).await
                    }
                    other => other,
                };
            }
        }
        self.snapshot_page(query, size, token).await
    }

    async fn streamed(
        &self,
        query: &ContactQuery,
        size: usize,
        id: u64,
        mut cursor: Cursor,
    ) -> Result<Page> {
        let mut items = Vec::with_capacity(size);
        while items.len() < size {
            let Some(next) = cursor.next().await else {
                break;
            };
            let r = next?;
            let Some(data) = r.props.address_data.filter(|_| !r.props.collection) else {
                continue;
            };
            let Some(stored) = readable(&r.href, last_segment(&r.href), r.props.etag, data) else {
                continue;
            };
            let contact = stored.contact(self.book_id);
            if query.filter.matches(&contact) {
                items.push(contact);
            }
        }
        let next = if cursor.has_more().await? {
            let token = ListToken {
                order: Order::Ascending,
                id,
                offset: cursor.offset,
            };
            self.listings.keep_cursor(id, cursor);
            Some(token.encode())
        } else {
            None
        };
        Ok(Page { items, next })
    }

    async fn snapshot_page(
        &self,
        query: &ContactQuery,
        size: usize,
        token: Option<ListToken>,
    ) -> Result<Page> {
        let snapshot = match token.as_ref().and_then(|t| self.listings.snapshot(t.id)) {
            Some(found) => found,
            None => {
                let fresh = Arc::new(snapshot(self.dav, self.book).await?);
                self.listings.keep_snapshot(Arc::clone(&fresh));
                fresh
            }
        };
        let mut order: Vec<&Member> = snapshot.members.iter().collect();
        if query.order == Order::Descending {
            order.reverse();
        }
        let start = token.map_or(0, |t| t.offset).min(order.len());
        let (items, used) = self.fill(query, size, &order[start..]).await?;
        let offset = start + used;
        let next = (offset < order.len()).then(|| {
            ListToken {
                order: query.order,
                id: snapshot.id,
                offset,
            }
            .encode()
        });
        Ok(Page { items, next })
    }

    /// Fetches from `rest` until `size` contacts match; returns them and how many members
    /// were passed.
    async fn fill(
        &self,
        query: &ContactQuery,
        size: usize,
        rest: &[&Member],
    ) -> Result<(Vec<Contact>, usize)> {
        let filtered = !query.filter.is_empty();
        let mut items: Vec<Contact> = Vec::with_capacity(size.min(rest.len()));
        let mut used = 0;
        while items.len() < size && used < rest.len() {
            let want = if filtered {
                (size - items.len()).max(50)
            } else {
                size - items.len()
            };
            let chunk: Vec<Member> = rest[used..(used + want).min(rest.len())]
                .iter()
                .map(|m| (*m).clone())
                .collect();
            let mut passed = chunk.len();
            for stored in fetch(self.dav, self.book, &chunk).await? {
                let contact = stored.contact(self.book_id);
                if query.filter.matches(&contact) {
                    items.push(contact);
                    if items.len() == size {
                        // Members after the last one returned are not passed yet.
                        passed = chunk
                            .iter()
                            .position(|m| m.name == stored.name)
                            .map_or(passed, |i| i + 1);
                        break;
                    }
                }
            }
            used += passed;
        }
        Ok((items, used))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_order_id_and_offset() {
        let t = ListToken {
            order: Order::Descending,
            id: 0xabc,
            offset: 42,
        };
        let encoded = t.encode();
        assert_eq!(ListToken::decode(&encoded, Order::Descending).unwrap(), t);
        assert!(ListToken::decode(&encoded, Order::Ascending).is_err());
        assert!(ListToken::decode(&PageToken::new("ab1.7.a.3"), Order::Ascending).is_err());
        assert!(ListToken::decode(&PageToken::new("cd2.a.1.2.3"), Order::Ascending).is_err());
    }
}
