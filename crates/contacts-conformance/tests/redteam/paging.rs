//! Paging and continuation-token bugs.

use super::Bug;
use super::adapter::hook;
use super::support::{Store, fetch_all, first_page_of, full, page_size, token_position};
use contacts_core::{ContactProvider, ContactQuery, Order, Page, PageToken, Result};
use std::collections::HashMap;
use std::sync::Mutex;

const EXACTLY_ONCE: &str = "DESIGN.md, The contract, list: \"every contact appears exactly once \
                           across pages when nothing changes meanwhile\"";

hook! {
    /// Meant to follow the vendor's `next` link for descending listings. The vendor's link drops
    /// the `sort=-created` parameter, so every continuation page is read oldest-first after the
    /// position: the first page is right, later ones repeat the newest contacts and never reach
    /// the oldest.
    struct DescendingLinkLosesSort;
    bug descending_next_link_loses_sort over full();
    breaks "query.rs, Order: \"`Descending` is exactly the reverse of `Ascending`\"; \
            DESIGN.md list: \"every contact appears exactly once across pages\"";
    when "descending order and a second page";

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

hook! {
    /// Meant to carry the query in the vendor's `next` link; the vendor's link keeps paging
    /// parameters only, so property filters apply to the first page and are lost on the next.
    struct FilterLostOnNextPage;
    bug property_filter_lost_on_next_page over full();
    breaks "DESIGN.md, The contract, list: \"property filters are exact string \
            equality\" (for every page of the listing)";
    when "a property filter with more matches than one page";

    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        let mut q = q.clone();
        if t.is_some() {
            q.filter.properties.clear();
        }
        p.list_page(&q, t).await
    }
}

hook! {
    /// Meant as keyset paging on the contact id; the author compared the ids as strings, so after
    /// a page ending at id `9` (or `5`) the two-digit ids sort before it and are never listed.
    struct StringIdKeyset;
    bug keyset_compares_ids_as_strings over full();
    breaks EXACTLY_ONCE;
    when "a page boundary before the ids reach two digits (more than 9 contacts)";

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

hook! {
    /// Meant to filter several labels as iP1 must: the first label server-side, the rest
    /// client-side. The author then took a page shorter than asked for the last one, so matches
    /// after a thinned-out page are never listed.
    struct ShortPageTakenAsEnd;
    bug short_page_taken_as_end over full();
    breaks EXACTLY_ONCE;
    when "two or more labels in the filter and a page thinned out client-side";

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

hook! {
    /// Meant to pass the vendor's cursor through as the page token. The vendor's cursors are
    /// server-side scroll cursors that advance on every use, so a token handed back a second time
    /// (a retried request, an export resumed after a restart) continues after the page it
    /// returned the first time: that page is skipped.
    struct ScrollCursorAdvances {
        /// Where each (query, token) handed out has got to on the server.
        cursors: Mutex<HashMap<(String, PageToken), Option<PageToken>>>,
    }
    bug scroll_cursor_advances_on_reuse over full();
    breaks "page.rs, PageToken: \"Hand it back ... unchanged, with the same query; it is \
            serialisable so a long export can resume after a restart\"";
    when "the same page token used a second time";

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

hook! {
    /// Meant to ask the vendor for the page size the caller wants; the vendor silently caps pages
    /// at 100 contacts, and the adapter computes the continuation from the size it asked for, so
    /// with pages over 100 the contacts between 100 and the page size are skipped.
    struct VendorCapsPagesAt100;
    bug vendor_caps_pages_at_100 over full();
    breaks EXACTLY_ONCE;
    when "a page size over 100 with more than 100 contacts";

    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        let mut page = p.list_page(q, t).await?;
        page.items.truncate(100);
        Ok(page)
    }
}

/// The paging bugs.
pub fn bugs() -> Vec<Bug> {
    vec![
        DescendingLinkLosesSort::bug(),
        FilterLostOnNextPage::bug(),
        StringIdKeyset::bug(),
        ShortPageTakenAsEnd::bug(),
        ScrollCursorAdvances::bug(),
        VendorCapsPagesAt100::bug(),
    ]
}
