//! Results: per provider, per check, with what a certificate needs (suite version, the
//! provider's declared capabilities, the tool, the date, durations). JSON for machines
//! ([`serde`], schema in `docs/schemas/ConformanceReport.json`), a matrix for people
//! ([`Display`](std::fmt::Display)), JUnit XML for CI systems ([`Report::to_junit`]).

mod expect;
mod junit;
mod matrix;

pub use expect::Expectations;

use contacts_core::Capabilities;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::time::SystemTime;

/// The version of the suite, written into every report. Semver: the minor goes up when a check
/// is added, the major when a check gets stricter (a provider that passed may now fail), the
/// patch for fixes that change no verdict.
pub const SUITE_VERSION: &str = "2.1.0";

/// How a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The provider did what the contract says.
    Passed,
    /// It did not; see the reason and the minimal case.
    Failed,
    /// The check does not apply to the provider's declared capabilities.
    Skipped,
    /// It failed, as an expectations file says it is known to; does not fail the run.
    ExpectedFail,
    /// An expectations file says it fails, but it passed: the entry is stale, and the run fails
    /// until it is removed.
    Fixed,
}

impl Status {
    /// Whether this result fails the run.
    pub fn fails_run(self) -> bool {
        matches!(self, Status::Failed | Status::Fixed)
    }

    /// The word shown in the matrix.
    pub fn label(self) -> &'static str {
        match self {
            Status::Passed => "pass",
            Status::Failed => "FAIL",
            Status::Skipped => "skip",
            Status::ExpectedFail => "expected-fail",
            Status::Fixed => "FIXED",
        }
    }
}

/// One check's result.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CheckResult {
    /// The check's name (or `setup`/`teardown` when preparing or cleaning up the provider
    /// failed).
    pub name: String,
    /// How it ended.
    pub status: Status,
    /// Why it failed or was skipped (for a skip: the capability that is not declared).
    pub reason: Option<String>,
    /// The smallest input that still fails (shrunk by proptest), with the seed to replay it.
    pub minimal_case: Option<String>,
    /// How long the check took, in milliseconds.
    #[serde(default)]
    pub duration_ms: u64,
    /// Generated cases it ran (0 for a check of fixed inputs).
    #[serde(default)]
    pub cases: u64,
    /// Operations its generated sequences ran (the state machine's steps).
    #[serde(default)]
    pub steps: u64,
}

/// Every check's result for one provider.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProviderReport {
    /// The factory's name.
    pub provider: String,
    /// `default`, or `thorough` for a certification run ([`Config::thorough`](crate::Config::thorough)).
    #[serde(default = "default_mode")]
    pub mode: String,
    /// What the provider declared, which decides the checks that apply.
    pub capabilities: Option<Capabilities>,
    /// Results in the order the checks ran.
    pub checks: Vec<CheckResult>,
}

fn default_mode() -> String {
    "default".to_owned()
}

impl ProviderReport {
    /// Whether this run certifies the provider: thorough, every check run, and none failed
    /// (a skip is only ever of a capability the provider does not declare).
    pub fn certified(&self) -> bool {
        self.mode == "thorough"
            && self.passed()
            && crate::CHECKS.iter().all(|c| self.check(c.name).is_some())
    }

    /// Generated cases and sequence steps over every check.
    pub fn totals(&self) -> (u64, u64) {
        let cases = self.checks.iter().map(|c| c.cases).sum();
        (cases, self.checks.iter().map(|c| c.steps).sum())
    }

    /// Whether nothing fails the run (see [`Status::fails_run`]).
    pub fn passed(&self) -> bool {
        !self.checks.iter().any(|c| c.status.fails_run())
    }

    /// The result of the check called `name`.
    pub fn check(&self, name: &str) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.name == name)
    }

    /// Names of the checks that fail the run.
    pub fn failures(&self) -> Vec<&str> {
        self.checks
            .iter()
            .filter(|c| c.status.fails_run())
            .map(|c| c.name.as_str())
            .collect()
    }

    /// How many checks ended with `status`.
    pub fn count(&self, status: Status) -> usize {
        self.checks.iter().filter(|c| c.status == status).count()
    }

    /// Total time of the checks, in milliseconds.
    pub fn duration_ms(&self) -> u64 {
        self.checks.iter().map(|c| c.duration_ms).sum()
    }
}

/// Results for several providers: the certificate of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// [`SUITE_VERSION`] of the suite that ran.
    pub suite_version: String,
    /// The tool and its version, e.g. `contacts 0.1.0`.
    pub tool: String,
    /// When the run started (RFC 3339, UTC).
    pub date: String,
    /// One entry per provider.
    pub providers: Vec<ProviderReport>,
}

impl Default for Report {
    /// An empty report by this crate, dated now.
    fn default() -> Self {
        Self::new(concat!("contacts-conformance ", env!("CARGO_PKG_VERSION")))
    }
}

impl Report {
    /// An empty report by `tool` (name and version), dated now.
    pub fn new(tool: impl Into<String>) -> Self {
        Self {
            suite_version: SUITE_VERSION.to_owned(),
            tool: tool.into(),
            date: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
            providers: Vec::new(),
        }
    }

    /// Whether every provider passed.
    pub fn passed(&self) -> bool {
        self.providers.iter().all(ProviderReport::passed)
    }

    /// How many results across providers ended with `status`.
    pub fn count(&self, status: Status) -> usize {
        self.providers.iter().map(|p| p.count(status)).sum()
    }
}
