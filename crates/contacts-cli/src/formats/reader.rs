//! The import's reading thread: opens the file, tells its format from its content (and its
//! name), and streams its rows through a bounded channel, so a file of any size is read in
//! constant memory.

use super::cards::{VcardRows, jscontact_rows};
use super::sniff::{self, Content};
use super::source;
use crate::args::{ImportArgs, ImportFormat};
use crate::error::{CliError, CliResult};
use contacts_formats::csv::{self, CsvOptions, CsvRows, Row, RowError, SkippedRows};
use contacts_formats::jsonl::{JsonlRows, array};
use std::path::{Path, PathBuf};
use tokio::sync::{mpsc, oneshot};

/// Rows read ahead of the provider; bounds memory whatever the file size.
const READ_AHEAD: usize = 1024;

/// The rows of an import, and the count of rows skipped because they hold nothing (final once
/// the rows have all been received).
pub(crate) struct Input {
    /// The rows, in file order.
    pub rows: mpsc::Receiver<Result<Row, RowError>>,
    /// Empty rows passed over.
    pub skipped: SkippedRows,
}

/// The rows of the file (or stdin) `args` names, with the count of empty rows skipped;
/// `quiet`: no notes (the separator or encoding detected, empty rows skipped) on stderr. A file that
/// cannot be read as its format (a header error, a directory) fails here, before any row is
/// sent.
pub(crate) async fn open_input(args: &ImportArgs, quiet: bool) -> CliResult<Input> {
    let plan = Plan {
        path: args.file.clone(),
        format: args.format,
        delimiter: args.delimiter.as_deref().map(delimiter_byte),
        encoding: args.encoding.clone(),
        keep_ids: args.keep_ids,
        quiet,
    };
    let skipped = SkippedRows::default();
    let counter = skipped.clone();
    let (tx, rx) = mpsc::channel(READ_AHEAD);
    let (ready_tx, ready_rx) = oneshot::channel();
    tokio::task::spawn_blocking(move || {
        let rows = match plan.open(&counter) {
            Ok(rows) => rows,
            Err(message) => {
                let _ = ready_tx.send(Err(message));
                return;
            }
        };
        let _ = ready_tx.send(Ok(()));
        for row in rows {
            if tx.blocking_send(row).is_err() {
                return;
            }
        }
        if let (false, Some(text)) = (plan.quiet, counter.describe()) {
            eprintln!("{}: {text}", plan.path.display());
        }
    });
    match ready_rx.await {
        Ok(Ok(())) => Ok(Input { rows: rx, skipped }),
        Ok(Err(message)) => Err(CliError::Failed(message)),
        Err(_) => Err(CliError::Failed(
            "the file reader stopped unexpectedly".into(),
        )),
    }
}

/// `--delimiter`'s value as a byte (clap allows only the listed ones).
fn delimiter_byte(value: &str) -> u8 {
    match value {
        "tab" | "\t" => b'\t',
        other => other.bytes().next().unwrap_or(b','),
    }
}

/// The format a file's name suggests (content decides first; see [`Plan::kind`]).
pub(crate) fn guess_format(path: &Path) -> Option<Kind> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("jsonl" | "ndjson" | "json") => Some(Kind::Jsonl),
        Some("vcf" | "vcard") => Some(Kind::Vcard),
        Some(_) | None => None,
    }
}

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Csv,
    Jsonl,
    JsonArray,
    Vcard,
    JsContact,
}

/// What an import asked for, to be carried out on the reading thread.
struct Plan {
    path: PathBuf,
    format: Option<ImportFormat>,
    delimiter: Option<u8>,
    encoding: Option<String>,
    keep_ids: bool,
    quiet: bool,
}

type Rows = Box<dyn Iterator<Item = Result<Row, RowError>>>;

impl Plan {
    /// Opens the file and starts reading it as what it is.
    fn open(&self, skipped: &SkippedRows) -> Result<Rows, String> {
        let name = self.path.display();
        let mut source = source::open(&self.path, self.encoding.as_deref())?;
        let start = source.start.as_slice();
        let content = sniff::content(start);
        let kind = self.kind(content, start.trim_ascii().is_empty())?;
        self.note(source.note.take());
        Ok(match kind {
            Kind::Csv => {
                let first = start.split(|&b| b == b'\n').next().unwrap_or_default();
                if !start.is_empty() && first.trim_ascii().is_empty() {
                    return Err(format!(
                        "{name}: the first line is blank; it must name the columns (property \
                         keys, e.g. phoneNumber,firstName,labels)"
                    ));
                }
                let delimiter = self.delimiter.unwrap_or_else(|| {
                    let found = csv::sniff::delimiter(start);
                    if found != b',' {
                        self.note(Some(format!(
                            "{name}: fields separated by {} (from the header line; \
                             --delimiter to choose)",
                            csv::sniff::delimiter_name(found)
                        )));
                    }
                    found
                });
                let options = CsvOptions {
                    delimiter,
                    keep_ids: self.keep_ids,
                    skipped: skipped.clone(),
                };
                Box::new(
                    CsvRows::with_options(source.reader, options)
                        .map_err(|e| format!("{name}: {e}"))?,
                )
            }
            Kind::Jsonl => Box::new(JsonlRows::counting(source.reader, skipped.clone())),
            Kind::JsonArray => Box::new(
                array::read(source.reader, skipped)
                    .map_err(|e| format!("{name}: {e}"))?
                    .into_iter(),
            ),
            Kind::Vcard => Box::new(VcardRows::new(source.reader)),
            Kind::JsContact => Box::new(
                jscontact_rows(source.reader)
                    .map_err(|e| format!("{name}: {e}"))?
                    .into_iter(),
            ),
        })
    }

    /// The format: `--format` when given (an error when the content says otherwise), else the
    /// content, else the name, else CSV.
    fn kind(&self, content: Content, empty: bool) -> Result<Kind, String> {
        let name = self.path.display();
        let contradiction = |flag: &str| {
            format!(
                "--format {flag} was given, but {name} holds {}; drop --format to read it as \
                 what it is, or give the right file",
                content.name()
            )
        };
        match (self.format, content) {
            (Some(ImportFormat::Csv), Content::Text) => Ok(Kind::Csv),
            (Some(ImportFormat::Csv), _) => Err(contradiction("csv")),
            (Some(ImportFormat::Jsonl), Content::JsonLines) => Ok(Kind::Jsonl),
            (Some(ImportFormat::Jsonl), Content::JsonArray) => Ok(Kind::JsonArray),
            (Some(ImportFormat::Jsonl), Content::Text) if empty => Ok(Kind::Jsonl),
            (Some(ImportFormat::Jsonl), _) => Err(contradiction("jsonl")),
            (Some(ImportFormat::Vcard), Content::Vcard) => Ok(Kind::Vcard),
            (Some(ImportFormat::Vcard), Content::Text) if empty => Ok(Kind::Vcard),
            (Some(ImportFormat::Vcard), _) => Err(contradiction("vcard")),
            (Some(ImportFormat::Jscontact), Content::JsContact) => Ok(Kind::JsContact),
            (Some(ImportFormat::Jscontact), _) => Err(contradiction("jscontact")),
            (None, Content::Vcard) => Ok(Kind::Vcard),
            (None, Content::JsContact) => Ok(Kind::JsContact),
            (None, Content::JsonArray) => Ok(Kind::JsonArray),
            (None, Content::JsonLines) => Ok(Kind::Jsonl),
            (None, Content::Text) => Ok(guess_format(&self.path).unwrap_or(Kind::Csv)),
        }
    }

    fn note(&self, note: Option<String>) {
        if let (false, Some(note)) = (self.quiet, note) {
            eprintln!("{note}");
        }
    }
}
