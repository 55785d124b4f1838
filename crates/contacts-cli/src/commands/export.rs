//! `contacts export`: every contact, streamed, in csv, jsonl or vCard.

use crate::args::{ExportArgs, ExportFormat};
use crate::error::{CliError, CliResult};
use crate::formats::csv_export::CsvExport;
use crate::formats::vcard::write_vcard;
use contacts_core::{ContactProvider, ContactProviderExt, ContactQuery};
use futures::TryStreamExt;
use std::collections::BTreeSet;
use std::io::{BufWriter, Write};

/// Runs `export`. Memory stays bounded by one page: contacts are written as they arrive (csv
/// makes a first pass that keeps only the set of property keys).
pub async fn run(provider: &dyn ContactProvider, args: &ExportArgs) -> CliResult<usize> {
    let target = args
        .out
        .as_ref()
        .map_or_else(|| "stdout".to_owned(), |p| p.display().to_string());
    let out: Box<dyn Write> = match &args.out {
        Some(path) => {
            Box::new(std::fs::File::create(path).map_err(|e| CliError::io(target.clone(), e))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    let io_err = |e: std::io::Error| CliError::io(target.clone(), e);
    let query = ContactQuery::new().page_size(provider.capabilities().max_page_size);
    let mut count = 0;
    match args.format {
        ExportFormat::Jsonl => {
            let mut contacts = provider.list(query);
            while let Some(contact) = contacts.try_next().await? {
                serde_json::to_writer(&mut out, &contact).map_err(|e| io_err(e.into()))?;
                out.write_all(b"\n").map_err(io_err)?;
                count += 1;
            }
        }
        ExportFormat::Vcard => {
            let mut contacts = provider.list(query);
            while let Some(contact) = contacts.try_next().await? {
                write_vcard(&mut out, &contact).map_err(io_err)?;
                count += 1;
            }
        }
        ExportFormat::Csv => {
            let mut keys = BTreeSet::new();
            let mut contacts = provider.list(query.clone());
            while let Some(contact) = contacts.try_next().await? {
                keys.extend(contact.properties.keys().map(str::to_owned));
            }
            let csv_err = |e: csv::Error| CliError::Failed(format!("{target}: {e}"));
            let mut writer = CsvExport::new(&mut out, &keys).map_err(csv_err)?;
            let mut contacts = provider.list(query);
            while let Some(contact) = contacts.try_next().await? {
                writer.write(&contact).map_err(csv_err)?;
                count += 1;
            }
            writer.finish().map_err(io_err)?;
        }
    }
    out.flush().map_err(io_err)?;
    Ok(count)
}
