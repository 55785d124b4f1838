//! Filter and order bugs of listings.

use super::Bug;
use super::adapter::hook;
use super::support::{Store, fetch_all, full, page_size, paginate};
use contacts_core::{
    Contact, ContactFilter, ContactProvider, ContactQuery, Error, Labels, Order, Page, PageToken,
    Result, keys,
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

/// Lists `q` with its label filter done client-side by the adapter's own test `matches`
/// (given the filter's labels and a contact) when the filter has at least `from` labels, the
/// number from which the vendor's label parameter stops doing what the contract says.
async fn client_side_labels(
    p: &Store,
    q: &ContactQuery,
    t: Option<PageToken>,
    from: usize,
    matches: impl Fn(&Labels, &Contact) -> bool,
) -> Result<Page> {
    client_side(p, q, t, |server| {
        if server.labels.len() < from {
            return None;
        }
        let wanted = std::mem::take(&mut server.labels);
        Some(move |c: &Contact| matches(&wanted, c))
    })
    .await
}

/// The contract words of property filters, which both property-filter bugs break.
const EXACT_EQUALITY: &str =
    "DESIGN.md, The contract, list: \"property filters are exact string equality\"";

hook! {
    /// Meant to send each label as a `labels=` parameter; the vendor ORs repeated parameters, so
    /// with two or more labels the adapter lists contacts carrying any of them.
    struct LabelsAnyOf;
    bug label_filter_any_of over full();
    breaks "DESIGN.md, The contract, list: \"a filter of labels matches contacts that \
            carry *all* of them\"";
    when "a filter with two or more labels";

    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        let any_of = |wanted: &Labels, c: &Contact| wanted.iter().any(|l| c.labels.contains(l));
        client_side_labels(p, q, t, 2, any_of).await
    }
}

hook! {
    /// Meant to filter labels exactly; the vendor's label index is case-insensitive, so a filter
    /// for `VIP` also lists contacts labelled `vip`.
    struct LabelFilterFoldsCase;
    bug label_filter_folds_case over full();
    breaks "DESIGN.md, The contract, list: \"a filter of labels matches contacts that \
            carry *all* of them\"; labels.rs: labels are a set of strings";
    when "labels that differ only by case (VIP / vip)";

    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        let same = |l: &str, w: &str| l.to_lowercase() == w.to_lowercase();
        let folded = |wanted: &Labels, c: &Contact| {
            wanted.iter().all(|w| c.labels.iter().any(|l| same(l, w)))
        };
        client_side_labels(p, q, t, 1, folded).await
    }
}

hook! {
    /// Meant as an equality filter; the vendor's `?firstName=Ann` is a "starts with" search, so a
    /// filter value also matches every longer value it is a prefix of.
    struct PropertyFilterPrefix;
    bug property_filter_prefix_match over full();
    breaks EXACT_EQUALITY;
    when "a filter value that is a prefix of another stored value (Ann / Anna)";

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

hook! {
    /// Meant as an equality filter; the author lower-cased e-mail addresses on both sides
    /// ("e-mail is case-insensitive"), so `Ada@Example.com` matches `ada@example.com`.
    struct EmailFilterFoldsCase;
    bug email_filter_folds_case over full();
    breaks EXACT_EQUALITY;
    when "an email filter and stored addresses differing only by case";

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

hook! {
    /// Meant to list by label through the vendor's label endpoint, which always embeds metadata;
    /// the author forgot to drop it, so label-filtered listings carry metadata nobody asked for.
    struct LabelEndpointLeaksMetadata;
    bug label_listing_leaks_metadata over full();
    breaks "DESIGN.md, The contract, Contact: \"`metadata` (read-only, provider-computed; \
            absent unless asked for)\"";
    when "a label filter without include_metadata";

    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        let mut q = q.clone();
        if !q.filter.labels.is_empty() {
            q.include_metadata = true;
        }
        p.list_page(&q, t).await
    }
}

hook! {
    /// Meant to list through the vendor's search endpoint for property filters, which answers
    /// 404 when nothing matches; the author mapped 404 to `NotFound` as everywhere else.
    struct EmptySearchIsNotFound;
    bug empty_search_is_not_found over full();
    breaks "DESIGN.md, The contract, list: \"an empty result is an empty page, not an \
            error\"";
    when "a property filter that matches nothing";

    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        let page = p.list_page(q, t).await?;
        if !q.filter.properties.is_empty() && page.items.is_empty() && page.next.is_none() {
            return Err(Error::not_found("contacts matching the filter"));
        }
        Ok(page)
    }
}

hook! {
    /// Meant to sort descending with `sort=-created`; the vendor's filtered search endpoint ignores
    /// `sort`, so a filtered descending listing comes out oldest first.
    struct FilteredSearchIgnoresSort;
    bug filtered_descending_comes_ascending over full();
    breaks "query.rs, Order: \"`Descending` is exactly the reverse of `Ascending`\"";
    when "descending order together with any filter";

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
        LabelsAnyOf::bug(),
        LabelFilterFoldsCase::bug(),
        PropertyFilterPrefix::bug(),
        EmailFilterFoldsCase::bug(),
        LabelEndpointLeaksMetadata::bug(),
        EmptySearchIsNotFound::bug(),
        FilteredSearchIgnoresSort::bug(),
    ]
}
