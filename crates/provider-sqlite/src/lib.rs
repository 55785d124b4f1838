//! # provider-sqlite
//!
//! The local store of the `contacts` toolkit: a [`ContactProvider`](contacts_core::ContactProvider)
//! over a SQLite file, with SQLite bundled (nothing to install), and every capability of the
//! contract.
//!
//! - Contacts, their properties, labels and computed metadata are rows; label, property and
//!   metadata filters are index lookups; pages are keyset pages over the creation sequence.
//! - A contact written with a whole card (RFC 9553 JSContact) keeps it, every part of it, as
//!   JSON in the contact's row, and reads it back equal; its properties and labels rows are
//!   the card's flat view, written from the card, so filters work alike for cards and flat
//!   contacts. A contact written without a card stays flat (schema version 4 added the card).
//! - Every `create` is one transaction: a batch is stored whole or not at all, also when the
//!   process is killed part-way.
//! - WAL journal, a busy timeout (several processes can write the same file), foreign keys on.
//!   Any number of processes may open a new file at once: the first creates and migrates it
//!   (inside `BEGIN IMMEDIATE`, the version read again under the lock), the others wait and
//!   use it.
//! - Ids are the decimal sequence numbers the store wrote, compared as exact strings: `01`,
//!   `+1` or ` 1` are not contact `1` but `NotFound`.
//! - The store's identity ([`store_identity`](contacts_core::ContactProvider::store_identity))
//!   is 128 random bits drawn into the file when it is made: a copy of the file is the same
//!   store, a new file at the same path is another.
//! - A change feed ([`change_feed`](contacts_core::ContactProvider::change_feed)) read from the
//!   store's own change log, which triggers in the file write with every change of a contact
//!   (schema version 5): tokens name the file, the provider's address book and a revision,
//!   survive the process, and expire once the log has pruned past them (by default it keeps
//!   the last 1,000,000 writes, at most 90 days; see
//!   [`SqliteProviderBuilder::change_log_revisions`]).
//! - The schema is versioned with `PRAGMA user_version` and migrated forward on open; a file
//!   that is not a SQLite database, or one from a newer schema, is refused and left untouched.
//! - Several connections at work in one process (a sync writing the store and its state at
//!   once) are fastest with SQLite built without `SQLITE_ENABLE_MEMORY_MANAGEMENT`, which the
//!   bundled build turns on and which makes every connection share one page-cache pool behind
//!   one mutex. This workspace builds with `LIBSQLITE3_FLAGS=-USQLITE_ENABLE_MEMORY_MANAGEMENT`
//!   (`.cargo/config.toml`); a program of your own can set the same variable when it builds
//!   (a first sync of 100,000 into the store: 3.05 s with the shared pool, 2.34 s without).
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use contacts_core::{ContactFilter, ContactProvider, ContactProviderExt, ContactQuery, NewContact};
//! use futures::TryStreamExt;
//! use provider_sqlite::SqliteProvider;
//! let dir = tempfile::tempdir().unwrap();
//! let store = SqliteProvider::builder().path(dir.path().join("contacts.db")).build()?;
//! store.create(&[NewContact::new().property("phoneNumber", "46701234567").label("VIP")]).await?;
//! let vips: Vec<_> = store
//!     .list(ContactQuery::new().filter(ContactFilter::new().label("VIP")).with_metadata())
//!     .try_collect()
//!     .await?;
//! let phone = vips[0].metadata.as_ref().unwrap().phone().unwrap();
//! assert_eq!(phone.msisdn.as_deref(), Some("46701234567"));
//! # Ok::<_, contacts_core::Error>(()) }).unwrap();
//! ```

mod builder;
mod changelog;
mod document;
mod listing;
mod mapping;
mod metadata;
mod optional;
mod provider;
mod register;
mod schema;
mod store;

pub use builder::SqliteProviderBuilder;
pub use provider::{SQLITE_PROVIDER, SqliteProvider};
pub use register::{from_config, register};
pub use schema::LATEST as SCHEMA_VERSION;
