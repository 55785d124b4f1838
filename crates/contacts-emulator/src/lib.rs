//! # contacts-emulator
//!
//! Faithful local servers of the two vendor APIs the `contacts` toolkit adapts, so providers,
//! the conformance suite, the CLI and benchmarks run without the real services:
//!
//! - [`ip1::Ip1Emulator`]: iP1 REST v2 contacts, labels, blacklist (`/v2/…`).
//! - [`addressbook::AddressBookEmulator`]: Atom Telecom's address-book API (`/api/…`), with
//!   the vendor's rate limit.
//!
//! Both bind `127.0.0.1` (port 0 by default), inject faults deterministically from a seed
//! ([`FaultConfig`]), bound request bodies, and never panic on input. This crate depends on no
//! other crate of the workspace: it is written from the vendors' documentation, so a
//! misunderstanding in a provider cannot be mirrored here. Every choice made where the vendors'
//! documentation is silent is listed in `docs/emulators.md`.

// Handlers return the vendor-formatted error `Response` as their `Err`: the axum idiom, and
// boxing it would only add allocations on error paths.
#![allow(clippy::result_large_err)]

pub mod addressbook;
mod faults;
pub mod ip1;
mod ratelimit;
mod server;

pub use faults::{FaultConfig, FaultPhase};
pub use ratelimit::RateLimit;
pub use server::{MAX_BODY_BYTES, MAX_DRAINED_BYTES, Stats};

/// The key both emulators accept unless told otherwise.
pub const DEFAULT_API_KEY: &str = "emulator-key";
