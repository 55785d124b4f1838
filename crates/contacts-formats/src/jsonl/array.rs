//! Reading contacts from one JSON array (`[{"properties":…}, …]`), as many tools export.
//!
//! The array is one document, so it is read whole: up to [`MAX_ARRAY`] bytes; a larger one
//! is refused with the command that turns it into JSON Lines, which are streamed.

use crate::csv::{Row, RowError, SkippedRows};
use serde_json::Value;
use std::io::Read;

/// The largest JSON array read.
pub const MAX_ARRAY: u64 = 64 * 1024 * 1024;

/// Every element of the array in `input` as a row, numbered by the line it starts on; or why
/// the file cannot be read as an array.
pub fn read(input: impl Read, skipped: &SkippedRows) -> Result<Vec<Result<Row, RowError>>, String> {
    let items = elements(input, "contact documents")?;
    let mut rows = Vec::with_capacity(items.len());
    for (i, (line, item)) in items.into_iter().enumerate() {
        match super::document::contact_document(item) {
            Ok(None) => skipped.skip(line),
            Ok(Some(contact)) => rows.push(Ok(Row::at_line(line, contact))),
            Err(e) => rows.push(Err(RowError::at_line(
                line,
                format!("item {} is not a contact document: {e}", i + 1),
            ))),
        }
    }
    Ok(rows)
}

/// The elements of the JSON array in `input` (or the one object it holds), each with the line
/// it starts on: the reading shared by arrays of contact documents and of JSContact cards
/// (`what` names them in errors). Up to [`MAX_ARRAY`] bytes.
pub fn elements(input: impl Read, what: &str) -> Result<Vec<(u64, Value)>, String> {
    let mut text = Vec::new();
    input
        .take(MAX_ARRAY + 1)
        .read_to_end(&mut text)
        .map_err(|e| format!("cannot read the JSON array: {e}"))?;
    if text.len() as u64 > MAX_ARRAY {
        return Err(format!(
            "the JSON array is larger than {} MiB; convert it to JSON Lines, which are read a \
             line at a time: jq -c '.[]' FILE > FILE.jsonl",
            MAX_ARRAY / (1024 * 1024)
        ));
    }
    let value: Value =
        serde_json::from_slice(&text).map_err(|e| format!("not a JSON array of {what}: {e}"))?;
    let items = match value {
        Value::Array(items) => items,
        object @ Value::Object(_) => {
            let first = text.iter().take_while(|b| b.is_ascii_whitespace());
            let line = 1 + first.filter(|&&b| b == b'\n').count() as u64;
            return Ok(vec![(line, object)]);
        }
        _ => return Err(format!("not a JSON array of {what}")),
    };
    let lines = element_lines(&text);
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, item)| (lines.get(i).copied().unwrap_or(0), item))
        .collect())
}

/// The line each element of the top-level array starts on.
fn element_lines(text: &[u8]) -> Vec<u64> {
    let (mut line, mut depth) = (1u64, 0usize);
    let (mut in_string, mut escaped, mut expecting) = (false, false, false);
    let mut lines = Vec::new();
    for &b in text {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if expecting && !b.is_ascii_whitespace() && b != b']' {
            lines.push(line);
            expecting = false;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                expecting = depth == 1;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_are_numbered_by_their_first_line() {
        let text = "[\n  {\"properties\": {\"email\": \"a@b\"}},\n  {\"properties\": {\"k\": \"]\"}}, 7,\n  {}\n]";
        let skipped = SkippedRows::default();
        let rows = read(text.as_bytes(), &skipped).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].as_ref().unwrap().line, 2);
        assert_eq!(rows[1].as_ref().unwrap().line, 3);
        assert_eq!(rows[2].as_ref().unwrap_err().line, 3);
        assert_eq!(skipped.count(), 1);
    }
}
