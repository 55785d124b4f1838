//! "A fresh address book per check", written once over the core
//! [`AddressBookAdmin`](contacts_core::optional::AddressBookAdmin) trait, so every provider
//! whose contacts live in books (Atom, CardDAV, …) isolates its checks the same way and leaves
//! the account's books as it found them.

use super::Factory;
use contacts_core::optional::AddressBookAdmin;
use contacts_core::{AddressBookId, ContactProvider, Error, Result};
use std::sync::Arc;

impl Factory {
    /// The name of every book [`Factory::fresh_books`] makes, so a person who finds one left
    /// behind (a run killed part-way, or `keep`) knows where it came from.
    pub const CHECK_BOOK_NAME: &'static str = "contacts-conformance";

    /// A factory that gives every check a new address book of the account: the
    /// [`AddressBookAdmin`] of `account` (any provider of the account that offers book
    /// administration, reached through [`ContactProvider::address_books`] so its layers' checks
    /// and spans apply) creates a book named [`Factory::CHECK_BOOK_NAME`], `open` gives the provider
    /// serving it (used as it is, as with [`Factory::bare`], since provider builders layer it
    /// already), and after every check, passed or failed, the book made for it is deleted —
    /// unless `keep`, to look at what a run left (see [`Factory::per_namespace`]).
    ///
    /// An `account` without book administration fails every check's set-up with
    /// `Unsupported`, naming the provider.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use contacts_conformance::{Config, Factory, run};
    /// use contacts_core::{Capabilities, ContactProvider, InMemoryProvider};
    /// // An in-memory account with books stands for a vendor's.
    /// let mut caps = Capabilities::full();
    /// caps.address_book_admin = true;
    /// let account = InMemoryProvider::with_capabilities(caps);
    /// let factory = Factory::fresh_books(
    ///     "books",
    ///     account.clone(),
    ///     |_book| Ok(Box::new(InMemoryProvider::new()) as Box<dyn ContactProvider>),
    ///     false,
    /// );
    /// let report = run(&factory, &Config::default().cases(4).only(["paging"])).await;
    /// assert!(report.passed(), "{:?}", report.failures());
    /// let books = account.address_books().unwrap().list_books().await.unwrap();
    /// assert!(books.iter().all(|b| b.name != "contacts-conformance"), "every book was deleted");
    /// # });
    /// ```
    pub fn fresh_books<P, O>(name: impl Into<String>, account: P, open: O, keep: bool) -> Self
    where
        P: ContactProvider + 'static,
        O: Fn(&AddressBookId) -> Result<Box<dyn ContactProvider>> + Send + Sync + 'static,
    {
        let account = Arc::new(account);
        let (maker, remover) = (Arc::clone(&account), account);
        let open = Arc::new(open);
        Self::per_namespace(
            name,
            move || {
                let (account, open) = (Arc::clone(&maker), Arc::clone(&open));
                async move {
                    let book = admin(&*account)?.create_book(Self::CHECK_BOOK_NAME).await?;
                    let provider = open(&book.id)?;
                    Ok((book.id, provider))
                }
            },
            move |id: AddressBookId| {
                let account = Arc::clone(&remover);
                async move { admin(&*account)?.delete_book(&id).await }
            },
            keep,
        )
    }
}

/// The account's book administration, or `Unsupported` naming the provider.
fn admin(account: &dyn ContactProvider) -> Result<&dyn AddressBookAdmin> {
    account
        .address_books()
        .ok_or_else(|| Error::unsupported(account.name(), "address_book_admin"))
}
