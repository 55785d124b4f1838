//! Where the suite's providers come from: the built-in matrix on embedded emulators, or the
//! configured provider, isolated so every check starts from an empty account or book.

use crate::args::GlobalArgs;
use crate::error::{CliError, CliResult};
use crate::provider;
use contacts_conformance::{Factory, listed, wipe};
use contacts_core::{AddressBookId, ContactProvider};
use contacts_providers::{Conformance, Embedded};
use provider_addressbook::{AddressBookProvider, AddressBooks};

/// The built-in providers that run on what the tool starts itself, from the one list
/// ([`contacts_providers::builtin`]): memory, sqlite (a new file in a temporary directory for
/// every check), and ip1 and addressbook on embedded emulators (the iP1 emulator emptied for
/// every check, a new address book for every check, deleted after it). Each set-up keeps its
/// emulator or directory until [`Embedded::stop`]. A provider that needs a real server
/// (carddav) is named on stderr, unless `quiet`, with where its suite runs.
pub async fn builtin(quiet: bool) -> CliResult<Vec<Embedded>> {
    let mut started = Vec::new();
    for builtin in contacts_providers::builtin() {
        match builtin.conformance {
            Conformance::Embedded(start) => started.push(start().await.map_err(|e| {
                CliError::Failed(format!("{}: cannot start its set-up: {e}", builtin.name))
            })?),
            Conformance::Elsewhere { reason, .. } if !quiet => {
                let name = builtin.name;
                eprintln!(
                    "note: {name} is not in the built-in matrix ({reason}); run the suite \
                     against a server of yours with --provider {name}"
                )
            }
            Conformance::Elsewhere { .. } => {}
        }
    }
    Ok(started)
}

/// A factory for the configured provider. A provider with address books and their
/// administration (addressbook, carddav): a new book of the account per check, deleted
/// after it unless `keep_books`, so the contacts already there are never touched. Any other:
/// the account itself, which must be empty unless `wipe`; every check then starts from an
/// empty account (everything is deleted before each check and after the last, and checked
/// gone).
pub async fn configured(
    global: &GlobalArgs,
    wipe_account: bool,
    keep_books: bool,
) -> CliResult<Factory> {
    let name = global.provider.clone().unwrap_or_default();
    if name == "addressbook" {
        let books = account_books(global)?;
        note_books(keep_books);
        return Ok(contacts_providers::embedded::addressbook_fresh_books(
            books, keep_books,
        )?);
    }
    // Fail early, as a usage error, on a configuration the provider refuses.
    let probe = provider::build_writable(global)?;
    let book_key = contacts_providers::find(&name).and_then(|b| b.book_key);
    if let Some(key) = book_key.filter(|_| probe.address_books().is_some()) {
        note_books(keep_books);
        return Ok(fresh_books(global, name, key, probe, keep_books));
    }
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

/// Says on stderr that the run makes a book per check (unless they are kept, when the
/// books left behind say it themselves).
fn note_books(keep_books: bool) {
    if !keep_books {
        eprintln!(
            "note: every check creates a new address book in the account and deletes it after"
        );
    }
}

/// Every check gets a new book of `account` ([`Factory::fresh_books`]), opened as the
/// configured provider scoped to it by its `key` setting, so each check's instance is built
/// exactly as the user's (every setting and layer applies).
fn fresh_books(
    global: &GlobalArgs,
    name: String,
    key: &'static str,
    account: Box<dyn ContactProvider>,
    keep: bool,
) -> Factory {
    let settings = provider::config(global);
    let registry = provider::registry();
    let provider = name.clone();
    Factory::fresh_books(
        name,
        account,
        move |book: &AddressBookId| {
            let mut scoped = settings.clone();
            scoped.set(key, book.as_str());
            registry.build(&provider, &scoped)
        },
        keep,
    )
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
