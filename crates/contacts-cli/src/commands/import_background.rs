//! `contacts import --background`: one background import, then a progress bar until the
//! provider has stored the contacts.

use super::import::with_e164;
use super::import_cards;
use super::preflight;
use crate::args::ImportArgs;
use crate::error::{CliError, CliResult};
use crate::output::count;
use contacts_core::optional::{BackgroundImport, ImportJob};
use contacts_core::{ContactProvider, NewContact};
use contacts_phone::Normalizer;
use std::time::Duration;

/// How long to wait for a submitted import to be stored before giving up.
const DEADLINE: Duration = Duration::from_secs(600);
/// Between two looks at the import's progress.
const POLL: Duration = Duration::from_millis(100);

/// Reads every row (bad rows are reported by line and skipped), submits them at once, and
/// polls until the import is done.
/// National numbers are read in `--region`, else `default_region` (the profile's), as a plain
/// import does.
pub async fn run(
    provider: &dyn ContactProvider,
    args: &ImportArgs,
    quiet: bool,
    default_region: Option<contacts_phone::Region>,
) -> CliResult {
    let importer = provider
        .background_import()
        .ok_or_else(|| preflight::unsupported(provider, "background import"))?;
    let region = args.region.or(default_region);
    let (docs, failed, not_carried) =
        read_all(args, quiet, region, provider.capabilities()).await?;
    let plan = format!(
        "would submit {} in the background",
        count(docs.len(), "contact", "contacts")
    );
    if !preflight::dry_run(&plan, args.dry_run) {
        if docs.is_empty() {
            return Err(CliError::Failed(
                "no row could be read; nothing was sent".into(),
            ));
        }
        let job = importer.submit_import(&docs).await?;
        wait(importer, &job, quiet).await?;
        let submitted = usize::try_from(job.submitted).unwrap_or(usize::MAX);
        crate::outln!(
            "imported {} in the background",
            count(submitted, "contact", "contacts")
        )?;
    }
    if failed > 0 {
        return Err(CliError::Failed(format!(
            "{} not sent (listed above)",
            count(failed, "row was", "rows were")
        )));
    }
    match not_carried {
        0 => Ok(()),
        n => Err(CliError::Failed(format!(
            "{} sent without what the provider cannot hold (not carried, listed above)",
            count(n, "card was", "cards were")
        ))),
    }
}

/// Every readable row's contact as the provider can store it, how many rows failed and how
/// many cards were not carried whole (both reported on stderr).
async fn read_all(
    args: &ImportArgs,
    quiet: bool,
    region: Option<contacts_phone::Region>,
    caps: &contacts_core::Capabilities,
) -> CliResult<(Vec<NewContact>, usize, usize)> {
    let mut rows = crate::formats::reader::open_input(args, quiet).await?.rows;
    let phones = args
        .normalize_phones
        .then(|| Normalizer::new(region).with_cache(4096));
    let mut docs = Vec::new();
    let (mut failed, mut not_carried) = (0, 0);
    while let Some(row) = rows.recv().await {
        let row = match &phones {
            Some(phones) => row.and_then(|r| with_e164(r, phones)),
            None => row,
        };
        match row {
            Ok(row) => {
                let (row, left) = import_cards::fit(caps, row);
                if let Some(left) = left {
                    eprintln!("{left}");
                    not_carried += 1;
                }
                docs.push(row.contact);
            }
            Err(e) => {
                eprintln!("{e}");
                failed += 1;
            }
        }
    }
    Ok((docs, failed, not_carried))
}

/// Polls until the import is done, drawing a bar on a terminal.
async fn wait(importer: &dyn BackgroundImport, job: &ImportJob, quiet: bool) -> CliResult {
    let bar = crate::progress::bar(quiet, job.submitted, "stored");
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
