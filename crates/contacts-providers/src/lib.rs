//! # contacts-providers
//!
//! The one list of the toolkit's built-in providers. The `contacts` tool's registry, its
//! conformance run of the built-in matrix, the capability matrix that `cargo xtask providers`
//! writes to `docs/providers.md`, and the tests that run over every built-in store all read
//! [`builtin()`], so adding a provider touches this list and the provider's own crate, and a
//! test fails when a registered provider is left out of the matrix or the conformance run.
//!
//! Each entry ([`Builtin`]) says what the tools need of a provider: its name, how it is
//! registered, how an offline instance is built to read its capabilities, and how a
//! conformance run gets a fresh, empty instance per check ([`Conformance`]).
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use contacts_core::ProviderConfig;
//! use contacts_providers::{Conformance, builtin, registry};
//!
//! // Every built-in provider, by name.
//! let names: Vec<&str> = builtin().iter().map(|b| b.name).collect();
//! assert_eq!(names, ["memory", "sqlite", "ip1", "addressbook", "carddav", "remote"]);
//!
//! // The registry builds each by name from string settings.
//! let ip1 = registry().build("ip1", &ProviderConfig::new().with("api_key", "k")).unwrap();
//! assert_eq!(ip1.name(), "ip1");
//!
//! // Their capabilities, without a request.
//! let carddav = (builtin()[4].offline)()?;
//! assert!(carddav.capabilities().address_book_admin);
//!
//! // A conformance run on what the tools start themselves.
//! let Conformance::Embedded(start) = builtin()[0].conformance else { unreachable!() };
//! let memory = start().await?;
//! assert_eq!(memory.factory().name(), "memory");
//! memory.stop().await;
//! # Ok::<_, contacts_core::Error>(()) }).unwrap();
//! ```

mod builtin;
pub mod embedded;
mod list;
mod offline;

pub use builtin::{Builtin, Conformance, Start};
pub use embedded::Embedded;
pub use list::{builtin, find, registry};
