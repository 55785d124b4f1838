//! `contacts import`: stream a file into the provider in batches.

use crate::args::{ImportArgs, ImportFormat, OutputFormat};
use crate::error::{CliError, CliResult};
use crate::formats::csv_rows::CsvRows;
use crate::formats::jsonl_rows::JsonlRows;
use crate::formats::{Row, RowError};
use crate::output::{print_json_line, write_stdout};
use contacts_core::{ContactProvider, Error, NewContact, keys, validate};
use contacts_phone::Normalizer;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{BufRead, BufReader, Read};
use tokio::sync::mpsc;

/// Rows read ahead of the provider; bounds memory whatever the file size.
const READ_AHEAD: usize = 1024;
/// Upper bound on a batch even where a provider accepts more, so progress stays visible and a
/// failed request affects few rows.
const MAX_BATCH: usize = 500;

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportSummary {
    /// Rows created (or, in a dry run, that would be sent).
    pub created: usize,
    /// Rows not created, with their line and the reason.
    pub failed: Vec<RowError>,
}

/// How `import` reports, and what it assumes, beyond its own arguments.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    /// No progress bar.
    pub quiet: bool,
    /// Format of the summary on stdout.
    pub output: OutputFormat,
    /// Region for national numbers with `--normalize-phones` when `--region` is not given
    /// (from the profile).
    pub default_region: Option<contacts_phone::Region>,
}

/// Runs `import`: prints failures on stderr and a summary on stdout; fails when any row failed.
pub async fn run(
    provider: &dyn ContactProvider,
    args: &ImportArgs,
    options: ImportOptions,
) -> CliResult {
    let quiet = options.quiet;
    let rows = open_rows(args).await?;
    let progress = progress_bar(quiet);
    let phones = args
        .normalize_phones
        .then(|| Normalizer::new(args.region.or(options.default_region)).with_cache(4096));
    let summary = import(provider, rows, args.dry_run, phones.as_ref(), &progress).await;
    progress.finish_and_clear();
    for failure in &summary.failed {
        eprintln!("line {}: {}", failure.line, failure.message);
    }
    print_summary(&summary, args.dry_run, options.output)?;
    if summary.failed.is_empty() {
        Ok(())
    } else {
        let lines: Vec<String> = summary
            .failed
            .iter()
            .take(10)
            .map(|f| f.line.to_string())
            .collect();
        let more = if summary.failed.len() > 10 {
            ", …"
        } else {
            ""
        };
        Err(CliError::Failed(format!(
            "{} rows failed (lines {}{more})",
            summary.failed.len(),
            lines.join(", ")
        )))
    }
}

/// The rows of the file (or stdin) `args` names, streamed from a blocking reader.
pub(crate) async fn open_rows(
    args: &ImportArgs,
) -> CliResult<mpsc::Receiver<Result<Row, RowError>>> {
    let format = args.format.unwrap_or_else(|| guess_format(&args.file));
    let input: Box<dyn Read + Send> = if args.file.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        let file = std::fs::File::open(&args.file)
            .map_err(|e| CliError::io(args.file.display().to_string(), e))?;
        Box::new(file)
    };
    spawn_reader(BufReader::new(input), format).await
}

fn guess_format(path: &std::path::Path) -> ImportFormat {
    match path.extension().and_then(|e| e.to_str()) {
        Some("jsonl" | "ndjson" | "json") => ImportFormat::Jsonl,
        _ => ImportFormat::Csv,
    }
}

/// The summary line, or one JSON object `{"created":N,"failed":M,"dryRun":B}`.
fn print_summary(summary: &ImportSummary, dry_run: bool, output: OutputFormat) -> CliResult {
    match output {
        OutputFormat::Json => print_json_line(&serde_json::json!({
            "created": summary.created,
            "failed": summary.failed.len(),
            "dryRun": dry_run,
        })),
        OutputFormat::Table => {
            let verb = if dry_run { "would create" } else { "created" };
            write_stdout(&format!(
                "{verb} {} contacts; {} rows failed\n",
                summary.created,
                summary.failed.len()
            ))
        }
    }
}

fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    // indicatif draws only when stderr is a terminal, so pipes and CI logs stay clean.
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos} rows sent {msg} [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar
}

/// Parses the file on a blocking thread and hands rows over through a bounded channel, so the
/// file is streamed in constant memory. A header error fails the whole import up front.
async fn spawn_reader(
    input: BufReader<Box<dyn Read + Send>>,
    format: ImportFormat,
) -> CliResult<mpsc::Receiver<Result<Row, RowError>>> {
    let (tx, rx) = mpsc::channel(READ_AHEAD);
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
    tokio::task::spawn_blocking(move || {
        let rows: Box<dyn Iterator<Item = Result<Row, RowError>>> = match format {
            ImportFormat::Csv => match CsvRows::new(input) {
                Ok(rows) => Box::new(rows),
                Err(message) => {
                    let _ = ready_tx.send(Err(message));
                    return;
                }
            },
            ImportFormat::Jsonl => Box::new(JsonlRows::new(Box::new(input) as Box<dyn BufRead>)),
        };
        let _ = ready_tx.send(Ok(()));
        for row in rows {
            if tx.blocking_send(row).is_err() {
                break;
            }
        }
    });
    match ready_rx.await {
        Ok(Ok(())) => Ok(rx),
        Ok(Err(message)) => Err(CliError::Failed(message)),
        Err(_) => Err(CliError::Failed(
            "the file reader stopped unexpectedly".into(),
        )),
    }
}

/// The row with its phone number in E.164, or why the number cannot be understood.
pub(crate) fn with_e164(mut row: Row, phones: &Normalizer) -> Result<Row, RowError> {
    let Some(raw) = row.contact.properties.phone_number() else {
        return Ok(row);
    };
    match phones.normalize(raw) {
        Ok(number) => {
            row.contact
                .properties
                .set(keys::PHONE_NUMBER, number.e164().to_owned());
            Ok(row)
        }
        Err(e) => Err(RowError {
            line: row.line,
            message: format!("phoneNumber: {e}"),
        }),
    }
}

/// Sends rows in batches; bad rows are reported and skipped, and a failure never loses the
/// rows already sent. With `phones`, numbers are stored in E.164 and a row whose number cannot
/// be understood is reported.
pub async fn import(
    provider: &dyn ContactProvider,
    mut rows: mpsc::Receiver<Result<Row, RowError>>,
    dry_run: bool,
    phones: Option<&Normalizer>,
    progress: &ProgressBar,
) -> ImportSummary {
    let caps = provider.capabilities().clone();
    let batch_size = caps.max_batch_size.clamp(1, MAX_BATCH);
    let mut summary = ImportSummary::default();
    let mut batch: Vec<Row> = Vec::with_capacity(batch_size);
    while let Some(row) = rows.recv().await {
        let row = match (row, phones) {
            (Ok(row), Some(phones)) => with_e164(row, phones),
            (row, _) => row,
        };
        match row {
            Err(bad) => summary.failed.push(bad),
            Ok(row) => match validate::new_contact(provider.name(), &caps, &row.contact) {
                Err(e) => summary.failed.push(RowError {
                    line: row.line,
                    message: e.to_string(),
                }),
                Ok(()) => {
                    batch.push(row);
                    if batch.len() == batch_size {
                        send(provider, std::mem::take(&mut batch), dry_run, &mut summary).await;
                        progress.set_position(summary.created as u64);
                    }
                }
            },
        }
    }
    if !batch.is_empty() {
        send(provider, batch, dry_run, &mut summary).await;
    }
    progress.set_position(summary.created as u64);
    summary.failed.sort_by_key(|f| f.line);
    summary
}

async fn send(
    provider: &dyn ContactProvider,
    batch: Vec<Row>,
    dry_run: bool,
    summary: &mut ImportSummary,
) {
    if dry_run {
        summary.created += batch.len();
        return;
    }
    let contacts: Vec<NewContact> = batch.iter().map(|r| r.contact.clone()).collect();
    match provider.create(&contacts).await {
        Ok(created) => summary.created += created.len(),
        Err(Error::PartialFailure(partial)) => {
            summary.created += partial.created.len();
            for (index, err) in partial.failed {
                summary.failed.push(RowError {
                    line: batch.get(index).map_or(0, |r| r.line),
                    message: err.to_string(),
                });
            }
        }
        // A refused atomic batch wrote nothing: send its rows one by one so only the bad ones
        // are reported.
        Err(Error::InvalidInput { .. })
            if batch.len() > 1 && provider.capabilities().atomic_batches =>
        {
            for row in batch {
                match provider.create(std::slice::from_ref(&row.contact)).await {
                    Ok(created) => summary.created += created.len(),
                    Err(e) => summary.failed.push(RowError {
                        line: row.line,
                        message: e.to_string(),
                    }),
                }
            }
        }
        Err(e) => {
            let message = e.to_string();
            summary.failed.extend(batch.iter().map(|r| RowError {
                line: r.line,
                message: message.clone(),
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::{Capabilities, InMemoryProvider, KeySupport};

    async fn run_rows(provider: &InMemoryProvider, csv: &'static str) -> ImportSummary {
        let (tx, rx) = mpsc::channel(16);
        tokio::spawn(async move {
            for row in CsvRows::new(csv.as_bytes()).unwrap() {
                tx.send(row).await.unwrap();
            }
        });
        import(provider, rx, false, None, &ProgressBar::hidden()).await
    }

    #[tokio::test]
    async fn bad_rows_are_skipped_and_reported_by_line() {
        let mut caps = Capabilities::full();
        caps.keys = KeySupport::Fixed {
            keys: vec!["phoneNumber".into(), "firstName".into()],
        };
        caps.max_batch_size = 2;
        let provider = InMemoryProvider::with_capabilities(caps);
        let summary = run_rows(
            &provider,
            "phoneNumber,firstName\n+461,a\n+462\n+463,c\n+464,d\n",
        )
        .await;
        assert_eq!(summary.created, 3);
        assert_eq!(summary.failed.len(), 1);
        assert_eq!(summary.failed[0].line, 3);
        assert_eq!(provider.len(), 3);
    }

    #[tokio::test]
    async fn values_over_the_declared_limit_are_reported_the_rest_created() {
        let mut caps = Capabilities::full();
        caps.max_value_chars = Some(3);
        let provider = InMemoryProvider::with_capabilities(caps);
        let summary = run_rows(&provider, "k\nabc\nabcd\nxyz\n").await;
        assert_eq!(summary.created, 2);
        assert_eq!(
            summary.failed.iter().map(|f| f.line).collect::<Vec<_>>(),
            vec![3]
        );
    }
}
