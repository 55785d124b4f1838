//! `contacts import`: stream a file into the provider in batches.

use super::import_match::MatchIndex;
use super::import_reconcile as reconcile;
use crate::args::{ImportArgs, MatchBy, OutputFormat};
use crate::error::{CliError, CliResult};
use crate::output::count;
use std::sync::atomic::{AtomicBool, Ordering};
#[cfg(test)]
use crate::formats::csv_rows::CsvRows;
use crate::formats::{Row, RowError};
use crate::output::{print_json_line, write_stdout};
use contacts_core::{ContactId, ContactPatch, ContactProvider, Error, NewContact, keys, validate};
use contacts_phone::Normalizer;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio::sync::mpsc;

/// Upper bound on a batch even where a provider accepts more, so progress stays visible and a
/// failed request affects few rows.
const MAX_BATCH: usize = 500;

/// What an import did. Every count is of what is stored: a row whose request failed after
/// the provider had stored it is found again and counted as created, never as failed.
#[derive(Debug, Default)]
pub struct ImportSummary {
    /// Rows created (or, in a dry run, that would be sent).
    pub created: usize,
    /// Rows that updated a stored contact (`--match`).
    pub updated: usize,
    /// Of `created`: rows whose request failed but that were found stored afterwards.
    pub confirmed: usize,
    /// Rows not stored, with their line and the reason.
    pub failed: Vec<RowError>,
    /// The last line read when Ctrl-C stopped the import, if it did.
    pub interrupted_at: Option<u64>,
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
/// Ctrl-C stops it after the batch in flight, says what was stored and how to go on.
pub async fn run(
    provider: &dyn ContactProvider,
    args: &ImportArgs,
    options: ImportOptions,
) -> CliResult {
    let rows = open_rows(args).await?;
    let progress = progress_bar(options.quiet);
    let region = args.region.or(options.default_region);
    let phones = args
        .normalize_phones
        .then(|| Normalizer::new(region).with_cache(4096));
    let index = MatchIndex::load(provider, args.matching, region).await?;
    let stop = interrupt_flag();
    let importer = Importer {
        provider,
        dry_run: args.dry_run,
        phones: phones.as_ref(),
        index,
        stop: Some(&stop),
    };
    let summary = importer.run(rows, &progress).await;
    progress.finish_and_clear();
    for failure in &summary.failed {
        eprintln!("line {}: {}", failure.line, failure.message);
    }
    print_summary(&summary, args.dry_run, options.output)?;
    outcome(&summary, args)
}

/// Set when Ctrl-C is pressed; a second Ctrl-C ends the process at once.
fn interrupt_flag() -> std::sync::Arc<AtomicBool> {
    let flag = std::sync::Arc::new(AtomicBool::new(false));
    let set = flag.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            set.store(true, Ordering::SeqCst);
            eprintln!("stopping after the rows in flight (Ctrl-C again to stop at once)");
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(i32::from(crate::error::INTERRUPTED));
            }
        }
    });
    flag
}

/// The command's result: interrupted, some rows failed, or success.
fn outcome(summary: &ImportSummary, args: &ImportArgs) -> CliResult {
    if let Some(line) = summary.interrupted_at {
        let again = match args.matching {
            MatchBy::None => " with --match phone (or --match email)",
            _ => "",
        };
        return Err(CliError::Interrupted(format!(
            "interrupted: rows up to line {line} were sent ({} stored, {} updated); the rest \
             were not. To go on without duplicates, run the same command again{again}: rows \
             already stored are then updated, not created twice",
            summary.created, summary.updated
        )));
    }
    if summary.failed.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = summary
        .failed
        .iter()
        .take(10)
        .map(|f| f.line.to_string())
        .collect();
    let more = if summary.failed.len() > 10 { ", …" } else { "" };
    let which = if summary.failed.len() == 1 { "line" } else { "lines" };
    Err(CliError::Failed(format!(
        "{} not stored ({which} {}{more})",
        count(summary.failed.len(), "row was", "rows were"),
        lines.join(", ")
    )))
}

/// The rows of the file (or stdin) `args` names, streamed from a blocking reader; see
/// [`crate::formats::reader`] (also `open_input`, which returns the count of empty rows
/// skipped too).
pub(crate) use crate::formats::reader::open_rows;

/// The summary line, or one JSON object
/// `{"created":N,"updated":U,"confirmedAfterError":C,"failed":M,"dryRun":B}`.
fn print_summary(summary: &ImportSummary, dry_run: bool, output: OutputFormat) -> CliResult {
    match output {
        OutputFormat::Json => print_json_line(&serde_json::json!({
            "created": summary.created,
            "updated": summary.updated,
            "confirmedAfterError": summary.confirmed,
            "failed": summary.failed.len(),
            "dryRun": dry_run,
            "interrupted": summary.interrupted_at.is_some(),
        })),
        OutputFormat::Table => {
            let (create, update) = if dry_run {
                ("would create", "would update")
            } else {
                ("created", "updated")
            };
            let mut line = format!("{create} {}", count(summary.created, "contact", "contacts"));
            if summary.confirmed > 0 {
                line.push_str(&format!(
                    " ({} found stored after an error)",
                    summary.confirmed
                ));
            }
            if summary.updated > 0 {
                line.push_str(&format!("; {update} {}", summary.updated));
            }
            line.push_str(&format!(
                "; {} failed\n",
                count(summary.failed.len(), "row", "rows")
            ));
            write_stdout(&line)
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
/// be understood is reported. See [`Importer`].
#[cfg(test)]
pub async fn import(
    provider: &dyn ContactProvider,
    rows: mpsc::Receiver<Result<Row, RowError>>,
    dry_run: bool,
    phones: Option<&Normalizer>,
    progress: &ProgressBar,
) -> ImportSummary {
    let importer = Importer {
        provider,
        dry_run,
        phones,
        index: None,
        stop: None,
    };
    importer.run(rows, progress).await
}

/// One import: where rows go and how they are recognised.
pub struct Importer<'a> {
    /// Where the contacts go.
    pub provider: &'a dyn ContactProvider,
    /// Validate and count; send nothing.
    pub dry_run: bool,
    /// Numbers stored in E.164, when asked.
    pub phones: Option<&'a Normalizer>,
    /// `--match`: rows that are stored contacts update them.
    pub index: Option<MatchIndex>,
    /// Set by Ctrl-C: stop after the batch in flight.
    pub stop: Option<&'a AtomicBool>,
}

impl Importer<'_> {
    /// Reads every row (until stopped) and stores it.
    pub async fn run(
        mut self,
        mut rows: mpsc::Receiver<Result<Row, RowError>>,
        progress: &ProgressBar,
    ) -> ImportSummary {
        let caps = self.provider.capabilities().clone();
        let batch_size = caps.max_batch_size.clamp(1, MAX_BATCH);
        let mut summary = ImportSummary::default();
        let mut batch: Vec<Row> = Vec::with_capacity(batch_size);
        while let Some(row) = rows.recv().await {
            let row = match (row, self.phones) {
                (Ok(row), Some(phones)) => with_e164(row, phones),
                (row, _) => row,
            };
            let line = row.as_ref().map_or_else(|e| e.line, |r| r.line);
            match row.and_then(|row| self.checked(&caps, row)) {
                Err(bad) => summary.failed.push(bad),
                Ok(row) => batch.push(row),
            }
            if batch.len() == batch_size {
                self.send(std::mem::take(&mut batch), &mut summary).await;
                progress.set_position((summary.created + summary.updated) as u64);
            }
            if self.stopped() {
                summary.interrupted_at = Some(line);
                break;
            }
        }
        if !batch.is_empty() {
            self.send(batch, &mut summary).await;
        }
        progress.set_position((summary.created + summary.updated) as u64);
        summary.failed.sort_by_key(|f| f.line);
        summary
    }

    fn stopped(&self) -> bool {
        self.stop.is_some_and(|s| s.load(Ordering::SeqCst))
    }

    fn checked(&self, caps: &contacts_core::Capabilities, row: Row) -> Result<Row, RowError> {
        match validate::new_contact(self.provider.name(), caps, &row.contact) {
            Ok(()) => Ok(row),
            Err(e) => Err(RowError {
                line: row.line,
                message: e.to_string(),
            }),
        }
    }

    /// Updates the rows that are stored contacts, creates the others.
    async fn send(&mut self, batch: Vec<Row>, summary: &mut ImportSummary) {
        let (known, new): (Vec<Row>, Vec<Row>) = match &self.index {
            Some(index) => batch.into_iter().partition(|r| index.find(&r.contact).is_some()),
            None => (Vec::new(), batch),
        };
        for row in known {
            self.update(row, summary).await;
        }
        if new.is_empty() {
            return;
        }
        if self.dry_run {
            summary.created += new.len();
            return;
        }
        let created = create(self.provider, &new, summary).await;
        if let Some(index) = self.index.as_mut() {
            for (row, id) in created {
                index.remember(&row.contact, id);
            }
        }
    }

    /// Patches the stored contact `row` matched: its properties set, its labels added.
    async fn update(&self, row: Row, summary: &mut ImportSummary) {
        let Some(id) = self.index.as_ref().and_then(|i| i.find(&row.contact)).cloned() else {
            return;
        };
        if self.dry_run {
            summary.updated += 1;
            return;
        }
        let mut patch = ContactPatch::new();
        for (key, value) in row.contact.properties.iter() {
            patch = patch.set(key, value);
        }
        for label in &row.contact.labels {
            patch = patch.add_label(label);
        }
        match self.provider.update(&id, &patch).await {
            Ok(_) => summary.updated += 1,
            Err(e) => summary.failed.push(RowError {
                line: row.line,
                message: format!("updating contact {id}: {e}"),
            }),
        }
    }
}

/// Creates `batch`; returns each row created with its id. A failure whose outcome is unknown
/// (the provider may have stored the rows before it failed) is reconciled row by row before
/// anything is called failed.
async fn create(
    provider: &dyn ContactProvider,
    batch: &[Row],
    summary: &mut ImportSummary,
) -> Vec<(Row, ContactId)> {
    let contacts: Vec<NewContact> = batch.iter().map(|r| r.contact.clone()).collect();
    match provider.create(&contacts).await {
        Ok(created) => {
            summary.created += created.len();
            batch.iter().cloned().zip(created.into_iter().map(|c| c.id)).collect()
        }
        Err(Error::PartialFailure(partial)) => {
            summary.created += partial.created.len();
            for (index, err) in partial.failed {
                summary.failed.push(RowError {
                    line: batch.get(index).map_or(0, |r| r.line),
                    message: err.to_string(),
                });
            }
            Vec::new()
        }
        // A refused atomic batch wrote nothing: send its rows one by one so only the bad ones
        // are reported.
        Err(Error::InvalidInput { .. })
            if batch.len() > 1 && provider.capabilities().atomic_batches =>
        {
            let mut created = Vec::new();
            for row in batch {
                created.extend(Box::pin(create(provider, std::slice::from_ref(row), summary)).await);
            }
            created
        }
        Err(e) if reconcile::outcome_unknown(&e) => {
            reconcile::rows(provider, batch, &e, summary).await
        }
        Err(e) => {
            let message = e.to_string();
            summary.failed.extend(batch.iter().map(|r| RowError {
                line: r.line,
                message: message.clone(),
            }));
            Vec::new()
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
