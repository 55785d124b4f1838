//! Results: per provider, per check; JSON for machines, a table for people.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The provider did what the contract says.
    Passed,
    /// It did not; see the reason and the minimal case.
    Failed,
    /// The check does not apply to the provider's declared capabilities.
    Skipped,
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckResult {
    /// The check's name.
    pub name: String,
    /// How it ended.
    pub status: Status,
    /// Why it failed or was skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The smallest input that still fails (shrunk by proptest), with the seed to replay it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimal_case: Option<String>,
}

/// Every check's result for one provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderReport {
    /// The factory's name.
    pub provider: String,
    /// Results in the order the checks ran.
    pub checks: Vec<CheckResult>,
}

impl ProviderReport {
    /// Whether no check failed.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.status != Status::Failed)
    }

    /// The result of the check called `name`.
    pub fn check(&self, name: &str) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.name == name)
    }

    /// Names of the failed checks.
    pub fn failures(&self) -> Vec<&str> {
        self.checks
            .iter()
            .filter(|c| c.status == Status::Failed)
            .map(|c| c.name.as_str())
            .collect()
    }
}

/// Results for several providers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// One entry per provider.
    pub providers: Vec<ProviderReport>,
}

impl Report {
    /// Whether every provider passed.
    pub fn passed(&self) -> bool {
        self.providers.iter().all(ProviderReport::passed)
    }
}

impl fmt::Display for Report {
    /// A matrix: one row per check, one column per provider, then every failure explained.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&str> = Vec::new();
        for p in &self.providers {
            for c in &p.checks {
                if !names.contains(&c.name.as_str()) {
                    names.push(&c.name);
                }
            }
        }
        let width = names.iter().map(|n| n.len()).max().unwrap_or(5).max(5);
        write!(f, "{:<width$}", "check")?;
        for p in &self.providers {
            write!(f, "  {:<12}", p.provider)?;
        }
        writeln!(f)?;
        for name in &names {
            write!(f, "{name:<width$}")?;
            for p in &self.providers {
                let cell = match p.check(name).map(|c| c.status) {
                    Some(Status::Passed) => "pass",
                    Some(Status::Failed) => "FAIL",
                    Some(Status::Skipped) => "skip",
                    None => "-",
                };
                write!(f, "  {cell:<12}")?;
            }
            writeln!(f)?;
        }
        for p in &self.providers {
            for c in &p.checks {
                if c.status == Status::Failed {
                    writeln!(
                        f,
                        "\n{} / {}: {}",
                        p.provider,
                        c.name,
                        c.reason.as_deref().unwrap_or("")
                    )?;
                    if let Some(case) = &c.minimal_case {
                        writeln!(f, "  minimal case: {case}")?;
                    }
                }
            }
        }
        Ok(())
    }
}
