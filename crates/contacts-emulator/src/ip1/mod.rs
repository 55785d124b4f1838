//! The iP1 REST v2 emulator (paths under `/v2`).

mod clock;
mod metadata;
mod problem;
mod query;
mod routes;
mod store;

pub use query::{DEFAULT_LIMIT, MAX_LIMIT};
pub use routes::MAX_SYNC_IMPORT;
pub use store::SYSTEM_LABEL;

use crate::faults::FaultConfig;
use crate::server::{Common, Running, ServerOptions, Stats};
use derive_setters::Setters;
use routes::Ip1State;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use store::Store;

/// Configures and starts an [`Ip1Emulator`].
#[derive(Debug, Clone, Setters)]
pub struct Ip1EmulatorBuilder {
    #[setters(skip)]
    pub(crate) server: ServerOptions,
    /// How long a background (202) import takes to become visible (default 50 ms).
    import_delay: Duration,
    #[setters(skip)]
    deviations: Vec<Ip1Deviation>,
}

/// A deliberate departure from the vendor's documented behaviour, for proving that a
/// conformance run against a live endpoint catches a broken server (each breaks exactly one
/// rule of the contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Ip1Deviation {
    /// `order=DESC` is answered in ascending order (the conformance check `descending_order`
    /// catches it).
    IgnoresDescendingOrder,
    /// `Link` URLs carry only `start`, `limit` and `order`, as in the vendor's only link
    /// example (`<…/v2/batches?start=201&limit=100&order=ASC>; rel="next"`): the filters and
    /// `meta` of the request are dropped, so a client that follows `next` as it is pages
    /// through the unfiltered collection. A client must still list exactly the matches.
    LinksDropFilters,
    /// A method a path has no operation for is answered 404 (as an API gateway may), not 405,
    /// and `DELETE /v2/contacts/{id}` is such a method: only the document's
    /// `POST /v2/contacts/{contactId}` deletes a contact. A client must still delete, and
    /// never read the 404 as "not found" for a contact that exists.
    UnmatchedMethodNotFound,
}

/// A running iP1 emulator on 127.0.0.1. Dropping it stops the server.
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use contacts_emulator::ip1::Ip1Emulator;
/// let emu = Ip1Emulator::builder().api_key("k").start().await.unwrap();
/// let ids = emu.seed(vec![serde_json::json!({"properties": {"phoneNumber": "+46701234567"}})]);
/// assert_eq!(ids[0].len(), 24);
/// assert!(emu.base_url().starts_with("http://127.0.0.1:"));
/// emu.shutdown().await;
/// # });
/// ```
#[derive(Debug)]
pub struct Ip1Emulator {
    running: Running,
    store: Arc<Mutex<Store>>,
    common: Common,
    api_key: String,
}

impl Default for Ip1EmulatorBuilder {
    fn default() -> Self {
        Self {
            server: ServerOptions::default(),
            import_delay: Duration::from_millis(50),
            deviations: Vec::new(),
        }
    }
}

impl Ip1EmulatorBuilder {
    /// Breaks the emulator on purpose in one way (see [`Ip1Deviation`]); by default it follows
    /// the vendor's document.
    #[must_use]
    pub fn deviation(mut self, deviation: Ip1Deviation) -> Self {
        self.deviations.push(deviation);
        self
    }

    /// Binds and starts serving.
    pub async fn start(self) -> std::io::Result<Ip1Emulator> {
        let store = Arc::new(Mutex::new(Store::default()));
        let state = Ip1State {
            store: Arc::clone(&store),
            key: Arc::from(self.server.api_key.as_str()),
            import_delay: self.import_delay,
            deviations: self.deviations.into(),
        };
        let (running, common) = self
            .server
            .serve(routes::router(state), problem::render)
            .await?;
        Ok(Ip1Emulator {
            running,
            store,
            common,
            api_key: self.server.api_key,
        })
    }
}

impl Ip1Emulator {
    /// Starts configuring an emulator.
    pub fn builder() -> Ip1EmulatorBuilder {
        Ip1EmulatorBuilder::default()
    }

    /// The origin, e.g. `http://127.0.0.1:41234` (clients append `/v2/…`).
    pub fn base_url(&self) -> String {
        self.running.base_url()
    }

    /// The key the server accepts.
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// Stores contact documents directly (`{"properties":{…},"labels":[…]}`), returning their
    /// ids. Non-string property values and the `all` label are skipped.
    pub fn seed(&self, contacts: Vec<Value>) -> Vec<String> {
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        contacts
            .iter()
            .map(|doc| {
                let props: BTreeMap<String, String> = doc
                    .get("properties")
                    .and_then(Value::as_object)
                    .map(|m| {
                        m.iter()
                            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                            .filter(|(_, v)| !v.is_empty())
                            .collect()
                    })
                    .unwrap_or_default();
                let labels: BTreeSet<String> = doc
                    .get("labels")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .filter(|l| *l != SYSTEM_LABEL && !l.is_empty())
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                store.insert(props, labels).id
            })
            .collect()
    }

    /// Every stored contact as `GET /v2/contacts` renders it (without metadata), in creation
    /// order.
    pub fn contacts(&self) -> Vec<Value> {
        let store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        store.all().map(|c| store.render_value(c, false)).collect()
    }

    /// Forgets every contact and blocked number, as if the account were new (ids keep
    /// increasing, so an old id never comes back).
    pub fn reset(&self) {
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        store.clear();
    }

    /// Adds a number to the blacklist (digits, with or without `+`).
    pub fn block(&self, number: &str) {
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        self.store
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .blacklist
            .entry(digits)
            .or_insert_with(clock::local_timestamp);
    }

    /// Changes the injected faults (the RNG restarts from the new seed).
    pub fn set_faults(&self, faults: FaultConfig) {
        self.common.faults.set(faults);
    }

    /// What the server has answered so far.
    pub fn stats(&self) -> Stats {
        self.common.stats()
    }

    /// Stops the server gracefully and waits for it.
    pub async fn shutdown(mut self) {
        self.running.shutdown().await;
    }
}
