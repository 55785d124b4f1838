//! Writing contacts as CSV: `id`, one column per property key, `labels`.

use super::LABELS_COLUMN;
use contacts_core::Contact;
use std::collections::BTreeSet;
use std::io::Write;

/// A CSV writer whose columns are fixed up front (the export makes a first pass to learn the
/// keys, so the file streams in constant memory whatever the number of contacts).
pub struct CsvExport<W: Write> {
    writer: csv::Writer<W>,
    keys: Vec<String>,
    /// The labels cell, kept between rows so a row costs no allocation.
    labels: String,
}

impl<W: Write> CsvExport<W> {
    /// Writes the header: `id`, the keys in order, `labels`.
    pub fn new(out: W, keys: &BTreeSet<String>) -> csv::Result<Self> {
        let mut writer = csv::Writer::from_writer(out);
        let keys: Vec<String> = keys.iter().cloned().collect();
        let mut header = vec!["id"];
        header.extend(keys.iter().map(String::as_str));
        header.push(LABELS_COLUMN);
        writer.write_record(&header)?;
        Ok(Self {
            writer,
            keys,
            labels: String::new(),
        })
    }

    /// Writes one contact; a key it lacks is an empty cell.
    pub fn write(&mut self, contact: &Contact) -> csv::Result<()> {
        self.labels.clear();
        for (i, label) in contact.labels.iter().enumerate() {
            if i > 0 {
                self.labels.push(';');
            }
            self.labels.push_str(label);
        }
        let cells = self
            .keys
            .iter()
            .map(|k| contact.properties.get(k).unwrap_or(""));
        let record = std::iter::once(contact.id.as_str())
            .chain(cells)
            .chain(std::iter::once(self.labels.as_str()));
        self.writer.write_record(record)
    }

    /// Flushes the output.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}
