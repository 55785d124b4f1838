//! `contacts dedupe [PROVIDER]`: find the contacts of one provider that are the same person,
//! show the merge planned for each group, and merge only with `--yes`.
//!
//! Without `--yes` nothing is written: on a terminal the plan is shown as a dry run; elsewhere
//! (a script, a pipe) the plan is shown and the command stops with exit code 2, as a guarded
//! delete does, so a forgotten flag is noticed.

use super::guard;
use super::sync::LOCAL;
use crate::args::{DedupeArgs, GlobalArgs, OutputFormat};
use crate::error::{CliError, CliResult};
use crate::output::count;
use crate::profile::resolve::{Resolved, resolve};
use crate::provider;
use contacts_core::ContactProvider;
use contacts_phone::Region;
use contacts_sync::dedupe::{self, Applied, ApplyOptions, DedupeOptions, DedupePlan};
use std::io::IsTerminal;

/// Runs the command.
pub async fn run(raw: &GlobalArgs, args: &DedupeArgs) -> CliResult {
    let writes = args.yes && !args.dry_run;
    let (provider, region) = open(raw, args.provider.as_deref(), writes)?;
    let provider = guard::view(provider, !writes);
    let options = DedupeOptions {
        region: args.region.or(region),
    };
    let plan = dedupe::plan(&*provider, &options).await?;
    if !writes {
        print(raw.output, &plan, None, true)?;
        let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
        if args.dry_run || plan.groups.is_empty() {
            return Ok(());
        }
        if terminal {
            if !raw.quiet {
                eprintln!("dry run: nothing was changed; pass --yes to merge as shown");
            }
            return Ok(());
        }
        return Err(CliError::Usage(
            "not confirmed: pass --yes to merge (or --dry-run to only see the plan); nothing \
             was changed"
                .into(),
        ));
    }
    let applied = dedupe::apply(
        &*provider,
        &plan,
        &ApplyOptions {
            allow_loss: args.allow_loss,
        },
    )
    .await;
    print(raw.output, &plan, Some(&applied), false)?;
    outcome(&applied)
}

/// The exit: 1 when a group failed, 3 when groups were left for a person (values that would be
/// lost, or contacts changed since the plan), else 0.
fn outcome(applied: &Applied) -> CliResult {
    if !applied.failed.is_empty() {
        return Err(CliError::Failed(format!(
            "{} failed (listed above); the others were merged. Run dedupe again to see what \
             is left",
            count(applied.failed.len(), "group", "groups")
        )));
    }
    if !applied.left.is_empty() {
        return Err(CliError::Unresolved(format!(
            "{} left as they are (listed above): merging would lose the values listed as \
             `not kept` (merge those by hand, or pass --allow-loss), or a contact changed \
             since the plan (run again)",
            count(applied.left.len(), "group was", "groups were")
        )));
    }
    Ok(())
}

/// The provider: a profile by name, `local`, or (none given) what the global options name,
/// as every other command; with its region. A run that only reads never creates a store.
fn open(
    raw: &GlobalArgs,
    name: Option<&str>,
    writes: bool,
) -> CliResult<(Box<dyn ContactProvider>, Option<Region>)> {
    let resolved: Resolved = match name {
        None => resolve(raw)?,
        Some(name) => {
            let mut global = raw.clone();
            // The profile alone names the provider: flags naming another cannot apply to it.
            // The local store's file (`--db`, `CONTACTS_DB`) names only `local`.
            global.provider = None;
            global.base_url = None;
            global.api_key = None;
            global.address_book = None;
            if name == LOCAL {
                global.profile = None;
                Resolved::without_profile(&global)
            } else {
                global.db = None;
                global.profile = Some(name.to_owned());
                resolve(&global)?
            }
        }
    };
    let provider = match writes {
        true => provider::build_writable(&resolved.global)?,
        false => provider::build(&resolved.global)?,
    };
    Ok((provider, resolved.region))
}

/// Prints the plan (and what was done, after a run): text, or one JSON object
/// `{"dryRun":…,"plan":{…},"outcome":{…}|null}` with `--output json`.
fn print(
    format: OutputFormat,
    plan: &DedupePlan,
    outcome: Option<&Applied>,
    dry_run: bool,
) -> CliResult {
    if format == OutputFormat::Json {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Report<'a> {
            dry_run: bool,
            plan: &'a DedupePlan,
            outcome: Option<&'a Applied>,
        }
        return crate::output::write_json_line(&Report {
            dry_run,
            plan,
            outcome,
        });
    }
    let prefix = if dry_run { "dry run: " } else { "" };
    let mut text = format!("{prefix}{plan}");
    if let Some(applied) = outcome {
        text.push_str(&applied.to_string());
    }
    crate::output::write_stdout(&text)
}
