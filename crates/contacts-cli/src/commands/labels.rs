//! `contacts labels …`: label administration across contacts.

use super::guard;
use crate::args::{GlobalArgs, OutputFormat};
use crate::error::CliResult;
use crate::output::print_record;
use crate::vendor_args::LabelsCommand;
use contacts_core::optional::LabelAdmin;
use contacts_core::{ContactId, ContactProvider};

fn dry_run_of(command: &LabelsCommand) -> bool {
    match command {
        LabelsCommand::List => false,
        LabelsCommand::Add { guard, .. } | LabelsCommand::Remove { guard, .. } => guard.dry_run,
        LabelsCommand::Delete { guard, .. } => guard.dry_run,
    }
}

/// Whether `labels add` or `labels remove` runs: one path serves both.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Add,
    Remove,
}

/// Puts `label` on (or takes it off) the contacts `raw` names, after the dry-run guard.
async fn relabel(
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
    let n = raw.len();
    let plan = format!("would {verb} label {label:?} {preposition} {n} contacts");
    if guard::dry_run(&plan, dry_run) {
        return Ok(());
    }
    let ids: Vec<ContactId> = raw.iter().map(ContactId::new).collect();
    match direction {
        Direction::Add => labels.add_label(label, &ids).await?,
        Direction::Remove => labels.remove_label(label, &ids).await?,
    }
    crate::outln!("{done} label {label:?} {preposition} {n} contacts")
}

/// Runs a `labels` subcommand.
pub async fn run(global: &GlobalArgs, command: &LabelsCommand, format: OutputFormat) -> CliResult {
    let provider = guard::open(global, dry_run_of(command))?;
    let labels = guard::require(&*provider, provider.label_admin(), "label administration")?;
    match command {
        LabelsCommand::List => {
            for count in labels.label_counts().await? {
                print_record(&count, format, |count| {
                    crate::outln!("{}\t{}", count.label, count.count)
                })?;
            }
        }
        LabelsCommand::Add { label, ids, guard } => {
            relabel(labels, Direction::Add, label, ids, guard.dry_run).await?;
        }
        LabelsCommand::Remove { label, ids, guard } => {
            relabel(labels, Direction::Remove, label, ids, guard.dry_run).await?;
        }
        LabelsCommand::Delete { label, guard } => {
            let counts = labels.label_counts().await?;
            let count = counts
                .iter()
                .find(|c| &c.label == label)
                .map_or(0, |c| c.count);
            let plan = format!(
                "would remove label {label:?} from the {count} contacts carrying it \
                 (the contacts stay)"
            );
            if guard::dry_run(&plan, guard.dry_run) {
                return Ok(());
            }
            guard::confirm(&plan, guard.yes)?;
            labels.delete_label(label).await?;
            crate::outln!("deleted label {label:?} from {count} contacts")?;
        }
    }
    Ok(())
}
