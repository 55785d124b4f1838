//! `contacts labels …`: label administration across contacts.

use super::guard;
use crate::args::{GlobalArgs, OutputFormat};
use crate::error::{CliError, CliResult};
use crate::provider;
use crate::vendor_args::LabelsCommand;
use contacts_core::{ContactId, ContactProvider};

fn dry_run_of(command: &LabelsCommand) -> bool {
    match command {
        LabelsCommand::List => false,
        LabelsCommand::Add { guard, .. } | LabelsCommand::Remove { guard, .. } => guard.dry_run,
        LabelsCommand::Delete { guard, .. } => guard.dry_run,
    }
}

fn ids(raw: &[String]) -> Vec<ContactId> {
    raw.iter().map(ContactId::new).collect()
}

/// Runs a `labels` subcommand.
pub async fn run(global: &GlobalArgs, command: &LabelsCommand, format: OutputFormat) -> CliResult {
    let provider = guard::view(provider::build(global)?, dry_run_of(command));
    let labels = guard::require(&*provider, provider.label_admin(), "label administration")?;
    match command {
        LabelsCommand::List => {
            for count in labels.label_counts().await? {
                match format {
                    OutputFormat::Json => crate::outln!(
                        "{}",
                        serde_json::to_string(&count)
                            .map_err(|e| CliError::Failed(e.to_string()))?
                    )?,
                    OutputFormat::Table => crate::outln!("{}\t{}", count.label, count.count)?,
                }
            }
        }
        LabelsCommand::Add {
            label,
            ids: raw,
            guard,
        } => {
            let plan = format!("would add label {label:?} to {} contacts", raw.len());
            if !guard::dry_run(&plan, guard.dry_run) {
                labels.add_label(label, &ids(raw)).await?;
                crate::outln!("added label {label:?} to {} contacts", raw.len())?;
            }
        }
        LabelsCommand::Remove {
            label,
            ids: raw,
            guard,
        } => {
            let plan = format!("would remove label {label:?} from {} contacts", raw.len());
            if !guard::dry_run(&plan, guard.dry_run) {
                labels.remove_label(label, &ids(raw)).await?;
                crate::outln!("removed label {label:?} from {} contacts", raw.len())?;
            }
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
