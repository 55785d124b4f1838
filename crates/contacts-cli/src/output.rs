//! Printing contacts for people (table) or programs (JSON Lines).

use crate::args::OutputFormat;
use crate::error::{CliError, CliResult};
use contacts_core::Contact;
use std::io::Write;

/// Writes contacts one at a time, so listings stream instead of buffering.
pub struct ContactPrinter<W: Write> {
    out: W,
    format: OutputFormat,
    header_done: bool,
}

impl<W: Write> ContactPrinter<W> {
    /// A printer in `format` writing to `out`.
    pub fn new(out: W, format: OutputFormat) -> Self {
        Self {
            out,
            format,
            header_done: false,
        }
    }

    /// Prints one contact.
    pub fn print(&mut self, contact: &Contact) -> CliResult {
        let result = match self.format {
            OutputFormat::Json => serde_json::to_writer(&mut self.out, contact)
                .map_err(std::io::Error::other)
                .and_then(|()| writeln!(self.out)),
            OutputFormat::Table => if !self.header_done {
                self.header_done = true;
                writeln!(self.out, "{:<26} {:<14} PROPERTIES", "ID", "LABELS")
            } else {
                Ok(())
            }
            .and_then(|()| writeln!(self.out, "{}", table_row(contact))),
        };
        result.map_err(|e| CliError::io("stdout", e))
    }

    /// Flushes the output.
    pub fn finish(mut self) -> CliResult {
        self.out.flush().map_err(|e| CliError::io("stdout", e))
    }
}

/// Writes `text` to stdout as it is; a closed pipe comes back as an I/O error on "stdout"
/// (which `main` treats as success), never as a panic like `println!`.
pub fn write_stdout(text: &str) -> CliResult {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| CliError::io("stdout", e))
}

/// Writes `value` to stdout as one line of JSON, as it is serialized (a large value, such as a
/// sync plan of 100,000 creates, is never held as one string); errors as [`write_stdout`].
pub fn write_json_line<T: serde::Serialize>(value: &T) -> CliResult {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer(&mut out, value).map_err(|e| match e.is_io() {
        true => CliError::io("stdout", e.into()),
        false => CliError::Failed(format!("cannot write the JSON output: {e}")),
    })?;
    out.write_all(b"\n")
        .and_then(|()| out.flush())
        .map_err(|e| CliError::io("stdout", e))
}

/// `println!` that reports a closed pipe as an error (see [`write_stdout`]) instead of panicking.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::write_stdout(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// A value as one line of canonical JSON (for `--output json` records and dry-run plans).
pub fn json<T: serde::Serialize>(value: &T) -> CliResult<String> {
    serde_json::to_string(value).map_err(|e| CliError::Failed(e.to_string()))
}

/// Prints one record that is not a contact (a book, a label count, a summary): a line of JSON,
/// or the table rows `table` writes, so every command renders `--output` the same way.
pub fn print_record<T: serde::Serialize>(
    value: &T,
    format: OutputFormat,
    table: impl FnOnce(&T) -> CliResult,
) -> CliResult {
    match format {
        OutputFormat::Json => write_stdout(&format!("{}\n", json(value)?)),
        OutputFormat::Table => table(value),
    }
}

/// The `--output` format of this run, set once by `main` so that messages every command shares
/// (plans, confirmations) speak it without each caller passing it along.
static FORMAT: std::sync::OnceLock<OutputFormat> = std::sync::OnceLock::new();

/// Sets the run's output format (the first call wins).
pub fn set_format(format: OutputFormat) {
    let _ = FORMAT.set(format);
}

/// The run's output format: a table unless `main` set JSON.
pub fn format() -> OutputFormat {
    FORMAT.get().copied().unwrap_or(OutputFormat::Table)
}

/// Prints what a command did: `text` as a line, or `json` as one JSON line with `--output json`.
pub fn say(text: &str, json: serde_json::Value) -> CliResult {
    match format() {
        OutputFormat::Json => print_json_line(&json),
        OutputFormat::Table => write_stdout(&format!("{text}\n")),
    }
}

/// `1 contact`, `2 contacts`: a count with its noun in the right number.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Writes one JSON object on its own line to stdout.
pub fn print_json_line(value: &serde_json::Value) -> CliResult {
    write_stdout(&format!("{value}\n"))
}

fn table_row(contact: &Contact) -> String {
    let labels = contact.labels.iter().collect::<Vec<_>>().join(";");
    let mut props: Vec<String> = contact
        .properties
        .iter()
        .map(|(k, v)| format!("{k}={}", visible(v)))
        .collect();
    if let Some(meta) = &contact.metadata {
        for (property, fields) in meta.as_map() {
            for (field, value) in fields {
                props.push(format!("meta.{property}.{field}={value}"));
            }
        }
    }
    format!(
        "{:<26} {:<14} {}",
        contact.id.as_str(),
        labels,
        props.join("  ")
    )
}

/// Shows control characters and surrounding spaces so a table row stays one line and exact.
fn visible(value: &str) -> String {
    if value.chars().any(char::is_control) || value.trim() != value {
        format!("{value:?}")
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::NewContact;

    #[test]
    fn table_rows_stay_on_one_line_and_show_spaces() {
        let new = NewContact::new()
            .property("note", "a\nb")
            .property("firstName", " Icarus")
            .label("VIP");
        let contact = Contact::from_new("1", new);
        let mut out = Vec::new();
        let mut p = ContactPrinter::new(&mut out, OutputFormat::Table);
        p.print(&contact).unwrap();
        p.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(text.contains(r#"firstName=" Icarus""#), "{text}");
        assert!(text.contains(r#"note="a\nb""#), "{text}");
    }
}
