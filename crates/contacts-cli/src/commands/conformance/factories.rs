//! Where the suite's providers come from: the built-in matrix on embedded emulators, or the
//! configured provider, isolated so every check starts from an empty account or book.

use crate::args::GlobalArgs;
use crate::error::{CliError, CliResult};
use crate::provider;
use contacts_conformance::{Factory, listed, wipe};
use contacts_core::{AddressBookId, ContactProvider, InMemoryProvider};
use contacts_emulator::RateLimit;
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_emulator::ip1::Ip1Emulator;
use provider_addressbook::{AddressBookProvider, AddressBooks};
use provider_ip1::Ip1Provider;
use provider_sqlite::SqliteProvider;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The embedded emulators and the temporary store behind the built-in matrix; dropping them
/// stops the servers and removes the files.
pub struct Emulators {
    /// The iP1 emulator, shared with the factory that resets it.
    pub ip1: Arc<Ip1Emulator>,
    /// The Atom emulator.
    pub atom: AddressBookEmulator,
    /// Where the sqlite stores of the run live.
    pub stores: Arc<tempfile::TempDir>,
}

/// The built-in providers: memory, sqlite (a new file in a temporary directory for every
/// check), and ip1 and addressbook on embedded emulators (the iP1 emulator reset for every
/// check, a new address book for every check, deleted after it). Each comes in the standard
/// layers already (`InMemoryProvider`, the builders), hence `Factory::bare`.
pub async fn builtin() -> CliResult<(Vec<Factory>, Emulators)> {
    let failed = |e: std::io::Error| CliError::Failed(format!("cannot start an emulator: {e}"));
    let ip1 = Arc::new(Ip1Emulator::builder().start().await.map_err(failed)?);
    let atom = AddressBookEmulator::builder()
        .rate_limit(RateLimit::unlimited())
        .start()
        .await
        .map_err(failed)?;
    let memory = Factory::bare("memory", || async {
        Ok(Box::new(InMemoryProvider::new()) as Box<dyn ContactProvider>)
    });
    let emu = Arc::clone(&ip1);
    let ip1_factory = Factory::bare("ip1", move || {
        emu.reset();
        let built = Ip1Provider::builder()
            .api_key(emu.api_key())
            .base_url(emu.base_url())
            .build();
        async move { Ok(Box::new(built?) as Box<dyn ContactProvider>) }
    });
    let books = AddressBookProvider::builder()
        .base_url(atom.base_url())
        .api_key(atom.api_key())
        .client_options(provider_addressbook::client_defaults().rate_limit(None))
        .concurrency(8)
        .build_books()?;
    let atom_factory = fresh_books("addressbook", books, false);
    let stores = Arc::new(
        tempfile::tempdir()
            .map_err(|e| CliError::Failed(format!("cannot make a temporary directory: {e}")))?,
    );
    let factories = vec![memory, fresh_files(&stores), ip1_factory, atom_factory];
    Ok((factories, Emulators { ip1, atom, stores }))
}

/// A new SQLite file in `dir` for every check.
fn fresh_files(dir: &Arc<tempfile::TempDir>) -> Factory {
    let (dir, next) = (Arc::clone(dir), Arc::new(AtomicUsize::new(0)));
    Factory::bare(provider_sqlite::SQLITE_PROVIDER, move || {
        let n = next.fetch_add(1, Ordering::Relaxed);
        let built = SqliteProvider::builder()
            .path(dir.path().join(format!("conformance-{n}.db")))
            .build();
        async move { Ok(Box::new(built?) as Box<dyn ContactProvider>) }
    })
}

/// A new address book of the account for every check (the isolated namespace Atom allows),
/// deleted after the check whether it passed or failed unless `keep`, so a run leaves the
/// account's books as it found them.
pub fn fresh_books(name: &str, books: AddressBooks, keep: bool) -> Factory {
    let made = books.clone();
    Factory::per_namespace(
        name,
        move || {
            let books = made.clone();
            async move {
                let book = books.create("contacts-conformance").await?;
                let provider = books.open(&book.id)?;
                Ok((book.id, Box::new(provider) as Box<dyn ContactProvider>))
            }
        },
        move |id: AddressBookId| {
            let books = books.clone();
            async move { books.delete(&id).await }
        },
        keep,
    )
}

/// A factory for the configured provider. `addressbook`: a new book per check. Any other: the
/// account itself, which must be empty unless `wipe`; every check then starts from an empty
/// account (everything is deleted before each check and after the last, and checked gone).
pub async fn configured(
    global: &GlobalArgs,
    wipe_account: bool,
    keep_books: bool,
) -> CliResult<Factory> {
    let name = global.provider.clone().unwrap_or_default();
    if name == "addressbook" {
        let books = account_books(global)?;
        if !keep_books {
            eprintln!(
                "note: every check creates a new address book in the account and deletes it after"
            );
        }
        return Ok(fresh_books("addressbook", books, keep_books));
    }
    // Fail early, as a usage error, on a configuration the provider refuses.
    let probe = provider::build_writable(global)?;
    let existing = listed(&*probe).await?.len();
    if existing > 0 && !wipe_account {
        return Err(CliError::Usage(format!(
            "{name}: the account holds {existing} contacts, and the suite needs an empty account \
             because its checks count what they list; pass --wipe-account to delete all \
             {existing} before each check and after the last (irreversible: use a sandbox account)"
        )));
    }
    let settings = provider::config(global);
    let registry = provider::registry();
    Ok(Factory::bare(name.clone(), move || {
        let built = registry.build(&name, &settings);
        async move {
            let provider = built?;
            wipe(&*provider).await?;
            Ok(provider)
        }
    })
    .teardown(|provider| async move { wipe(&*provider).await.map(drop) }))
}

/// The configured Atom account's books (every transport setting applies).
fn account_books(global: &GlobalArgs) -> CliResult<AddressBooks> {
    let mut settings = provider::config(global);
    settings.set("address_book", "0");
    provider_addressbook::from_config(&settings)
        .and_then(|_| {
            let mut b = AddressBookProvider::builder()
                .base_url(settings.require("base_url")?)
                .client_options(provider_addressbook::client_defaults().with_config(&settings)?);
            if let Some(key) = settings.get("api_key") {
                b = b.api_key(key);
            }
            b.build_books()
        })
        .map_err(|e| CliError::Usage(format!("addressbook: {e}")))
}
