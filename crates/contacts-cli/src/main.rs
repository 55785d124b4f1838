//! `contacts`: manage, import, export and conformance-test contacts on any provider.
//!
//! Run `contacts --help` for the commands. Errors print as one line on stderr; the exit codes
//! are listed in [`args::EXIT_CODES`] (and `contacts --help`).

use contacts_cli::{args, vendor_args};
mod allocator;
mod atomic_file;
mod commands;
mod error;
mod formats;
mod interrupt;
mod output;
mod profile;
mod progress;
mod provider;

use args::{Cli, Command, GlobalArgs};
use clap::Parser;
use error::{CliError, CliResult};
use std::process::ExitCode;

fn main() -> ExitCode {
    allocator::keep_freed_memory();
    let cli = Cli::parse();
    init_tracing(&cli.global, matches!(cli.command, Command::Serve(_)));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            err.exit_code()
        }
    }
}

/// Logs go to stderr: warnings by default, more with -v, errors only with -q. `RUST_LOG`
/// overrides. A server (`serve`) also writes its access log (one line per request, without
/// personal data or secrets) unless -q.
fn init_tracing(global: &GlobalArgs, serving: bool) {
    let level = match (global.quiet, global.verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        (false, _) => "trace",
    };
    let level = if serving && !global.quiet {
        format!("{level},{}=info", contacts_server::ACCESS_TARGET)
    } else {
        level.to_owned()
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(colors_enabled())
        .try_init();
}

/// Colours only on a terminal and never when `NO_COLOR` is set to anything non-empty
/// (<https://no-color.org>); clap's help honours it by itself.
fn colors_enabled() -> bool {
    use std::io::IsTerminal;
    colors_wanted(
        std::env::var_os("NO_COLOR").as_deref(),
        std::io::stderr().is_terminal(),
    )
}

/// Whether to colour, given `NO_COLOR`'s value and whether stderr is a terminal.
fn colors_wanted(no_color: Option<&std::ffi::OsStr>, terminal: bool) -> bool {
    no_color.is_none_or(|v| v.is_empty()) && terminal
}

async fn run(cli: Cli) -> CliResult {
    // Commands that reach no provider run before a profile (and its key command) is resolved.
    let resolved = match &cli.command {
        Command::Completions { .. } | Command::Profiles { .. } => {
            profile::resolve::Resolved::without_profile(&cli.global)
        }
        Command::Sync(_) | Command::Dedupe(_) => {
            // Each side (dedupe: its one) resolves its own profile; the file must be sound.
            profile::resolve::read_config(&cli.global)?;
            profile::resolve::Resolved::without_profile(&cli.global)
        }
        _ => profile::resolve::resolve(&cli.global)?,
    };
    let global = &resolved.global;
    let format = global.output;
    output::set_format(format);
    match &cli.command {
        Command::List(args) => {
            commands::list::run(&*provider::build(global)?, args, format, global.quiet).await
        }
        Command::Get { id, meta } => {
            commands::crud::get(&*provider::build(global)?, id, *meta, format).await
        }
        Command::Create(args) => commands::crud::create(global, args, format).await,
        Command::Update(args) => commands::crud::update(global, args, format).await,
        Command::Replace { id, doc } => commands::crud::replace(global, id, doc, format).await,
        Command::Delete(args) => commands::mass_delete::command(global, args).await,
        Command::Import(args) => import(global, args, resolved.region).await,
        Command::Export(args) => {
            let count = commands::export::run(&*provider::build(global)?, args).await?;
            if !global.quiet && args.out.is_some() {
                eprintln!("exported {}", output::count(count, "contact", "contacts"));
            }
            Ok(())
        }
        Command::Capabilities => commands::capabilities::run(&*provider::build(global)?, format),
        Command::Books(command) => commands::books::run(global, command, format).await,
        Command::Move(args) => commands::books::move_contact(global, args).await,
        Command::Labels(command) => commands::labels::run(global, command, format).await,
        Command::Blocklist(command) => {
            commands::blocklist::run(global, command, resolved.region).await
        }
        Command::Summary => commands::summary::run(&*provider::build(global)?, format).await,
        Command::Conformance(args) => commands::conformance::run_suite(global, args).await,
        Command::Sync(args) => commands::sync::run(&cli.global, args).await,
        Command::Dedupe(args) => commands::dedupe::run(&cli.global, args).await,
        Command::Emulate(args) => commands::emulate::run(args, global.api_key.as_deref()).await,
        Command::Serve(args) => commands::serve::run(global, args).await,
        Command::Completions { shell } => commands::completions::run(*shell),
        Command::Profiles { command } => commands::profiles::run(global, command),
    }
    .map_err(|e: CliError| e)
}

/// `import`: in the background where asked, else in batches.
async fn import(
    global: &GlobalArgs,
    args: &args::ImportArgs,
    region: Option<contacts_phone::Region>,
) -> CliResult {
    let provider = provider::build_writable(global)?;
    if args.background {
        return commands::import_background::run(&*provider, args, global.quiet, region).await;
    }
    let options = commands::import::ImportOptions {
        quiet: global.quiet,
        output: global.output,
        default_region: region,
    };
    commands::import::run(&*provider, args, options).await
}

#[cfg(test)]
mod tests {
    use super::colors_wanted;
    use std::ffi::OsStr;

    #[test]
    fn no_color_set_to_anything_turns_colours_off() {
        assert!(colors_wanted(None, true));
        assert!(colors_wanted(Some(OsStr::new("")), true));
        assert!(!colors_wanted(Some(OsStr::new("1")), true));
        assert!(!colors_wanted(None, false), "never on a pipe");
    }
}
