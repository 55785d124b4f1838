//! What the workspace's tests share, in one place instead of a copy in each crate's
//! `tests/`: set-ups of an emulator with a provider on it, tracing capture, temporary local
//! stores, the check that a secret never leaks (run by every HTTP provider's tests), a
//! provider wrapper that counts reads ([`Watched`]), a counting proxy in front of a real
//! CardDAV server, the contract assertions several providers' tests make ([`contract`]), one
//! error of every kind ([`every_kind_of_error`]), what the one-shot benches share
//! ([`bench`](mod@bench); criterion's short sampling behind the `criterion` feature), book
//! names ([`books`]), directories and files ([`files`]), child processes and tests rerun in
//! one ([`process`]), and the parts of a protocol error ([`protocol`]).
//!
//! Dev-only (`publish = false`): crates take it as a dev-dependency. Each provider's set-up
//! is a feature (`ip1`, `atom`, `sqlite`, `dav`), so a crate's tests build only the providers
//! they use.
//!
//! ```
//! use contacts_testkit::Capture;
//! let (capture, _installed) = Capture::install();
//! tracing::info!(book = "/book/", "listed");
//! assert!(capture.contains("listed book=/book/"));
//! ```

#[cfg(feature = "atom")]
pub mod atom;
pub mod bench;
pub mod books;
mod capture;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod contract;
#[cfg(feature = "criterion")]
pub mod criterion;
#[cfg(feature = "dav")]
pub mod dav;
mod errors;
pub mod files;
mod ids;
#[cfg(feature = "ip1")]
pub mod ip1;
mod listing;
mod options;
pub mod process;
pub mod protocol;
pub mod secret;
mod serve;
#[cfg(feature = "sqlite")]
pub mod sqlite;
mod watched;

pub use capture::{Capture, Installed};
pub use errors::every_kind_of_error;
pub use ids::{assert_own_resource, assert_refused, contact_outcomes, hostile_ids};
pub use listing::listed;
pub use options::{quick_retries, retrying};
pub use serve::serve;
pub use watched::Watched;
