//! Known deviations: checks a vendor is known to fail, visible in every report without blocking
//! the run, and never allowed to rot.

use super::{ProviderReport, Status};
use std::collections::BTreeMap;

/// Checks a provider is known to fail, each with the reason, read from TOML (`check = "reason"`
/// per line):
///
/// ```toml
/// # ip1-sandbox.toml
/// descending_order = "the sandbox ignores order=DESC (ticket 1234)"
/// ```
///
/// [`apply`](Expectations::apply) turns a listed failure into `expected-fail` (it no longer
/// fails the run) and a listed check that passes into `fixed` (it fails the run until the entry
/// is removed), so an expectations file never hides a regression or outlives the bug.
///
/// ```
/// use contacts_conformance::{CheckResult, Expectations, ProviderReport, Status};
/// let expect = Expectations::from_toml(r#"paging = "vendor bug 12""#, &["paging"]).unwrap();
/// let mut report = ProviderReport { provider: "v".into(), mode: "default".into(),
///     capabilities: None, checks: vec![
///     CheckResult { name: "paging".into(), status: Status::Failed, reason: Some("lost one".into()),
///         minimal_case: None, duration_ms: 1, cases: 0, steps: 0 },
/// ]};
/// expect.apply(&mut report);
/// assert_eq!(report.checks[0].status, Status::ExpectedFail);
/// assert!(report.passed());
/// assert!(Expectations::from_toml(r#"pagnig = "typo""#, &["paging"]).is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expectations {
    known: BTreeMap<String, String>,
}

impl Expectations {
    /// Reads the TOML text; every key must be one of `checks` (a typo would otherwise expect
    /// nothing), every value a non-empty reason. The error says what to fix.
    pub fn from_toml(text: &str, checks: &[&str]) -> Result<Self, String> {
        let known: BTreeMap<String, String> = toml::from_str(text)
            .map_err(|e| format!("not a table of check = \"reason\" lines: {}", e.message()))?;
        for (check, reason) in &known {
            if !checks.contains(&check.as_str()) {
                return Err(format!(
                    "{check:?} is not a check of this suite; known checks: {}",
                    checks.join(", ")
                ));
            }
            if reason.trim().is_empty() {
                return Err(format!("{check}: give the reason it is expected to fail"));
            }
        }
        Ok(Self { known })
    }

    /// The reason `check` is expected to fail, if it is listed.
    pub fn reason(&self, check: &str) -> Option<&str> {
        self.known.get(check).map(String::as_str)
    }

    /// Rewrites the listed checks' results: failed → `expected-fail` (the reason says both
    /// why it was expected and what happened), passed → `fixed`. Skips stay skips.
    pub fn apply(&self, report: &mut ProviderReport) {
        for result in &mut report.checks {
            let Some(why) = self.reason(&result.name) else {
                continue;
            };
            match result.status {
                Status::Failed => {
                    result.status = Status::ExpectedFail;
                    result.reason = Some(format!(
                        "expected ({why}): {}",
                        result.reason.as_deref().unwrap_or("failed")
                    ));
                }
                Status::Passed => {
                    result.status = Status::Fixed;
                    result.reason = Some(format!(
                        "expected to fail ({why}) but passed; remove it from the expectations file"
                    ));
                }
                Status::Skipped | Status::ExpectedFail | Status::Fixed => {}
            }
        }
    }
}
