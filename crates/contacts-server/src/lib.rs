//! `contacts serve`'s server: any [`ContactProvider`](contacts_core::ContactProvider) over
//! the contacts provider protocol (crate `contacts-protocol`: its paths, bodies, problem
//! documents and OpenAPI description), so programs in any language can use the toolkit's
//! providers, and `provider-remote` can reach one store from another process.
//!
//! - [`routes`]: exactly the rows of the protocol's operation table, over the provider
//!   wrapped in the standard layers (validation and tracing apply to every request); errors
//!   are `application/problem+json` with the status of their kind; 405 with `Allow` for a
//!   method a path does not serve.
//! - [`protection`]: bearer tokens (read-only or read-write) kept hashed in a token file,
//!   the body size limit, the request rate per token, a concurrency limit, an access log
//!   without personal data or secrets, and the refusal to listen beyond loopback in the
//!   clear.
//! - [`run`]: the entry point for the CLI; [`app`], [`serve`] and [`bind`] for finer control.
//!
//! ```no_run
//! # async fn example() -> Result<(), contacts_server::ServerError> {
//! use contacts_core::InMemoryProvider;
//! use contacts_server::{ListenPolicy, Scope, ServeConfig, TokenStore};
//! use std::sync::Arc;
//!
//! let mut store = TokenStore::open("tokens.json")?;
//! let (record, secret) = store.add(Scope::ReadWrite, "my script")?;
//! println!("token {}: {}", record.id, secret.expose()); // shown once
//!
//! let config = ServeConfig { tokens: store.tokens(), ..ServeConfig::default() };
//! let listener = contacts_server::bind("127.0.0.1:8080".parse().unwrap(), ListenPolicy::LoopbackOnly).await?;
//! let shutdown = async { let _ = tokio::signal::ctrl_c().await; };
//! contacts_server::run(Arc::new(InMemoryProvider::new()), config, listener, shutdown).await
//! # }
//! ```

mod error;
mod extract;
mod problem_answer;
pub mod protection;
pub mod routes;
mod serve;

pub use error::ServerError;
pub use problem_answer::{ProblemAnswer, retry_after_seconds};
pub use protection::{
    ACCESS_TARGET, Caller, ListenPolicy, Scope, Secret, ServeConfig, TokenRecord, TokenStore,
    Tokens,
};
pub use serve::{app, bind, run, serve};
