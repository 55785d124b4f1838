//! The whole conformance suite on the Atom emulator answering as Atom plausibly might where
//! its documentation is silent: each `AddressBookDeviation` is a reading a real account could
//! give, so the adapter must keep the contract against every one.

use contacts_conformance::{Config, Factory, run};
use contacts_core::{AddressBookId, ContactProvider};
use contacts_emulator::RateLimit;
use contacts_emulator::addressbook::{AddressBookDeviation, AddressBookEmulator};
use contacts_http::{ClientOptions, RetryPolicy};
use contacts_testkit::conformance::matrix;
use futures::StreamExt;
use provider_addressbook::AddressBookProvider;
use std::sync::Arc;
use std::time::Duration;

/// Runs the suite against an emulator with `deviation`, a fresh address book per check.
async fn passes_with(deviation: AddressBookDeviation) {
    let emu = Arc::new(
        AddressBookEmulator::builder()
            .rate_limit(RateLimit::unlimited())
            .deviation(deviation)
            .start()
            .await
            .unwrap(),
    );
    let books = AddressBookProvider::builder()
        .base_url(emu.base_url())
        .api_key(emu.api_key())
        .client_options(ClientOptions::default().retry(
            RetryPolicy::default().backoff(Duration::from_millis(5), Duration::from_millis(20)),
        ))
        .concurrency(8)
        .build_books()
        .unwrap();
    // A new book per check, deleted after it, through the account's book administration
    // (any of its books reaches it, even one that is never read).
    let account = books.open(&AddressBookId::new("0")).unwrap();
    let factory = Factory::fresh_books(
        "addressbook",
        account,
        move |id: &AddressBookId| Ok(Box::new(books.open(id)?) as Box<dyn ContactProvider>),
        false,
    );
    let report = run(&factory, &Config::default().cases(8).seed(3)).await;
    assert!(report.passed(), "{deviation:?}:\n{}", matrix(&report));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_adapter_keeps_the_contract_when_unknown_ids_are_answered_500() {
    passes_with(AddressBookDeviation::UnknownIdAnswered500).await;
}

#[tokio::test]
async fn an_unknown_book_answered_500_is_not_found_at_once() {
    let emu = AddressBookEmulator::builder()
        .rate_limit(RateLimit::unlimited())
        .deviation(AddressBookDeviation::UnknownIdAnswered500)
        .start()
        .await
        .unwrap();
    let books = AddressBookProvider::builder()
        .base_url(emu.base_url())
        .api_key(emu.api_key())
        .client_options(ClientOptions::default().retry(
            RetryPolicy::default().backoff(Duration::from_millis(5), Duration::from_millis(20)),
        ))
        .build_books()
        .unwrap();
    let missing = contacts_core::AddressBookId::new("42");
    let listed = contacts_core::ContactProviderExt::list(
        &books.open(&missing).unwrap(),
        contacts_core::ContactQuery::new(),
    )
    .next()
    .await
    .expect("one item")
    .unwrap_err();
    assert_eq!(listed, contacts_core::Error::not_found("address book 42"));
    let renamed = books.rename(&missing, "x").await.unwrap_err();
    assert_eq!(renamed, contacts_core::Error::not_found("address book 42"));
    let stats = emu.stats();
    assert_eq!(
        (stats.requests, stats.count(500)),
        (2, 2),
        "each asked once, never retried as if the server were down"
    );
}
