//! `contacts summary`: the account's totals.

use super::preflight;
use crate::args::OutputFormat;
use crate::error::CliResult;
use crate::output::print_record;
use contacts_core::ContactProvider;

/// Prints the account summary.
pub async fn run(provider: &dyn ContactProvider, format: OutputFormat) -> CliResult {
    let summary = provider
        .account_summary()
        .ok_or_else(|| preflight::unsupported(provider, "an account summary"))?
        .summarize()
        .await?;
    print_record(&summary, format, |summary| {
        crate::outln!("total\t{}", summary.total_count)?;
        for label in &summary.labels {
            crate::outln!("label\t{}\t{}", label.label, label.count)?;
        }
        for property in &summary.properties {
            crate::outln!("property\t{}\t{}", property.key, property.count)?;
        }
        Ok(())
    })
}
