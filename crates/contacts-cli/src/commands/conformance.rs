//! `contacts conformance`: the suite against one provider, or the built-in matrix.

use crate::args::{ConformanceArgs, GlobalArgs};
use crate::error::{CliError, CliResult};
use crate::provider;
use contacts_conformance::{Config, Factory, Report, run};
use contacts_core::{ContactProvider, InMemoryProvider};
use contacts_emulator::RateLimit;
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_emulator::ip1::Ip1Emulator;
use provider_addressbook::{AddressBookProvider, AddressBooks};
use provider_ip1::Ip1Provider;
use std::sync::Arc;

fn config(args: &ConformanceArgs) -> Config {
    let config = Config::default();
    match args.cases {
        Some(cases) => config.cases(cases),
        None => config,
    }
}

/// The three built-in providers on embedded emulators: memory, ip1 (the emulator reset for
/// every check) and addressbook (a new address book for every check). Each comes in the
/// standard layers already (`InMemoryProvider`, the builders, the registry), hence
/// `Factory::bare`.
async fn builtin() -> CliResult<(Vec<Factory>, Arc<Ip1Emulator>, AddressBookEmulator)> {
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
    let atom_factory = fresh_books("addressbook", books);
    Ok((vec![memory, ip1_factory, atom_factory], ip1, atom))
}

/// A new address book of the account for every check: the isolated namespace Atom allows.
fn fresh_books(name: &str, books: AddressBooks) -> Factory {
    Factory::bare(name, move || {
        let books = books.clone();
        async move {
            let book = books.create("contacts-conformance").await?;
            Ok(Box::new(books.open(&book.id)?) as Box<dyn ContactProvider>)
        }
    })
}

/// A factory for the configured provider. For `addressbook` every check gets a new address
/// book in the account; any other remote provider must point at an empty sandbox account.
fn configured(global: &GlobalArgs) -> CliResult<Factory> {
    let name = global.provider.clone().unwrap_or_default();
    if name == "addressbook" {
        let mut settings = provider::config(global);
        settings.set("address_book", "0");
        let books = provider_addressbook::from_config(&settings)
            .and_then(|_| {
                let mut b = AddressBookProvider::builder().base_url(settings.require("base_url")?);
                if let Some(key) = settings.get("api_key") {
                    b = b.api_key(key);
                }
                b.build_books()
            })
            .map_err(|e| CliError::Usage(format!("addressbook: {e}")))?;
        eprintln!("note: every check creates a new address book in the account");
        return Ok(fresh_books("addressbook", books));
    }
    // Fail early, as a usage error, on a configuration the provider refuses.
    provider::build(global)?;
    let settings = provider::config(global);
    let registry = provider::registry();
    if name != "memory" {
        eprintln!("note: checks count what they list; run them against an empty sandbox account");
    }
    Ok(Factory::bare(name.clone(), move || {
        let built = registry.build(&name, &settings);
        async move { built }
    }))
}

/// Runs the suite and prints the matrix; fails (exit 1) when a check fails.
pub async fn run_suite(global: &GlobalArgs, args: &ConformanceArgs) -> CliResult {
    let config = config(args);
    let mut report = Report::default();
    if global.provider.is_none() {
        let (factories, ip1, atom) = builtin().await?;
        for factory in &factories {
            eprintln!("running the suite against {} …", factory.name());
            report.providers.push(run(factory, &config).await);
        }
        drop(factories);
        if let Ok(ip1) = Arc::try_unwrap(ip1) {
            ip1.shutdown().await;
        }
        atom.shutdown().await;
    } else {
        let factory = configured(global)?;
        report.providers.push(run(&factory, &config).await);
    }
    println!("{report}");
    if let Some(path) = &args.report {
        let json =
            serde_json::to_string_pretty(&report).map_err(|e| CliError::Failed(e.to_string()))?;
        std::fs::write(path, json).map_err(|e| CliError::io(path.display().to_string(), e))?;
    }
    if report.passed() {
        Ok(())
    } else {
        let failed: Vec<String> = report
            .providers
            .iter()
            .flat_map(|p| {
                p.failures()
                    .into_iter()
                    .map(move |c| format!("{}/{c}", p.provider))
            })
            .collect();
        Err(CliError::Failed(format!(
            "conformance failed: {}",
            failed.join(", ")
        )))
    }
}
