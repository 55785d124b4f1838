//! `contacts import --background`: one background import, then a progress bar until the
//! provider has stored the contacts.

use super::import::{RowPipeline, not_stored, print_rows_left};
use super::import_cards::NotCarried;
use super::preflight;
use crate::args::ImportArgs;
use crate::error::{CliError, CliResult};
use crate::formats::{Row, RowError};
use crate::output::count;
use contacts_core::optional::{BackgroundImport, ImportJob};
use contacts_core::{ContactProvider, NewContact};
use contacts_phone::Normalizer;
use std::time::Duration;

/// How long to wait for a submitted import to be stored before giving up.
const DEADLINE: Duration = Duration::from_secs(600);
/// Between two looks at the import's progress.
const POLL: Duration = Duration::from_millis(100);

/// Reads every row through the rows' pipeline ([`RowPipeline`]: as a plain import, a row the
/// provider would refuse is reported by line and skipped), submits the others at once, and
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
    let rows = read_all(provider, args, quiet, region).await?;
    print_rows_left(&rows.not_carried, &rows.failed);
    let plan = format!(
        "would submit {} in the background",
        count(rows.contacts.len(), "contact", "contacts")
    );
    if !preflight::dry_run(&plan, args.dry_run) {
        if rows.contacts.is_empty() {
            let why = if rows.failed.is_empty() {
                "no row could be read".to_owned()
            } else {
                not_stored(&rows.failed)
            };
            return Err(CliError::Failed(format!("{why}; nothing was sent")));
        }
        let job = importer.submit_import(&rows.contacts).await?;
        wait(importer, &job, quiet).await?;
        let submitted = usize::try_from(job.submitted).unwrap_or(usize::MAX);
        crate::outln!(
            "imported {} in the background",
            count(submitted, "contact", "contacts")
        )?;
    }
    if !rows.failed.is_empty() {
        return Err(CliError::Failed(not_stored(&rows.failed)));
    }
    match rows.not_carried.len() {
        0 => Ok(()),
        n => Err(CliError::Failed(format!(
            "{} sent without what the provider cannot hold (not carried, listed above)",
            count(n, "card was", "cards were")
        ))),
    }
}

/// What the file gave, through the rows' pipeline.
struct Read {
    /// Every row's contact as the provider can store it, in file order.
    contacts: Vec<NewContact>,
    /// The rows not sent, by line.
    failed: Vec<RowError>,
    /// The cards sent without what the provider cannot hold.
    not_carried: Vec<NotCarried>,
}

/// Reads every row of the file through [`RowPipeline`].
async fn read_all(
    provider: &dyn ContactProvider,
    args: &ImportArgs,
    quiet: bool,
    region: Option<contacts_phone::Region>,
) -> CliResult<Read> {
    let mut rows = crate::formats::reader::open_input(args, quiet).await?.rows;
    let phones = args
        .normalize_phones
        .then(|| Normalizer::new(region).with_cache(4096));
    let pipeline = RowPipeline::new(provider, phones.as_ref());
    let mut read = Read {
        contacts: Vec::new(),
        failed: Vec::new(),
        not_carried: Vec::new(),
    };
    while let Some(row) = rows.recv().await {
        match pipeline.prepare(row, &mut read.not_carried) {
            Ok(Row { contact, .. }) => read.contacts.push(contact),
            Err(bad) => read.failed.push(bad),
        }
    }
    read.failed.sort_by_key(|f| f.line);
    Ok(read)
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
