//! # provider-carddav
//!
//! CardDAV address books (RFC 6352) for the `contacts` toolkit: one [`CardDavProvider`] per
//! address-book collection, tested against real servers (Radicale and Xandikos).
//!
//! - [`CardDavProvider`]: a collection behind the `ContactProvider` trait. A listing reads one
//!   `addressbook-query` `REPORT` as it arrives, a page at a time, in flat memory (and goes on
//!   from a snapshot of member names with `addressbook-multiget` pages when that transfer is
//!   gone); writes are guarded by ETags (`If-None-Match: *` to create, `If-Match` to change),
//!   so a concurrent change is a `Conflict`, never a lost update;
//!   [`CardDavProvider::changes_since`] is `sync-collection` (RFC 6578) for incremental sync.
//! - [`AddressBooks`]: discovery (principal, address-book home) and the account's books:
//!   list, create, rename, delete, and a provider per book. The provider implements
//!   [`AddressBookAdmin`](contacts_core::optional::AddressBookAdmin) through it.
//!
//! ## The mapping
//!
//! | vCard | model |
//! |---|---|
//! | preferred `TEL` (lowest `PREF`, `TYPE=pref`, else the first); a `tel:` URI without its scheme | `phoneNumber` |
//! | preferred `EMAIL` | `email` |
//! | `N` given / family name (a card without `N`: `FN` as `firstName`); `FN` is written from them | `firstName` / `lastName` |
//! | `ORG` first / second component | `company` / `department` |
//! | every `CATEGORIES` value, case kept | labels |
//! | `UID` | kept; new cards get `urn:uuid:<uuid>` |
//! | the resource name in the collection (`<uuid>.vcf` for new cards) | the contact id |
//!
//! Everything else — `PHOTO`, `BDAY`, `ADR`, further `TEL`s and `EMAIL`s, `NOTE`, `X-`
//! properties, parameters and groups — is kept untouched: an update rewrites only the content
//! lines of mapped properties that change, and writes every other line back byte for byte.
//! A card keeps its version (3.0 stays 3.0); new cards are vCard 4.0. Removing `phoneNumber`
//! (or `email`) removes the `TEL` (or `EMAIL`) it was read from; when a card has several, the
//! next one then becomes `phoneNumber`. A `phoneNumber` is written as a `tel:` URI when it is
//! already a valid E.164 number (checked with `contacts-phone`), as text otherwise, so every
//! value reads back exactly as written.
//!
//! ## Why not libdav
//!
//! `libdav` (pimsync's client) was evaluated (0.11.2) and not used: its client is a
//! hyper/tower stack of its own, which would bypass what every provider gets from
//! `contacts-http` (retries honouring `Retry-After` that never repeat an unsafe write, the
//! rate limit, timeouts, https-only credentials, redacted errors); its I/O-free request types
//! still pull in hyper, a DNS resolver (`domain`) and `roxmltree`; it needs Rust 1.86, above
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

mod admin;
mod books;
mod builder;
mod card;
mod dav;
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzzing;
mod listing;
mod provider;
mod register;
mod stream;
mod sync;
#[cfg(feature = "testing")]
pub mod testing;
pub mod text;
mod vcard;
mod xml;

pub use books::{AddressBook, AddressBooks};
pub use builder::{CardDavProviderBuilder, DEFAULT_CONCURRENCY};
pub use provider::{
    CARDDAV_PROVIDER, CardDavProvider, DEFAULT_PAGE_SIZE, MAX_BATCH_SIZE, MAX_PAGE_SIZE,
};
pub use register::{from_config, register};
pub use sync::{Changes, SyncToken};
