//! `get`, `create`, `update`, `replace`, `delete`.

use super::{card_file, preflight};
use crate::args::{GlobalArgs, OutputFormat, UpdateArgs, WriteArgs};
use crate::error::{CliError, CliResult};
use crate::output::{ContactPrinter, json, print_json_line, write_stdout};
use contacts_core::{
    Contact, ContactId, ContactPatch, ContactProvider, ContactProviderExt, GetOptions, NewContact,
};

fn print_one(contact: &Contact, format: OutputFormat) -> CliResult {
    let mut printer = ContactPrinter::new(std::io::stdout().lock(), format);
    printer.print(contact)?;
    printer.finish()
}

/// The document `--card`, `--set` and `--label` describe (the sets and labels land in the card
/// when there is one). An empty value stores nothing (the contract), so `--set phoneNumber=`
/// is refused rather than silently making a contact without a number.
fn document(args: &WriteArgs) -> CliResult<NewContact> {
    let mut doc = match &args.card {
        Some(path) => NewContact::from_card(card_file::read(path)?),
        None => NewContact::new(),
    };
    for (key, value) in &args.set {
        doc = doc.property(key.clone(), non_empty(key, value, "leave it out")?);
    }
    for label in &args.labels {
        doc = doc.label(label.clone());
    }
    Ok(doc)
}

/// `value`, or a usage error saying an empty value stores nothing and what to do instead.
fn non_empty<'a>(key: &str, value: &'a str, instead: &str) -> CliResult<&'a str> {
    if value.is_empty() {
        return Err(CliError::Usage(format!(
            "--set {key}= has an empty value, which stores nothing; {instead}"
        )));
    }
    Ok(value)
}

/// `get ID [--meta]`.
pub async fn get(
    provider: &dyn ContactProvider,
    id: &str,
    meta: bool,
    format: OutputFormat,
) -> CliResult {
    let options = GetOptions {
        include_metadata: meta,
    };
    let contact = provider.get(&ContactId::new(id), &options).await?;
    print_one(&contact, format)
}

/// `create --set KEY=VALUE… [--label L]…`, on the provider `global` configures.
pub async fn create(global: &GlobalArgs, args: &WriteArgs, format: OutputFormat) -> CliResult {
    let provider = preflight::open(global, args.dry_run)?;
    let doc = document(args)?;
    if preflight::dry_run(format!("would create {}", json(&doc)?), args.dry_run) {
        return Ok(());
    }
    let contact = provider.create_one(doc).await?;
    print_one(&contact, format)
}

/// `update ID …`, on the provider `global` configures.
pub async fn update(global: &GlobalArgs, args: &UpdateArgs, format: OutputFormat) -> CliResult {
    let provider = preflight::open(global, args.dry_run)?;
    let mut patch = ContactPatch::new();
    for (key, value) in &args.set {
        let value = non_empty(
            key,
            value,
            &format!("to remove the property, --unset {key}"),
        )?;
        patch = patch.set(key.clone(), value);
    }
    for key in &args.unset {
        if args.set.iter().any(|(k, _)| k == key) {
            return Err(CliError::Usage(format!("{key} is both --set and --unset")));
        }
        patch = patch.remove(key.clone());
    }
    for label in &args.add_labels {
        patch = patch.add_label(label.clone());
    }
    for label in &args.remove_labels {
        patch = patch.remove_label(label.clone());
    }
    if patch.is_empty() {
        return Err(CliError::Usage(
            "nothing to change: give --set, --unset, --add-label or --remove-label".into(),
        ));
    }
    let plan = format!("would update {} with {}", args.id, json(&patch)?);
    if preflight::dry_run(&plan, args.dry_run) {
        return Ok(());
    }
    let contact = provider.update(&ContactId::new(&args.id), &patch).await?;
    print_one(&contact, format)
}

/// `replace ID --set KEY=VALUE… [--label L]…`, on the provider `global` configures.
pub async fn replace(
    global: &GlobalArgs,
    id: &str,
    args: &WriteArgs,
    format: OutputFormat,
) -> CliResult {
    let provider = preflight::open(global, args.dry_run)?;
    let doc = document(args)?;
    if preflight::dry_run(
        format!("would replace {id} with {}", json(&doc)?),
        args.dry_run,
    ) {
        return Ok(());
    }
    let contact = provider.replace(&ContactId::new(id), &doc).await?;
    print_one(&contact, format)
}

/// The line saying the contact `id` was deleted: `deleted ID`, or `{"deleted":"ID"}` with
/// `--output json` (what every delete prints, by id or by filter).
pub(super) fn print_deleted(id: &ContactId, format: OutputFormat) -> CliResult {
    match format {
        OutputFormat::Json => print_json_line(&serde_json::json!({ "deleted": id.as_str() })),
        OutputFormat::Table => write_stdout(&format!("deleted {id}\n")),
    }
}

/// `delete ID…`: deletes each, reports each failure, fails if any failed. Prints `deleted ID`
/// lines, or `{"deleted":"ID"}` objects with `--output json`.
pub async fn delete(
    provider: &dyn ContactProvider,
    ids: &[String],
    quiet: bool,
    format: OutputFormat,
) -> CliResult {
    let ids: Vec<ContactId> = ids.iter().map(ContactId::new).collect();
    let report = provider.delete_many(&ids, 4).await;
    if !quiet {
        for id in &report.deleted {
            print_deleted(id, format)?;
        }
    }
    match report.failed.as_slice() {
        [] => Ok(()),
        [(id, err)] if report.deleted.is_empty() => Err(CliError::Failed(format!("{id}: {err}"))),
        failed => {
            for (id, err) in failed {
                eprintln!("error: {id}: {err}");
            }
            Err(CliError::Failed(format!(
                "{} of {} deletes failed",
                failed.len(),
                ids.len()
            )))
        }
    }
}
