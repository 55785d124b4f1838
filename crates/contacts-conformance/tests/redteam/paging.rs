//! Paging and continuation-token bugs.

use super::Bug;
use super::adapter::{Adapter, Hook};
use super::support::{Store, fetch_all, first_page_of, full, page_size, token_position};
use async_trait::async_trait;
use contacts_core::{ContactProvider, ContactQuery, Order, Page, PageToken, Result};
use std::collections::HashMap;
use std::sync::Mutex;

const EXACTLY_ONCE: &str = "DESIGN.md, The contract, list: \"every contact appears exactly once \
    across pages when nothing changes meanwhile\"";

/// Meant to follow the vendor's `next` link for descending listings. The vendor's link drops
/// the `sort=-created` parameter, so every continuation page is read oldest-first after the
/// position: the first page is right, later ones repeat the newest contacts and never reach
/// the oldest.
#[derive(Debug, Default)]
struct DescendingLinkLosesSort;

#[async_trait]
impl Hook for DescendingLinkLosesSort {
    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        let token = match t {
            Some(token) if q.order == Order::Descending => token,
            t => return p.list_page(q, t).await,
        };
        let pos = token
            .keyset_position("mem1", Order::Descending)
            .or_else(|_| token.keyset_position("mem1", Order::Ascending))?;
        let ascending = q.clone().order(Order::Ascending);
        let token = PageToken::keyset("mem1", Order::Ascending, pos);
        p.list_page(&ascending, Some(token)).await
    }
}

/// Meant to carry the query in the vendor's `next` link; the vendor's link keeps paging
/// parameters only, so property filters apply to the first page and are lost on the next.
#[derive(Debug, Default)]
struct FilterLostOnNextPage;

#[async_trait]
impl Hook for FilterLostOnNextPage {
    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        let mut q = q.clone();
        if t.is_some() {
            q.filter.properties.clear();
        }
        p.list_page(&q, t).await
    }
}

/// Meant as keyset paging on the contact id; the author compared the ids as strings, so after
/// a page ending at id `9` (or `5`) the two-digit ids sort before it and are never listed.
#[derive(Debug, Default)]
struct StringIdKeyset;

#[async_trait]
impl Hook for StringIdKeyset {
    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        let all = fetch_all(p, q.filter.clone(), q.order, q.include_metadata).await?;
        let size = page_size(p, q);
        let rest: Vec<_> = match &t {
            None => all,
            Some(t) => {
                let after = token_position(t)?;
                all.into_iter()
                    .filter(|c| match q.order {
                        Order::Ascending => c.id.as_str() > after,
                        Order::Descending => c.id.as_str() < after,
                    })
                    .collect()
            }
        };
        Ok(first_page_of(rest, size))
    }
}

/// Meant to filter several labels as iP1 must: the first label server-side, the rest
/// client-side. The author then took a page shorter than asked for the last one, so matches
/// after a thinned-out page are never listed.
#[derive(Debug, Default)]
struct ShortPageTakenAsEnd;

#[async_trait]
impl Hook for ShortPageTakenAsEnd {
    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        if q.filter.labels.len() < 2 {
            return p.list_page(q, t).await;
        }
        let wanted = q.filter.labels.clone();
        let mut server = q.clone();
        server.filter.labels = wanted.iter().take(1).collect();
        let mut page = p.list_page(&server, t).await?;
        page.items.retain(|c| c.labels.contains_all(&wanted));
        if page.items.len() < page_size(p, q) {
            page.next = None;
        }
        Ok(page)
    }
}

/// Meant to pass the vendor's cursor through as the page token. The vendor's cursors are
/// server-side scroll cursors that advance on every use, so a token handed back a second time
/// (a retried request, an export resumed after a restart) continues after the page it
/// returned the first time: that page is skipped.
#[derive(Debug, Default)]
struct ScrollCursorAdvances {
    /// Where each (query, token) handed out has got to on the server.
    cursors: Mutex<HashMap<(String, PageToken), Option<PageToken>>>,
}

#[async_trait]
impl Hook for ScrollCursorAdvances {
    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        let Some(token) = t else {
            return p.list_page(q, None).await;
        };
        let key = (format!("{q:?}"), token.clone());
        let advanced = self.cursors.lock().unwrap().get(&key).cloned();
        let page = match advanced {
            None => p.list_page(q, Some(token.clone())).await?,
            Some(None) => Page::default(),
            Some(Some(further)) => p.list_page(q, Some(further)).await?,
        };
        let mut cursors = self.cursors.lock().unwrap();
        cursors.insert(key, page.next.clone());
        Ok(page)
    }
}

/// Meant to ask the vendor for the page size the caller wants; the vendor silently caps pages
/// at 100 contacts, and the adapter computes the continuation from the size it asked for, so
/// with pages over 100 the contacts between 100 and the page size are skipped.
#[derive(Debug, Default)]
struct VendorCapsPagesAt100;

#[async_trait]
impl Hook for VendorCapsPagesAt100 {
    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        let mut page = p.list_page(q, t).await?;
        page.items.truncate(100);
        Ok(page)
    }
}

/// The paging bugs.
pub fn bugs() -> Vec<Bug> {
    vec![
        Bug {
            name: "descending_next_link_loses_sort",
            rule: "query.rs, Order: \"`Descending` is exactly the reverse of `Ascending`\"; \
                   DESIGN.md list: \"every contact appears exactly once across pages\"",
            trigger: "descending order and a second page",
            make: |armed| Adapter::boxed(full(), armed, DescendingLinkLosesSort),
        },
        Bug {
            name: "property_filter_lost_on_next_page",
            rule: "DESIGN.md, The contract, list: \"property filters are exact string \
                   equality\" (for every page of the listing)",
            trigger: "a property filter with more matches than one page",
            make: |armed| Adapter::boxed(full(), armed, FilterLostOnNextPage),
        },
        Bug {
            name: "keyset_compares_ids_as_strings",
            rule: EXACTLY_ONCE,
            trigger: "a page boundary before the ids reach two digits (more than 9 contacts)",
            make: |armed| Adapter::boxed(full(), armed, StringIdKeyset),
        },
        Bug {
            name: "short_page_taken_as_end",
            rule: EXACTLY_ONCE,
            trigger: "two or more labels in the filter and a page thinned out client-side",
            make: |armed| Adapter::boxed(full(), armed, ShortPageTakenAsEnd),
        },
        Bug {
            name: "scroll_cursor_advances_on_reuse",
            rule: "page.rs, PageToken: \"Hand it back ... unchanged, with the same query; it is \
                   serialisable so a long export can resume after a restart\"",
            trigger: "the same page token used a second time",
            make: |armed| Adapter::boxed(full(), armed, ScrollCursorAdvances::default()),
        },
        Bug {
            name: "vendor_caps_pages_at_100",
            rule: EXACTLY_ONCE,
            trigger: "a page size over 100 with more than 100 contacts",
            make: |armed| Adapter::boxed(full(), armed, VendorCapsPagesAt100),
        },
    ]
}
