//! Reading contacts from JSON Lines, one line at a time.

use super::{Row, RowError};
use contacts_core::NewContact;
use std::io::BufRead;

/// Reads one JSON document per line (`{"properties":{…},"labels":[…]}`). Exported contacts
/// can be imported again: `id`, `ownerId` and `metadata` are ignored. Blank lines are skipped.
pub struct JsonlRows<R: BufRead> {
    lines: std::io::Lines<R>,
    line: u64,
}

impl<R: BufRead> JsonlRows<R> {
    /// Reads lazily from `input`.
    pub fn new(input: R) -> Self {
        Self {
            lines: input.lines(),
            line: 0,
        }
    }
}

impl<R: BufRead> Iterator for JsonlRows<R> {
    type Item = Result<Row, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let text = self.lines.next()?;
            self.line += 1;
            let line = self.line;
            let text = match text {
                Ok(text) => text,
                Err(e) => {
                    return Some(Err(RowError {
                        line,
                        message: format!("cannot read the line: {e}"),
                    }));
                }
            };
            if text.trim().is_empty() {
                continue;
            }
            return Some(
                serde_json::from_str::<NewContact>(&text)
                    .map(|contact| Row { line, contact })
                    .map_err(|e| RowError {
                        line,
                        message: format!("not a contact document: {e}"),
                    }),
            );
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
}
