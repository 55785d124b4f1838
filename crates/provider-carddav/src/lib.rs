//! # provider-carddav
//!
//! CardDAV address books (RFC 6352) for the `contacts` toolkit: one [`CardDavProvider`] per
//! address-book collection, tested against real servers (Radicale and Xandikos).
//!
//! - [`CardDavProvider`]: a collection behind the `ContactProvider` trait. A listing reads one
//!   `addressbook-query` `REPORT` as it arrives, a page at a time, in flat memory (and goes on
//!   from a snapshot of member names with `addressbook-multiget` pages when that transfer is
//!   gone); writes are guarded by ETags (`If-None-Match: *` to create, `If-Match` to change),
//!   so a concurrent change is a `Conflict`, never a lost update. Its change feed
//!   ([`ContactProvider::change_feed`](contacts_core::ContactProvider::change_feed)) is
//!   `sync-collection` (RFC 6578): what changed since a token costs one `REPORT` and a
//!   multiget of the changed cards, however large the book.
//! - [`AddressBooks`]: discovery (principal, address-book home) and the account's books:
//!   list, create, rename, delete, and a provider per book. The provider implements
//!   [`AddressBookAdmin`](contacts_core::optional::AddressBookAdmin) through it.
//!
//! ## Cards
//!
//! Every contact is read whole: [`Contact::card`](contacts_core::Contact::card) is the vCard
//! as a JSContact card (RFC 9553, converted per RFC 9555 by the workspace's one reader,
//! `contacts_formats::vcard`), and its properties and labels are the card's flat view
//! ([`Card::flat_properties`](contacts_core::Card::flat_properties): `phoneNumber` the
//! preferred `TEL`, `email` the preferred `EMAIL`, `firstName`/`lastName` from `N`,
//! `company`/`department` from the first `ORG`, labels from `CATEGORIES`, any other key a
//! `JSPROP` of the card). The capabilities declare every card part and free-form keys.
//!
//! - **create** writes the document's card (its `UID` kept, one given when it has none), or a
//!   card of its flat properties, through the one writer, in the card's own version (3.0
//!   stays 3.0, 4.0 stays 4.0) unless the book's `supported-address-data` excludes it.
//! - **replace** writes the new card whole (a flat document makes a card of its properties);
//!   the stored `UID` is kept when the new card has none.
//! - **update** with a card writes that card whole; a flat patch goes through a line editor
//!   that rewrites only the content lines the flat view reads and writes every other line —
//!   photos, groups, parameters, folding — back byte for byte.
//! - Whatever is written is read back first and must show the flat view asked for, else
//!   `InvalidInput`; a card over the book's `max-resource-size`, or refused by the server as
//!   too large, is `InvalidInput` on `card` naming its size and the limit.
//!
//! The resource name in the collection (`<uuid>.vcf` for new cards) is the contact id.
//! `docs/providers/carddav.md` has the whole mapping table.
//!
//! ## Why not libdav
//!
//! `libdav` (pimsync's client) was evaluated (0.11.2) and not used: its client is a
//! hyper/tower stack of its own, which would bypass what every provider gets from
//! `contacts-http` (retries honouring `Retry-After` that never repeat an unsafe write, the
//! rate limit, timeouts, https-only credentials, redacted errors); its I/O-free request types
//! still pull in hyper, a DNS resolver (`domain`) and `roxmltree`; it needed Rust 1.86, then above
//! the workspace's 1.85; and its errors mirror its internals, while this crate maps every
//! answer to the toolkit's typed errors. The few requests CardDAV needs (`PROPFIND`,
//! `REPORT`, `GET`, `PUT`, `DELETE`, `MKCOL`, `PROPPATCH`) are written here over
//! `contacts-http`, and multistatus answers are read with `quick-xml`.
//!
//! See `docs/providers/carddav.md` for set-up with Nextcloud, Radicale and hosted servers.
//!
//! ```no_run
//! # async fn demo() -> contacts_core::Result<()> {
//! use contacts_core::{ContactProvider, ContactProviderExt, ContactQuery, NewContact};
//! use futures::TryStreamExt;
//! use provider_carddav::CardDavProvider;
//! let provider = CardDavProvider::builder()
//!     .base_url("https://dav.example.com/")
//!     .username("alice")
//!     .password("app-password")
//!     .build()?;
//! provider
//!     .create(&[NewContact::new().property("firstName", "Ada").property("phoneNumber", "+46701234567")])
//!     .await?;
//! let all: Vec<_> = provider.list(ContactQuery::new()).try_collect().await?;
//! # Ok(()) }
//! ```

mod book_limits;
mod books;
mod builder;
mod card_text;
mod client;
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzzing;
mod listing;
mod mapping;
mod optional;
mod provider;
mod register;
mod stream;
#[cfg(feature = "testing")]
pub mod testing;
pub mod text;
mod writes;
mod xml;

pub use books::{AddressBook, AddressBooks};
pub use builder::{CardDavProviderBuilder, DEFAULT_CONCURRENCY};
pub use provider::{
    CARDDAV_PROVIDER, CardDavProvider, DEFAULT_PAGE_SIZE, MAX_BATCH_SIZE, MAX_PAGE_SIZE,
};
pub use register::{from_config, register};
