//! Reading contacts from JSON Lines, one line at a time, each line bounded.

use crate::csv::{Row, RowError, SkippedRows};
use crate::fused::Fused;
use std::io::{BufRead, Read};

/// The longest line read: a contact document is far smaller, and a file with no line breaks
/// (`/dev/zero`, a binary file) must not be read into memory whole.
pub const MAX_LINE: u64 = 1024 * 1024;

/// Reads one JSON document per line (`{"properties":{…},"labels":[…]}`). Exported contacts
/// can be imported again: `id`, `ownerId` and `metadata` are ignored. Blank lines are passed
/// over; a document with no property and no label is skipped and counted. A line longer than
/// [`MAX_LINE`], or a failure to read, ends the reading with an error naming the line.
pub struct JsonlRows<R: BufRead> {
    input: R,
    line: u64,
    buffer: Vec<u8>,
    skipped: SkippedRows,
    done: Fused,
}

impl<R: BufRead> JsonlRows<R> {
    /// Reads lazily from `input`.
    pub fn new(input: R) -> Self {
        Self::counting(input, SkippedRows::default())
    }

    /// Reads lazily from `input`, counting empty documents in `skipped`.
    pub fn counting(input: R, skipped: SkippedRows) -> Self {
        Self {
            input,
            line: 0,
            buffer: Vec::new(),
            skipped,
            done: Fused::default(),
        }
    }
}

/// Reads the next line of `input` into `buffer`: `false` at the end.
fn read_line(input: &mut impl BufRead, buffer: &mut Vec<u8>) -> Result<bool, String> {
    buffer.clear();
    let read = input
        .take(MAX_LINE + 1)
        .read_until(b'\n', buffer)
        .map_err(|e| format!("cannot read the line (reading stopped here): {e}"))?;
    if buffer.len() as u64 > MAX_LINE {
        return Err(format!(
            "the line is longer than {} MiB, the most a JSON Lines document may have; is \
             this a JSON Lines file? (reading stopped here)",
            MAX_LINE / (1024 * 1024)
        ));
    }
    Ok(read > 0)
}

impl<R: BufRead> Iterator for JsonlRows<R> {
    type Item = Result<Row, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let read = self
                .done
                .read(|| read_line(&mut self.input, &mut self.buffer))?;
            self.line += 1;
            let line = self.line;
            if let Err(message) = read {
                return Some(Err(RowError::at_line(line, message)));
            }
            if self.buffer.trim_ascii().is_empty() {
                continue;
            }
            let read = serde_json::from_slice::<serde_json::Value>(&self.buffer)
                .map_err(|e| e.to_string())
                .and_then(super::document::contact_document);
            return Some(match read {
                Ok(None) => {
                    self.skipped.skip(line);
                    continue;
                }
                Ok(Some(contact)) => Ok(Row::at_line(line, contact)),
                Err(e) => Err(RowError::at_line(
                    line,
                    format!("not a contact document: {e}"),
                )),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_exports_and_reports_bad_lines() {
        let input = r#"{"id":"1","properties":{"email":"a@b"},"labels":["x"]}

{"properties":{"email":42}}
{"properties":{" k ":" v "}}
"#;
        let rows: Vec<_> = JsonlRows::new(input.as_bytes()).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[0].as_ref().unwrap().contact.properties.email(),
            Some("a@b")
        );
        assert_eq!(rows[1].as_ref().unwrap_err().line, 3);
        let last = rows[2].as_ref().unwrap();
        assert_eq!(last.line, 4);
        assert_eq!(last.contact.properties.get(" k "), Some(" v "));
    }

    #[test]
    fn a_line_without_end_stops_the_reading_at_the_bound() {
        let zeros = std::io::repeat(0).take(10 * MAX_LINE);
        let rows: Vec<_> = JsonlRows::new(std::io::BufReader::new(zeros)).collect();
        assert_eq!(rows.len(), 1);
        let err = rows[0].as_ref().unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("longer than 1 MiB"), "{}", err.message);
    }
}
