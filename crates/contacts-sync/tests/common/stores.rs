//! The stores a sync test runs over: in memory (free-form, or with fixed keys and no labels),
//! the local store on a temporary file, and the iP1 and Atom emulators on 127.0.0.1:0 behind
//! their real providers. Whatever keeps a store alive (an emulator, a directory) travels with it.

use contacts_core::{
    Capabilities, Contact, ContactProvider, ContactProviderExt, ContactQuery, InMemoryProvider,
    KeySupport, Labels,
};
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_emulator::ip1::Ip1Emulator;
use contacts_emulator::{FaultConfig, RateLimit, Stats};
use contacts_http::{ClientOptions, RetryPolicy};
// The built-in providers on their emulators, built as the conformance run builds them.
use contacts_providers::embedded::{addressbook_on, ip1_on};
use contacts_sync::{KeyMap, Side, State, SyncOptions};
use futures::TryStreamExt;
use provider_sqlite::SqliteProvider;
use std::any::Any;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

/// A kind of store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `InMemoryProvider`, every capability.
    Memory,
    /// `InMemoryProvider` that stores only [`FIXED`] keys and has no labels.
    MemoryFixed,
    /// The local store (provider-sqlite) on a file in a temporary directory.
    Sqlite,
    /// provider-ip1 against a fresh iP1 emulator.
    Ip1,
    /// provider-addressbook against a fresh book of a fresh Atom emulator (no rate limit).
    Atom,
}

impl Kind {
    /// Every kind, each built-in provider the tools start themselves at least once.
    pub const ALL: [Kind; 5] = [
        Kind::Memory,
        Kind::MemoryFixed,
        Kind::Sqlite,
        Kind::Ip1,
        Kind::Atom,
    ];

    /// The built-in provider it is, by the name of the one list (`contacts_providers`).
    pub fn provider(self) -> &'static str {
        match self {
            Kind::Memory | Kind::MemoryFixed => contacts_core::MEMORY_PROVIDER,
            Kind::Sqlite => provider_sqlite::SQLITE_PROVIDER,
            Kind::Ip1 => provider_ip1::IP1_PROVIDER,
            Kind::Atom => provider_addressbook::ADDRESSBOOK_PROVIDER,
        }
    }
}

/// The keys of the [`Kind::MemoryFixed`] store.
pub const FIXED: [&str; 3] = ["phoneNumber", "firstName", "company"];

/// A running emulator, to change its faults or read its statistics.
#[derive(Debug)]
pub enum Emulator {
    Ip1(Ip1Emulator),
    Atom(AddressBookEmulator, i64),
}

impl Emulator {
    pub fn set_faults(&self, faults: FaultConfig) {
        match self {
            Emulator::Ip1(e) => e.set_faults(faults),
            Emulator::Atom(e, _) => e.set_faults(faults),
        }
    }

    pub fn stats(&self) -> Stats {
        match self {
            Emulator::Ip1(e) => e.stats(),
            Emulator::Atom(e, _) => e.stats(),
        }
    }

    /// How many contacts the emulator holds (in the book, for Atom), read directly.
    pub fn len(&self) -> usize {
        match self {
            Emulator::Ip1(e) => e.contacts().len(),
            Emulator::Atom(e, book) => e.contacts_in(*book).len(),
        }
    }
}

/// One store: its provider, and what keeps it alive.
pub struct Store {
    pub provider: Arc<dyn ContactProvider>,
    pub emulator: Option<Emulator>,
    _keep: Option<Box<dyn Any>>,
}

/// Transport options for tests: the default retries with a short backoff (so injected faults
/// cost milliseconds, not seconds) and no client-side rate limit.
pub fn client_options() -> ClientOptions {
    ClientOptions::default().retry(
        RetryPolicy::default()
            .max_attempts(4)
            .backoff(Duration::from_millis(2), Duration::from_millis(20)),
    )
}

/// Opens a fresh, empty store of `kind`; an emulator injects `faults` (when it has one).
pub async fn open(kind: Kind, faults: FaultConfig) -> Store {
    match kind {
        Kind::Memory => Store {
            provider: Arc::new(InMemoryProvider::new()),
            emulator: None,
            _keep: None,
        },
        Kind::MemoryFixed => {
            let mut caps = Capabilities::full();
            caps.labels = false;
            caps.keys = KeySupport::Fixed {
                keys: FIXED.map(String::from).to_vec(),
            };
            Store {
                provider: Arc::new(InMemoryProvider::with_capabilities(caps)),
                emulator: None,
                _keep: None,
            }
        }
        Kind::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            let provider = SqliteProvider::builder()
                .path(dir.path().join("contacts.db"))
                .build()
                .unwrap();
            Store {
                provider: Arc::new(provider),
                emulator: None,
                _keep: Some(Box::new(dir)),
            }
        }
        Kind::Ip1 => {
            let emulator = Ip1Emulator::builder()
                .api_key("ip1-key")
                .faults(faults)
                .start()
                .await
                .unwrap();
            let provider = ip1_on(&emulator)
                .client_options(client_options())
                .build()
                .unwrap();
            Store {
                provider: Arc::new(provider),
                emulator: Some(Emulator::Ip1(emulator)),
                _keep: None,
            }
        }
        Kind::Atom => {
            let emulator = AddressBookEmulator::builder()
                .api_key("atom-key")
                .rate_limit(RateLimit::unlimited())
                .faults(faults)
                .start()
                .await
                .unwrap();
            let book = emulator.create_book("Main");
            let provider = addressbook_on(&emulator)
                .address_book(book)
                .client_options(client_options())
                .build()
                .unwrap();
            Store {
                provider: Arc::new(provider),
                emulator: Some(Emulator::Atom(emulator, book)),
                _keep: None,
            }
        }
    }
}

/// Two stores to sync, and the key map the pair needs: `email=custom1` into Atom, as
/// `contacts sync … --map email=custom1` does.
pub struct Pair {
    pub source: Store,
    pub target: Store,
    pub key_map: KeyMap,
}

impl Pair {
    pub async fn open(source: Kind, target: Kind) -> Pair {
        Pair::with_faults(source, target, FaultConfig::none()).await
    }

    /// A pair whose emulators inject `faults`.
    pub async fn with_faults(source: Kind, target: Kind, faults: FaultConfig) -> Pair {
        let key_map = if target == Kind::Atom {
            KeyMap::new().with("email", "custom1").unwrap()
        } else {
            KeyMap::new()
        };
        Pair {
            source: open(source, faults.clone()).await,
            target: open(target, faults).await,
            key_map,
        }
    }

    /// Sets the faults of every emulator of the pair.
    pub fn set_faults(&self, faults: &FaultConfig) {
        for store in [&self.source, &self.target] {
            if let Some(emulator) = &store.emulator {
                emulator.set_faults(faults.clone());
            }
        }
    }

    pub fn source(&self) -> &dyn ContactProvider {
        &*self.source.provider
    }

    pub fn target(&self) -> &dyn ContactProvider {
        &*self.target.provider
    }

    /// One side's provider.
    pub fn side(&self, side: Side) -> &dyn ContactProvider {
        match side {
            Side::Source => self.source(),
            Side::Target => self.target(),
        }
    }

    /// A key as `side` names it (source names are the model's).
    pub fn key<'a>(&'a self, key: &'a str, side: Side) -> &'a str {
        match side {
            Side::Source => key,
            Side::Target => self.key_map.to_target(key),
        }
    }

    /// Options with this pair's key map, both regions SE.
    pub fn options(&self, options: SyncOptions) -> SyncOptions {
        SyncOptions {
            key_map: self.key_map.clone(),
            source_region: Some("SE".parse().unwrap()),
            target_region: Some("SE".parse().unwrap()),
            ..options
        }
    }

    /// The people of `side` by E.164 number, each with the values of the keys both sides can
    /// store (named as the source names them) and, if both have labels, its labels. Panics on
    /// a number held twice.
    pub async fn people(&self, side: Side) -> BTreeMap<String, Person> {
        let (s, t) = (self.source().capabilities(), self.target().capabilities());
        let both = |key: &str| {
            let (on_source, on_target) = match side {
                Side::Source => (key.to_owned(), self.key_map.to_target(key).to_owned()),
                Side::Target => (self.key_map.to_source(key).to_owned(), key.to_owned()),
            };
            (s.keys.allows(&on_source) && t.keys.allows(&on_target)).then_some(on_source)
        };
        let normalizer = contacts_phone::Normalizer::new(Some("SE".parse().unwrap()));
        let mut out = BTreeMap::new();
        for c in all(self.side(side)).await {
            let raw = c.properties.phone_number().unwrap_or_default();
            let e164 = normalizer
                .normalize(raw)
                .unwrap_or_else(|e| panic!("{raw:?} on the {side}: {e}"))
                .e164()
                .to_owned();
            let props: BTreeMap<String, String> = c
                .properties
                .iter()
                .filter(|(k, _)| *k != "phoneNumber")
                .filter_map(|(k, v)| Some((both(k)?, v.to_owned())))
                .collect();
            let labels = if s.labels && t.labels {
                c.labels
            } else {
                Labels::new()
            };
            if let Some(before) = out.insert(e164.clone(), (props, labels)) {
                panic!("{e164} twice on the {side} (one: {before:?})");
            }
        }
        out
    }

    /// Both sides hold the same people by number, each number once.
    pub async fn assert_same_people(&self) {
        let (s, t) = (
            self.people(Side::Source).await,
            self.people(Side::Target).await,
        );
        assert_eq!(s, t, "the sides differ");
    }
}

/// A person as both sides can hold it: properties (source names) and labels.
pub type Person = (BTreeMap<String, String>, Labels);

/// Every contact of a provider.
pub async fn all(provider: &dyn ContactProvider) -> Vec<Contact> {
    provider
        .list(ContactQuery::new())
        .try_collect()
        .await
        .unwrap()
}

/// Plans and executes until a plan is empty, tolerating failed plans and runs (an injected
/// fault, a run stopped part-way), at most `max` runs. Returns the runs it took, the last
/// (planning nothing) included; panics if it does not converge.
pub async fn converge(pair: &Pair, state: &State, options: &SyncOptions, max: usize) -> usize {
    let mut last = String::new();
    for run in 1..=max {
        let plan = match contacts_sync::plan(pair.source(), pair.target(), state, options).await {
            Ok(plan) => plan,
            Err(e) => {
                last = format!("plan: {e}");
                continue;
            }
        };
        if plan.is_empty() {
            return run;
        }
        match contacts_sync::execute(
            &plan,
            pair.source(),
            pair.target(),
            state,
            options,
            &mut |_| {},
        )
        .await
        {
            Ok(outcome) => last = format!("{outcome:?}"),
            Err(e) => last = format!("execute: {e}"),
        }
    }
    panic!("not converged after {max} runs; last: {last}");
}
