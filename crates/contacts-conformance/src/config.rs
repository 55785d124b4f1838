//! What to run and how hard.

use derive_setters::Setters;
use std::time::Duration;

/// Suite settings.
///
/// ```
/// use contacts_conformance::Config;
/// let config = Config::default().cases(8).seed(42).only(["paging", "filters"]);
/// assert!(config.selects("paging"));
/// assert!(!config.selects("replace_exact"));
/// let certify = Config::thorough().budget(std::time::Duration::from_secs(120));
/// assert!(certify.thorough && certify.checks.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Setters)]
pub struct Config {
    /// Generated cases per property check (and sequences per round of the state machine).
    #[setters(skip)]
    pub cases: u32,
    /// Seed of every generator, so a failure replays exactly.
    pub seed: u64,
    /// Only these checks (all when `None`).
    #[setters(skip)]
    pub checks: Option<Vec<String>>,
    /// Certification mode: more cases, longer sequences, and the state machine runs new
    /// sequences until [`budget`](Config::budget) is spent.
    #[setters(skip)]
    pub thorough: bool,
    /// The time a thorough run may take (the state machine gets what the other checks leave).
    pub budget: Duration,
}

/// The time budget of a thorough run unless told otherwise.
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(600);

fn from_env<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|s| s.parse().ok())
}

impl Default for Config {
    /// 16 cases, seed from `CONTACTS_CONFORMANCE_SEED` or 0x5eed, every check, not thorough.
    fn default() -> Self {
        Self {
            cases: from_env("CONTACTS_CONFORMANCE_CASES").unwrap_or(16),
            seed: from_env("CONTACTS_CONFORMANCE_SEED").unwrap_or(0x5eed),
            checks: None,
            thorough: false,
            budget: DEFAULT_BUDGET,
        }
    }
}

impl Config {
    /// Certification mode: 64 cases per property check, sequences of up to 24 operations,
    /// and state-machine rounds until the budget (default 10 minutes) is spent.
    pub fn thorough() -> Self {
        let base = Self::default();
        Self {
            cases: from_env("CONTACTS_CONFORMANCE_CASES").unwrap_or(64),
            thorough: true,
            ..base
        }
    }

    /// Sets the cases per property check.
    #[must_use]
    pub fn cases(mut self, cases: u32) -> Self {
        self.cases = cases.max(1);
        self
    }

    /// Runs only the named checks.
    #[must_use]
    pub fn only<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.checks = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// Whether the check called `name` runs.
    pub fn selects(&self, name: &str) -> bool {
        self.checks
            .as_ref()
            .is_none_or(|c| c.iter().any(|n| n == name))
    }

    /// The mode's name in reports: `thorough` or `default`.
    pub fn mode(&self) -> &'static str {
        if self.thorough { "thorough" } else { "default" }
    }

    /// How long the state machine goes on starting new rounds in a thorough run: nine tenths
    /// of the budget, leaving the rest to the other checks.
    pub(crate) fn state_machine_budget(&self) -> Duration {
        self.budget.mul_f64(0.9)
    }
}
