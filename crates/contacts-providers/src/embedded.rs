//! What a conformance run of a built-in provider starts itself: nothing for `memory`, a
//! temporary directory for `sqlite`, an emulator on 127.0.0.1 for `ip1` and `addressbook`;
//! and the builders pointed at an emulator, which the tests of other crates use to build the
//! same providers on emulators of their own (with faults, their own transport options).

use contacts_conformance::Factory;
use contacts_core::{AddressBookId, ContactProvider, Error, InMemoryProvider, Result};
use contacts_emulator::RateLimit;
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_emulator::ip1::Ip1Emulator;
use provider_addressbook::{AddressBookProvider, AddressBookProviderBuilder, AddressBooks};
use provider_ip1::{Ip1Provider, Ip1ProviderBuilder};
use provider_sqlite::SqliteProvider;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A running conformance set-up of one built-in provider: the [`Factory`] the suite runs with,
/// and what keeps its providers reachable (an emulator, a temporary directory). Dropping it
/// stops the servers and removes the files; [`Embedded::stop`] shuts the servers down
/// gracefully first.
pub struct Embedded {
    factory: Factory,
    keep: Keep,
}

/// What an [`Embedded`] keeps alive.
enum Keep {
    Nothing,
    /// Held only so the directory outlives the factory's stores.
    Files {
        _dir: Arc<tempfile::TempDir>,
    },
    Ip1(Arc<Ip1Emulator>),
    Atom(AddressBookEmulator),
}

impl std::fmt::Debug for Embedded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedded")
            .field("factory", &self.factory)
            .finish_non_exhaustive()
    }
}

impl Embedded {
    /// The factory that gives every check a fresh, empty provider. Its providers come in the
    /// standard layers already (from the builders, or `InMemoryProvider`), hence
    /// [`Factory::bare`].
    pub fn factory(&self) -> &Factory {
        &self.factory
    }

    /// Stops what was started: the factory (and every provider it holds) first, then the
    /// emulator, waiting for it to shut down; a temporary directory is removed.
    pub async fn stop(self) {
        let Embedded { factory, keep } = self;
        drop(factory);
        match keep {
            Keep::Ip1(emulator) => {
                if let Ok(emulator) = Arc::try_unwrap(emulator) {
                    emulator.shutdown().await;
                }
            }
            Keep::Atom(emulator) => emulator.shutdown().await,
            Keep::Nothing | Keep::Files { .. } => {}
        }
    }
}

/// An emulator that would not start, as the error a conformance run reports.
fn not_started(vendor: &str, e: std::io::Error) -> Error {
    Error::Unavailable {
        message: format!("cannot start the embedded {vendor} emulator: {e}"),
        retry_after: None,
    }
}

/// `memory`: a new in-memory store for every check.
pub(crate) async fn memory() -> Result<Embedded> {
    let factory = Factory::bare(contacts_core::MEMORY_PROVIDER, || async {
        Ok(Box::new(InMemoryProvider::new()) as Box<dyn ContactProvider>)
    });
    Ok(Embedded {
        factory,
        keep: Keep::Nothing,
    })
}

/// `sqlite`: a new file in a temporary directory for every check.
pub(crate) async fn sqlite() -> Result<Embedded> {
    let dir = tempfile::tempdir().map_err(|e| Error::Unavailable {
        message: format!("cannot make a temporary directory for the local stores: {e}"),
        retry_after: None,
    })?;
    let dir = Arc::new(dir);
    let (files, next) = (Arc::clone(&dir), Arc::new(AtomicUsize::new(0)));
    let factory = Factory::bare(provider_sqlite::SQLITE_PROVIDER, move || {
        let n = next.fetch_add(1, Ordering::Relaxed);
        let built = SqliteProvider::builder()
            .path(files.path().join(format!("conformance-{n}.db")))
            .build();
        async move { Ok(Box::new(built?) as Box<dyn ContactProvider>) }
    });
    Ok(Embedded {
        factory,
        keep: Keep::Files { _dir: dir },
    })
}

/// `ip1`: one emulator, emptied before every check.
pub(crate) async fn ip1() -> Result<Embedded> {
    let emulator = Ip1Emulator::builder()
        .start()
        .await
        .map_err(|e| not_started("iP1", e))?;
    let emulator = Arc::new(emulator);
    let emu = Arc::clone(&emulator);
    let factory = Factory::bare(provider_ip1::IP1_PROVIDER, move || {
        emu.reset();
        let built = ip1_on(&emu).build();
        async move { Ok(Box::new(built?) as Box<dyn ContactProvider>) }
    });
    Ok(Embedded {
        factory,
        keep: Keep::Ip1(emulator),
    })
}

/// `addressbook`: one emulator without a rate limit, a new address book for every check,
/// deleted after it ([`Factory::fresh_books`]).
pub(crate) async fn addressbook() -> Result<Embedded> {
    let emulator = AddressBookEmulator::builder()
        .rate_limit(RateLimit::unlimited())
        .start()
        .await
        .map_err(|e| not_started("Atom", e))?;
    let books = addressbook_on(&emulator)
        .client_options(provider_addressbook::client_defaults().rate_limit(None))
        .concurrency(8)
        .build_books()?;
    Ok(Embedded {
        factory: addressbook_fresh_books(books, false)?,
        keep: Keep::Atom(emulator),
    })
}

/// A builder of the iP1 provider pointed at `emulator`, with its key.
pub fn ip1_on(emulator: &Ip1Emulator) -> Ip1ProviderBuilder {
    Ip1Provider::builder()
        .api_key(emulator.api_key())
        .base_url(emulator.base_url())
}

/// A builder of the Atom provider pointed at `emulator`, with its key (choose the book with
/// `address_book`, or take the account's books with `build_books`).
pub fn addressbook_on(emulator: &AddressBookEmulator) -> AddressBookProviderBuilder {
    AddressBookProvider::builder()
        .api_key(emulator.api_key())
        .base_url(emulator.base_url())
}

/// A conformance factory giving every check a new book of the Atom account `books`, deleted
/// after it unless `keep` ([`Factory::fresh_books`]): the built-in run's, and the one
/// `contacts conformance --provider addressbook` runs against a real account.
pub fn addressbook_fresh_books(books: AddressBooks, keep: bool) -> Result<Factory> {
    // Book administration is the account's: any of its books reaches it, even one that does
    // not exist, since no contact of it is ever read.
    let account = books.open(&AddressBookId::new("0"))?;
    Ok(Factory::fresh_books(
        provider_addressbook::ADDRESSBOOK_PROVIDER,
        account,
        move |book| Ok(Box::new(books.open(book)?) as Box<dyn ContactProvider>),
        keep,
    ))
}
