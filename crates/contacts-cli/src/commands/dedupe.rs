//! `contacts dedupe [PROVIDER]`: find the contacts of one provider that are the same person,
//! show the merge planned for each group, and merge only with `--yes`.
//!
//! Without `--yes` nothing is written: on a terminal the plan is shown as a dry run; elsewhere
//! (a script, a pipe) the plan is shown and the command stops with exit code 2, as an unconfirmed
//! delete does, so a forgotten flag is noticed.
//!
//! What `--yes` merged is recorded in every sync state file that involves this store (those in
//! the default sync directory, and each `--state FILE`), so a later sync does not bring a
//! merged-away contact back from the other side.

use super::preflight;
use super::sync::LOCAL;
use crate::args::{DedupeArgs, GlobalArgs, OutputFormat};
use crate::error::{CliError, CliResult};
use crate::output::count;
use crate::profile::resolve::{Resolved, resolve};
use crate::provider;
use contacts_core::ContactProvider;
use contacts_phone::Region;
use contacts_sync::dedupe::{self, Applied, ApplyOptions, DedupeOptions, DedupePlan};
use contacts_sync::{State, SyncError};
use std::path::{Path, PathBuf};

/// Runs the command.
pub async fn run(raw: &GlobalArgs, args: &DedupeArgs) -> CliResult {
    let writes = args.yes && !args.dry_run;
    if writes {
        given_states_exist(&args.state)?;
    }
    let (provider, region) = open(raw, args.provider.as_deref(), writes)?;
    let provider = preflight::view(provider, !writes);
    let options = DedupeOptions {
        region: args.region.or(region),
    };
    let plan = dedupe::plan(&*provider, &options).await?;
    if !writes {
        print(raw.output, &plan, None, true)?;
        if args.dry_run || plan.groups.is_empty() {
            return Ok(());
        }
        if preflight::interactive() {
            if !raw.quiet {
                eprintln!("dry run: nothing was changed; pass --yes to merge as shown");
            }
            return Ok(());
        }
        return Err(preflight::not_confirmed("merge"));
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
    let recorded = record(raw, args, provider.store_identity(), &applied);
    match (outcome(&applied), recorded) {
        (Err(e), Err(unrecorded)) => {
            eprintln!("error: {unrecorded}");
            Err(e)
        }
        (Err(e), Ok(())) => Err(e),
        (Ok(()), recorded) => recorded,
    }
}

/// Refuses, before anything is written, a `--state FILE` that does not exist: a mistyped path
/// would otherwise leave the merges unrecorded where the user meant them to be.
fn given_states_exist(paths: &[PathBuf]) -> CliResult {
    match paths.iter().find(|p| !p.is_file()) {
        Some(path) => Err(CliError::Usage(format!(
            "no sync state file at {} (--state names the file a sync keeps its state in); \
             nothing was changed",
            path.display()
        ))),
        None => Ok(()),
    }
}

/// Records the merges of `applied` in every sync state file that involves the store of
/// `identity`: the `.db` files of the default sync directory and `--state FILE`s. Says how
/// many took records; a file that cannot be read or written is named, and makes the run fail
/// (exit code 1) once everything else is done.
fn record(
    raw: &GlobalArgs,
    args: &DedupeArgs,
    identity: Option<String>,
    applied: &Applied,
) -> CliResult {
    if applied.merges.is_empty() {
        return Ok(());
    }
    let Some(identity) = identity else {
        if !raw.quiet {
            eprintln!(
                "note: this store reports no identity, so no sync state records the merges; \
                 a sync may bring merged-away contacts back from the other side"
            );
        }
        return Ok(());
    };
    let (mut took, mut failed) = (0, Vec::new());
    for path in state_files(&args.state) {
        match record_in(&path, &identity, applied, raw.quiet) {
            Ok(0) => {}
            Ok(_) => took += 1,
            Err(e) => failed.push(format!("{}: {e}", path.display())),
        }
    }
    if !raw.quiet {
        eprintln!(
            "recorded the merges in {}",
            count(took, "sync state file", "sync state files")
        );
    }
    if failed.is_empty() {
        return Ok(());
    }
    Err(CliError::Failed(format!(
        "the contacts were merged, but the merges could not be recorded in {}: {}; a sync \
         with those files may bring merged-away contacts back (fix the file, or delete them \
         on the other side)",
        count(failed.len(), "sync state file", "sync state files"),
        failed.join("; ")
    )))
}

/// Records in the state file at `path` (waiting for a sync using it to finish); how many
/// merges it took (none: the file does not involve this store).
fn record_in(
    path: &Path,
    identity: &str,
    applied: &Applied,
    quiet: bool,
) -> Result<usize, SyncError> {
    let state = State::open_with(path, None, &mut |p| {
        if !quiet {
            eprintln!("a sync is using {}; waiting for it to finish…", p.display());
        }
    })?;
    state.record_merges(identity, &applied.merges)
}

/// The state files to record in: `given`, then every `*.db` file of the default sync
/// directory (`$XDG_DATA_HOME/contacts/sync`, where `contacts sync` keeps them), each once.
fn state_files(given: &[PathBuf]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = given.to_vec();
    let dir = dirs::data_dir().map(|d| d.join("contacts").join("sync"));
    if let Some(entries) = dir.and_then(|d| std::fs::read_dir(d).ok()) {
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "db") && p.is_file())
            .collect();
        found.sort();
        files.extend(found);
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    files
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
