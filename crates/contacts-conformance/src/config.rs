//! What to run and how hard.

/// Suite settings.
///
/// ```
/// use contacts_conformance::Config;
/// let config = Config::default().cases(8).seed(42).only(["paging", "filters"]);
/// assert!(config.selects("paging"));
/// assert!(!config.selects("replace_exact"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Generated cases per property check (and sequences for the state machine).
    pub cases: u32,
    /// Seed of every generator, so a failure replays exactly.
    pub seed: u64,
    /// Only these checks (all when `None`).
    pub checks: Option<Vec<String>>,
}

impl Default for Config {
    /// 16 cases, seed from `CONTACTS_CONFORMANCE_SEED` or 0x5eed, every check.
    fn default() -> Self {
        let seed = std::env::var("CONTACTS_CONFORMANCE_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0x5eed);
        let cases = std::env::var("CONTACTS_CONFORMANCE_CASES")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(16);
        Self {
            cases,
            seed,
            checks: None,
        }
    }
}

impl Config {
    /// Sets the cases per property check.
    #[must_use]
    pub fn cases(mut self, cases: u32) -> Self {
        self.cases = cases.max(1);
        self
    }

    /// Sets the seed.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
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
}
