//! Filter and order bugs of listings.

use super::Bug;
use super::adapter::{Adapter, Hook};
use super::support::{Store, fetch_all, full, page_size, paginate};
use async_trait::async_trait;
use contacts_core::{
    Contact, ContactFilter, ContactProvider, ContactQuery, Error, Order, Page, PageToken, Result,
    keys,
};

/// Lists `q` with part of its filter done client-side, as an adapter does when the vendor
/// cannot filter on that part: `strip` takes the part out of the filter the store sees and
/// returns the adapter's own (wrong) test for it, or `None` when `q` has none of that part,
/// and then the store lists `q` as it is.
async fn client_side<K: Fn(&Contact) -> bool>(
    p: &Store,
    q: &ContactQuery,
    t: Option<PageToken>,
    strip: impl FnOnce(&mut ContactFilter) -> Option<K>,
) -> Result<Page> {
    let mut server = q.filter.clone();
    let Some(keep) = strip(&mut server) else {
        return p.list_page(q, t).await;
    };
    let all = fetch_all(p, server, q.order, q.include_metadata).await?;
    let items = all.into_iter().filter(|c| keep(c)).collect();
    paginate(items, t, page_size(p, q), q.order)
}

/// Meant to send each label as a `labels=` parameter; the vendor ORs repeated parameters, so
/// with two or more labels the adapter lists contacts carrying any of them.
#[derive(Debug, Default)]
struct LabelsAnyOf;

#[async_trait]
impl Hook for LabelsAnyOf {
    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        client_side(p, q, t, |server| {
            if server.labels.len() < 2 {
                return None;
            }
            let wanted = std::mem::take(&mut server.labels);
            Some(move |c: &Contact| wanted.iter().any(|l| c.labels.contains(l)))
        })
        .await
    }
}

/// Meant to filter labels exactly; the vendor's label index is case-insensitive, so a filter
/// for `VIP` also lists contacts labelled `vip`.
#[derive(Debug, Default)]
struct LabelFilterFoldsCase;

#[async_trait]
impl Hook for LabelFilterFoldsCase {
    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        client_side(p, q, t, |server| {
            if server.labels.is_empty() {
                return None;
            }
            let wanted = std::mem::take(&mut server.labels);
            let same = |l: &str, w: &str| l.to_lowercase() == w.to_lowercase();
            Some(move |c: &Contact| wanted.iter().all(|w| c.labels.iter().any(|l| same(l, w))))
        })
        .await
    }
}

/// Meant as an equality filter; the vendor's `?firstName=Ann` is a "starts with" search, so a
/// filter value also matches every longer value it is a prefix of.
#[derive(Debug, Default)]
struct PropertyFilterPrefix;

#[async_trait]
impl Hook for PropertyFilterPrefix {
    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        client_side(p, q, t, |server| {
            if server.properties.is_empty() {
                return None;
            }
            let wanted = std::mem::take(&mut server.properties);
            let starts = |c: &Contact, k: &String, v: &String| {
                c.properties
                    .get(k)
                    .is_some_and(|have| have.starts_with(v.as_str()))
            };
            Some(move |c: &Contact| wanted.iter().all(|(k, v)| starts(c, k, v)))
        })
        .await
    }
}

/// Meant as an equality filter; the author lower-cased e-mail addresses on both sides
/// ("e-mail is case-insensitive"), so `Ada@Example.com` matches `ada@example.com`.
#[derive(Debug, Default)]
struct EmailFilterFoldsCase;

#[async_trait]
impl Hook for EmailFilterFoldsCase {
    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        client_side(p, q, t, |server| {
            let email = server.properties.remove(keys::EMAIL)?.to_lowercase();
            Some(move |c: &Contact| {
                c.properties
                    .email()
                    .is_some_and(|e| e.to_lowercase() == email)
            })
        })
        .await
    }
}

/// Meant to list by label through the vendor's label endpoint, which always embeds metadata;
/// the author forgot to drop it, so label-filtered listings carry metadata nobody asked for.
#[derive(Debug, Default)]
struct LabelEndpointLeaksMetadata;

#[async_trait]
impl Hook for LabelEndpointLeaksMetadata {
    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        let mut q = q.clone();
        if !q.filter.labels.is_empty() {
            q.include_metadata = true;
        }
        p.list_page(&q, t).await
    }
}

/// Meant to list through the vendor's search endpoint for property filters, which answers
/// 404 when nothing matches; the author mapped 404 to `NotFound` as everywhere else.
#[derive(Debug, Default)]
struct EmptySearchIsNotFound;

#[async_trait]
impl Hook for EmptySearchIsNotFound {
    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        let page = p.list_page(q, t).await?;
        if !q.filter.properties.is_empty() && page.items.is_empty() && page.next.is_none() {
            return Err(Error::not_found("contacts matching the filter"));
        }
        Ok(page)
    }
}

/// Meant to sort descending with `sort=-created`; the vendor's filtered search endpoint ignores
/// `sort`, so a filtered descending listing comes out oldest first.
#[derive(Debug, Default)]
struct FilteredSearchIgnoresSort;

#[async_trait]
impl Hook for FilteredSearchIgnoresSort {
    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        if q.filter.is_empty() || q.order == Order::Ascending {
            return p.list_page(q, t).await;
        }
        p.list_page(&q.clone().order(Order::Ascending), t).await
    }
}

/// The filter and order bugs.
pub fn bugs() -> Vec<Bug> {
    vec![
        Bug {
            name: "label_filter_any_of",
            rule: "DESIGN.md, The contract, list: \"a filter of labels matches contacts that \
                   carry *all* of them\"",
            trigger: "a filter with two or more labels",
            make: |armed| Adapter::boxed(full(), armed, LabelsAnyOf),
        },
        Bug {
            name: "label_filter_folds_case",
            rule: "DESIGN.md, The contract, list: \"a filter of labels matches contacts that \
                   carry *all* of them\"; labels.rs: labels are a set of strings",
            trigger: "labels that differ only by case (VIP / vip)",
            make: |armed| Adapter::boxed(full(), armed, LabelFilterFoldsCase),
        },
        Bug {
            name: "property_filter_prefix_match",
            rule: "DESIGN.md, The contract, list: \"property filters are exact string equality\"",
            trigger: "a filter value that is a prefix of another stored value (Ann / Anna)",
            make: |armed| Adapter::boxed(full(), armed, PropertyFilterPrefix),
        },
        Bug {
            name: "email_filter_folds_case",
            rule: "DESIGN.md, The contract, list: \"property filters are exact string equality\"",
            trigger: "an email filter and stored addresses differing only by case",
            make: |armed| Adapter::boxed(full(), armed, EmailFilterFoldsCase),
        },
        Bug {
            name: "label_listing_leaks_metadata",
            rule: "DESIGN.md, The contract, Contact: \"`metadata` (read-only, provider-computed; \
                   absent unless asked for)\"",
            trigger: "a label filter without include_metadata",
            make: |armed| Adapter::boxed(full(), armed, LabelEndpointLeaksMetadata),
        },
        Bug {
            name: "empty_search_is_not_found",
            rule: "DESIGN.md, The contract, list: \"an empty result is an empty page, not an \
                   error\"",
            trigger: "a property filter that matches nothing",
            make: |armed| Adapter::boxed(full(), armed, EmptySearchIsNotFound),
        },
        Bug {
            name: "filtered_descending_comes_ascending",
            rule: "query.rs, Order: \"`Descending` is exactly the reverse of `Ascending`\"",
            trigger: "descending order together with any filter",
            make: |armed| Adapter::boxed(full(), armed, FilteredSearchIgnoresSort),
        },
    ]
}
