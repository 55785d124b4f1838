//! The names of an account's address books, as a test compares them: a rename or a delete
//! is seen in the names a listing answers, so a scenario says what it lists and not how the
//! books are taken apart.

use contacts_core::optional::{AddressBookAdmin, AddressBookInfo};

/// The names of every book `admin` lists, in its order. An error listing fails the test.
pub async fn book_names(admin: &dyn AddressBookAdmin) -> Vec<String> {
    match admin.list_books().await {
        Ok(books) => names(books),
        Err(e) => panic!("listing the address books: {e:?}"),
    }
}

/// The names of `books`, in order: for a listing a provider's own book client answered
/// rather than its [`AddressBookAdmin`].
pub fn names(books: Vec<AddressBookInfo>) -> Vec<String> {
    books.into_iter().map(|b| b.name).collect()
}
