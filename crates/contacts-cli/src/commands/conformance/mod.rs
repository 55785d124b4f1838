//! `contacts conformance`: the suite against one provider, or the built-in matrix; a matrix
//! for people, JSON and JUnit reports for machines, expectations for known deviations.

mod factories;

use crate::args::{ConformanceArgs, GlobalArgs, OutputFormat};
use crate::error::{CliError, CliResult};
use crate::output::{print_json_line, write_stdout};
use contacts_conformance::{
    CHECKS, Config, Expectations, Factory, ProviderReport, Report, run_with_progress,
};
use std::path::Path;

fn config(args: &ConformanceArgs) -> Config {
    let config = if args.thorough {
        Config::thorough().budget(args.budget)
    } else {
        Config::default()
    };
    match args.cases {
        Some(cases) => config.cases(cases),
        None => config,
    }
}

/// The expectations file, if one was given; a file that cannot be read or names no check of
/// the suite is a usage error.
fn expectations(path: Option<&Path>) -> CliResult<Expectations> {
    let Some(path) = path else {
        return Ok(Expectations::default());
    };
    let text =
        std::fs::read_to_string(path).map_err(|e| CliError::io(path.display().to_string(), e))?;
    let names: Vec<&str> = CHECKS.iter().map(|c| c.name).collect();
    Expectations::from_toml(&text, &names)
        .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))
}

/// Writes `text` to `path` whole or not at all: a failed run leaves an earlier report as it was.
fn write(path: &Path, text: &str) -> CliResult {
    use std::io::Write;
    let failed = |e| CliError::io(path.display().to_string(), e);
    let mut file = crate::atomic_file::AtomicFile::create(path).map_err(failed)?;
    file.write_all(text.as_bytes()).map_err(failed)?;
    file.commit().map_err(failed)
}

/// One provider's run, with a bar of checks on a terminal.
async fn with_progress(factory: &Factory, config: &Config, quiet: bool) -> ProviderReport {
    let bar = crate::progress::bar(quiet, 0, "checks");
    let report = run_with_progress(factory, config, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })
    .await;
    bar.finish_and_clear();
    report
}

/// The matrix as a table, or the whole report as one JSON object on one line.
fn print_report(report: &Report, output: OutputFormat) -> CliResult {
    match output {
        OutputFormat::Table => write_stdout(&report.to_string()),
        OutputFormat::Json => print_json_line(
            &serde_json::to_value(report).map_err(|e| CliError::Failed(e.to_string()))?,
        ),
    }
}

/// Runs the suite and prints the matrix; fails (exit 1) when a check fails or an expected
/// failure passes, and with exit 2 before running anything on a usage problem (a non-empty
/// account without `--wipe-account`, an unreadable expectations file).
pub async fn run_suite(global: &GlobalArgs, args: &ConformanceArgs) -> CliResult {
    let config = config(args);
    let expect = expectations(args.expect.as_deref())?;
    let mut report = Report::new(concat!("contacts ", env!("CARGO_PKG_VERSION")));
    if global.provider.is_none() {
        for embedded in factories::builtin(global.quiet).await? {
            let factory = embedded.factory();
            eprintln!("running the suite against {} …", factory.name());
            report
                .providers
                .push(with_progress(factory, &config, global.quiet).await);
            embedded.stop().await;
        }
    } else {
        let factory = factories::configured(global, args.wipe_account, args.keep_books).await?;
        report
            .providers
            .push(with_progress(&factory, &config, global.quiet).await);
    }
    for provider in &mut report.providers {
        expect.apply(provider);
    }
    print_report(&report, global.output)?;
    if let Some(path) = &args.report {
        let json =
            serde_json::to_string_pretty(&report).map_err(|e| CliError::Failed(e.to_string()))?;
        write(path, &json)?;
    }
    if let Some(path) = &args.junit {
        write(path, &report.to_junit())?;
    }
    if report.passed() {
        return Ok(());
    }
    let failed: Vec<String> = report
        .providers
        .iter()
        .flat_map(|p| {
            p.failures()
                .into_iter()
                .map(move |c| format!("{}/{c}", p.provider))
        })
        .collect();
    Err(CliError::Failed(format!(
        "conformance failed: {}",
        failed.join(", ")
    )))
}
