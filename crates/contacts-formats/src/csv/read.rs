//! Reading contacts from CSV, one row at a time.

use super::columns::{ID_COLUMN, LABELS_COLUMN, PROPERTY_PREFIX, split_labels};
use super::quotes::QuoteWatch;
use super::row::{Row, RowError, SkippedRows};
use super::sniff::looks_like_data;
use crate::fused::Fused;
use contacts_core::NewContact;
use std::collections::HashSet;
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How a CSV file is read.
#[derive(Debug, Clone)]
pub struct CsvOptions {
    /// The separator between fields.
    pub delimiter: u8,
    /// Keep the `id` column (of an export) as the property `id`; otherwise it is ignored, so
    /// an export imported again gains no property.
    pub keep_ids: bool,
    /// Where rows that hold nothing are counted.
    pub skipped: SkippedRows,
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self {
            delimiter: b',',
            keep_ids: false,
            skipped: SkippedRows::default(),
        }
    }
}

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Property(String),
    Labels,
    Ignored,
}

/// Reads CSV rows lazily: a header of property keys (plus an optional `labels` column, and
/// an `id` column that is ignored), then one contact per record. Values are kept exactly; an
/// empty cell is no value; a row of empty cells is skipped and counted.
pub struct CsvRows<R: Read> {
    columns: Vec<Column>,
    reader: csv::Reader<QuoteWatch<R>>,
    record: csv::ByteRecord,
    unclosed: Arc<AtomicU64>,
    skipped: SkippedRows,
    done: Fused,
}

impl<R: Read> CsvRows<R> {
    /// Reads the header of a `,`-separated file (see [`CsvRows::with_options`]).
    pub fn new(input: R) -> Result<Self, String> {
        Self::with_options(input, CsvOptions::default())
    }

    /// Reads the header. Fails (the whole import) if the first line is blank or missing, looks
    /// like data rather than names, or has an empty or a duplicated column name.
    pub fn with_options(input: R, options: CsvOptions) -> Result<Self, String> {
        let unclosed = Arc::new(AtomicU64::new(0));
        let watch = QuoteWatch::new(input, options.delimiter, unclosed.clone());
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(options.delimiter)
            .from_reader(watch);
        let mut record = csv::ByteRecord::new();
        let found = reader
            .read_byte_record(&mut record)
            .map_err(|e| format!("cannot read the CSV header: {e}"))?;
        let first_line = record.position().map_or(1, |p| p.line());
        if !found || first_line > 1 || record.iter().all(|c| c.trim_ascii().is_empty()) {
            return Err(
                "the first line of the CSV file is blank; it must name the columns (property \
                 keys, e.g. phoneNumber,firstName,labels)"
                    .into(),
            );
        }
        let names = record
            .iter()
            .map(|cell| {
                std::str::from_utf8(cell).map_err(|e| {
                    format!("the CSV header is {}", not_utf8_hint(cell[e.valid_up_to()]))
                })
            })
            .collect::<Result<Vec<&str>, String>>()?;
        let columns = columns(&names, options.keep_ids)?;
        Ok(Self {
            columns,
            reader,
            record: csv::ByteRecord::new(),
            unclosed,
            skipped: options.skipped,
            done: Fused::default(),
        })
    }

    /// The contact of the current record, or why it cannot be read.
    fn to_row(&self) -> Result<NewContact, String> {
        let mut contact = NewContact::new();
        for (column, cell) in self.columns.iter().zip(self.record.iter()) {
            let cell =
                std::str::from_utf8(cell).map_err(|e| not_utf8_hint(cell[e.valid_up_to()]))?;
            match column {
                Column::Labels => contact.labels.extend(split_labels(cell)),
                Column::Property(name) => {
                    contact.properties.set(name.clone(), cell);
                }
                Column::Ignored => {}
            }
        }
        Ok(contact)
    }

    /// Reads the next record into `self.record`: its first and last line, or `None` at the end.
    fn read(&mut self) -> Option<Result<(u64, u64), RowError>> {
        let read = self
            .done
            .read(|| self.reader.read_byte_record(&mut self.record))?;
        if let Err(err) = read {
            // Only I/O fails here (the reader is flexible and reads bytes): nothing after
            // it can be trusted.
            let line = err.position().map_or(0, |p| p.line());
            return Some(Err(RowError::at_line(
                line,
                format!("cannot read the file (reading stopped here): {err}"),
            )));
        }
        let start = self.record.position().map_or(0, |p| p.line());
        let breaks = self
            .record
            .as_slice()
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        Some(Ok((start, start + breaks as u64)))
    }
}

/// The columns a header names; `property:` names are unescaped (see
/// [`PROPERTY_PREFIX`]).
fn columns(names: &[&str], keep_ids: bool) -> Result<Vec<Column>, String> {
    if let Some(data) = names.iter().find(|n| looks_like_data(n)) {
        return Err(format!(
            "the first line of the CSV file looks like data ({data:?}), not a header; add a \
             first line naming the columns (property keys, e.g. phoneNumber,firstName,labels)"
        ));
    }
    let mut seen = HashSet::new();
    let mut columns = Vec::with_capacity(names.len());
    for (i, &name) in names.iter().enumerate() {
        if name.is_empty() {
            return Err(format!(
                "CSV header column {} is empty; every column needs a property key",
                i + 1
            ));
        }
        // `phoneNumber, firstName` would make a key " firstName" that matches nothing.
        if name.trim() != name {
            return Err(format!(
                "CSV header column {} is {name:?}, with spaces at its ends; write it as {:?} \
                 (a property key is taken exactly as written)",
                i + 1,
                name.trim()
            ));
        }
        let column = match name {
            LABELS_COLUMN => Column::Labels,
            ID_COLUMN if !keep_ids => Column::Ignored,
            _ => Column::Property(
                name.strip_prefix(PROPERTY_PREFIX)
                    .unwrap_or(name)
                    .to_owned(),
            ),
        };
        // The `id` and `labels` columns and the properties `id` and `labels` are four names.
        let (own, key) = match &column {
            Column::Property(key) => (false, key.as_str()),
            _ => (true, name),
        };
        if !seen.insert((own, key.to_owned())) {
            return Err(format!("CSV header names {name:?} twice"));
        }
        columns.push(column);
    }
    Ok(columns)
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = Result<Row, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (line, last) = match self.read()? {
                Ok(span) => span,
                Err(e) => return Some(Err(e)),
            };
            let opened = self.unclosed.load(Ordering::Relaxed);
            if opened != 0 {
                self.done.stop();
                return Some(Err(RowError::at_line(
                    line,
                    format!(
                        "the quote opened on line {opened} is never closed, so lines \
                         {line}–{last} were read as one value and none of them was imported; \
                         close it (a quote inside a value is written \"\")"
                    ),
                )));
            }
            if self.record.iter().all(<[u8]>::is_empty) {
                self.skipped.skip(line);
                continue;
            }
            let (len, expected) = (self.record.len(), self.columns.len());
            if len != expected {
                let span = if last > line {
                    format!(
                        " (lines {line}–{last}: a quoted value spans them; is a quote not closed?)"
                    )
                } else {
                    String::new()
                };
                return Some(Err(RowError::at_line(
                    line,
                    format!("{len} fields where the header has {expected}{span}"),
                )));
            }
            return Some(match self.to_row() {
                Ok(contact) if contact.properties.is_empty() && contact.labels.is_empty() => {
                    self.skipped.skip(line);
                    continue;
                }
                Ok(contact) => Ok(Row::at_line(line, contact)),
                Err(message) => Err(RowError::at_line(line, message)),
            });
        }
    }
}

/// What to say of text that is not UTF-8, and what to do.
pub fn not_utf8_hint(byte: u8) -> String {
    format!(
        "not UTF-8 (byte 0x{byte:02X}). A file saved by Excel as \"CSV\" on Windows is usually \
         Windows-1252: give --encoding windows-1252 (or save it as \"CSV UTF-8\")"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_values_exactly_and_reports_bad_rows_with_lines() {
        let input = "phoneNumber,firstName,labels\n\
                     +4611,\" Ada \",VIP;Sales\n\
                     +4612,\"multi\nline, \"\"quoted\"\"\",\n\
                     +4613\n\
                     +4614,,\n";
        let rows: Vec<_> = CsvRows::new(input.as_bytes()).unwrap().collect();
        assert_eq!(rows.len(), 4);
        let first = rows[0].as_ref().unwrap();
        assert_eq!(first.line, 2);
        assert_eq!(first.contact.properties.first_name(), Some(" Ada "));
        assert!(first.contact.labels.contains("VIP") && first.contact.labels.contains("Sales"));
        let second = rows[1].as_ref().unwrap();
        assert_eq!(
            second.contact.properties.first_name(),
            Some("multi\nline, \"quoted\"")
        );
        let bad = rows[2].as_ref().unwrap_err();
        assert_eq!(bad.line, 5);
        assert!(bad.message.contains("1 fields"), "{}", bad.message);
        let empty = rows[3].as_ref().unwrap();
        assert_eq!(
            empty.contact.properties.len(),
            1,
            "an empty cell is no value"
        );
    }

    #[test]
    fn refuses_a_bad_header() {
        assert!(CsvRows::new("a,,b\n1,2,3\n".as_bytes()).is_err());
        assert!(CsvRows::new("a,a\n1,2\n".as_bytes()).is_err());
        assert!(CsvRows::new("".as_bytes()).is_err());
    }
}
