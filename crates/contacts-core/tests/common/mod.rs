//! Steps that core's tests share, named for what they do, so that a test reads as the
//! behaviour it checks rather than as the calls that set it up.
//!
//! (Core cannot use `contacts-testkit`: the testkit depends on core, so its types would be
//! another build's.)

// Each test file uses some of these steps, not all.
#![allow(dead_code)]

use contacts_core::optional::AddressBookAdmin;
use contacts_core::{Contact, ContactProvider, ContactProviderExt, NewContact};

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
