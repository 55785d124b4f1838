//! What `contacts sync` prints: a summary table, or one JSON object with the plan and outcome.

use crate::args::OutputFormat;
use crate::error::{CliError, CliResult};
use crate::outln;
use contacts_sync::{Outcome, Plan};

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

fn table(plan: &Plan, outcome: Option<&Outcome>, dry_run: bool) -> CliResult {
    let heading = if dry_run {
        "dry run: nothing written"
    } else {
        "done"
    };
    outln!("{heading}")?;
    let done = outcome.cloned().unwrap_or_default();
    let rows = [
        ("created", plan.creates(), done.created),
        ("updated", plan.updates(), done.updated),
        ("deleted", plan.deletes(), done.deleted),
        (
            "linked",
            plan.action_count() - plan.writes(),
            done.linked + done.forgotten,
        ),
        ("conflicts", plan.conflicts.len(), 0),
        ("skipped", plan.skips.len(), 0),
    ];
    outln!("{:<10} {:>8} {:>8}", "", "planned", "done")?;
    for (name, planned, did) in rows {
        outln!("{name:<10} {planned:>8} {did:>8}")?;
    }
    for action in plan.actions() {
        let action = action.map_err(|e| CliError::Failed(format!("cannot show the plan: {e}")))?;
        outln!("  {action}")?;
    }
    for c in &plan.conflicts {
        outln!("  conflict {} ({}): {}", c.id.as_str(), c.side, c.reason)?;
    }
    for s in &plan.skips {
        outln!("  skip {} on {}: {}", s.id.as_str(), s.side, s.reason)?;
    }
    for f in &done.failed {
        outln!("  FAILED {}: {}", f.action, f.error)?;
    }
    Ok(())
}
