//! The report as a matrix for people: one row per check, one column per provider, then every
//! failure and skip explained, then the totals.

use super::{Report, Status};
use std::fmt;

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
                let cell = p.check(name).map_or("-", |c| c.status.label());
                write!(f, "  {cell:<12}")?;
            }
            writeln!(f)?;
        }
        for p in &self.providers {
            for c in p.checks.iter().filter(|c| c.status != Status::Passed) {
                let reason = c.reason.as_deref().unwrap_or("");
                writeln!(
                    f,
                    "\n{} / {} ({}): {reason}",
                    p.provider,
                    c.name,
                    c.status.label()
                )?;
                if let Some(case) = &c.minimal_case {
                    writeln!(f, "  minimal case: {case}")?;
                }
            }
        }
        writeln!(f)?;
        for p in &self.providers {
            let (cases, steps) = p.totals();
            let certified = if p.certified() { ", certified" } else { "" };
            writeln!(
                f,
                "{}: {} mode, {cases} cases, {steps} steps{certified}",
                p.provider, p.mode
            )?;
        }
        let expected = self.count(Status::ExpectedFail);
        if expected > 0 {
            writeln!(
                f,
                "\n{expected} expected failures (counted as skipped below)"
            )?;
        }
        writeln!(
            f,
            "\n{} passed, {} failed, {} skipped",
            self.count(Status::Passed),
            self.count(Status::Failed) + self.count(Status::Fixed),
            self.count(Status::Skipped) + expected
        )
    }
}
