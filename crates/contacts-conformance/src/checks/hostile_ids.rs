//! Ids are data, never paths: an id that a URL, a path or a number parser would read as
//! something else (the collection, the API root, a query, another contact) must address
//! nothing. A user found `contacts delete .` sending `DELETE /v2/contacts/`, and on that
//! vendor an unfiltered `DELETE /v2/contacts` deletes every contact.

use super::Ctx;
use super::support::{any_key, create_all, list_all, plain};
use crate::Outcome;
use contacts_core::{
    Contact, ContactId, ContactPatch, ContactProvider, Error, GetOptions, Result as CoreResult,
};
use std::collections::BTreeMap;

/// Ids no provider can hold as they are, whatever its id scheme: empty, dot segments,
/// separators, percent-escapes, a query, a fragment, white space, a NUL and a 10 KB id.
fn fixed_ids() -> Vec<String> {
    let mut ids: Vec<String> = [
        "", ".", "..", "a/b", "../x", "%2e%2e", "?all=1", "#x", " 1", "01", "+1", "\u{0}",
    ]
    .map(str::to_owned)
    .to_vec();
    ids.push("x".repeat(10 * 1024));
    ids
}

/// Near misses of an id that exists: padded, signed, zero-led, or with a path, query or
/// fragment around it. Compared as the exact strings they are, none is that contact.
fn near_misses(id: &str) -> Vec<String> {
    [
        format!(" {id}"),
        format!("{id} "),
        format!("0{id}"),
        format!("+{id}"),
        format!("{id}/"),
        format!("./{id}"),
        format!("{id}/.."),
        format!("{id}?all=1"),
        format!("{id}#x"),
        format!("{id}%00"),
    ]
    .into_iter()
    .filter(|near| near != id)
    .collect()
}

/// Every id-taking operation the provider declares, on `id`: what each answered.
async fn on_id(p: &dyn ContactProvider, id: &ContactId) -> Vec<(&'static str, CoreResult<()>)> {
    let caps = p.capabilities();
    let mut outcomes = vec![("get", p.get(id, &GetOptions::default()).await.map(drop))];
    if caps.patch {
        let patch = ContactPatch::new().set(any_key(p), "hostile");
        outcomes.push(("update", p.update(id, &patch).await.map(drop)));
        if caps.labels {
            let patch = ContactPatch::new().add_label("hostile");
            outcomes.push(("update (add label)", p.update(id, &patch).await.map(drop)));
        }
    }
    if caps.replace {
        outcomes.push(("replace", p.replace(id, &plain(p, 9)).await.map(drop)));
    }
    if let Some(admin) = p.label_admin() {
        let ids = std::slice::from_ref(id);
        outcomes.push(("add_label", admin.add_label("hostile", ids).await));
        outcomes.push(("remove_label", admin.remove_label("hostile", ids).await));
    }
    outcomes.push(("delete", p.delete(id).await));
    outcomes
}

/// What is held, by id, to compare before and after.
fn by_id(contacts: Vec<Contact>) -> BTreeMap<String, Contact> {
    contacts
        .into_iter()
        .map(|c| (c.id.as_str().to_owned(), c))
        .collect()
}

/// Shows an id readably however long or odd it is.
fn shown(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 40 {
        return format!("{id:?}");
    }
    let start: String = chars[..20].iter().collect();
    let end: String = chars[chars.len() - 12..].iter().collect();
    format!("{start:?}…{end:?} ({} bytes)", id.len())
}

/// get, update, replace, label additions and removals, and delete of hostile ids are
/// `NotFound` (or `InvalidInput`), never a success, and the contacts held before are held
/// afterwards, unchanged.
pub(crate) async fn hostile_ids(cx: Ctx) -> Outcome {
    let p = cx.provider();
    let run = async {
        let created = create_all(p, &[plain(p, 1), plain(p, 2)]).await?;
        let before = by_id(list_all(p).await?);
        let mut ids = fixed_ids();
        for contact in &created {
            ids.extend(near_misses(contact.id.as_str()));
        }
        for raw in ids.iter().filter(|raw| !before.contains_key(raw.as_str())) {
            for (op, outcome) in on_id(p, &ContactId::new(raw.clone())).await {
                match outcome {
                    Err(e) if e.is_not_found() => {}
                    Err(Error::InvalidInput { .. }) => {}
                    other => {
                        return Err(format!(
                            "{op} of the id {} gave {other:?}, expected NotFound (or InvalidInput): an id is data, never a path or a number to normalise",
                            shown(raw)
                        ));
                    }
                }
            }
        }
        let after = by_id(list_all(p).await?);
        if after != before {
            let lost: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
            let changed: Vec<&String> = before
                .iter()
                .filter(|(k, c)| after.get(*k).is_some_and(|a| a != *c))
                .map(|(k, _)| k)
                .collect();
            return Err(format!(
                "operations on hostile ids changed what is held: {} contacts before, {} after; deleted {lost:?}, changed {changed:?}",
                before.len(),
                after.len()
            ));
        }
        Ok(())
    };
    Outcome::from_result(run.await)
}
