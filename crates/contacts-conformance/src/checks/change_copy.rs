//! A reader's copy of a store, as a sync keeps one: filled by a full listing during which the
//! store is written, then brought up to date by a change set and compared with the store.

use super::change_set::{differences, rewrite, shown};
use super::support::{create_or_fail, err, list_all, plain};
use contacts_core::optional::ChangeSet;
use contacts_core::{Contact, ContactId, ContactProvider, ContactQuery};
use std::collections::BTreeMap;

/// The copy: contacts by id.
pub(super) type Copy = BTreeMap<ContactId, Contact>;

/// More pages than a listing of a few contacts in pages of two can take.
const MAX_PAGES: usize = 100;

/// Lists every contact in pages of two, writing after the first page: an update and a delete
/// of a contact already listed and of one not yet listed (of `all`), and a create.
pub(super) async fn list_while_writing(
    p: &dyn ContactProvider,
    all: &[ContactId],
) -> Result<Copy, String> {
    let size = p.capabilities().max_page_size.clamp(1, 2);
    let query = ContactQuery::new().page_size(size);
    let mut copy = Copy::new();
    let mut token = None;
    for page_number in 0..MAX_PAGES {
        let page = p.list_page(&query, token).await.map_err(err("list_page"))?;
        copy.extend(page.items.into_iter().map(|c| (c.id.clone(), c)));
        if page_number == 0 {
            write_during(p, &copy, all).await?;
        }
        match page.next {
            Some(next) => token = Some(next),
            None => return Ok(copy),
        }
    }
    Err(format!(
        "a listing of {} contacts in pages of {size} did not end after {MAX_PAGES} pages",
        all.len()
    ))
}

/// The writes made while the listing pages.
async fn write_during(
    p: &dyn ContactProvider,
    copy: &Copy,
    all: &[ContactId],
) -> Result<(), String> {
    let listed: Vec<&ContactId> = copy.keys().collect();
    let unlisted: Vec<&ContactId> = all.iter().filter(|id| !copy.contains_key(*id)).collect();
    let rewritten = [listed.first(), unlisted.first()];
    for (n, id) in rewritten.into_iter().flatten().enumerate() {
        rewrite(p, id, 11 + n).await?;
    }
    for id in [listed.get(1), unlisted.get(1)].into_iter().flatten() {
        p.delete(id).await.map_err(err("delete"))?;
    }
    create_or_fail(p, plain(p, 13)).await.map(drop)
}

/// The copy, brought up to date by `set`, holds exactly what the store lists now.
pub(super) async fn same_as_store(
    p: &dyn ContactProvider,
    copy: &Copy,
    set: &ChangeSet,
) -> Result<(), String> {
    let store: Copy = list_all(p)
        .await?
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
    let mut problems = Vec::new();
    for (id, contact) in &store {
        match copy.get(id) {
            None => problems.push(format!("{id} is missing")),
            Some(held) => {
                let diff = differences(held, contact);
                if !diff.is_empty() {
                    problems.push(format!("{id} is out of date: {diff}"));
                }
            }
        }
    }
    for id in copy.keys().filter(|id| !store.contains_key(*id)) {
        problems.push(format!("{id} is kept though deleted"));
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(format!(
        "a full listing from a token taken before it, with writes during it, and the changes \
         since that token ({}) leave a copy that differs from the store: {}",
        shown(set),
        problems.join("; ")
    ))
}
