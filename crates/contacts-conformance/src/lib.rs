//! # contacts-conformance
//!
//! The suite every `ContactProvider` — ours or yours — must pass. It checks a provider against
//! the contract of the `contacts` toolkit, comparing it with `InMemoryProvider`, the reference
//! model: generated contacts (any Unicode the provider allows) round-trip exactly, patches
//! honour their three states, pages list every contact once and end, filters are all-of and
//! exact, declared capabilities work and undeclared ones are `Unsupported`, bad input gets
//! typed errors, random operation sequences agree with the model step by step, and a
//! provider that declares card parts keeps every declared part of a rich card (one that
//! declares none refuses cards), and a declared change feed lists every kind of write once, as
//! the contact is now, continues from its tokens, misses nothing written during a full listing
//! and refuses tokens that are not tokens. Failing
//! inputs are shrunk by proptest and reported with the seed that replays them.
//!
//! Checks only run where the provider's declared [`Capabilities`](contacts_core::Capabilities)
//! make them apply; the others are reported as skipped with a reason.
//!
//! ## In your adapter's tests
//!
//! ```ignore
//! use contacts_conformance::{conformance_tests, Factory};
//! use contacts_core::ContactProvider;
//!
//! fn factory() -> Factory {
//!     Factory::new("my-adapter", || async {
//!         Ok(Box::new(my_adapter::MyProvider::new_isolated().await?) as Box<dyn ContactProvider>)
//!     })
//! }
//! conformance_tests!(factory());
//! ```
//!
//! That expands into one `#[tokio::test]` per check (your crate needs `tokio` as a
//! dev-dependency with the `macros` and `rt-multi-thread` features). For a report instead of
//! tests, call [`run`] and print or serialise the [`ProviderReport`].
//!
//! [`Factory::new`] puts your provider behind the standard layers (`CheckedLayer` inside
//! `TracingLayer`), as applications get it, so the contract's refusals are enforced for you;
//! [`Factory::bare`] tests a provider as it is. [`Factory::teardown`] cleans up after every
//! check (delete the address book a check made, or [`wipe`] a sandbox account), so a run
//! against a live endpoint leaves it as it found it.
//!
//! ## Reports
//!
//! A [`Report`] carries [`SUITE_VERSION`], the tool, the date, each provider's declared
//! capabilities and each check's duration; it prints as a matrix ending in
//! `N passed, N failed, N skipped`, serialises to JSON (schema in
//! `docs/schemas/ConformanceReport.json`) and to JUnit XML ([`Report::to_junit`]).
//! [`Expectations`] mark checks a vendor is known to fail as `expected-fail` without hiding a
//! fix (`fixed` fails the run until the entry is removed).
//!
//! ## Proof that the checks can fail
//!
//! [`doubles`] holds providers that each break one rule; the crate's own tests assert that the
//! suite fails every one of them in the check meant to catch it.

pub mod case_line;
mod checks;
mod config;
#[cfg(any(feature = "doubles", doc))]
pub mod doubles;
mod factory;
mod generate;
pub mod near_misses;
mod oracle;
mod property;
mod report;
mod runner;
mod tally;
mod wipe;

pub use checks::{CHECKS, Check, find};
pub use config::{Config, DEFAULT_BUDGET};
pub use factory::Factory;
pub use report::{CheckResult, Expectations, ProviderReport, Report, SUITE_VERSION, Status};
pub use runner::{assert_check, run, run_check, run_with_progress};
pub use wipe::{listed, wipe};

/// How one check ended, before it becomes a [`CheckResult`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The provider kept the contract.
    Passed,
    /// It did not.
    Failed {
        /// What went wrong.
        reason: String,
        /// The minimal failing input, if the check generated inputs.
        case: Option<String>,
    },
    /// The check does not apply.
    Skipped(String),
}

impl Outcome {
    pub(crate) fn skipped(reason: &str) -> Self {
        Outcome::Skipped(reason.to_owned())
    }

    pub(crate) fn from_result(result: Result<(), String>) -> Self {
        match result {
            Ok(()) => Outcome::Passed,
            Err(reason) => Outcome::Failed { reason, case: None },
        }
    }
}

/// Generates one test per entry of the list of checks; the callback
/// [`conformance_tests!`] hands to [`__for_each_check!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_test_fns {
    (($factory:expr, $config:expr) $($name:ident => $module:ident :: $function:ident, $description:literal;)*) => {
        $(
            #[doc = $description]
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                $crate::assert_check(&$factory, stringify!($name), &$config).await;
            }
        )*
    };
}

/// Expands into one `#[tokio::test]` per conformance check, named after the check, running
/// against providers from the given [`Factory`] expression (evaluated once per test), with an
/// optional [`Config`]. The tests come from the same list as [`CHECKS`], so every check has
/// its test.
///
/// ```ignore
/// contacts_conformance::conformance_tests!(my_factory());
/// contacts_conformance::conformance_tests!(my_factory(), contacts_conformance::Config::default().cases(8));
/// ```
#[macro_export]
macro_rules! conformance_tests {
    ($factory:expr) => {
        $crate::conformance_tests!($factory, $crate::Config::default());
    };
    ($factory:expr, $config:expr) => {
        $crate::__for_each_check!(($factory, $config) $crate::__conformance_test_fns);
    };
}
