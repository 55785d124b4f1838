//! How a contact is laid out in CSV columns: the column names the format reserves, the
//! escape that keeps a property named like one of them apart, and the labels cell.

/// Column of a CSV file holding `;`-separated labels; every other column is a property key.
pub const LABELS_COLUMN: &str = "labels";

/// Column of a CSV export holding each contact's id; ignored on import unless asked for.
pub const ID_COLUMN: &str = "id";

/// Prefix of a CSV column that names a property whose key is one of the export's own columns
/// (`id`, `labels`) or starts with this prefix itself: a property `id` is the column
/// `property:id`, `property:x` is `property:property:x`. Import removes one prefix, so every
/// key comes back as it was.
pub const PROPERTY_PREFIX: &str = "property:";

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
