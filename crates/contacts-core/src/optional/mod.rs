//! Optional capabilities: what only some providers have, as small object-safe traits.
//!
//! A [`ContactProvider`](crate::ContactProvider) offers each through an accessor with a
//! default of `None` ([`address_books`](crate::ContactProvider::address_books),
//! [`label_admin`](crate::ContactProvider::label_admin),
//! [`blocklist`](crate::ContactProvider::blocklist),
//! [`change_feed`](crate::ContactProvider::change_feed),
//! [`account_summary`](crate::ContactProvider::account_summary),
//! [`background_import`](crate::ContactProvider::background_import)), so a tool holding a
//! `dyn ContactProvider` discovers them at run time, and declares each in
//! [`Capabilities`](crate::Capabilities). Every layer wraps them: `CheckedLayer` hides
//! the undeclared ones and validates inputs, `TracingLayer` gives each call a span,
//! `ReadOnlyLayer` refuses their writes. This is also how a vendor's extra with a neutral
//! meaning is reached without skipping the layers (see
//! [the layers' docs](crate::layer#vendor-extras)).
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use contacts_core::{ContactProvider, InMemoryProvider, NewContact};
//! let memory = InMemoryProvider::new();
//! let created = memory.create(&[NewContact::new().property("firstName", "Ada")]).await?;
//! let labels = memory.label_admin().expect("the reference model administers labels");
//! labels.add_label("VIP", &[created[0].id.clone()]).await?;
//! assert_eq!(labels.label_counts().await?[0].count, 1);
//! assert!(memory.address_books().is_none(), "declared only by with_capabilities");
//! # Ok::<_, contacts_core::Error>(()) }).unwrap();
//! ```

pub mod blocklist;
pub mod books;
pub mod changes;
pub mod import;
pub mod labels;
pub mod summary;

pub use blocklist::Blocklist;
pub use books::{AddressBookAdmin, AddressBookInfo};
pub use changes::{ChangeFeed, ChangeSet, ChangeToken};
pub use import::{BackgroundImport, ImportJob, ImportProgress};
pub use labels::{LabelAdmin, LabelCount};
pub use summary::{AccountSummary, PropertyCount, Summarize};
