//! `contacts delete --label/--where/--all`: deleting by filter, shown first and confirmed.

use super::preflight::{self, Plan};
use crate::args::OutputFormat;
use crate::args::{DeleteArgs, GlobalArgs};
use crate::error::{CliError, CliResult};
use crate::output::count;
use contacts_core::{ContactId, ContactProvider, ContactProviderExt, ContactQuery, DeleteTarget};
use futures::TryStreamExt;

/// The target the flags describe; `--all` is the explicit "everything".
fn target(args: &DeleteArgs) -> DeleteTarget {
    if args.all {
        return DeleteTarget::EveryContact;
    }
    DeleteTarget::Matching(super::list::filter(&args.labels, &args.filters))
}

/// Runs `delete`: by id, or by filter. Deleting more than one contact is shown first (which
/// ones) and needs `--yes` or a typed `yes` on a terminal, however the contacts were named.
pub async fn command(global: &GlobalArgs, args: &DeleteArgs) -> CliResult {
    let provider = preflight::open(global, args.preflight.dry_run)?;
    if args.ids.is_empty() {
        return run(&*provider, args, global.quiet).await;
    }
    // Several ids are looked up first, so the plan names the people and a dry run fails on an
    // id the real run would not find; one id is simply deleted (or not found).
    let items = if args.ids.len() > 1 || args.preflight.dry_run {
        let ids: Vec<ContactId> = args.ids.iter().map(ContactId::new).collect();
        preflight::existing(&*provider, &ids)
            .await?
            .iter()
            .map(preflight::describe)
            .collect()
    } else {
        args.ids.clone()
    };
    let plan = Plan::new(format!(
        "would delete {}",
        count(args.ids.len(), "contact", "contacts")
    ))
    .with_items(items);
    if preflight::dry_run(plan.clone(), args.preflight.dry_run) {
        return Ok(());
    }
    if args.ids.len() > 1 {
        preflight::confirm(plan, args.preflight.yes)?;
    }
    super::crud::delete(&*provider, &args.ids, global.quiet, global.output).await
}

/// Lists what the target would remove, prints the plan with each contact, and deletes only
/// when confirmed.
pub async fn run(provider: &dyn ContactProvider, args: &DeleteArgs, quiet: bool) -> CliResult {
    if !provider.capabilities().mass_delete {
        return Err(preflight::unsupported(provider, "mass delete"));
    }
    let target = target(args);
    let query = ContactQuery::new().filter(target.filter().cloned().unwrap_or_default());
    let doomed: Vec<_> = provider.list(query.clone()).try_collect().await?;
    let what = if args.all {
        "every contact".to_owned()
    } else {
        "the contacts matching the filter".to_owned()
    };
    let plan = Plan::new(format!(
        "would delete {} ({what})",
        count(doomed.len(), "contact", "contacts")
    ))
    .with_items(doomed.iter().map(preflight::describe).collect());
    if preflight::dry_run(plan.clone(), args.preflight.dry_run) {
        return Ok(());
    }
    preflight::confirm(plan, args.preflight.yes)?;
    // What matches now must be what was shown: a contact that came to match while the person
    // read the plan was not agreed to.
    let now: Vec<_> = provider.list(query).try_collect().await?;
    let ids = |list: &[contacts_core::Contact]| {
        list.iter()
            .map(|c| c.id.clone())
            .collect::<std::collections::BTreeSet<_>>()
    };
    if ids(&now) != ids(&doomed) {
        return Err(CliError::Failed(format!(
            "the contacts matching changed since the plan was shown ({} then, {} now); nothing \
             was deleted. Run the command again to see the new plan",
            doomed.len(),
            now.len()
        )));
    }
    let deleted = provider.delete_matching(&target).await?;
    if quiet {
        return Ok(());
    }
    // The same lines as a delete by id: one `{"deleted":ID}` per contact.
    if crate::output::format() == OutputFormat::Json {
        for contact in &deleted {
            super::crud::print_deleted(&contact.id, OutputFormat::Json)?;
        }
        return Ok(());
    }
    crate::outln!("deleted {}", count(deleted.len(), "contact", "contacts"))
}
