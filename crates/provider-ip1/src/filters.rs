//! What a filter becomes on iP1's wire, and the filters that must never reach it.
//!
//! iP1's `DELETE /v2/contacts` with no filter deletes every contact of the account, and a
//! filter parameter with an empty value (`labels=`, `properties[phoneNumber]=`) may well be
//! read as no filter at all. So an empty filter value never leaves this crate: it is refused
//! before any request, for listings as for deletes (a delete lists first).
//!
//! iP1's only `Link` example carries paging parameters and no filters
//! (`<…/v2/batches?start=201&limit=100&order=ASC>; rel="next"`), so a followed `next` link
//! may have lost them: [`restore_missing`] puts back what the first request said, and the
//! provider checks every contact of every page against the filter as well.

use crate::provider::Ip1Provider;
use contacts_core::{ContactFilter, ContactProvider, Result, validate};
use contacts_http::Request;
use std::collections::BTreeSet;

/// Refuses a filter iP1 could read as "no filter" (an empty label, property name, property
/// value or metadata value, a metadata path that is not `property.field`) by the contract's
/// own check, [`validate::filter`]. The Checked layer runs it too, but the bare provider must
/// not send such a filter either: iP1 may read `labels=` as no filter at all, and a delete
/// would then remove every contact. `filter.is_empty()` is for the caller to judge (an empty
/// filter lists everything; it deletes nothing here).
pub(crate) fn check_filter(provider: &Ip1Provider, filter: &ContactFilter) -> Result<()> {
    validate::filter(provider.name(), provider.capabilities(), filter)
}

/// The query pairs of a filter: the first label only (what several `labels` parameters mean
/// to iP1 is undocumented; the rest are checked client-side), `properties[k]=v` and
/// `metadata[p.f]=v`, and `meta` whenever metadata is wanted or filtered on (the metadata
/// must come back for the filter to be checked on the contacts).
pub(crate) fn filter_pairs(
    filter: &ContactFilter,
    include_metadata: bool,
) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    if let Some(label) = filter.labels.iter().next() {
        pairs.push(("labels".to_owned(), label.to_owned()));
    }
    for (k, v) in &filter.properties {
        pairs.push((format!("properties[{k}]"), v.clone()));
    }
    for (k, v) in &filter.metadata {
        pairs.push((format!("metadata[{k}]"), v.clone()));
    }
    if include_metadata || !filter.metadata.is_empty() {
        pairs.push(("meta".to_owned(), "true".to_owned()));
    }
    pairs
}

/// `request` (a followed `next` link) with every parameter of `pairs` whose name it lacks put
/// back: a link that dropped the filters, `meta` or `order` would otherwise page through
/// another listing than the one asked for. Names the link carries are left as they are.
pub(crate) fn restore_missing(request: Request, pairs: &[(String, String)]) -> Request {
    let present: BTreeSet<String> = request
        .url()
        .query_pairs()
        .map(|(name, _)| name.into_owned())
        .collect();
    let missing: Vec<&(String, String)> = pairs
        .iter()
        .filter(|(name, _)| !present.contains(name))
        .collect();
    request.query(missing.into_iter().map(|(k, v)| (k, v)))
}
