//! `contacts sync SOURCE TARGET`: plan, show, and (unless a dry run) execute a sync between two
//! profiles or the local store, with the state in one file per pair.

use super::preflight;
use super::sync_ask;
use super::sync_conflicts::{self, ConflictFile};
use super::sync_report;
use crate::args::{
    ConflictArg, GlobalArgs, PhotosArg, SyncArgs, SyncCommand, SyncResolveArgs, TakeArg,
};
use crate::error::{CliError, CliResult};
use crate::output::count;
use crate::profile::resolve::{Resolved, resolve};
use crate::provider;
use contacts_core::ContactProvider;
use contacts_phone::Region;
use contacts_sync::{
    ConflictPolicy, Consent, KeyMap, LabelMap, Mode, PhotoPolicy, Side, State, SyncError,
    SyncOptions,
};
use std::path::PathBuf;

/// The name that stands for the local store instead of a profile.
pub const LOCAL: &str = "local";

/// Runs the command.
pub async fn run(raw: &GlobalArgs, args: &SyncArgs) -> CliResult {
    if let Some(SyncCommand::Resolve(resolve)) = &args.command {
        return record_choices(resolve);
    }
    let (source_name, target_name) = names(args)?;
    let (source, source_region) = side(raw, source_name)?;
    let (target, target_region) = side(raw, target_name)?;
    let (source, target) = (
        preflight::view(source, args.dry_run),
        preflight::view(target, args.dry_run),
    );
    let mut options = options(args, source_region, target_region)?;
    let file = match &args.resolutions {
        Some(path) => {
            let file = ConflictFile::read(path)?;
            file.check_sides(path, source_name, target_name)?;
            options.resolutions = file.resolutions();
            Some(file)
        }
        None => None,
    };
    let (state, _copy) = open_state(raw, args)?;
    state.bind(source_name, target_name).map_err(sync_error)?;
    let sides = Sides {
        source: &*source,
        target: &*target,
        state: &state,
    };
    let plan = planned(&sides, &mut options, args, file.as_ref(), raw.quiet).await?;
    if let Some(path) = &args.conflicts_to {
        ConflictFile::from_conflicts(source_name, target_name, &plan.conflicts).write(path)?;
    }
    if args.dry_run {
        sync_report::print(raw.output, &plan, None, true)?;
        // Refused as the real run would be, so a dry run that passes means the run will.
        return contacts_sync::check_deletes(&plan, &options).map_err(sync_error);
    }
    let bar = crate::progress::bar(raw.quiet, plan.action_count() as u64, "steps");
    let mut on_progress = |p: contacts_sync::Progress<'_>| bar.set_position(p.done as u64);
    options.stop = Some(stop_on_ctrl_c());
    let outcome = contacts_sync::execute(
        &plan,
        &*source,
        &*target,
        &state,
        &options,
        &mut on_progress,
    )
    .await;
    bar.finish_and_clear();
    let outcome = outcome.map_err(sync_error)?;
    sync_report::print(raw.output, &plan, Some(&outcome), false)?;
    exit(&plan, &outcome)
}

/// The exit: interrupted, writes refused, conflicts left, or success.
fn exit(plan: &contacts_sync::Plan, outcome: &contacts_sync::Outcome) -> CliResult {
    if outcome.stopped {
        return Err(CliError::Interrupted(
            "stopped by Ctrl-C after the step in flight; everything written so far is \
             recorded in the sync state. Run the same command again to do the rest"
                .into(),
        ));
    }
    match (outcome.failed.len(), plan.conflicts.len()) {
        (0, 0) => Ok(()),
        (0, n) => Err(CliError::Unresolved(format!(
            "{} left unresolved (listed above); the rest was synced. Choose a side with \
             --conflict source-wins or target-wins, field by field with --conflict ask (on a \
             terminal) or --conflicts-to FILE and --resolutions FILE, or make the two \
             contacts agree",
            count(n, "conflict was", "conflicts were")
        ))),
        (n, _) => Err(CliError::Failed(format!(
            "{} refused for their contact (listed above); the rest was synced. Fix those \
             contacts and run again",
            count(n, "write was", "writes were")
        ))),
    }
}

/// SOURCE and TARGET, which clap requires unless a subcommand is given.
fn names(args: &SyncArgs) -> CliResult<(&str, &str)> {
    let (Some(source), Some(target)) = (args.source.as_deref(), args.target.as_deref()) else {
        return Err(CliError::Usage(
            "sync needs a SOURCE and a TARGET (profile names, or `local`)".into(),
        ));
    };
    if source == target {
        return Err(CliError::Usage(format!(
            "cannot sync {source:?} with itself: give two different profiles (or `local`)"
        )));
    }
    if !args.two_way {
        let two_way_only = [
            (args.conflict == ConflictArg::Ask, "--conflict ask"),
            (args.resolutions.is_some(), "--resolutions"),
        ];
        if let Some((_, flag)) = two_way_only.iter().find(|(given, _)| *given) {
            return Err(CliError::Usage(format!(
                "{flag} resolves conflicts of a two-way sync: add --two-way"
            )));
        }
    }
    if args.conflict == ConflictArg::Ask && !args.dry_run {
        sync_ask::check_terminal()?;
    }
    Ok((source, target))
}

/// The two providers and the state of a run.
struct Sides<'a> {
    source: &'a dyn ContactProvider,
    target: &'a dyn ContactProvider,
    state: &'a State,
}

/// The plan, with the choices of the resolutions file (those made for values that changed
/// since are dropped, with a warning) and, with `--conflict ask`, the person's.
async fn planned(
    sides: &Sides<'_>,
    options: &mut SyncOptions,
    args: &SyncArgs,
    file: Option<&ConflictFile>,
    quiet: bool,
) -> CliResult<contacts_sync::Plan> {
    let plan_now = async |options: &SyncOptions| {
        contacts_sync::plan(sides.source, sides.target, sides.state, options)
            .await
            .map_err(sync_error)
    };
    let mut plan = plan_now(options).await?;
    if let Some(file) = file {
        let stale = sync_conflicts::stale(&plan, file)?;
        if !stale.is_empty() {
            for (id, field) in &stale {
                eprintln!(
                    "warning: not applying the choice for {field} of contact {}: a side \
                     changed it since the conflicts file was written (left in conflict)",
                    id.as_str()
                );
            }
            options.resolutions.retain(|r| {
                !stale
                    .iter()
                    .any(|(id, f)| *id == r.source_id && *f == r.field)
            });
            plan = plan_now(options).await?;
        }
    }
    if args.conflict == ConflictArg::Ask && !plan.conflicts.is_empty() {
        if args.dry_run && sync_ask::check_terminal().is_err() {
            return Ok(plan);
        }
        let chosen = sync_ask::ask_terminal(&plan.conflicts)?;
        if !chosen.is_empty() {
            options.resolutions.extend(chosen);
            plan = plan_now(options).await?;
        } else if !quiet {
            eprintln!("no field chosen: the conflicts stay as they are");
        }
    }
    Ok(plan)
}

/// `sync resolve FILE --take SIDE [--field F] [--pair ID]`.
fn record_choices(args: &SyncResolveArgs) -> CliResult {
    let mut file = ConflictFile::read(&args.file)?;
    let take = match args.take {
        TakeArg::Source => Side::Source,
        TakeArg::Target => Side::Target,
    };
    let matched = file.choose(take, args.field.as_deref(), args.pair.as_deref());
    if matched == 0 {
        let fields: std::collections::BTreeSet<&str> =
            file.conflicts.iter().map(|c| c.field.as_str()).collect();
        let fields: Vec<&str> = fields.into_iter().collect();
        return Err(CliError::Usage(format!(
            "no conflict in {} fits{}{}; it holds {} (fields: {})",
            args.file.display(),
            args.field
                .as_ref()
                .map_or(String::new(), |f| format!(" --field {f}")),
            args.pair
                .as_ref()
                .map_or(String::new(), |p| format!(" --pair {p}")),
            count(file.conflicts.len(), "conflict", "conflicts"),
            if fields.is_empty() {
                "none".to_owned()
            } else {
                fields.join(", ")
            }
        )));
    }
    file.write(&args.file)?;
    let open = file.conflicts.iter().filter(|c| c.take.is_none()).count();
    crate::output::say(
        &format!(
            "{} set to take the {take}'s value; {} left to choose. Apply with: contacts sync \
             {} {} --two-way --resolutions {}",
            count(matched, "conflict", "conflicts"),
            open,
            file.source,
            file.target,
            args.file.display()
        ),
        serde_json::json!({"chosen": matched, "open": open, "take": take}),
    )
}

/// One side: the local store, or a profile's provider, with the profile's region.
fn side(raw: &GlobalArgs, name: &str) -> CliResult<(Box<dyn ContactProvider>, Option<Region>)> {
    let mut global = raw.clone();
    // Each side is its profile alone: flags naming one provider cannot apply to both. The
    // local store's file (`--db`, `CONTACTS_DB`) names only `local`, so it stays for that side.
    global.provider = None;
    global.base_url = None;
    global.api_key = None;
    global.address_book = None;
    if name != LOCAL {
        global.db = None;
    }
    global.profile = (name != LOCAL).then(|| name.to_owned());
    let resolved: Resolved = if name == LOCAL {
        Resolved::without_profile(&global)
    } else {
        resolve(&global)?
    };
    Ok((provider::build_writable(&resolved.global)?, resolved.region))
}

fn options(
    args: &SyncArgs,
    source_region: Option<Region>,
    target_region: Option<Region>,
) -> CliResult<SyncOptions> {
    let mut key_map = KeyMap::new();
    for (from, to) in &args.maps {
        key_map = key_map.with(from.clone(), to.clone()).map_err(sync_error)?;
    }
    let mut labels = LabelMap::new();
    for (from, to) in &args.label_maps {
        labels = labels.with(from.clone(), to.clone()).map_err(sync_error)?;
    }
    if let Some(book) = &args.label_book {
        labels = labels.with_book(book.clone()).map_err(sync_error)?;
    }
    let key_map = key_map.with_labels(labels);
    Ok(SyncOptions {
        mode: if args.two_way {
            Mode::TwoWay
        } else {
            Mode::OneWay
        },
        delete: args.delete,
        conflict: match args.conflict {
            ConflictArg::SourceWins => ConflictPolicy::SourceWins,
            ConflictArg::TargetWins => ConflictPolicy::TargetWins,
            // Asked about after planning: the plan lists them first.
            ConflictArg::Skip | ConflictArg::Ask => ConflictPolicy::Skip,
        },
        key_map,
        source_region: args.region.or(source_region),
        target_region: args.region.or(target_region),
        allow_empty: args.allow_empty,
        allow_mass_loss: args.allow_mass_loss,
        delete_threshold: args.delete_threshold,
        allow_deletes: args.allow_deletes,
        rebind_stores: args.rebind_stores,
        max_card_bytes: args.max_card_bytes,
        photos: match args.photos {
            PhotosArg::Keep => PhotoPolicy::Keep,
            PhotosArg::Drop => PhotoPolicy::Drop,
            PhotosArg::Link => PhotoPolicy::Link,
        },
        ..SyncOptions::default()
    })
}

/// A flag Ctrl-C sets, so the run stops between two steps with everything recorded; a second
/// Ctrl-C ends the process at once (the next run still finds what landed, from its intents).
fn stop_on_ctrl_c() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let set = flag.clone();
    crate::interrupt::on_ctrl_c("stopping after the step in flight", move || {
        set.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    flag
}

/// The state file at `path`, after any other sync using it has finished: one run per state file
/// at a time, the second told on stderr that it waits.
fn open_waiting(path: &std::path::Path, quiet: bool) -> CliResult<State> {
    State::open_with(path, None, &mut |p| {
        if !quiet {
            eprintln!(
                "another sync is using {}; waiting for it to finish…",
                p.display()
            );
        }
    })
    .map_err(sync_error)
}

/// The state file: `--state`, else `contacts/sync/SOURCE--TARGET.db` in the data directory. A
/// dry run reads a copy, so not even a migration touches the real file.
fn open_state(raw: &GlobalArgs, args: &SyncArgs) -> CliResult<(State, Option<tempfile::TempDir>)> {
    let path = match &args.state {
        Some(path) => path.clone(),
        None => {
            let (source, target) = names(args)?;
            default_state_path(source, target)?
        }
    };
    if args.dry_run {
        if !path.exists() {
            return Ok((State::in_memory().map_err(sync_error)?, None));
        }
        let dir = tempfile::tempdir().map_err(|e| CliError::io("temporary directory", e))?;
        let state = State::snapshot(&path, dir.path(), &mut |p| {
            if !raw.quiet {
                eprintln!(
                    "another sync is using {}; waiting for it to finish…",
                    p.display()
                );
            }
        })
        .map_err(sync_error)?;
        return Ok((state, Some(dir)));
    }
    // Only the default place is created: an explicit --state in a directory that does not
    // exist is a mistyped path, not a request for new directories.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if args.state.is_some() && !dir.is_dir() {
            return Err(CliError::Usage(format!(
                "cannot keep the sync state at {}: the directory {} does not exist",
                path.display(),
                dir.display()
            )));
        }
        std::fs::create_dir_all(dir).map_err(|e| CliError::io(dir.display().to_string(), e))?;
    }
    if !path.exists() && !raw.quiet {
        eprintln!("note: sync state kept at {}", path.display());
    }
    Ok((open_waiting(&path, raw.quiet)?, None))
}

fn default_state_path(source: &str, target: &str) -> CliResult<PathBuf> {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    dirs::data_dir()
        .map(|d| {
            d.join("contacts")
                .join("sync")
                .join(format!("{}--{}.db", clean(source), clean(target)))
        })
        .ok_or_else(|| {
            CliError::Usage(
                "no data directory is known for this user (HOME is not set?); pass --state FILE"
                    .into(),
            )
        })
}

/// A sync failure as the CLI reports it: a wrong mapping is a usage error (exit code 2).
/// A refusal for want of consent (an empty source, a mass loss) names the flag that consents.
fn sync_error(e: SyncError) -> CliError {
    let flag = match e.consent() {
        Some(Consent::AllowEmpty) => " (--allow-empty)".to_owned(),
        Some(Consent::AllowMassLoss) => " (--allow-mass-loss)".to_owned(),
        Some(Consent::AllowDeletes(n)) => format!(" (--allow-deletes {n})"),
        Some(Consent::RebindStores) => " (--rebind-stores to record it; --state FILE for a \
                                         new state file)"
            .to_owned(),
        _ => String::new(),
    };
    match e {
        SyncError::KeyMap { .. } => CliError::Usage(e.to_string()),
        other => CliError::Failed(format!("{other}{flag}")),
    }
}
