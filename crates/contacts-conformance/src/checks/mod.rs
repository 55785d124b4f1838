//! The named checks. Each gets a fresh provider and the configuration, and says whether the
//! provider kept the contract, or why the check does not apply.

mod crud;
mod listing;
mod model;
mod truth;

use crate::{Config, Outcome};
use contacts_core::{
    Contact, ContactProvider, ContactProviderExt, ContactQuery, Error, NewContact,
};
use futures::TryStreamExt;
use futures::future::BoxFuture;
use std::sync::Arc;

/// A provider shared between the cases of one check.
pub type Shared = Arc<dyn ContactProvider>;

/// A check: its name, what it verifies, and how.
#[derive(Clone, Copy)]
pub struct Check {
    /// Stable name, used in reports, filters and test names.
    pub name: &'static str,
    /// What it verifies, in one line.
    pub description: &'static str,
    pub(crate) run: fn(Shared, Config, crate::Factory) -> BoxFuture<'static, Outcome>,
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Check").field("name", &self.name).finish()
    }
}

macro_rules! check {
    ($name:literal, $desc:literal, $f:path) => {
        Check {
            name: $name,
            description: $desc,
            run: |p, c, f| Box::pin($f(p, c, f)),
        }
    };
}

/// Every check, in the order the suite runs them.
pub const CHECKS: &[Check] = &[
    check!(
        "create_get_round_trip",
        "generated contacts read back exactly as created",
        crud::create_get_round_trip
    ),
    check!(
        "values_kept_exactly",
        "whitespace, combining marks, RTL, emoji and long values are neither trimmed nor normalised",
        crud::values_kept_exactly
    ),
    check!(
        "batch_order_and_ids",
        "a batch comes back in input order with distinct ids that each read back their own input",
        crud::batch_order_and_ids
    ),
    check!(
        "patch_three_states",
        "a patch leaves absent keys, removes null keys, sets the others",
        crud::patch_three_states
    ),
    check!(
        "label_add_remove",
        "adding and removing labels leaves the other labels alone",
        crud::label_add_remove
    ),
    check!(
        "ids_stable_on_update",
        "update and replace keep the contact's id",
        crud::ids_stable_on_update
    ),
    check!(
        "replace_exact",
        "after a replace the contact is exactly the new document",
        crud::replace_exact
    ),
    check!(
        "delete_then_not_found",
        "a deleted contact is NotFound for get and a second delete",
        crud::delete_then_not_found
    ),
    check!(
        "unknown_ids",
        "ids that never existed are NotFound for get, update, replace and delete",
        crud::unknown_ids
    ),
    check!(
        "paging",
        "pages of 1, 2, 7 and the maximum list every contact exactly once and end correctly",
        listing::paging
    ),
    check!(
        "descending_order",
        "descending order is exactly ascending reversed",
        listing::descending_order
    ),
    check!(
        "filters",
        "label filters are all-of, property filters exact; empty results are empty pages",
        listing::filters
    ),
    check!(
        "capabilities_truthful",
        "what is declared works; what is not is Unsupported, never a silent no-op",
        truth::capabilities_truthful
    ),
    check!(
        "bad_input",
        "bad input gets typed errors and writes nothing",
        truth::bad_input
    ),
    check!(
        "state_machine",
        "random create/patch/replace/delete/list sequences agree with InMemoryProvider",
        model::state_machine
    ),
];

/// The check called `name`.
pub fn find(name: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.name == name)
}

pub(crate) fn ensure(condition: bool, message: impl FnOnce() -> String) -> Result<(), String> {
    if condition { Ok(()) } else { Err(message()) }
}

pub(crate) fn err(what: &str) -> impl FnOnce(Error) -> String + '_ {
    move |e| format!("{what} failed: {e}")
}

/// Every contact, listing with the largest page.
pub(crate) async fn list_all(p: &dyn ContactProvider) -> Result<Vec<Contact>, String> {
    let size = p.capabilities().max_page_size;
    p.list(ContactQuery::new().page_size(size))
        .try_collect()
        .await
        .map_err(err("listing"))
}

/// Creates `docs`, in batches the provider accepts.
pub(crate) async fn create_all(
    p: &dyn ContactProvider,
    docs: &[NewContact],
) -> Result<Vec<Contact>, String> {
    let mut out = Vec::with_capacity(docs.len());
    for chunk in docs.chunks(p.capabilities().max_batch_size.max(1)) {
        out.extend(p.create(chunk).await.map_err(err("create"))?);
    }
    Ok(out)
}

/// A plain document with the provider's required keys set (`n` makes it distinct).
pub(crate) fn plain(p: &dyn ContactProvider, n: usize) -> NewContact {
    let caps = p.capabilities();
    let mut doc = NewContact::new();
    for key in &caps.required_keys {
        doc = doc.property(key.clone(), format!("+4670000{n:04}"));
    }
    let keys = crate::generate::keys_for(caps);
    if let Some(key) = keys.iter().find(|k| !caps.required_keys.contains(k)) {
        doc = doc.property(key.clone(), format!("value {n}"));
    }
    doc
}

/// A second storable key that is not required, if the provider has one.
pub(crate) fn optional_keys(p: &dyn ContactProvider) -> Vec<String> {
    let caps = p.capabilities();
    crate::generate::keys_for(caps)
        .into_iter()
        .filter(|k| !caps.required_keys.contains(k))
        .collect()
}
