//! Whole-value equality under near collisions: property filters, mass deletes and labels
//! asked for one value must answer exactly the contacts holding that value, not its case
//! variants, prefixes, extensions, other Unicode form or whitespace variants
//! ([`near`](crate::near)).

use super::support::{create_all, ensure, err, optional_keys, plain, reads_back};
use super::{Ctx, Shared};
use crate::Outcome;
use crate::near_misses::{self, Family};
use crate::property::for_all;
use contacts_core::{
    ContactFilter, ContactId, ContactPatch, ContactProvider, ContactProviderExt, ContactQuery,
    DeleteTarget, NewContact,
};
use futures::TryStreamExt;
use proptest::strategy::Strategy;
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;

/// The contacts a case stored: id → (value, whether it is an exact copy of the base).
type Stored = BTreeMap<ContactId, (String, bool)>;

/// Stores one contact per value of `family`, the value written by `put`.
async fn store(
    p: &dyn ContactProvider,
    family: &Family,
    put: impl Fn(NewContact, &str) -> NewContact,
) -> Result<Stored, String> {
    let values = family.values();
    let docs: Vec<NewContact> = values
        .iter()
        .enumerate()
        .map(|(i, (value, _))| put(plain(p, i), value))
        .collect();
    let created = create_all(p, &docs).await?;
    for (doc, contact) in docs.iter().zip(&created) {
        reads_back(p, &contact.id, doc).await?;
    }
    Ok(created.into_iter().map(|c| c.id).zip(values).collect())
}

/// Deletes what a case stored and still exists, so the next case starts empty.
async fn clean(
    p: &dyn ContactProvider,
    ids: impl IntoIterator<Item = ContactId>,
) -> Result<(), String> {
    for id in ids {
        match p.delete(&id).await {
            Err(e) if !e.is_not_found() => return Err(format!("cleaning up {id}: {e}")),
            _ => {}
        }
    }
    Ok(())
}

fn exact(stored: &Stored) -> BTreeSet<ContactId> {
    stored
        .iter()
        .filter(|(_, (_, hit))| *hit)
        .map(|(id, _)| id.clone())
        .collect()
}

/// `got` must be the exact copies; otherwise names the values that answered.
fn same(
    what: &str,
    family: &Family,
    stored: &Stored,
    got: &BTreeSet<ContactId>,
) -> Result<(), String> {
    let want = exact(stored);
    ensure(*got == want, || {
        let values: Vec<&str> = got
            .iter()
            .map(|id| {
                stored
                    .get(id)
                    .map_or("(not stored by this case)", |(v, _)| v.as_str())
            })
            .collect();
        format!(
            "{what} {:?} answered the contacts holding {values:?}; only the {} holding {:?} exactly should",
            family.base,
            want.len(),
            family.base
        )
    })
}

/// Runs `case` over generated families on the shared provider.
async fn over_families<F, Fut>(cx: &Ctx, case: F) -> Outcome
where
    F: Fn(Shared, Family) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(), String>>,
{
    let p = cx.shared();
    // Within the declared length: a value over it is refused, rightly.
    let max = cx.caps().max_value_chars.unwrap_or(usize::MAX);
    let within = move |v: &String| v.chars().count() <= max;
    let families = near_misses::family()
        .prop_filter("the base fits the declared length", move |f| {
            within(&f.base)
        })
        .prop_map(move |mut f| {
            f.near.retain(within);
            f
        });
    for_all(families, cx.runs(), move |family| case(p.clone(), family)).await
}

async fn listed(
    p: &dyn ContactProvider,
    filter: ContactFilter,
) -> Result<BTreeSet<ContactId>, String> {
    let size = p.capabilities().max_page_size.min(2);
    p.list(ContactQuery::new().filter(filter).page_size(size))
        .map_ok(|c| c.id)
        .try_collect()
        .await
        .map_err(err("filtered listing"))
}

/// The key the filter checks write and filter on, or why they are skipped: `mass_delete` when
/// the check deletes by the filter.
fn filter_key(cx: &Ctx, mass_delete: bool) -> Result<String, Outcome> {
    let caps = cx.caps();
    if !caps.property_filter.is_supported() {
        return Err(Outcome::skipped("property filters are not declared"));
    }
    if mass_delete && !caps.mass_delete {
        return Err(Outcome::skipped("mass delete is not declared"));
    }
    optional_keys(cx.provider())
        .into_iter()
        .next()
        .ok_or_else(|| Outcome::skipped("no optional key is declared storable (keys)"))
}

/// Runs `case` over generated families, each stored under the filter key (see
/// [`filter_key`]) before `case` sees it.
async fn over_stored_families<F, Fut>(cx: Ctx, mass_delete: bool, case: F) -> Outcome
where
    F: Fn(Shared, String, Family, Stored) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), String>>,
{
    let key = match filter_key(&cx, mass_delete) {
        Ok(key) => key,
        Err(skipped) => return skipped,
    };
    let case = std::sync::Arc::new(case);
    over_families(&cx, move |p, family| {
        let (key, case) = (key.clone(), case.clone());
        async move {
            let stored = store(&*p, &family, |doc, v| doc.property(key.clone(), v)).await?;
            case(p, key, family, stored).await
        }
    })
    .await
}

pub(crate) async fn property_filter_whole_value(cx: Ctx) -> Outcome {
    over_stored_families(cx, false, |p, key, family, stored| async move {
        let filter = ContactFilter::new().property(key.clone(), family.base.clone());
        let got = listed(&*p, filter).await?;
        let verdict = same(&format!("the filter {key} ="), &family, &stored, &got);
        clean(&*p, stored.into_keys()).await?;
        verdict
    })
    .await
}

pub(crate) async fn delete_matching_exact(cx: Ctx) -> Outcome {
    over_stored_families(cx, true, |p, key, family, stored| async move {
        let filter = ContactFilter::new().property(key.clone(), family.base.clone());
        let deleted = p
            .delete_matching(&DeleteTarget::Matching(filter))
            .await
            .map_err(err("delete_matching"))?;
        let returned: BTreeSet<ContactId> = deleted.into_iter().map(|c| c.id).collect();
        let what = format!("delete_matching {key} =");
        let mut verdict = same(&what, &family, &stored, &returned);
        let left = every_id(&*p).await?;
        let gone: BTreeSet<ContactId> = stored
            .keys()
            .filter(|id| !left.contains(*id))
            .cloned()
            .collect();
        if verdict.is_ok() {
            verdict = same(&format!("{what} (what is gone)"), &family, &stored, &gone);
        }
        clean(&*p, left.into_iter().filter(|id| stored.contains_key(id))).await?;
        verdict
    })
    .await
}

/// Every id listed without a filter.
async fn every_id(p: &dyn ContactProvider) -> Result<BTreeSet<ContactId>, String> {
    Ok(super::support::list_all(p)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect())
}

pub(crate) async fn labels_case_sensitive(cx: Ctx) -> Outcome {
    let caps = cx.caps();
    if !caps.labels {
        return Outcome::skipped("labels are not declared");
    }
    let (filter, patch) = (caps.label_filter.is_supported(), caps.patch);
    over_families(&cx, move |p, family| async move {
        let stored = store(&*p, &family, |doc, v| doc.label(v)).await?;
        let mut verdict = Ok(());
        if filter {
            let got = listed(&*p, ContactFilter::new().label(family.base.clone())).await?;
            verdict = same("the label filter", &family, &stored, &got);
        }
        if let (true, true, Some(holder)) = (verdict.is_ok(), patch, exact(&stored).pop_first()) {
            let mut removal = ContactPatch::new();
            for near in &family.near {
                removal = removal.remove_label(near.clone());
            }
            let after = p.update(&holder, &removal).await.map_err(err("update"))?;
            verdict = ensure(after.labels.contains(&family.base), || {
                format!(
                    "removing the labels {:?} also removed {:?}: labels are case- and form-sensitive",
                    family.near, family.base
                )
            });
        }
        clean(&*p, stored.into_keys()).await?;
        verdict
    })
    .await
}
