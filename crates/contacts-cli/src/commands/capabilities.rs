//! `contacts capabilities`.

use crate::args::OutputFormat;
use crate::error::{CliError, CliResult};
use contacts_core::ContactProvider;

/// Prints the provider's capabilities as a two-column table or as JSON.
pub fn run(provider: &dyn ContactProvider, format: OutputFormat) -> CliResult {
    let caps = serde_json::to_value(provider.capabilities())
        .map_err(|e| CliError::Failed(format!("cannot render capabilities: {e}")))?;
    match format {
        OutputFormat::Json => println!("{caps}"),
        OutputFormat::Table => {
            println!("{:<24} {}", "provider", provider.name());
            if let serde_json::Value::Object(fields) = caps {
                for (name, value) in fields {
                    let shown = match value {
                        serde_json::Value::String(s) => s,
                        serde_json::Value::Null => "-".into(),
                        other => other.to_string(),
                    };
                    println!("{name:<24} {shown}");
                }
            }
        }
    }
    Ok(())
}
