//! `contacts summary`: the account's totals.

use super::guard;
use crate::args::OutputFormat;
use crate::error::{CliError, CliResult};
use contacts_core::ContactProvider;

/// Prints the account summary.
pub async fn run(provider: &dyn ContactProvider, format: OutputFormat) -> CliResult {
    let summary = provider
        .account_summary()
        .ok_or_else(|| guard::unsupported(provider, "an account summary"))?
        .summarize()
        .await?;
    match format {
        OutputFormat::Json => println!(
            "{}",
            serde_json::to_string(&summary).map_err(|e| CliError::Failed(e.to_string()))?
        ),
        OutputFormat::Table => {
            println!("total\t{}", summary.total_count);
            for label in &summary.labels {
                println!("label\t{}\t{}", label.label, label.count);
            }
            for property in &summary.properties {
                println!("property\t{}\t{}", property.key, property.count);
            }
        }
    }
    Ok(())
}
