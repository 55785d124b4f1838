//! Steps that core's tests share, named for what they do, so that a test reads as the
//! behaviour it checks rather than as the calls that set it up.
//!
//! (Core cannot use `contacts-testkit`: the testkit depends on core, so its types would be
//! another build's.)

// Each test file uses some of these steps, not all.
#![allow(dead_code)]

use contacts_core::optional::{AddressBookAdmin, AddressBookInfo};
use contacts_core::{Contact, ContactProvider, ContactProviderExt, InMemoryProvider, NewContact};

/// Creates, in `provider`, a contact with the one property `key` = `value`, and returns it as
/// stored. A refusal fails the test with the provider's error.
pub async fn created<P: ContactProvider + ?Sized>(provider: &P, key: &str, value: &str) -> Contact {
    provider
        .create_one(NewContact::new().property(key, value))
        .await
        .unwrap_or_else(|err| panic!("creating a contact with {key}={value:?}: {err}"))
}

/// The names of the address books `books` lists, in its order.
pub async fn book_names(books: &dyn AddressBookAdmin) -> Vec<String> {
    let listed = books
        .list_books()
        .await
        .unwrap_or_else(|err| panic!("listing the address books: {err}"));
    listed.into_iter().map(|book| book.name).collect()
}

/// A store with address books ([`InMemoryProvider::with_books`]) holding Ada (`firstName`) in
/// its home book, beside a second, empty book named `name`: where moving a contact between
/// books starts.
pub async fn ada_beside_a_book(name: &str) -> (InMemoryProvider, Contact, AddressBookInfo) {
    let memory = InMemoryProvider::with_books();
    let ada = created(&memory, "firstName", "Ada").await;
    let books = memory
        .address_books()
        .expect("with_books declares address books");
    let book = books
        .create_book(name)
        .await
        .unwrap_or_else(|err| panic!("creating the book {name:?}: {err}"));
    (memory, ada, book)
}
