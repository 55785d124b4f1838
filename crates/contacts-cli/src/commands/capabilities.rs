//! `contacts capabilities`.

use crate::args::OutputFormat;
use crate::error::{CliError, CliResult};
use crate::output::{print_json_line, write_stdout};
use contacts_core::ContactProvider;

/// Prints the provider's capabilities as a two-column table (ending in a newline) or as one
/// JSON object on one line.
pub fn run(provider: &dyn ContactProvider, format: OutputFormat) -> CliResult {
    let caps = serde_json::to_value(provider.capabilities())
        .map_err(|e| CliError::Failed(format!("cannot render capabilities: {e}")))?;
    match format {
        OutputFormat::Json => print_json_line(&caps),
        OutputFormat::Table => write_stdout(&table(provider.name(), &caps)),
    }
}

/// The two-column table, every row (the last too) ending in a newline.
fn table(name: &str, caps: &serde_json::Value) -> String {
    let mut out = format!("{:<24} {name}\n", "provider");
    if let serde_json::Value::Object(fields) = caps {
        for (field, value) in fields {
            let shown = match value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => "-".into(),
                other => other.to_string(),
            };
            out.push_str(&format!("{field:<24} {shown}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_ends_with_a_newline() {
        let caps = serde_json::json!({"labels": true, "maxPageSize": 100, "rateLimit": null});
        let text = super::table("memory", &caps);
        assert!(text.ends_with("-\n"), "{text:?}");
        assert_eq!(text.lines().count(), 4);
    }
}
