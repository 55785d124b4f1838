//! The Atom Telecom address-book emulator (paths under `/api`).

mod envelope;
mod routes;
mod store;

use crate::faults::FaultConfig;
use crate::ratelimit::{Bucket, RateLimit};
use crate::server::{Common, Running, ServerOptions, Stats};
use routes::AtomState;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use store::Store;

/// Configures and starts an [`AddressBookEmulator`].
#[derive(Debug, Clone, Default)]
pub struct AddressBookEmulatorBuilder {
    pub(crate) server: ServerOptions,
    rate_limit: RateLimit,
    deviations: Vec<AddressBookDeviation>,
}

/// Another plausible reading of what Atom leaves undocumented, chosen on purpose instead of
/// the emulator's default, so an adapter can be run (and conformance-tested) against each
/// reading a real account might give.
///
/// Unlike iP1's deviations these break no documented rule: Atom documents only the statuses
/// 200, 403 and 500 ("Status Codes: 200 - Success. 403 - Authentication failed. 500 - Server
/// error.") and 429 for its rate limit, so the emulator's 404 for an unknown id is itself an
/// assumption, and a provider must cope with either answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AddressBookDeviation {
    /// An unknown contact or address-book id is answered HTTP 500, the only error status the
    /// vendor documents besides 403 and 429, with the error envelope
    /// `{"status":"error","error":"server_error","message":"Contact not found."}` (or
    /// `"Address book not found."`) instead of 404 `not_found`. An unknown endpoint stays 404.
    UnknownIdAnswered500,
}

impl AddressBookEmulatorBuilder {
    /// The server's rate limit (default the vendor's 10/s with bursts of 20).
    #[must_use]
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = limit;
        self
    }

    /// Answers one undocumented case another plausible way (see [`AddressBookDeviation`]);
    /// by default the emulator gives the answers listed in `docs/emulators.md`.
    #[must_use]
    pub fn deviation(mut self, deviation: AddressBookDeviation) -> Self {
        self.deviations.push(deviation);
        self
    }

    /// Binds and starts serving.
    pub async fn start(self) -> std::io::Result<AddressBookEmulator> {
        let store = Arc::new(Mutex::new(Store::default()));
        let bucket = Arc::new(Bucket::new(self.rate_limit));
        let state = AtomState {
            store: Arc::clone(&store),
            key: Arc::from(self.server.api_key.as_str()),
            bucket: Arc::clone(&bucket),
            unknown_id_status: if self
                .deviations
                .contains(&AddressBookDeviation::UnknownIdAnswered500)
            {
                500
            } else {
                404
            },
        };
        let (running, common) = self
            .server
            .serve(routes::router(state), envelope::render)
            .await?;
        Ok(AddressBookEmulator {
            running,
            store,
            bucket,
            common,
            api_key: self.server.api_key,
        })
    }
}

/// A running Atom emulator on 127.0.0.1. Dropping it stops the server.
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use contacts_emulator::addressbook::AddressBookEmulator;
/// use contacts_emulator::RateLimit;
/// let atom = AddressBookEmulator::builder().rate_limit(RateLimit::unlimited()).start().await.unwrap();
/// let book = atom.create_book("Friends");
/// assert!(atom.contacts_in(book).is_empty());
/// atom.shutdown().await;
/// # });
/// ```
#[derive(Debug)]
pub struct AddressBookEmulator {
    running: Running,
    store: Arc<Mutex<Store>>,
    bucket: Arc<Bucket>,
    common: Common,
    api_key: String,
}

impl AddressBookEmulator {
    /// Starts configuring an emulator.
    pub fn builder() -> AddressBookEmulatorBuilder {
        AddressBookEmulatorBuilder::default()
    }

    /// The origin, e.g. `http://127.0.0.1:41234` (clients append `/api/…`).
    pub fn base_url(&self) -> String {
        self.running.base_url()
    }

    /// The token the server accepts.
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Creates an address book directly, returning its id.
    pub fn create_book(&self, name: &str) -> i64 {
        self.store().new_book(name) as i64
    }

    /// Every book as `(id, name)`.
    pub fn books(&self) -> Vec<(i64, String)> {
        self.store()
            .books
            .iter()
            .map(|(id, n)| (*id as i64, n.clone()))
            .collect()
    }

    /// The full records (as `contact/detail` renders them) of a book's contacts, by id.
    pub fn contacts_in(&self, book: i64) -> Vec<Value> {
        let store = self.store();
        store
            .contacts
            .iter()
            .filter(|(_, c)| c.group_id as i64 == book)
            .filter_map(|(id, _)| serde_json::to_value(store.detail(*id)?).ok())
            .collect()
    }

    /// Changes the injected faults (the RNG restarts from the new seed).
    pub fn set_faults(&self, faults: FaultConfig) {
        self.common.faults.set(faults);
    }

    /// Changes the rate limit (the bucket starts full).
    pub fn set_rate_limit(&self, limit: RateLimit) {
        self.bucket.set(limit);
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
