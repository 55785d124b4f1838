//! CSV: contacts as rows of a spreadsheet, one column per property key.
//!
//! A file has a header naming the columns (property keys, plus `labels` holding
//! `;`-separated labels, and `id` in an export), then one contact per record. Values are kept
//! exactly (an empty cell is no value); [`CsvRows`] reads a file lazily, row by row, and
//! [`CsvExport`] writes one whose columns are learned as the contacts come. What one writes the
//! other reads back as it was: keys named like the export's own columns and labels holding
//! separators are escaped (see [`columns`]).
//!
//! ```
//! use contacts_formats::csv::CsvRows;
//! let rows: Vec<_> = CsvRows::new("phoneNumber,labels\n+46701234567,VIP;Sales\n".as_bytes())
//!     .unwrap()
//!     .collect();
//! let row = rows[0].as_ref().unwrap();
//! assert_eq!(row.contact.properties.phone_number(), Some("+46701234567"));
//! assert!(row.contact.labels.contains("Sales"));
//! ```

pub mod columns;
mod quotes;
mod read;
mod row;
pub mod sniff;
mod write;

pub use columns::{
    ID_COLUMN, LABELS_COLUMN, PROPERTY_PREFIX, property_column, push_label, split_labels,
};
pub use read::{CsvOptions, CsvRows, not_utf8_hint};
pub use row::{Row, RowError, SkippedRows};
pub use write::{CsvExport, CsvFailure};
