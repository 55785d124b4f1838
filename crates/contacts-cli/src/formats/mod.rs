//! File formats: reading rows to import, writing exports.

pub mod csv_export;
pub mod csv_rows;
pub mod jsonl_rows;
pub mod vcard;

use contacts_core::NewContact;

/// Column of a CSV file holding `;`-separated labels; every other column is a property key.
pub const LABELS_COLUMN: &str = "labels";

/// One input row, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Line of the file where the row starts (1-based), for reports.
    pub line: u64,
    /// The contact it describes.
    pub contact: NewContact,
}

/// A row that could not be read; it is reported and skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    /// Line of the file where the row starts (1-based).
    pub line: u64,
    /// What is wrong with it.
    pub message: String,
}

/// Splits a `labels` cell: `;`-separated, empty items ignored.
pub fn split_labels(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').filter(|l| !l.is_empty())
}
