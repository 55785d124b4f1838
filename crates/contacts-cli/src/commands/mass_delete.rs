//! `contacts delete --label/--where/--all`: deleting by filter, shown first and guarded.

use super::guard;
use crate::args::{DeleteArgs, GlobalArgs};
use crate::error::CliResult;
use contacts_core::{
    ContactFilter, ContactProvider, ContactProviderExt, ContactQuery, DeleteTarget,
};
use futures::TryStreamExt;

/// The target the flags describe; `--all` is the explicit "everything".
fn target(args: &DeleteArgs) -> DeleteTarget {
    if args.all {
        return DeleteTarget::EveryContact;
    }
    let mut filter = ContactFilter::new();
    for label in &args.labels {
        filter = filter.label(label.clone());
    }
    for (key, value) in &args.filters {
        filter = filter.property(key.clone(), value.clone());
    }
    DeleteTarget::Matching(filter)
}

/// Runs `delete`: by id as before (a dry run only prints the ids), or by filter.
pub async fn command(global: &GlobalArgs, args: &DeleteArgs) -> CliResult {
    let provider = guard::open(global, args.guard.dry_run)?;
    if args.ids.is_empty() {
        return run(&*provider, args, global.quiet).await;
    }
    let plan = format!(
        "would delete {} contacts: {}",
        args.ids.len(),
        args.ids.join(", ")
    );
    if guard::dry_run(&plan, args.guard.dry_run) {
        return Ok(());
    }
    super::crud::delete(&*provider, &args.ids, global.quiet, global.output).await
}

/// Counts what the target would remove, prints the plan, and deletes only when confirmed.
pub async fn run(provider: &dyn ContactProvider, args: &DeleteArgs, quiet: bool) -> CliResult {
    if !provider.capabilities().mass_delete {
        return Err(guard::unsupported(provider, "mass delete"));
    }
    let target = target(args);
    let query = ContactQuery::new().filter(target.filter().cloned().unwrap_or_default());
    let doomed: Vec<_> = provider.list(query).try_collect().await?;
    let what = if args.all {
        "every contact".to_owned()
    } else {
        "the contacts matching the filter".to_owned()
    };
    let plan = format!("would delete {} contacts ({what})", doomed.len());
    if guard::dry_run(&plan, args.guard.dry_run) {
        return Ok(());
    }
    guard::confirm(&plan, args.guard.yes)?;
    let deleted = provider.delete_matching(&target).await?;
    if !quiet {
        crate::outln!("deleted {} contacts", deleted.len())?;
    }
    Ok(())
}
