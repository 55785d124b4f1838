//! One contact read from a file, or why it could not be, with where it is in the file; and
//! the count of rows passed over because they hold nothing. CSV, JSON Lines and card files
//! (vCard, JSContact) are all read into these, so an import reports them alike.

use contacts_core::NewContact;
use std::fmt;
use std::sync::{Arc, Mutex};

/// One input row (or card), parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Line of the file where the row starts (1-based), for reports.
    pub line: u64,
    /// Which card of a card file (vCard, JSContact) it is, from 1; `None` in CSV and JSON
    /// Lines, where the line says it all.
    pub card: Option<u64>,
    /// The contact it describes.
    pub contact: NewContact,
}

impl Row {
    /// The row at `line` of a CSV or JSON Lines file.
    pub fn at_line(line: u64, contact: NewContact) -> Self {
        Self {
            line,
            card: None,
            contact,
        }
    }

    /// An error about this row, at its place.
    pub fn error(&self, message: impl Into<String>) -> RowError {
        RowError {
            line: self.line,
            card: self.card,
            message: message.into(),
        }
    }

    /// Where the row is, as reports name it: `line 4`, or `card 2 (line 14)`.
    pub fn place(&self) -> String {
        place(self.line, self.card)
    }
}

impl AsRef<NewContact> for Row {
    fn as_ref(&self) -> &NewContact {
        &self.contact
    }
}

/// A row that could not be read or stored; it is reported and skipped. Shown as
/// `line 4: reason`, or `card 2 (line 14): reason` in a card file.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    /// Line of the file where the row starts (1-based).
    pub line: u64,
    /// Which card of a card file it is, from 1 (see [`Row::card`]).
    pub card: Option<u64>,
    /// What is wrong with it.
    pub message: String,
}

impl RowError {
    /// An error about the row at `line` of a CSV or JSON Lines file.
    pub fn at_line(line: u64, message: impl Into<String>) -> Self {
        Self {
            line,
            card: None,
            message: message.into(),
        }
    }

    /// Where the row is (see [`Row::place`]).
    pub fn place(&self) -> String {
        place(self.line, self.card)
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place(), self.message)
    }
}

fn place(line: u64, card: Option<u64>) -> String {
    match card {
        Some(card) => format!("card {card} (line {line})"),
        None => format!("line {line}"),
    }
}

/// Rows the reader passed over because they hold nothing (`,,,,`, `{}`): counted, with the
/// first of their lines, so the import can say how many and where. Cloned handles share one
/// count.
#[derive(Debug, Clone, Default)]
pub struct SkippedRows(Arc<Mutex<Skipped>>);

#[derive(Debug, Default)]
struct Skipped {
    count: u64,
    first_lines: Vec<u64>,
}

impl SkippedRows {
    /// How many lines are kept to be named.
    const NAMED: usize = 10;

    /// Counts an empty row at `line`.
    pub fn skip(&self, line: u64) {
        let mut skipped = self.0.lock().unwrap_or_else(|e| e.into_inner());
        skipped.count += 1;
        if skipped.first_lines.len() < Self::NAMED {
            skipped.first_lines.push(line);
        }
    }

    /// How many rows were skipped so far.
    pub fn count(&self) -> u64 {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).count
    }

    /// `skipped N empty rows (lines a, b, …)`, or `None` when none was.
    pub fn describe(&self) -> Option<String> {
        if self.count() == 0 {
            return None;
        }
        let skipped = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let lines: Vec<String> = skipped.first_lines.iter().map(u64::to_string).collect();
        let more = if skipped.count > lines.len() as u64 {
            ", …"
        } else {
            ""
        };
        Some(format!(
            "skipped {} empty rows (lines {}{more})",
            skipped.count,
            lines.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_line_or_the_card_and_its_line() {
        assert_eq!(RowError::at_line(4, "bad").to_string(), "line 4: bad");
        let row = Row {
            line: 14,
            card: Some(2),
            contact: NewContact::new(),
        };
        assert_eq!(row.error("bad").to_string(), "card 2 (line 14): bad");
    }

    #[test]
    fn skipped_rows_are_counted_and_the_first_ten_named() {
        let skipped = SkippedRows::default();
        assert_eq!(skipped.describe(), None);
        for line in 2..=13 {
            skipped.clone().skip(line);
        }
        assert_eq!(
            skipped.describe().unwrap(),
            "skipped 12 empty rows (lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …)"
        );
    }
}
