//! What `contacts sync` prints: a summary table, or one JSON object with the plan and outcome.

use crate::args::OutputFormat;
use crate::error::CliResult;
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
            let value = serde_json::json!({ "dryRun": dry_run, "plan": plan, "outcome": outcome });
            crate::output::print_json_line(&value)
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
            plan.actions.len() - plan.writes(),
            done.linked + done.forgotten,
        ),
        ("conflicts", plan.conflicts.len(), 0),
        ("skipped", plan.skips.len(), 0),
    ];
    outln!("{:<10} {:>8} {:>8}", "", "planned", "done")?;
    for (name, planned, did) in rows {
        outln!("{name:<10} {planned:>8} {did:>8}")?;
    }
    for action in &plan.actions {
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
