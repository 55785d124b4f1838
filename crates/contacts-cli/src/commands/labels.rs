//! `contacts labels …`: label administration across contacts.

use super::preflight::{self, Plan};
use crate::args::{GlobalArgs, OutputFormat};
use crate::error::CliResult;
use crate::output::{count, print_record, say};
use crate::vendor_args::LabelsCommand;
use contacts_core::optional::LabelAdmin;
use contacts_core::{ContactId, ContactProvider};

/// Whether `labels add` or `labels remove` runs: one path serves both.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Add,
    Remove,
}

/// Puts `label` on (or takes it off) the contacts `raw` names, after the dry-run check. Every
/// id is looked up first, in a dry run too: a vendor may ignore an id it does not know, and
/// "added to 1 contact" must mean one contact carries the label now.
async fn relabel(
    provider: &dyn ContactProvider,
    labels: &dyn LabelAdmin,
    direction: Direction,
    label: &str,
    raw: &[String],
    dry_run: bool,
) -> CliResult {
    let (verb, done, preposition) = match direction {
        Direction::Add => ("add", "added", "to"),
        Direction::Remove => ("remove", "removed", "from"),
    };
    let ids: Vec<ContactId> = raw.iter().map(ContactId::new).collect();
    let found = preflight::existing(provider, &ids).await?;
    let n = count(ids.len(), "contact", "contacts");
    let plan = Plan::new(format!("would {verb} label {label:?} {preposition} {n}"))
        .with_items(found.iter().map(preflight::describe).collect());
    if preflight::dry_run(plan, dry_run) {
        return Ok(());
    }
    match direction {
        Direction::Add => labels.add_label(label, &ids).await?,
        Direction::Remove => labels.remove_label(label, &ids).await?,
    }
    say(
        &format!("{done} label {label:?} {preposition} {n}"),
        serde_json::json!({ verb: label, "ids": raw }),
    )
}

/// Runs a `labels` subcommand.
pub async fn run(global: &GlobalArgs, command: &LabelsCommand, format: OutputFormat) -> CliResult {
    let provider = preflight::open(global, command.dry_run())?;
    let labels = preflight::require(&*provider, provider.label_admin(), "label administration")?;
    match command {
        LabelsCommand::List => {
            for count in labels.label_counts().await? {
                print_record(&count, format, |count| {
                    crate::outln!("{}\t{}", count.label, count.count)
                })?;
            }
        }
        LabelsCommand::Add {
            label,
            ids,
            preflight,
        }
        | LabelsCommand::Remove {
            label,
            ids,
            preflight,
        } => {
            let direction = match command {
                LabelsCommand::Add { .. } => Direction::Add,
                _ => Direction::Remove,
            };
            relabel(&*provider, labels, direction, label, ids, preflight.dry_run).await?;
        }
        LabelsCommand::Delete { label, preflight } => {
            let counts = labels.label_counts().await?;
            let carrying = counts
                .iter()
                .find(|c| &c.label == label)
                .map_or(0, |c| c.count);
            let n = count(
                usize::try_from(carrying).unwrap_or(usize::MAX),
                "contact",
                "contacts",
            );
            let plan = format!(
                "would remove label {label:?} from the {n} carrying it (the contacts stay)"
            );
            if preflight::dry_run(&plan, preflight.dry_run) {
                return Ok(());
            }
            preflight::confirm(&plan, preflight.yes)?;
            labels.delete_label(label).await?;
            say(
                &format!("deleted label {label:?} from {n}"),
                serde_json::json!({ "deleted": label, "contacts": carrying }),
            )?;
        }
    }
    Ok(())
}
