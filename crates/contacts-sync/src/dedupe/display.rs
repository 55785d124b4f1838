//! A dedupe plan and its outcome as a person reads them: each group with the rule that joined
//! it, what the kept contact gains, and every value it would not keep.
//!
//! Why in the library: every caller (the CLI, a program of its own) should show the same
//! words, and "not kept" must never be left out of a display.

use super::DedupePlan;
use super::applying::Applied;
use super::finding::{Match, MatchRule};
use super::merging::GroupPlan;
use super::values::FieldValue;
use std::fmt;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn ids(ids: &[contacts_core::ContactId]) -> String {
    let all: Vec<&str> = ids.iter().map(|id| id.as_str()).collect();
    all.join(", ")
}

impl fmt::Display for MatchRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatchRule::SameNumber { number } => write!(f, "same number {number}"),
            MatchRule::SameEmail { address } => write!(f, "same e-mail {address}"),
        }
    }
}

impl fmt::Display for Match {
    /// `same number +46701234567: 1, 3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule, ids(&self.contacts))
    }
}

impl fmt::Display for FieldValue {
    /// `email b@x.se from contact 17`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} from contact {}",
            self.field, self.value, self.from
        )
    }
}

impl fmt::Display for GroupPlan {
    /// A heading line and one indented line per rule, added value and value not kept.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "keep {}, merge away {}",
            self.kept,
            ids(&self.merged_away)
        )?;
        for rule in &self.matches {
            writeln!(f, "  {rule}")?;
        }
        for value in &self.added {
            writeln!(f, "  adds: {value}")?;
        }
        for value in &self.not_kept {
            writeln!(f, "  not kept: {value}")?;
        }
        Ok(())
    }
}

impl fmt::Display for DedupePlan {
    /// `2 groups of duplicates among 7 contacts; 3 contacts to merge away`, then each group.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let among = plural(self.contacts, "contact", "contacts");
        if self.groups.is_empty() {
            return writeln!(f, "no duplicates among {among}");
        }
        let away: usize = self.groups.iter().map(|g| g.merged_away.len()).sum();
        writeln!(
            f,
            "{} of duplicates among {among}; {} to merge away",
            plural(self.groups.len(), "group", "groups"),
            plural(away, "contact", "contacts"),
        )?;
        for (n, group) in self.groups.iter().enumerate() {
            write!(f, "group {}: {group}", n + 1)?;
        }
        Ok(())
    }
}

impl fmt::Display for Applied {
    /// `merged 3 contacts`, then a `FAILED` line per failed group and a `left` line per group
    /// left alone.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "merged away {}",
            plural(self.merges.len(), "contact", "contacts")
        )?;
        for group in &self.failed {
            writeln!(
                f,
                "FAILED group of contact {}: {}",
                group.kept, group.reason
            )?;
        }
        for group in &self.left {
            writeln!(f, "left group of contact {}: {}", group.kept, group.reason)?;
        }
        Ok(())
    }
}
