//! Helpers shared by the sync tests: a provider that fails after k writes, the stores a sync
//! test can run over (in memory, the local store, the iP1 and Atom emulators), shortcuts.
#![allow(dead_code)]

pub mod stores;

use async_trait::async_trait;
use contacts_core::{
    Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactQuery, DeleteTarget,
    Error, GetOptions, InMemoryProvider, NewContact, Page, PageToken, Result,
};
use contacts_sync::{Plan, State, SyncOptions};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Wraps a provider; the write after the first `allowed` fails. With `land` the failing
/// write reaches the store first (the answer is lost, as when a run is killed after the
/// request went out); otherwise it never happens.
#[derive(Debug, Clone)]
pub struct Failing<P = InMemoryProvider> {
    pub inner: P,
    pub writes: Arc<AtomicUsize>,
    pub allowed: usize,
    pub land: bool,
}

impl<P> Failing<P> {
    /// Wraps `inner` with a write counter of its own: the write after the first `allowed`
    /// fails, reaching the store first when `land`.
    pub fn new(inner: P, allowed: usize, land: bool) -> Self {
        Self {
            inner,
            writes: Arc::default(),
            allowed,
            land,
        }
    }

    fn gate(&self) -> Result<bool> {
        let n = self.writes.fetch_add(1, Ordering::SeqCst);
        Ok(n >= self.allowed)
    }

    fn killed() -> Error {
        Error::Unavailable {
            message: "killed".into(),
            retry_after: None,
        }
    }

    async fn guarded<T>(&self, write: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        if self.gate()? {
            if self.land {
                write.await?;
            }
            return Err(Self::killed());
        }
        write.await
    }
}

#[async_trait]
impl<P: ContactProvider> ContactProvider for Failing<P> {
    fn name(&self) -> &str {
        "failing"
    }
    fn capabilities(&self) -> &Capabilities {
        self.inner.capabilities()
    }
    fn store_identity(&self) -> Option<String> {
        self.inner.store_identity()
    }
    async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact> {
        self.inner.get(id, options).await
    }
    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        self.inner.list_page(query, token).await
    }
    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        self.guarded(self.inner.create(contacts)).await
    }
    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        self.guarded(self.inner.update(id, patch)).await
    }
    async fn replace(&self, id: &ContactId, contact: &NewContact) -> Result<Contact> {
        self.guarded(self.inner.replace(id, contact)).await
    }
    async fn delete(&self, id: &ContactId) -> Result<()> {
        self.guarded(self.inner.delete(id)).await
    }
    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>> {
        self.guarded(self.inner.delete_matching(target)).await
    }
}

/// A contact with a number and a first name.
pub fn person(phone: &str, name: &str) -> NewContact {
    NewContact::new()
        .property("phoneNumber", phone)
        .property("firstName", name)
}

/// Creates a `person` on `store` for each (number, first name) of `people`, in one call.
pub async fn create_people(store: &dyn ContactProvider, people: &[(&str, &str)]) -> Vec<Contact> {
    let docs: Vec<NewContact> = people.iter().map(|(n, name)| person(n, name)).collect();
    store.create(&docs).await.unwrap()
}

/// `store` wiped and filled with `docs`, as `delete --all --yes` then `import` leave it:
/// every contact under a new id.
pub async fn refill(store: &dyn ContactProvider, docs: &[NewContact]) {
    store
        .delete_matching(&DeleteTarget::EveryContact)
        .await
        .unwrap();
    store.create(docs).await.unwrap();
}

/// Two empty in-memory stores (a source and a target) and an empty in-memory sync state.
pub fn two_stores() -> (InMemoryProvider, InMemoryProvider, State) {
    let state = State::in_memory().unwrap();
    (InMemoryProvider::new(), InMemoryProvider::new(), state)
}

/// Plans `source` to `target` and executes the plan: the plan and how the execution went.
async fn plan_and_execute(
    source: &dyn ContactProvider,
    target: &dyn ContactProvider,
    state: &State,
    options: &SyncOptions,
) -> (Plan, std::result::Result<(), contacts_sync::SyncError>) {
    let plan = contacts_sync::plan(source, target, state, options)
        .await
        .unwrap();
    let run = contacts_sync::execute(&plan, source, target, state, options, &mut |_| {}).await;
    (plan, run.map(drop))
}

/// Plans and executes a run that a `Failing` side kills part-way: the execution must fail.
pub async fn killed_sync(
    source: &dyn ContactProvider,
    target: &dyn ContactProvider,
    state: &State,
    options: &SyncOptions,
) {
    let (plan, run) = plan_and_execute(source, target, state, options).await;
    assert!(run.is_err(), "the run was not killed: {plan}");
}

/// Plans and executes; returns the plan.
pub async fn sync(
    source: &dyn ContactProvider,
    target: &dyn ContactProvider,
    state: &State,
    options: &SyncOptions,
) -> Plan {
    let (plan, run) = plan_and_execute(source, target, state, options).await;
    run.unwrap();
    plan
}

/// The E.164 numbers on a store, sorted, with each contact's first name.
pub fn people(store: &InMemoryProvider) -> Vec<(String, Option<String>)> {
    let normalizer = contacts_phone::Normalizer::new(Some("SE".parse().unwrap()));
    let mut out: Vec<_> = store
        .snapshot()
        .iter()
        .map(|c| {
            let number = c.properties.phone_number().unwrap_or_default();
            let e164 = normalizer
                .normalize(number)
                .map(|n| n.e164().to_owned())
                .unwrap_or_default();
            (e164, c.properties.first_name().map(str::to_owned))
        })
        .collect();
    out.sort();
    out
}

/// Every contact on `store`, all pages read.
pub async fn all(store: &dyn ContactProvider) -> Vec<Contact> {
    contacts_testkit::listed(store, ContactQuery::new()).await
}

/// Every contact on `store` as a new document: what `export` writes for an `import` to carry
/// into another store, or back into this one after a wipe.
pub async fn exported(store: &dyn ContactProvider) -> Vec<NewContact> {
    all(store).await.iter().map(Contact::to_new).collect()
}

/// The values of `keys` of every contact on `store`, one row a contact, sorted: what a side
/// holds, to compare with the other side or pick a row from (`keys` led by `phoneNumber`
/// sorts the rows by number).
pub async fn rows<const N: usize>(
    store: &dyn ContactProvider,
    keys: [&str; N],
) -> Vec<[Option<String>; N]> {
    let mut rows: Vec<_> = all(store)
        .await
        .iter()
        .map(|c| keys.map(|k| c.properties.get(k).map(str::to_owned)))
        .collect();
    rows.sort();
    rows
}

/// Asserts that the sync has settled: planning `source` to `target` again plans nothing.
pub async fn settled(
    source: &dyn ContactProvider,
    target: &dyn ContactProvider,
    state: &State,
    options: &SyncOptions,
) {
    let again = contacts_sync::plan(source, target, state, options)
        .await
        .unwrap();
    assert!(again.is_empty(), "a second sync plans: {again}");
}
