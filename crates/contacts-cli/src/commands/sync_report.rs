//! What `contacts sync` prints: a summary table, or one JSON object with the plan and outcome.

use crate::args::OutputFormat;
use crate::error::{CliError, CliResult};
use contacts_sync::{Outcome, Plan};
use std::io::Write;

/// Prints the plan (and what was done, after a run).
pub fn print(
    format: OutputFormat,
    plan: &Plan,
    outcome: Option<&Outcome>,
    dry_run: bool,
) -> CliResult {
    match format {
        OutputFormat::Json => {
            /// The JSON line: the plan's actions are built as they are written.
            #[derive(serde::Serialize)]
            #[serde(rename_all = "camelCase")]
            struct Report<'a> {
                dry_run: bool,
                plan: &'a Plan,
                outcome: Option<&'a Outcome>,
            }
            let report = Report {
                dry_run,
                plan,
                outcome,
            };
            crate::output::write_json_line(&report)
        }
        OutputFormat::Table => table(plan, outcome, dry_run),
    }
}

/// The table, through one buffer (a plan can list 100,000 actions).
fn table(plan: &Plan, outcome: Option<&Outcome>, dry_run: bool) -> CliResult {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    write_table(&mut out, plan, outcome, dry_run)?;
    out.flush().map_err(stdout_error)
}

fn stdout_error(e: std::io::Error) -> CliError {
    CliError::io("stdout", e)
}

fn write_table(
    out: &mut impl Write,
    plan: &Plan,
    outcome: Option<&Outcome>,
    dry_run: bool,
) -> CliResult {
    let heading = if dry_run {
        "dry run: nothing written"
    } else {
        "done"
    };
    writeln!(out, "{heading}").map_err(stdout_error)?;
    let done = outcome.cloned().unwrap_or_default();
    // A merge writes one side or both: done, its writes count among the updates.
    let merges = plan.writes() - plan.creates() - plan.updates() - plan.deletes();
    let rows = [
        ("created", plan.creates(), Some(done.created)),
        ("updated", plan.updates(), Some(done.updated)),
        ("merged", merges, None),
        ("deleted", plan.deletes(), Some(done.deleted)),
        (
            "linked",
            plan.action_count() - plan.writes(),
            Some(done.linked + done.forgotten),
        ),
        ("conflicts", plan.conflicts.len(), Some(0)),
        ("skipped", plan.skips.len(), Some(0)),
    ];
    writeln!(out, "{:<10} {:>8} {:>8}", "", "planned", "done").map_err(stdout_error)?;
    for (name, planned, did) in rows {
        if name == "merged" && planned == 0 {
            continue;
        }
        let did = did.map_or("(in updated)".to_owned(), |n| n.to_string());
        writeln!(out, "{name:<10} {planned:>8} {did:>8}").map_err(stdout_error)?;
    }
    for action in plan.actions() {
        let action = action.map_err(|e| CliError::Failed(format!("cannot show the plan: {e}")))?;
        writeln!(out, "  {action}").map_err(stdout_error)?;
    }
    for c in &plan.conflicts {
        let (id, side) = (c.id.as_str(), c.side);
        writeln!(out, "  conflict {id} ({side}): {}", c.reason).map_err(stdout_error)?;
        for field in &c.fields {
            writeln!(out, "    {field}").map_err(stdout_error)?;
        }
    }
    for s in &plan.skips {
        let (id, side) = (s.id.as_str(), s.side);
        writeln!(out, "  skip {id} on {side}: {}", s.reason).map_err(stdout_error)?;
    }
    for f in &done.failed {
        writeln!(out, "  FAILED {}: {}", f.action, f.error).map_err(stdout_error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::ContactId;
    use contacts_sync::{FieldMerge, Side, Skip};

    /// The table shows a conflict's fields as the plan shows a merge's: a field the merge
    /// removes says so (`-> (none)`), one left in conflict has no result.
    #[test]
    fn a_conflicts_fields_are_shown_as_a_merges_are() {
        let field = |name: &str, target: Option<&str>, rule: &str| FieldMerge {
            field: name.into(),
            changed_on: "both".into(),
            source: Some("Ada".into()),
            target: target.map(str::to_owned),
            result: None,
            rule: rule.into(),
        };
        let conflict = Skip {
            side: Side::Source,
            id: ContactId::new("1"),
            reason: "changed on both sides".into(),
            fields: vec![
                field(
                    "firstName",
                    Some("Adah"),
                    "changed on both differently; left alone",
                ),
                field("nickname", None, "removed on both"),
            ],
        };
        let plan = Plan::new(vec![], vec![conflict], vec![]);
        let mut out = Vec::new();
        write_table(&mut out, &plan, None, true).unwrap();
        let shown = String::from_utf8(out).unwrap();
        assert!(
            shown.contains(
                "\n    firstName: source \"Ada\", target \"Adah\" (changed on both differently; \
                 left alone; changed on both)\n"
            ),
            "{shown}"
        );
        assert!(
            shown.contains(
                "\n    nickname: source \"Ada\", target (none) -> (none) (removed on both; \
                 changed on both)\n"
            ),
            "{shown}"
        );
    }
}
