//! Listing in pages. CardDAV cannot page on the server, so a listing takes a snapshot of the
//! collection's member names once (one `PROPFIND Depth: 1` for names and ETags, no vCards),
//! sorts them, and fetches each page's vCards with one `addressbook-multiget` `REPORT`.
//!
//! The page token is a keyset on the resource name (`cd1.<a|d>.<snapshot>.<last name>`): a
//! token from a snapshot this provider still holds continues from it; any other (after a
//! restart, or from another instance) takes a new snapshot and continues after the name, so
//! tokens survive restarts. Memory stays flat: the snapshot holds names and ETags only, and a
//! page holds at most its own vCards. Filters are applied client-side.

use crate::card::Stored;
use crate::dav::{Dav, encode_segment, last_segment};
use crate::xml;
use contacts_core::{AddressBookId, Contact, ContactQuery, Error, Order, Page, PageToken, Result};
use percent_encoding::percent_decode_str;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use url::Url;

/// One member of the collection: its name, href and ETag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member {
    pub name: String,
    pub href: String,
    pub etag: Option<String>,
}

/// The members of the collection at one moment, sorted by name.
#[derive(Debug)]
pub(crate) struct Snapshot {
    id: u64,
    pub members: Vec<Member>,
}

/// The snapshots of the listings under way (the few most recent).
#[derive(Debug, Default)]
pub(crate) struct Snapshots(Mutex<VecDeque<Arc<Snapshot>>>);

const KEPT_SNAPSHOTS: usize = 4;

impl Snapshots {
    fn find(&self, id: u64) -> Option<Arc<Snapshot>> {
        let held = self.0.lock().unwrap_or_else(|p| p.into_inner());
        held.iter().find(|s| s.id == id).cloned()
    }

    fn keep(&self, snapshot: Arc<Snapshot>) {
        let mut held = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if held.len() >= KEPT_SNAPSHOTS {
            held.pop_front();
        }
        held.push_back(snapshot);
    }
}

/// Where a listing continues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListToken {
    order: Order,
    snapshot: u64,
    last: String,
}

impl ListToken {
    fn encode(&self) -> PageToken {
        let dir = match self.order {
            Order::Ascending => 'a',
            Order::Descending => 'd',
        };
        PageToken::new(format!(
            "cd1.{dir}.{:x}.{}",
            self.snapshot,
            encode_segment(&self.last)
        ))
    }

    /// Reads a token this provider issued for the same order.
    pub fn decode(token: &PageToken, order: Order) -> Result<Self> {
        let bad = || {
            Error::invalid(
                "page_token",
                "not a token this provider issued for this query; start again without a token",
            )
        };
        let mut parts = token.as_str().splitn(4, '.');
        let (Some("cd1"), Some(dir), Some(snapshot), Some(last)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
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
            snapshot: u64::from_str_radix(snapshot, 16).map_err(|_| bad())?,
            last: percent_decode_str(last)
                .decode_utf8()
                .map_err(|_| bad())?
                .into_owned(),
        })
    }
}

/// Takes a snapshot of the collection's members.
pub(crate) async fn snapshot(dav: &Dav, book: &Url) -> Result<Snapshot> {
    let ms = dav
        .propfind(
            book,
            "1",
            "<d:resourcetype/><d:getetag/>",
            "the address book",
        )
        .await?;
    let own = book.path().trim_end_matches('/');
    let mut members: Vec<Member> = ms
        .responses
        .into_iter()
        .filter(|r| !r.props.collection && r.status.is_none_or(|s| (200..300).contains(&s)))
        .filter(|r| {
            let path = r
                .href
                .split_once("://")
                .map_or(r.href.as_str(), |(_, rest)| {
                    rest.find('/').map_or("/", |i| &rest[i..])
                });
            path.trim_end_matches('/') != own
        })
        .map(|r| Member {
            name: last_segment(&r.href),
            href: r.href,
            etag: r.props.etag,
        })
        .collect();
    members.sort_by(|a, b| a.name.cmp(&b.name));
    members.dedup_by(|a, b| a.name == b.name);
    Ok(Snapshot {
        id: rand_id(),
        members,
    })
}

fn rand_id() -> u64 {
    let uuid = uuid::Uuid::new_v4();
    let bytes = uuid.as_bytes();
    u64::from_le_bytes([
        bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
    ])
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
            out.push(Stored::read(m.name.clone(), etag, text)?);
        }
    }
    Ok(out)
}

/// What a page needs: the client, the collection and its id, the snapshots, the batch size.
pub(crate) struct Lister<'a> {
    pub dav: &'a Dav,
    pub book: &'a Url,
    pub book_id: &'a AddressBookId,
    pub snapshots: &'a Snapshots,
}

impl Lister<'_> {
    async fn members(&self, token: Option<&ListToken>) -> Result<Arc<Snapshot>> {
        if let Some(found) = token.and_then(|t| self.snapshots.find(t.snapshot)) {
            return Ok(found);
        }
        let fresh = Arc::new(snapshot(self.dav, self.book).await?);
        self.snapshots.keep(Arc::clone(&fresh));
        Ok(fresh)
    }

    /// One page of at most `size` contacts.
    pub async fn page(
        &self,
        query: &ContactQuery,
        size: usize,
        token: Option<ListToken>,
    ) -> Result<Page> {
        let snapshot = self.members(token.as_ref()).await?;
        let mut order: Vec<&Member> = snapshot.members.iter().collect();
        if query.order == Order::Descending {
            order.reverse();
        }
        let start = match &token {
            None => 0,
            Some(t) => order
                .iter()
                .position(|m| match query.order {
                    Order::Ascending => m.name > t.last,
                    Order::Descending => m.name < t.last,
                })
                .unwrap_or(order.len()),
        };
        let rest = &order[start..];
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
            for stored in fetch(self.dav, self.book, &chunk).await? {
                let contact = stored.contact(self.book_id);
                if items.len() < size && query.filter.matches(&contact) {
                    items.push(contact);
                }
            }
            used += chunk.len();
            if items.len() >= size {
                // Everything up to the last item returned is done.
                let last = items
                    .last()
                    .map(|c| c.id.as_str().to_owned())
                    .unwrap_or_default();
                used = rest
                    .iter()
                    .position(|m| m.name == last)
                    .map_or(used, |i| i + 1);
            }
        }
        let next = (used < rest.len() && !items.is_empty()).then(|| {
            ListToken {
                order: query.order,
                snapshot: snapshot.id,
                last: rest[used - 1].name.clone(),
            }
            .encode()
        });
        Ok(Page { items, next })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_order_snapshot_and_any_name() {
        let t = ListToken {
            order: Order::Descending,
            snapshot: 0xabc,
            last: "a b/ü.vcf".into(),
        };
        let encoded = t.encode();
        assert_eq!(ListToken::decode(&encoded, Order::Descending).unwrap(), t);
        assert!(ListToken::decode(&encoded, Order::Ascending).is_err());
        assert!(ListToken::decode(&PageToken::new("ab1.7.a.3"), Order::Ascending).is_err());
    }
}
