//! What the tools need of one built-in provider: one row of the list.

use crate::embedded::Embedded;
use contacts_core::{ContactProvider, Registry, Result};
use futures::future::BoxFuture;
use std::fmt;

/// One built-in provider: a row of [`builtin()`](crate::builtin).
///
/// A plain table of function pointers rather than a trait, so the whole list reads at a glance
/// and a `static` holds it.
#[derive(Clone, Copy)]
pub struct Builtin {
    /// The name the registry knows it by (`--provider NAME`), the matrix's column and the
    /// conformance report's provider name.
    pub name: &'static str,
    /// Registers it with a [`Registry`] (the provider crate's `register`); `None` for
    /// `memory`, which every [`Registry::new`] knows already.
    pub register: Option<fn(&mut Registry)>,
    /// Builds an instance without making a request, to read its
    /// [`Capabilities`](contacts_core::Capabilities) for the capability matrix.
    pub offline: fn() -> Result<Box<dyn ContactProvider>>,
    /// How a conformance run gets a fresh, empty instance for every check.
    pub conformance: Conformance,
    /// The configuration key that scopes an instance to one address book (`None`: the
    /// provider has no books). With it, `contacts conformance --provider NAME` gives every
    /// check a new book of the configured account ([`Factory::fresh_books`]) instead of
    /// emptying the account, so a run never touches the contacts already there.
    ///
    /// [`Factory::fresh_books`]: contacts_conformance::Factory::fresh_books
    pub book_key: Option<&'static str>,
}

/// Starts what a conformance run of one built-in provider needs.
pub type Start = fn() -> BoxFuture<'static, Result<Embedded>>;

/// Where the conformance suite runs against a built-in provider.
#[derive(Clone, Copy)]
pub enum Conformance {
    /// On what the tools start themselves (nothing, a temporary directory, an embedded
    /// emulator): `contacts conformance` without `--provider` runs it.
    Embedded(Start),
    /// It needs a real server that the tools cannot embed; its conformance runs elsewhere.
    Elsewhere {
        /// Why it cannot run embedded.
        reason: &'static str,
        /// The test file (from the workspace root) that runs the suite against it.
        tests: &'static str,
    },
}

impl fmt::Debug for Conformance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Conformance::Embedded(_) => f.write_str("Embedded"),
            Conformance::Elsewhere { reason, tests } => f
                .debug_struct("Elsewhere")
                .field("reason", reason)
                .field("tests", tests)
                .finish(),
        }
    }
}

impl fmt::Debug for Builtin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builtin")
            .field("name", &self.name)
            .field("registered", &self.register.is_some())
            .field("conformance", &self.conformance)
            .field("book_key", &self.book_key)
            .finish()
    }
}
