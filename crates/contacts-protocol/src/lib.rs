//! The contacts provider protocol: any [`ContactProvider`](contacts_core::ContactProvider)
//! over HTTP and JSON, so an adapter can be written in any language and certified by the
//! conformance suite, and so programs outside Rust can use the toolkit's providers.
//!
//! This crate holds what both ends must agree on and nothing that runs: the paths
//! ([`paths`]), the request and answer bodies ([`bodies`]), the error document
//! ([`Problem`], RFC 9457 `application/problem+json`, carrying the model's error kinds both
//! ways), the service document that names the version ([`ServiceDocument`]), and the
//! OpenAPI 3.1 description generated from the model's own JSON Schemas ([`openapi`]).
//! `contacts serve` (crate `contacts-server`) answers it; `provider-remote` speaks it.
//! `docs/protocol.md` describes it for an adapter author who has never seen Rust.
//!
//! ```
//! use contacts_core::Error;
//! use contacts_protocol::Problem;
//! // An error crosses the wire as a problem document and comes back as the same error.
//! let err = Error::invalid("properties.custom9", "not a key this provider stores");
//! let problem = Problem::from_error(&err);
//! assert_eq!(problem.status, 422);
//! assert_eq!(problem.into_error(), err);
//! ```

pub mod bodies;
pub mod openapi;
pub mod paths;
mod problem;
mod problem_kind;
mod service;

pub use problem::{CreatedItem, FailedItem, PROBLEM_CONTENT_TYPE, Problem};
pub use problem_kind::ProblemKind;
pub use service::{PROTOCOL_NAME, PROTOCOL_VERSION, ServiceDocument};
