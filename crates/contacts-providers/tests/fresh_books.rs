//! A conformance run against an Atom account gives every check a new address book and
//! leaves the account's books as it found them (unless told to keep them).

use contacts_conformance::{Config, run};
use contacts_emulator::RateLimit;
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_providers::embedded::{addressbook_fresh_books, addressbook_on};

async fn run_on_account(keep: bool) -> Vec<(i64, String)> {
    let emulator = AddressBookEmulator::builder()
        .rate_limit(RateLimit::unlimited())
        .start()
        .await
        .unwrap();
    let before = emulator.create_book("Customers");
    // No client-side rate limit: the emulator has none either.
    let books = addressbook_on(&emulator)
        .client_options(provider_addressbook::client_defaults().rate_limit(None))
        .build_books()
        .unwrap();
    let factory = addressbook_fresh_books(books, keep).unwrap();
    let config = Config::default()
        .cases(2)
        .only(["paging", "create_get_round_trip"]);
    let report = run(&factory, &config).await;
    assert!(report.passed(), "{:?}", report.failures());
    let left = emulator.books();
    assert!(left.contains(&(before, "Customers".to_owned())), "{left:?}");
    left
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_book_made_for_a_check_is_deleted_after_it() {
    let left = run_on_account(false).await;
    assert_eq!(left.len(), 1, "books left behind: {left:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keep_leaves_the_books_made_for_the_checks() {
    let left = run_on_account(true).await;
    let made = left
        .iter()
        .filter(|(_, name)| name == "contacts-conformance")
        .count();
    assert!(made >= 2, "one book per check: {left:?}");
}
