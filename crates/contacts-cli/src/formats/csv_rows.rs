//! Reading contacts from CSV, one row at a time.

use super::{LABELS_COLUMN, Row, RowError, split_labels};
use contacts_core::NewContact;
use std::collections::HashSet;
use std::io::Read;

/// Reads CSV rows lazily: a header of property keys (plus an optional `labels` column), then
/// one contact per record. Values are kept exactly; an empty cell is no value.
pub struct CsvRows<R: Read> {
    header: Vec<String>,
    records: csv::StringRecordsIntoIter<R>,
}

impl<R: Read> CsvRows<R> {
    /// Reads the header. Fails (the whole import) if the header is missing, has an empty or a
    /// duplicated column name.
    pub fn new(input: R) -> Result<Self, String> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(input);
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| format!("cannot read the CSV header: {e}"))?
            .iter()
            .map(str::to_owned)
            .collect();
        if header.is_empty() || header.iter().all(String::is_empty) {
            return Err(
                "the CSV file has no header row; the first row names the property keys".into(),
            );
        }
        let mut seen = HashSet::new();
        for (i, name) in header.iter().enumerate() {
            if name.is_empty() {
                return Err(format!(
                    "CSV header column {} is empty; every column needs a property key",
                    i + 1
                ));
            }
            if !seen.insert(name) {
                return Err(format!("CSV header names {name:?} twice"));
            }
        }
        Ok(Self {
            header,
            records: reader.into_records(),
        })
    }

    fn to_row(&self, record: &csv::StringRecord) -> NewContact {
        let mut contact = NewContact::new();
        for (name, cell) in self.header.iter().zip(record.iter()) {
            if name == LABELS_COLUMN {
                contact.labels.extend(split_labels(cell));
            } else {
                contact.properties.set(name.clone(), cell);
            }
        }
        contact
    }
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = Result<Row, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let record = self.records.next()?;
        Some(match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line());
                Ok(Row {
                    line,
                    contact: self.to_row(&record),
                })
            }
            Err(err) => Err(RowError {
                line: err.position().map_or(0, |p| p.line()),
                message: match err.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => {
                        format!("{len} fields where the header has {expected_len}")
                    }
                    csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_owned(),
                    _ => err.to_string(),
                },
            }),
        })
    }
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
