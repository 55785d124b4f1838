//! `contacts export`: every contact, streamed, in csv, jsonl, vCard or JSContact.
//!
//! Pages are decoded and written on a blocking thread while the next page is fetched: the
//! export keeps one page in flight ahead of the one being written, so the network overlaps the
//! decoding and the writing, and memory stays bounded by about two pages. Requests are the
//! same, in the same order, as walking the pages one after another, for every format: csv
//! learns its columns as it goes and writes its header at the end (see
//! [`CsvExport`]).
//!
//! A file given with `--out` is written whole or not at all ([`AtomicFile`]): a failed export
//! leaves an earlier file as it was, and no temporary file behind.

use super::export_cards::{CardExport, JsContactArray};
use crate::args::{ExportArgs, ExportFormat};
use crate::atomic_file::AtomicFile;
use crate::error::{CliError, CliResult};
use contacts_core::{Contact, ContactProvider, ContactQuery, PendingPage};
use contacts_formats::csv::{CsvExport, CsvFailure};
use std::io::{BufWriter, Write};
use tokio::sync::mpsc;

/// The output, buffered; `Send` so the writing thread can own it.
type Out = BufWriter<Target>;

/// Where an export goes.
enum Target {
    Stdout(std::io::Stdout),
    /// `--out`: put in place only when the export succeeded.
    File(AtomicFile),
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Target::Stdout(out) => out.write(buf),
            Target::File(out) => out.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Target::Stdout(out) => out.flush(),
            Target::File(out) => out.flush(),
        }
    }
}

impl Target {
    /// Flushes stdout, or puts the file in place.
    fn commit(self) -> std::io::Result<()> {
        match self {
            Target::Stdout(mut out) => out.flush(),
            Target::File(file) => file.commit(),
        }
    }
}

/// Runs `export`; returns how many contacts were written. An error fetching any page ends the
/// export with that error, after the pages before it have been written and flushed.
pub async fn run(provider: &dyn ContactProvider, args: &ExportArgs) -> CliResult<usize> {
    let target = args
        .out
        .as_ref()
        .map_or_else(|| "stdout".to_owned(), |p| p.display().to_string());
    let out = match &args.out {
        Some(path) => {
            Target::File(AtomicFile::create(path).map_err(|e| CliError::io(target.clone(), e))?)
        }
        None => Target::Stdout(std::io::stdout()),
    };
    let out = BufWriter::with_capacity(64 * 1024, out);
    let query = ContactQuery::new().page_size(provider.capabilities().max_page_size);
    let format = match args.format {
        ExportFormat::Jsonl => Format::Jsonl(out),
        ExportFormat::Vcard => Format::Vcard(out, CardExport::new(provider)),
        ExportFormat::Jscontact => {
            let mut out = out;
            let array = JsContactArray::start(&mut out).map_err(|e| CliError::io(&target, e))?;
            Format::JsContact(out, CardExport::new(provider), array)
        }
        ExportFormat::Csv => Format::Csv(Box::new(CsvExport::new(out))),
    };
    let sink = Sink { format, target };
    let (sink, count) = each_page(provider, &query, (sink, 0), |(sink, count), page| {
        sink.write_page(page)?;
        *count += page.len();
        Ok(())
    })
    .await?;
    // Flushing may block on a slow reader (a pipe): off the async threads too.
    tokio::task::spawn_blocking(move || sink.finish())
        .await
        .map_err(|e| CliError::Failed(format!("the export's writing thread failed: {e}")))??;
    Ok(count)
}

/// Fetches the pages of `query` and hands each to `handle` (with `state`) on a blocking
/// thread, one page fetched ahead of the one being handled; returns the state afterwards.
/// The pages' contacts are decoded on that thread too
/// ([`ContactProvider::list_page_deferred`]), so a page's decoding overlaps the next
/// page's request.
async fn each_page<T: Send + 'static>(
    provider: &dyn ContactProvider,
    query: &ContactQuery,
    mut state: T,
    mut handle: impl FnMut(&mut T, &[Contact]) -> CliResult<()> + Send + 'static,
) -> CliResult<T> {
    // One slot: the page waiting for the handler. The fetcher reserves it before each
    // request, so it never runs more than one page ahead of the page being handled.
    let (pages, mut received) = mpsc::channel::<PendingPage>(1);
    let handler = tokio::task::spawn_blocking(move || {
        while let Some(page) = received.blocking_recv() {
            handle(&mut state, &page.into_page()?.items)?;
        }
        Ok::<_, CliError>(state)
    });
    let fetched = fetch_pages(provider, query, &pages).await;
    drop(pages);
    let handled = handler
        .await
        .map_err(|e| CliError::Failed(format!("the export's writing thread failed: {e}")))?;
    // The fetcher stops quietly when the handler gives up, so a handling error comes first.
    match (handled, fetched) {
        (Err(e), _) | (Ok(_), Err(e)) => Err(e),
        (Ok(state), Ok(())) => Ok(state),
    }
}

/// Sends every page of `query`, not decoded yet, to `pages`, in order; stops without error
/// when the handler has gone (it reports its own failure).
async fn fetch_pages(
    provider: &dyn ContactProvider,
    query: &ContactQuery,
    pages: &mpsc::Sender<PendingPage>,
) -> CliResult<()> {
    let mut token = None;
    loop {
        let Ok(slot) = pages.reserve().await else {
            return Ok(());
        };
        let page = provider.list_page_deferred(query, token).await?;
        let next = page.next().cloned();
        slot.send(page);
        match next {
            Some(next) => token = Some(next),
            None => return Ok(()),
        }
    }
}

/// How contacts are written.
enum Format {
    Jsonl(Out),
    Vcard(Out, CardExport),
    JsContact(Out, CardExport, JsContactArray),
    Csv(Box<CsvExport<Out>>),
}

/// The output of an export and its name for error messages.
struct Sink {
    format: Format,
    target: String,
}

impl Sink {
    /// Writes one page of contacts.
    fn write_page(&mut self, page: &[Contact]) -> CliResult<()> {
        let target = &self.target;
        let io_err = |e: std::io::Error| CliError::io(target.clone(), e);
        for contact in page {
            match &mut self.format {
                Format::Jsonl(out) => {
                    serde_json::to_writer(&mut *out, contact).map_err(|e| io_err(e.into()))?;
                    out.write_all(b"\n").map_err(io_err)?;
                }
                Format::Vcard(out, cards) => {
                    let text = cards.vcard(contact).map_err(CliError::Failed)?;
                    out.write_all(text.as_bytes()).map_err(io_err)?;
                }
                Format::JsContact(out, cards, array) => {
                    array.write(out, &cards.card(contact)).map_err(io_err)?;
                }
                Format::Csv(writer) => writer.write(contact).map_err(|e| csv_error(target, e))?,
            }
        }
        Ok(())
    }

    /// Flushes the output and, for a file, puts it in place.
    fn finish(self) -> CliResult<()> {
        let out = match self.format {
            Format::Jsonl(out) | Format::Vcard(out, _) => out
                .into_inner()
                .map_err(|e| CliError::io(&self.target, e.into_error()))?,
            Format::JsContact(mut out, _, array) => {
                array
                    .finish(&mut out)
                    .map_err(|e| CliError::io(&self.target, e))?;
                out.into_inner()
                    .map_err(|e| CliError::io(&self.target, e.into_error()))?
            }
            Format::Csv(writer) => writer
                .finish()
                .map_err(|e| csv_error(&self.target, e))?
                .into_inner()
                .map_err(|e| CliError::io(&self.target, e.into_error()))?,
        };
        out.commit().map_err(|e| CliError::io(self.target, e))
    }
}

/// A CSV failure, naming the output or the temporary spool of rows.
fn csv_error(target: &str, failure: CsvFailure) -> CliError {
    match failure {
        CsvFailure::Output(e) => CliError::io(target, e),
        CsvFailure::Spool(e) => CliError::Failed(format!(
            "the csv export's temporary file of rows (in {}): {e}",
            std::env::temp_dir().display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::{
        Capabilities, ContactProviderExt, Error, InMemoryProvider, NewContact, Page, PageToken,
        Result, async_trait,
    };
    use futures::TryStreamExt;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// An in-memory provider with pages of 10 whose `fail_on`-th `list_page` call fails.
    #[derive(Debug)]
    struct Flaky {
        inner: InMemoryProvider,
        caps: Capabilities,
        fail_on: usize,
        /// The call whose page's body cannot be decoded (0: none).
        bad_body_on: usize,
        calls: AtomicUsize,
    }

    impl Flaky {
        async fn with(contacts: usize, fail_on: usize) -> Self {
            let inner = InMemoryProvider::new();
            let batch: Vec<_> = (0..contacts)
                .map(|i| NewContact::new().property("phoneNumber", format!("+4670{i:07}")))
                .collect();
            for chunk in batch.chunks(1000) {
                inner.create(chunk).await.unwrap();
            }
            let mut caps = inner.capabilities().clone();
            caps.max_page_size = 10;
            Self {
                inner,
                caps,
                fail_on,
                bad_body_on: 0,
                calls: AtomicUsize::new(0),
            }
        }
    }

    #[async_trait]
    impl ContactProvider for Flaky {
        contacts_core::provider_identity!("flaky", caps);
        contacts_core::forward_provider!(inner:
            get, create, update, replace, delete, delete_matching);

        async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
            if self.calls.fetch_add(1, Ordering::SeqCst) + 1 == self.fail_on {
                return Err(Error::Protocol {
                    status: Some(500),
                    message: "page failed".into(),
                    body_excerpt: String::new(),
                });
            }
            self.inner.list_page(query, token).await
        }
        async fn list_page_deferred(
            &self,
            query: &ContactQuery,
            token: Option<PageToken>,
        ) -> Result<PendingPage> {
            let page = self.list_page(query, token).await?;
            if self.calls.load(Ordering::SeqCst) == self.bad_body_on {
                return Ok(PendingPage::deferred(page.next, || {
                    Err(Error::Protocol {
                        status: Some(200),
                        message: "bad body".into(),
                        body_excerpt: String::new(),
                    })
                }));
            }
            Ok(PendingPage::deferred(page.next, move || Ok(page.items)))
        }
    }

    fn args(format: ExportFormat, out: &std::path::Path) -> ExportArgs {
        ExportArgs {
            format,
            out: Some(out.to_owned()),
        }
    }

    /// Exports a fresh [`Flaky`] of `n` contacts (failing nowhere) to the file `name` of a new
    /// directory, asserting all `n` were written: the provider (for its calls), the directory
    /// (alive as long as the file is needed) and the file.
    async fn export_all(
        n: usize,
        format: ExportFormat,
        name: &str,
    ) -> (Flaky, tempfile::TempDir, std::path::PathBuf) {
        let provider = Flaky::with(n, 0).await;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        let count = run(&provider, &args(format, &path)).await.unwrap();
        assert_eq!(count, n);
        (provider, dir, path)
    }

    #[tokio::test]
    async fn every_page_is_written_in_order() {
        let (provider, _dir, path) = export_all(25, ExportFormat::Jsonl, "all.jsonl").await;
        let expected: Vec<Contact> = provider
            .list(ContactQuery::new().page_size(10))
            .try_collect()
            .await
            .unwrap();
        let written: Vec<Contact> = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(written, expected);
        // Three pages, then three more for the listing above.
        assert_eq!(provider.calls.load(Ordering::SeqCst), 6);
    }

    /// After a failed export to `path` (holding `before`), it holds `before` still and its
    /// directory nothing else.
    fn untouched(path: &std::path::Path, before: &str) {
        assert_eq!(std::fs::read_to_string(path).unwrap(), before);
        let names = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(names, 1, "no temporary file is left");
    }

    #[tokio::test]
    async fn an_error_on_page_three_ends_the_export_and_leaves_the_file_as_it_was() {
        for format in [ExportFormat::Jsonl, ExportFormat::Vcard] {
            let provider = Flaky::with(45, 3).await;
            let (_dir, path) = contacts_testkit::files::holding("partial", "earlier export\n");
            let err = run(&provider, &args(format, &path)).await.unwrap_err();
            assert!(err.to_string().contains("page failed"), "{err}");
            untouched(&path, "earlier export\n");
            // Nothing was fetched after the failing page.
            assert_eq!(provider.calls.load(Ordering::SeqCst), 3);
        }
    }

    #[tokio::test]
    async fn a_page_that_cannot_be_decoded_ends_the_export_and_writes_no_file() {
        for format in [ExportFormat::Jsonl, ExportFormat::Vcard, ExportFormat::Csv] {
            let mut provider = Flaky::with(45, 0).await;
            provider.bad_body_on = 3;
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("partial");
            let err = run(&provider, &args(format, &path)).await.unwrap_err();
            assert!(err.to_string().contains("bad body"), "{format:?}: {err}");
            assert!(!path.exists(), "{format:?}");
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
            // At most the one page after it was requested meanwhile.
            assert!(provider.calls.load(Ordering::SeqCst) <= 4, "{format:?}");
        }
    }

    #[tokio::test]
    async fn a_csv_export_reads_each_page_once_and_writes_nothing_when_a_page_fails() {
        let (provider, _dir, path) = export_all(45, ExportFormat::Csv, "all.csv").await;
        assert_eq!(provider.calls.load(Ordering::SeqCst), 5, "one pass");
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 46);
        assert!(text.starts_with("id,phoneNumber,labels\n"), "{text}");
        for fail_on in [2, 5] {
            let provider = Flaky::with(45, fail_on).await;
            let err = run(&provider, &args(ExportFormat::Csv, &path))
                .await
                .unwrap_err();
            assert!(err.to_string().contains("page failed"), "{err}");
            // The file of the export before is as it was.
            assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        }
    }

    #[tokio::test]
    async fn a_writing_error_is_reported_and_stops_the_fetching() {
        let full = std::path::Path::new("/dev/full");
        if !full.exists() {
            return;
        }
        // 10,000 pages of jsonl overflow the 64 KiB buffer long before the end.
        let provider = Flaky::with(100_000, 0).await;
        let err = run(&provider, &args(ExportFormat::Jsonl, full))
            .await
            .unwrap_err();
        assert!(matches!(err, CliError::Io { .. }), "{err}");
        assert!(provider.calls.load(Ordering::SeqCst) < 100);
    }
}
