//! `contacts import --background`: one background import, then a progress bar until the
//! provider has stored the contacts.

use super::guard;
use super::import::{open_rows, with_e164};
use crate::args::ImportArgs;
use crate::error::{CliError, CliResult};
use contacts_core::optional::{BackgroundImport, ImportJob};
use contacts_core::{ContactProvider, NewContact};
use contacts_phone::Normalizer;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// How long to wait for a submitted import to be stored before giving up.
const DEADLINE: Duration = Duration::from_secs(600);
/// Between two looks at the import's progress.
const POLL: Duration = Duration::from_millis(100);

/// Reads every row (bad rows are reported by line and skipped), submits them at once, and
/// polls until the import is done.
pub async fn run(provider: &dyn ContactProvider, args: &ImportArgs, quiet: bool) -> CliResult {
    let importer = provider
        .background_import()
        .ok_or_else(|| guard::unsupported(provider, "background import"))?;
    let (docs, failed) = read_all(args).await?;
    let plan = format!("would submit {} contacts in the background", docs.len());
    if !guard::dry_run(&plan, args.dry_run) {
        if docs.is_empty() {
            return Err(CliError::Failed(
                "no row could be read; nothing was sent".into(),
            ));
        }
        let job = importer.submit_import(&docs).await?;
        wait(importer, &job, quiet).await?;
        crate::outln!("imported {} contacts in the background", job.submitted)?;
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(CliError::Failed(format!("{failed} rows failed")))
    }
}

/// Every readable row's contact, and how many rows failed (reported on stderr).
async fn read_all(args: &ImportArgs) -> CliResult<(Vec<NewContact>, usize)> {
    let mut rows = open_rows(args).await?;
    let phones = args
        .normalize_phones
        .then(|| Normalizer::new(args.region).with_cache(4096));
    let mut docs = Vec::new();
    let mut failed = 0;
    while let Some(row) = rows.recv().await {
        let row = match &phones {
            Some(phones) => row.and_then(|r| with_e164(r, phones)),
            None => row,
        };
        match row {
            Ok(row) => docs.push(row.contact),
            Err(e) => {
                eprintln!("line {}: {}", e.line, e.message);
                failed += 1;
            }
        }
    }
    Ok((docs, failed))
}

/// Polls until the import is done, drawing a bar on a terminal.
async fn wait(importer: &dyn BackgroundImport, job: &ImportJob, quiet: bool) -> CliResult {
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(Some(job.submitted), ProgressDrawTarget::stderr())
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} stored [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let deadline = tokio::time::Instant::now() + DEADLINE;
    loop {
        let progress = importer.import_progress(job).await?;
        bar.set_position(progress.stored);
        if progress.done {
            bar.finish_and_clear();
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            bar.abandon();
            return Err(CliError::Failed(format!(
                "the import was submitted, but after {} s only {} of {} contacts are stored; \
                 check later with `contacts summary`",
                DEADLINE.as_secs(),
                progress.stored,
                progress.submitted
            )));
        }
        tokio::time::sleep(POLL).await;
    }
}
