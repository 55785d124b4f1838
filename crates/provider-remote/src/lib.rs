//! # provider-remote
//!
//! Any contact store that speaks the contacts provider protocol (crate `contacts-protocol`,
//! `docs/protocol.md`) as a [`ContactProvider`](contacts_core::ContactProvider): `contacts
//! serve` over any configured provider, or an adapter written in Python, TypeScript, Go or
//! anything else. So the conformance suite certifies an adapter in any language, and a sync
//! can have a remote store on either side.
//!
//! - [`RemoteProvider`]: every operation of the trait is one request; the optional
//!   capabilities are offered exactly when the server declares them; an error answer (a
//!   problem document) becomes exactly the error of the provider behind the server, and an
//!   answer that breaks the protocol becomes `Protocol` (see `docs/providers/remote.md`).
//! - [`RemoteProviderBuilder`]: the server, the token (never shown in `Debug`, logs, errors
//!   or URLs), the transport options; `connect()` reads the server's service document,
//!   `build()` takes one the caller has.
//! - [`register`]: makes it available to tools as `remote`.
//!
//! ```no_run
//! # async fn demo() -> contacts_core::Result<()> {
//! use contacts_core::{ContactProvider, NewContact};
//! use provider_remote::RemoteProvider;
//! let remote = RemoteProvider::builder()
//!     .base_url("http://127.0.0.1:8080")
//!     .token("the token `contacts serve token add` printed")
//!     .connect()
//!     .await?;
//! let created = remote.create(&[NewContact::new().property("firstName", "Ada")]).await?;
//! println!("{} on {}", created[0].id, remote.get_ref().get_ref().remote_name());
//! # Ok(()) }
//! ```

mod builder;
mod client;
mod listing;
mod mapping;
mod optional;
mod provider;
mod register;

pub use builder::RemoteProviderBuilder;
pub use provider::{REMOTE_PROVIDER, RemoteProvider};
pub use register::{builder_from_config, from_config, register};

/// The service document a server answers (`GET /v1`), re-exported so a caller can give one
/// to [`RemoteProviderBuilder::service_document`] without depending on `contacts-protocol`.
pub use contacts_protocol::ServiceDocument;
