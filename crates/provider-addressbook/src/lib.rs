//! # provider-addressbook
//!
//! The Atom Telecom address-book adapter of the `contacts` toolkit.
//!
//! Atom's "SMS API" keeps contacts in address books, one book per contact, with fixed fields:
//! `phone_number` (required), `first_name`, `last_name`, `company` and four custom slots. Every
//! call is a POST under the account's own API URL, answered with
//! `{"status":"success","result":…}`; 403 means a bad token; the vendor allows 10 requests per
//! second on average.
//!
//! - [`AddressBookProvider`]: one book behind the `ContactProvider` trait. Labels and metadata
//!   are `Unsupported`; listing, paging and property filters are done client-side.
//! - [`AddressBooks`]: list, create, rename and delete books, and open a provider per book.
//! - [`FieldMap`]: which property key each custom slot holds.
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use contacts_core::{ContactProvider, ContactProviderExt, ContactQuery, NewContact};
//! use futures::TryStreamExt;
//! use provider_addressbook::AddressBookProvider;
//! # let emulator = contacts_emulator::addressbook::AddressBookEmulator::builder().api_key("token").start().await.unwrap();
//! # let api_url = emulator.base_url(); // in production: the account's "API URL"
//! let books = AddressBookProvider::builder().base_url(api_url).api_key("token").build_books()?;
//! let book = books.create("Customers").await?;
//! let provider = books.open(&book.id)?;
//! provider
//!     .create(&[NewContact::new().property("phoneNumber", "0412345678").property("company", "ACME")])
//!     .await?;
//! let all: Vec<_> = provider.list(ContactQuery::new()).try_collect().await?;
//! assert_eq!(all[0].properties.company(), Some("ACME"));
//! # Ok::<_, contacts_core::Error>(()) }).unwrap();
//! ```

mod book_client;
mod books;
mod builder;
mod client;
mod envelope;
mod ids;
mod listing;
mod mapping;
mod optional;
mod provider;
mod reconcile;
mod register;

pub use books::{AddressBook, AddressBooks};
pub use builder::{
    AddressBookProviderBuilder, DEFAULT_CONCURRENCY, VENDOR_BURST, VENDOR_RATE_PER_SECOND,
    client_defaults,
};
pub use mapping::FieldMap;
pub use provider::{ADDRESSBOOK_PROVIDER, AddressBookProvider};
pub use register::{from_config, register};
