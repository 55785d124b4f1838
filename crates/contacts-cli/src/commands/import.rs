//! `contacts import`: stream a file into the provider in batches.

use super::import_cards::{self, NotCarried};
use super::import_match::MatchIndex;
use super::import_reconcile as reconcile;
use crate::args::{ImportArgs, MatchBy, OutputFormat};
use crate::error::{CliError, CliResult};
use crate::formats::{Row, RowError};
use crate::output::count;
use crate::output::{print_json_line, write_stdout};
use contacts_core::{
    ContactId, ContactPatch, ContactProvider, Error, NewContact, PartialFailure, keys, validate,
};
#[cfg(test)]
use contacts_formats::csv::CsvRows;
use contacts_phone::Normalizer;
use indicatif::ProgressBar;
use tokio::sync::mpsc;
use tokio::sync::watch;

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
    /// Cards stored as their flat view, with what the provider could not hold of them.
    pub not_carried: Vec<NotCarried>,
    /// The last line read when Ctrl-C stopped the import, if it did.
    pub interrupted_at: Option<u64>,
    /// Rows that hold nothing (`,,,,`), passed over and counted.
    pub skipped: u64,
    /// A failure no other row can escape (a wrong key, no permission): the import stopped at
    /// the first one instead of reporting it for every row.
    pub fatal: Option<String>,
}

impl ImportSummary {
    /// Adds what `part` (one batch's summary) counted.
    fn absorb(&mut self, part: ImportSummary) {
        self.created += part.created;
        self.updated += part.updated;
        self.confirmed += part.confirmed;
        self.failed.extend(part.failed);
        self.not_carried.extend(part.not_carried);
        self.interrupted_at = self.interrupted_at.or(part.interrupted_at);
        self.fatal = self.fatal.take().or(part.fatal);
    }
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
/// Ctrl-C stops it at once (what was in flight is looked up), says what was stored and how to
/// go on.
pub async fn run(
    provider: &dyn ContactProvider,
    args: &ImportArgs,
    options: ImportOptions,
) -> CliResult {
    let input = crate::formats::reader::open_input(args, options.quiet).await?;
    let progress = crate::progress::counter(options.quiet, "rows sent");
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
        stop: Some(stop),
    };
    let mut summary = importer.run(input.rows, &progress).await;
    summary.skipped = input.skipped.count();
    progress.finish_and_clear();
    print_rows_left(&summary.not_carried, &summary.failed);
    print_summary(&summary, args.dry_run, options.output)?;
    outcome(&summary, args)
}

/// Turns `true` when Ctrl-C is pressed; a second Ctrl-C ends the process at once.
fn interrupt_flag() -> watch::Receiver<bool> {
    let (set, flag) = watch::channel(false);
    crate::interrupt::on_ctrl_c("stopping: looking up what was stored", move || {
        let _ = set.send(true);
    });
    flag
}

/// On stderr: what the provider could not hold of each card, then each row not stored, with
/// its line and why.
pub(crate) fn print_rows_left(not_carried: &[NotCarried], failed: &[RowError]) {
    for left in not_carried {
        eprintln!("{left}");
    }
    for failure in failed {
        eprintln!("{failure}");
    }
}

/// The command's result: interrupted, some rows failed, or success.
fn outcome(summary: &ImportSummary, args: &ImportArgs) -> CliResult {
    if let Some(fatal) = &summary.fatal {
        return Err(CliError::Failed(fatal.clone()));
    }
    if let Some(line) = summary.interrupted_at {
        let again = match args.matching {
            MatchBy::None => " with --match phone (or --match email)",
            _ => "",
        };
        return Err(CliError::Interrupted(format!(
            "interrupted at line {line}: {} stored and {} updated; the rest of the file was \
             not. To go on without duplicates, run the same command again{again}: rows already \
             stored are then updated, not created twice",
            count(summary.created, "contact", "contacts"),
            summary.updated
        )));
    }
    if !summary.failed.is_empty() {
        return Err(CliError::Failed(not_stored(&summary.failed)));
    }
    match summary.not_carried.len() {
        0 => Ok(()),
        n => Err(CliError::Failed(format!(
            "{} stored without what the provider cannot hold (not carried, listed above); \
             a provider that stores cards (the local store, CardDAV) keeps them whole",
            count(n, "card was", "cards were")
        ))),
    }
}

/// `3 rows were not stored (lines 4, 9, 12)`, or `1 card was not stored (card 2)`, naming
/// the first ten.
pub(crate) fn not_stored(failed: &[RowError]) -> String {
    let cards = failed.iter().all(|f| f.card.is_some());
    let places: Vec<String> = failed
        .iter()
        .take(10)
        .map(|f| f.card.filter(|_| cards).unwrap_or(f.line).to_string())
        .collect();
    let more = if failed.len() > 10 { ", …" } else { "" };
    let (one, many, which) = match (cards, failed.len()) {
        (true, 1) => ("card was", "cards were", "card"),
        (true, _) => ("card was", "cards were", "cards"),
        (false, 1) => ("row was", "rows were", "line"),
        (false, _) => ("row was", "rows were", "lines"),
    };
    format!(
        "{} not stored ({which} {}{more})",
        count(failed.len(), one, many),
        places.join(", ")
    )
}

/// The summary line, or one JSON object
/// `{"created":N,"updated":U,"confirmedAfterError":C,"failed":M,"skippedEmpty":S,"dryRun":B,
/// "interrupted":I}`.
fn print_summary(summary: &ImportSummary, dry_run: bool, output: OutputFormat) -> CliResult {
    match output {
        OutputFormat::Json => print_json_line(&serde_json::json!({
            "created": summary.created,
            "updated": summary.updated,
            "confirmedAfterError": summary.confirmed,
            "failed": summary.failed.len(),
            "notCarried": summary.not_carried.len(),
            "skippedEmpty": summary.skipped,
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
            let cards =
                !summary.failed.is_empty() && summary.failed.iter().all(|f| f.card.is_some());
            let (one, many) = if cards {
                ("card", "cards")
            } else {
                ("row", "rows")
            };
            line.push_str(&format!(
                "; {} failed",
                count(summary.failed.len(), one, many)
            ));
            if !summary.not_carried.is_empty() {
                line.push_str(&format!(
                    "; {} not carried whole",
                    count(summary.not_carried.len(), "card", "cards")
                ));
            }
            if summary.skipped > 0 {
                let skipped = usize::try_from(summary.skipped).unwrap_or(usize::MAX);
                line.push_str(&format!(
                    "; {} skipped",
                    count(skipped, "empty row", "empty rows")
                ));
            }
            line.push('\n');
            write_stdout(&line)
        }
    }
}

/// What every row goes through before it is sent, by `import` and `import --background`
/// alike: its number in E.164 with `--normalize-phones`, its card fitted to what the provider
/// stores ([`import_cards::fit`]), and the provider's own checks ([`validate::new_contact`]),
/// so a row the provider would refuse is reported by its line and the others go on.
pub struct RowPipeline<'a> {
    /// Where the rows go: its name in what its checks refuse, and its capabilities.
    provider: &'a dyn ContactProvider,
    /// Numbers stored in E.164, when asked.
    phones: Option<&'a Normalizer>,
}

impl<'a> RowPipeline<'a> {
    /// Rows for `provider`, their numbers stored in E.164 where `phones` is given.
    pub fn new(provider: &'a dyn ContactProvider, phones: Option<&'a Normalizer>) -> Self {
        Self { provider, phones }
    }

    /// The row as it is sent, or why it is not (a row the file could not give is passed on);
    /// for a row that passes, what its card held that the provider cannot store is added to
    /// `not_carried`.
    pub fn prepare(
        &self,
        row: Result<Row, RowError>,
        not_carried: &mut Vec<NotCarried>,
    ) -> Result<Row, RowError> {
        let row = match self.phones {
            Some(phones) => with_e164(row?, phones)?,
            None => row?,
        };
        let caps = self.provider.capabilities();
        let (row, left) = import_cards::fit(caps, row);
        validate::new_contact(self.provider.name(), caps, &row.contact)
            .map_err(|e| row.error(e.to_string()))?;
        // Only for a row that goes on: a refused one is reported as failed, not as carried.
        not_carried.extend(left);
        Ok(row)
    }
}

/// The row with its phone number in E.164, or why the number cannot be understood.
fn with_e164(mut row: Row, phones: &Normalizer) -> Result<Row, RowError> {
    let Some(raw) = row.contact.properties.phone_number() else {
        return Ok(row);
    };
    match phones.normalize(raw) {
        Ok(number) => {
            // In the card too, when there is one (its preferred phone).
            let e164 = number.e164().to_owned();
            row.contact = row.contact.property(keys::PHONE_NUMBER, e164);
            Ok(row)
        }
        Err(e) => Err(row.error(format!("phoneNumber: {e}"))),
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
    /// Turns `true` on Ctrl-C: stop at once, and look up what the batch in flight stored.
    pub stop: Option<watch::Receiver<bool>>,
}

impl Importer<'_> {
    /// Reads every row (until stopped) and stores it.
    pub async fn run(
        mut self,
        mut rows: mpsc::Receiver<Result<Row, RowError>>,
        progress: &ProgressBar,
    ) -> ImportSummary {
        let pipeline = RowPipeline::new(self.provider, self.phones);
        let batch_size = self
            .provider
            .capabilities()
            .max_batch_size
            .clamp(1, MAX_BATCH);
        let mut summary = ImportSummary::default();
        let mut batch: Vec<Row> = Vec::with_capacity(batch_size);
        let mut line = 0;
        while let Some(row) = self.next_row(&mut rows).await {
            let row = pipeline.prepare(row, &mut summary.not_carried);
            line = row.as_ref().map_or_else(|e| e.line, |r| r.line);
            match row {
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
            if summary.fatal.is_some() {
                return summary;
            }
        }
        if !batch.is_empty() && !self.stopped() {
            self.send(batch, &mut summary).await;
        }
        if self.stopped() {
            summary.interrupted_at.get_or_insert(line);
        }
        progress.set_position((summary.created + summary.updated) as u64);
        summary.failed.sort_by_key(|f| f.line);
        summary
    }

    /// The next row, or `None` at the end of the file or on Ctrl-C (which is noticed while
    /// waiting for a slow pipe, too).
    async fn next_row(
        &self,
        rows: &mut mpsc::Receiver<Result<Row, RowError>>,
    ) -> Option<Result<Row, RowError>> {
        let Some(mut stop) = self.stop.clone() else {
            return rows.recv().await;
        };
        tokio::select! {
            row = rows.recv() => row,
            _ = stop.wait_for(|stopped| *stopped) => None,
        }
    }

    fn stopped(&self) -> bool {
        self.stop.as_ref().is_some_and(|s| *s.borrow())
    }

    /// Updates the rows that are stored contacts, creates the others.
    async fn send(&mut self, batch: Vec<Row>, summary: &mut ImportSummary) {
        let (known, new): (Vec<Row>, Vec<Row>) = match &self.index {
            Some(index) => batch
                .into_iter()
                .partition(|r| index.find(&r.contact).is_some()),
            None => (Vec::new(), batch),
        };
        for row in known {
            self.update(row, summary).await;
        }
        // Two rows of one batch with the same key: the first creates, the others update it.
        let (new, again) = match &self.index {
            Some(index) => index.first_of_each(new),
            None => (new, Vec::new()),
        };
        if !new.is_empty() {
            let created = if self.dry_run {
                summary.created += new.len();
                let placeholder = |r: &Row| ContactId::new(format!("(line {})", r.line));
                new.iter().map(|r| (r.clone(), placeholder(r))).collect()
            } else {
                self.create_or_stop(&new, summary).await
            };
            if let Some(index) = self.index.as_mut() {
                for (row, id) in created {
                    index.remember(&row.contact, id);
                }
            }
        }
        for row in again {
            self.update(row, summary).await;
        }
    }

    /// Creates `rows`; on Ctrl-C, stops waiting and counts the rows found stored (a request
    /// dropped part-way may have landed).
    async fn create_or_stop(
        &self,
        rows: &[Row],
        summary: &mut ImportSummary,
    ) -> Vec<(Row, ContactId)> {
        let Some(mut stop) = self.stop.clone() else {
            return create(self.provider, rows, summary).await;
        };
        let mut partial = ImportSummary::default();
        let finished = tokio::select! {
            created = create(self.provider, rows, &mut partial) => Some(created),
            _ = stop.wait_for(|stopped| *stopped) => None,
        };
        match finished {
            Some(created) => {
                summary.absorb(partial);
                created
            }
            None => {
                reconcile::rows(
                    self.provider,
                    rows,
                    reconcile::Missing::NotSent,
                    &[],
                    summary,
                )
                .await
            }
        }
    }

    /// Patches the stored contact `row` matched: its properties set, its labels added.
    async fn update(&self, row: Row, summary: &mut ImportSummary) {
        let Some(id) = self
            .index
            .as_ref()
            .and_then(|i| i.find(&row.contact))
            .cloned()
        else {
            return;
        };
        if self.dry_run {
            summary.updated += 1;
            return;
        }
        // A card replaces the stored one: it is the contact as the file has it.
        let patch = ContactPatch {
            card: row.contact.card.clone(),
            ..ContactPatch::merging(&row.contact)
        };
        match self.provider.update(&id, &patch).await {
            Ok(_) => summary.updated += 1,
            Err(e) => summary
                .failed
                .push(row.error(format!("updating contact {id}: {e}"))),
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
            batch
                .iter()
                .cloned()
                .zip(created.into_iter().map(|c| c.id))
                .collect()
        }
        Err(Error::PartialFailure(partial)) => {
            partly_created(provider, batch, *partial, summary).await
        }
        // A refused atomic batch wrote nothing: send its rows one by one so only the bad ones
        // are reported.
        Err(Error::InvalidInput { .. })
            if batch.len() > 1 && provider.capabilities().atomic_batches =>
        {
            let mut created = Vec::new();
            for row in batch {
                created
                    .extend(Box::pin(create(provider, std::slice::from_ref(row), summary)).await);
            }
            created
        }
        Err(e) if e.may_have_written() => {
            reconcile::rows(
                provider,
                batch,
                reconcile::Missing::Failed(&e),
                &[],
                summary,
            )
            .await
        }
        Err(e @ (Error::Unauthenticated { .. } | Error::PermissionDenied { .. })) => {
            let first = batch.first().map_or(0, |r| r.line);
            summary.fatal = Some(format!(
                "{e}; the import stopped at line {first}, and nothing from there on was sent"
            ));
            Vec::new()
        }
        Err(e) => {
            let message = e.to_string();
            summary
                .failed
                .extend(batch.iter().map(|r| r.error(message.clone())));
            Vec::new()
        }
    }
}

/// The rows of a batch that failed part-way: the created ones with their ids, the failed ones
/// reported, except those whose failure may have written them (a 504 after the vendor stored
/// them), which are looked up first, as a whole batch's would be: "failed" means not stored.
async fn partly_created(
    provider: &dyn ContactProvider,
    batch: &[Row],
    partial: PartialFailure,
    summary: &mut ImportSummary,
) -> Vec<(Row, ContactId)> {
    summary.created += partial.created.len();
    let mut done: Vec<(Row, ContactId)> = partial
        .created
        .into_iter()
        .filter_map(|(index, contact)| Some((batch.get(index)?.clone(), contact.id)))
        .collect();
    let taken: Vec<ContactId> = done.iter().map(|(_, id)| id.clone()).collect();
    let mut unknown: Vec<(&Row, Error)> = Vec::new();
    for (index, err) in partial.failed {
        let Some(row) = batch.get(index) else {
            summary.failed.push(RowError::at_line(0, err.to_string()));
            continue;
        };
        if err.may_have_written() {
            unknown.push((row, err));
        } else {
            summary.failed.push(row.error(err.to_string()));
        }
    }
    // Rows whose outcome is unknown, each with its own error: looked up in one listing.
    let each: Vec<_> = unknown
        .iter()
        .map(|(row, err)| (*row, reconcile::Missing::Failed(err)))
        .collect();
    done.extend(reconcile::rows_each(provider, &each, &taken, summary).await);
    done
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::{Capabilities, Contact, InMemoryProvider, KeySupport};

    async fn run_rows(provider: &dyn ContactProvider, csv: &'static str) -> ImportSummary {
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

    /// Stores the first `stores` contacts of a batch, then answers `answer` of them: how a
    /// chunked vendor fails when a chunk timed out after storing.
    struct PartlyFailing {
        inner: InMemoryProvider,
        stores: usize,
        answer: fn(Vec<Contact>) -> PartialFailure,
    }

    impl std::fmt::Debug for PartlyFailing {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("PartlyFailing")
                .field("stores", &self.stores)
                .finish()
        }
    }

    #[contacts_core::async_trait]
    impl ContactProvider for PartlyFailing {
        contacts_core::provider_identity!(inner inner);
        contacts_core::forward_provider!(inner:
            get, list_page, update, replace, delete, delete_matching);

        async fn create(&self, contacts: &[NewContact]) -> contacts_core::Result<Vec<Contact>> {
            let stored = self.inner.create(&contacts[..self.stores]).await?;
            Err(Error::PartialFailure(Box::new((self.answer)(stored))))
        }
    }

    fn timed_out(message: &str) -> Error {
        Error::Unavailable {
            retry_after: None,
            message: message.into(),
        }
    }

    #[tokio::test]
    async fn an_item_that_may_have_been_stored_is_looked_up_before_it_is_called_failed() {
        // Item 0 created, item 1 timed out after it was stored, item 2 refused.
        let provider = PartlyFailing {
            inner: InMemoryProvider::new(),
            stores: 2,
            answer: |stored| PartialFailure {
                created: vec![(0, stored[0].clone())],
                failed: vec![
                    (1, timed_out("504 after the vendor stored the chunk")),
                    (2, Error::invalid("phoneNumber", "not a number")),
                ],
            },
        };
        let csv = "phoneNumber,firstName\n+461,Ada\n+461,Ada\n+463,Cy\n";
        let summary = run_rows(&provider, csv).await;
        // Row 2 is identical to row 1 and was stored: it is found, not matched to row 1's
        // contact, and not called failed (a re-run of the failed rows would duplicate it).
        assert_eq!(summary.created, 2, "{summary:?}");
        assert_eq!(summary.confirmed, 1, "{summary:?}");
        let failed: Vec<u64> = summary.failed.iter().map(|f| f.line).collect();
        assert_eq!(failed, vec![4], "only the refused row failed: {summary:?}");
        assert_eq!(provider.inner.len(), 2);
    }

    #[tokio::test]
    async fn one_stored_contact_is_found_for_one_row_even_when_the_rows_failed_differently() {
        // Two identical rows, each timed out with its own message; only one was stored.
        let provider = PartlyFailing {
            inner: InMemoryProvider::new(),
            stores: 1,
            answer: |_| PartialFailure {
                created: Vec::new(),
                failed: vec![
                    (0, timed_out("504 on item 0")),
                    (1, timed_out("504 on item 1")),
                ],
            },
        };
        let summary = run_rows(&provider, "phoneNumber,firstName\n+461,Ada\n+461,Ada\n").await;
        assert_eq!(
            (summary.created, summary.confirmed),
            (1, 1),
            "one contact is one row created: {summary:?}"
        );
        let failed: Vec<(u64, &str)> = summary
            .failed
            .iter()
            .map(|f| (f.line, f.message.as_str()))
            .collect();
        assert_eq!(
            failed,
            [(3, "not stored: service unavailable: 504 on item 1")],
            "{summary:?}"
        );
        assert_eq!(provider.inner.len(), 1);
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
