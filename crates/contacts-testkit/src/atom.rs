//! An Atom (address-book) emulator on 127.0.0.1:0 without a rate limit, and the real Atom
//! provider: the account's books on the emulator, or one book of a fake server.

use crate::quick_retries;
use contacts_core::Standard;
use contacts_emulator::RateLimit;
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_http::ClientOptions;
use provider_addressbook::{AddressBookProvider, AddressBooks};

/// Starts an emulator that accepts only `key`, with no rate limit (the vendor's would make
/// a test wait seconds).
pub async fn emulator(key: &str) -> AddressBookEmulator {
    limited_emulator(key, RateLimit::unlimited()).await
}

/// Starts an emulator that accepts only `key` and answers 429 past `limit`: for the tests
/// and benches of imports under the vendor's rate limit.
pub async fn limited_emulator(key: &str, limit: RateLimit) -> AddressBookEmulator {
    AddressBookEmulator::builder()
        .api_key(key)
        .rate_limit(limit)
        .start()
        .await
        .expect("the Atom emulator binds 127.0.0.1:0")
}

/// An emulator that accepts only `key` ([`emulator`]) holding one book called `name`, and
/// that book's id.
pub async fn with_book(key: &str, name: &str) -> (AddressBookEmulator, i64) {
    let emulator = emulator(key).await;
    let book = emulator.create_book(name);
    (emulator, book)
}

/// A provider of the book `book` of the server at `base_url` (a fake one, answering what the
/// emulator does not), with `key` and `options`, in the standard layers.
pub fn provider_at(
    base_url: &str,
    key: &str,
    book: i64,
    options: ClientOptions,
) -> Standard<AddressBookProvider> {
    AddressBookProvider::builder()
        .api_key(key)
        .base_url(base_url)
        .address_book(book)
        .client_options(options)
        .build()
        .expect("a provider for the server's URL")
}

/// The books of `emulator`'s account, with its key, retrying quickly.
pub fn books(emulator: &AddressBookEmulator) -> AddressBooks {
    AddressBookProvider::builder()
        .api_key(emulator.api_key())
        .base_url(emulator.base_url())
        .client_options(quick_retries())
        .build_books()
        .expect("a books client for the emulator's URL")
}
