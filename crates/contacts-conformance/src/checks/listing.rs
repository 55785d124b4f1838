//! Listing: pages, order, filters.

use super::Ctx;
use super::support::{self, create_all, ensure, err, list_all, optional_keys, plain};
use crate::Outcome;
use contacts_core::{
    Contact, ContactFilter, ContactId, ContactPatch, ContactProvider, ContactQuery,
    InMemoryProvider, NewContact, Order,
};
use std::collections::BTreeSet;

const COUNT: usize = 11;

async fn walk(
    p: &dyn ContactProvider,
    query: &ContactQuery,
) -> Result<(Vec<ContactId>, usize), String> {
    let mut ids = Vec::new();
    let mut token = None;
    let mut pages = 0;
    loop {
        let page = p.list_page(query, token).await.map_err(err("list_page"))?;
        pages += 1;
        if let Some(size) = query.page_size {
            ensure(page.items.len() <= size as usize, || {
                format!("a page of {} items at page size {size}", page.items.len())
            })?;
        }
        ids.extend(page.items.into_iter().map(|c| c.id));
        token = page.next;
        if token.is_none() {
            return Ok((ids, pages));
        }
        ensure(pages <= COUNT * 3 + 5, || "the listing does not end".into())?;
    }
}

pub(crate) async fn paging(cx: Ctx) -> Outcome {
    let p = cx.provider();
    let run = async {
        let docs: Vec<NewContact> = (0..COUNT).map(|i| plain(p, i)).collect();
        let created = create_all(p, &docs).await?;
        let expected: Vec<ContactId> = created.iter().map(|c| c.id.clone()).collect();
        let max = p.capabilities().max_page_size;
        for size in [1, 2, 7, max] {
            let (ids, pages) = walk(p, &ContactQuery::new().page_size(size)).await?;
            let unique: BTreeSet<&ContactId> = ids.iter().collect();
            ensure(unique.len() == ids.len(), || {
                format!("page size {size}: a contact appeared twice")
            })?;
            let want: BTreeSet<&ContactId> = expected.iter().collect();
            ensure(unique == want, || {
                format!(
                    "page size {size}: listed {} of {COUNT} contacts",
                    unique.len()
                )
            })?;
            let needed = COUNT.div_ceil(size as usize);
            ensure(pages <= needed + 1, || {
                format!(
                    "page size {size}: {pages} pages for {COUNT} contacts; the end was not detected"
                )
            })?;
        }
        let empty = p
            .list_page(&ContactQuery::new().page_size(max), None)
            .await
            .map_err(err("list_page"))?;
        ensure(empty.items.len() == COUNT && empty.next.is_none(), || {
            "one page of the maximum size should hold everything and end".into()
        })
    };
    Outcome::from_result(run.await)
}

pub(crate) async fn descending_order(cx: Ctx) -> Outcome {
    let p = cx.provider();
    if !p.capabilities().descending_order {
        return Outcome::skipped("descending order is not declared");
    }
    let run = async {
        let docs: Vec<NewContact> = (0..5).map(|i| plain(p, i)).collect();
        create_all(p, &docs).await?;
        let (asc, _) = walk(p, &ContactQuery::new().page_size(2)).await?;
        let (mut desc, _) = walk(
            p,
            &ContactQuery::new().page_size(2).order(Order::Descending),
        )
        .await?;
        desc.reverse();
        ensure(asc == desc, || {
            format!("descending reversed is {desc:?}, ascending is {asc:?}")
        })
    };
    Outcome::from_result(run.await)
}

/// Ids of the reference model's answer, mapped to the provider's ids by creation position.
async fn expected(
    model: &InMemoryProvider,
    filter: &ContactFilter,
    map: &[(ContactId, ContactId)],
) -> Result<BTreeSet<ContactId>, String> {
    let (ids, _) = walk(
        model,
        &ContactQuery::new().filter(filter.clone()).page_size(1000),
    )
    .await?;
    Ok(ids
        .into_iter()
        .filter_map(|m| {
            map.iter()
                .find(|(model_id, _)| *model_id == m)
                .map(|(_, id)| id.clone())
        })
        .collect())
}

pub(crate) async fn filters(cx: Ctx) -> Outcome {
    let p = cx.provider();
    let caps = p.capabilities();
    if !caps.label_filter.is_supported() && !caps.property_filter.is_supported() {
        return Outcome::skipped("neither label nor property filters are declared");
    }
    let run = async {
        let key = optional_keys(p).into_iter().next();
        let mut docs = Vec::new();
        for (i, (labels, value)) in [
            (vec!["A"], "x"),
            (vec!["B"], "X"),
            (vec!["A", "B"], "x"),
            (vec![], "y"),
            (vec!["A", "B", "C"], " x"),
        ]
        .into_iter()
        .enumerate()
        {
            let mut doc = plain(p, i);
            if caps.labels {
                for l in labels {
                    doc = doc.label(l);
                }
            }
            if let Some(key) = &key {
                doc = doc.property(key.clone(), value);
            }
            docs.push(doc);
        }
        let created = create_all(p, &docs).await?;
        let model = InMemoryProvider::new();
        let reference = model.create(&docs).await.map_err(err("reference create"))?;
        let map: Vec<(ContactId, ContactId)> = reference
            .into_iter()
            .map(|c| c.id)
            .zip(created.into_iter().map(|c| c.id))
            .collect();
        let mut filters = Vec::new();
        if caps.label_filter.is_supported() && caps.labels {
            filters.push(ContactFilter::new().label("A").label("B"));
            filters.push(ContactFilter::new().label("C"));
            filters.push(ContactFilter::new().label("none-has-this"));
        }
        if let (true, Some(key)) = (caps.property_filter.is_supported(), &key) {
            filters.push(ContactFilter::new().property(key.clone(), "x"));
            filters.push(ContactFilter::new().property(key.clone(), "nothing"));
        }
        for filter in filters {
            let want = expected(&model, &filter, &map).await?;
            let (ids, _) =
                walk(p, &ContactQuery::new().filter(filter.clone()).page_size(2)).await?;
            let got: BTreeSet<ContactId> = ids.into_iter().collect();
            ensure(got == want, || {
                format!("filter {filter:?} listed {got:?}, the reference lists {want:?}")
            })?;
        }
        let all = list_all(p).await?;
        ensure(all.len() == docs.len(), || {
            "listing without a filter lost contacts".into()
        })
    };
    Outcome::from_result(run.await)
}

/// Numbers in the forms people write, one a provider may judge invalid.
const NUMBERS: [&str; 4] = [
    "+46701234567",
    "0046 70 123 45 68",
    "+1 202-555-0143",
    "12345",
];

/// Every contact listed with metadata must carry what `get` with metadata answers for it,
/// before and after its number changes.
pub(crate) async fn metadata_list_matches_get(cx: Ctx) -> Outcome {
    let p = cx.provider();
    let caps = p.capabilities();
    if !caps.metadata {
        return Outcome::skipped("metadata is not declared");
    }
    if !caps.keys.allows("phoneNumber") {
        return Outcome::skipped("phoneNumber is not a storable key");
    }
    let run = async {
        let docs: Vec<_> = NUMBERS
            .iter()
            .enumerate()
            .map(|(i, n)| plain(p, i).property("phoneNumber", *n))
            .collect();
        let created = create_all(p, &docs).await?;
        support::metadata_agrees(p, "after create").await?;
        if caps.patch {
            let renumber = ContactPatch::new().set("phoneNumber", "+46707654321");
            p.update(&created[0].id, &renumber)
                .await
                .map_err(err("update"))?;
            support::metadata_agrees(p, "after a number changed").await?;
        }
        Ok(())
    };
    Outcome::from_result(run.await)
}

/// Every page of `query`, read through `list_page` or through `list_page_deferred`: the
/// contacts of each page, in order.
async fn pages(
    p: &dyn ContactProvider,
    query: &ContactQuery,
    deferred: bool,
) -> Result<Vec<Vec<Contact>>, String> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = support::read_page(p, query, token, deferred).await?;
        out.push(page.items);
        token = page.next;
        if token.is_none() {
            return Ok(out);
        }
        ensure(out.len() <= COUNT * 3 + 5, || {
            "the listing does not end".into()
        })?;
    }
}

/// `list_page_deferred` answers the same pages as `list_page`: the same contacts on each page,
/// in the same order, the same end; with metadata too when declared.
pub(crate) async fn deferred_pages_agree(cx: Ctx) -> Outcome {
    let p = cx.provider();
    let caps = p.capabilities();
    let run = async {
        let docs: Vec<NewContact> = (0..5).map(|i| plain(p, i)).collect();
        create_all(p, &docs).await?;
        let size = 2.min(caps.max_page_size.max(1));
        let mut queries = vec![ContactQuery::new().page_size(size)];
        if caps.metadata {
            queries.push(ContactQuery::new().page_size(size).with_metadata());
        }
        for query in queries {
            let direct = pages(p, &query, false).await?;
            let deferred = pages(p, &query, true).await?;
            let shape = |pages: &[Vec<Contact>]| pages.iter().map(Vec::len).collect::<Vec<_>>();
            ensure(direct == deferred, || {
                format!(
                    "list_page_deferred answered pages of {:?} contacts where list_page answered {:?}{}",
                    shape(&deferred),
                    shape(&direct),
                    if shape(&deferred) == shape(&direct) {
                        " (the same sizes, other contacts)"
                    } else {
                        ""
                    }
                )
            })?;
        }
        Ok(())
    };
    Outcome::from_result(run.await)
}
