//! File formats: reading rows to import, writing exports.

pub mod csv_export;
pub mod csv_rows;
pub mod json_array;
pub mod jsonl_rows;
pub mod quotes;
pub mod reader;
pub mod sniff;
pub mod source;
pub mod vcard;

use contacts_core::NewContact;
use std::sync::{Arc, Mutex};

/// Column of a CSV file holding `;`-separated labels; every other column is a property key.
pub const LABELS_COLUMN: &str = "labels";

/// Column of a CSV export holding each contact's id; ignored on import unless asked for.
pub const ID_COLUMN: &str = "id";

/// Prefix of a CSV column that names a property whose key is one of the export's own columns
/// (`id`, `labels`) or starts with this prefix itself: a property `id` is the column
/// `property:id`, `property:x` is `property:property:x`. Import removes one prefix, so every
/// key comes back as it was.
pub const PROPERTY_PREFIX: &str = "property:";

/// One input row, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Line of the file where the row starts (1-based), for reports.
    pub line: u64,
    /// The contact it describes.
    pub contact: NewContact,
}

/// The fields a contact document may have (what `export --format jsonl` writes).
const DOCUMENT_FIELDS: [&str; 6] = [
    "properties",
    "labels",
    "id",
    "ownerId",
    "metadata",
    "addressBook",
];

/// What one JSON document of an import holds: a contact, nothing (`{}`, skipped and counted),
/// or an error. A field a contact document does not have (`"firstName"` at the top level, a
/// typo such as `"propertes"`) is an error naming it, never a document read as empty.
pub fn contact_document(value: serde_json::Value) -> Result<Option<NewContact>, String> {
    let serde_json::Value::Object(fields) = &value else {
        return Err("a contact document is a JSON object".into());
    };
    if let Some(unknown) = fields
        .keys()
        .find(|k| !DOCUMENT_FIELDS.contains(&k.as_str()))
    {
        return Err(format!(
            "unknown field {unknown:?}; a contact document has {} (properties go inside \
             \"properties\")",
            DOCUMENT_FIELDS.join(", ")
        ));
    }
    let contact: NewContact = serde_json::from_value(value).map_err(|e| e.to_string())?;
    if contact.properties.is_empty() && contact.labels.is_empty() {
        return Ok(None);
    }
    Ok(Some(contact))
}

impl AsRef<NewContact> for Row {
    fn as_ref(&self) -> &NewContact {
        &self.contact
    }
}

/// A row that could not be read; it is reported and skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    /// Line of the file where the row starts (1-based).
    pub line: u64,
    /// What is wrong with it.
    pub message: String,
}

/// Splits a `labels` cell: `;`-separated, empty items ignored. `\;` is a `;` inside a label
/// and `\\` a backslash (as [`push_label`] writes them); any other backslash is itself.
pub fn split_labels(cell: &str) -> impl Iterator<Item = String> + '_ {
    let mut chars = cell.chars().peekable();
    std::iter::from_fn(move || {
        loop {
            chars.peek()?;
            let mut label = String::new();
            while let Some(c) = chars.next() {
                match c {
                    ';' => break,
                    '\\' if matches!(chars.peek(), Some(';' | '\\')) => {
                        label.extend(chars.next());
                    }
                    c => label.push(c),
                }
            }
            if !label.is_empty() {
                return Some(label);
            }
        }
    })
}

/// Appends `label` to a labels cell, escaped so [`split_labels`] reads it back whole.
pub fn push_label(label: &str, cell: &mut String) {
    for c in label.chars() {
        if matches!(c, ';' | '\\') {
            cell.push('\\');
        }
        cell.push(c);
    }
}

/// The CSV column of property `key`: the key itself, unless the export's own columns or the
/// escape would read it otherwise (see [`PROPERTY_PREFIX`]).
pub fn property_column(key: &str) -> std::borrow::Cow<'_, str> {
    if key == ID_COLUMN || key == LABELS_COLUMN || key.starts_with(PROPERTY_PREFIX) {
        format!("{PROPERTY_PREFIX}{key}").into()
    } else {
        key.into()
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
    fn labels_with_separators_and_backslashes_come_back_whole() {
        let labels = ["c;d", "a\\b", "plain", "end\\", ";"];
        let mut cell = String::new();
        for (i, label) in labels.iter().enumerate() {
            if i > 0 {
                cell.push(';');
            }
            push_label(label, &mut cell);
        }
        assert_eq!(cell, "c\\;d;a\\\\b;plain;end\\\\;\\;");
        assert_eq!(split_labels(&cell).collect::<Vec<_>>(), labels);
        // Hand-written cells read as before.
        assert_eq!(split_labels("A;;B;").collect::<Vec<_>>(), ["A", "B"]);
        assert_eq!(split_labels("C:\\x").collect::<Vec<_>>(), ["C:\\x"]);
    }
}
