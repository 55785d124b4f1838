//! The suite against the built-in vendor providers, each on its emulator. The builders wrap
//! them in the standard layers already, so the factories use them as they are.

use contacts_conformance::{Config, Factory, Report, run};
use contacts_core::ContactProvider;
use contacts_emulator::RateLimit;
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_emulator::ip1::Ip1Emulator;
use contacts_http::{ClientOptions, RetryPolicy};
use provider_addressbook::AddressBookProvider;
use provider_ip1::Ip1Provider;
use std::sync::Arc;
use std::time::Duration;

fn config() -> Config {
    Config::default().cases(8).seed(2)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ip1_on_its_emulator_passes() {
    // A fresh emulator per provider: each check starts from an empty account.
    let factory = Factory::bare("ip1", || async {
        let emu = Ip1Emulator::builder().start().await.map_err(|e| {
            contacts_core::Error::Unavailable {
                message: e.to_string(),
                retry_after: None,
            }
        })?;
        let provider = Ip1Provider::builder()
            .api_key(emu.api_key())
            .base_url(emu.base_url())
            .client_options(ClientOptions::default().retry(
                RetryPolicy::default().backoff(Duration::from_millis(5), Duration::from_millis(20)),
            ))
            .build()?;
        // Keep the emulator alive as long as the provider.
        std::mem::forget(emu);
        Ok(Box::new(provider) as Box<dyn ContactProvider>)
    });
    let report = run(&factory, &config()).await;
    println!(
        "{}",
        Report {
            providers: vec![report.clone()],
            ..Report::default()
        }
    );
    assert!(
        report.passed(),
        "{}",
        Report {
            providers: vec![report.clone()],
            ..Report::default()
        }
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn addressbook_on_its_emulator_passes() {
    let emu = Arc::new(
        AddressBookEmulator::builder()
            .rate_limit(RateLimit::unlimited())
            .start()
            .await
            .unwrap(),
    );
    let books = AddressBookProvider::builder()
        .base_url(emu.base_url())
        .api_key(emu.api_key())
        .client_options(ClientOptions::default())
        .concurrency(8)
        .build_books()
        .unwrap();
    // A fresh address book per provider: the isolated namespace.
    let factory = Factory::bare("addressbook", move || {
        let books = books.clone();
        async move {
            let book = books.create("conformance").await?;
            Ok(Box::new(books.open(&book.id)?) as Box<dyn ContactProvider>)
        }
    });
    let report = run(&factory, &config()).await;
    println!(
        "{}",
        Report {
            providers: vec![report.clone()],
            ..Report::default()
        }
    );
    assert!(
        report.passed(),
        "{}",
        Report {
            providers: vec![report.clone()],
            ..Report::default()
        }
    );
}
