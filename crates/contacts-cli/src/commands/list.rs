//! `contacts list`.

use crate::args::{ListArgs, ListOrder, OutputFormat};
use crate::error::{CliError, CliResult};
use crate::output::ContactPrinter;
use contacts_core::{ContactFilter, ContactProvider, ContactProviderExt, ContactQuery, Order};
use futures::TryStreamExt;
use std::io::IsTerminal;

/// A listing that failed part-way says how far it got: the contacts before it were printed.
fn far(e: contacts_core::Error, shown: usize) -> CliError {
    if shown == 0 {
        return e.into();
    }
    CliError::Failed(format!(
        "the listing stopped after {} (printed above): {e}",
        crate::output::count(shown, "contact", "contacts")
    ))
}

/// The filter of `--label L` (every label given) and `--where KEY=VALUE` (every property
/// equal), as `list` and `delete` take them.
pub(super) fn filter(labels: &[String], properties: &[(String, String)]) -> ContactFilter {
    let mut filter = ContactFilter::new();
    for label in labels {
        filter = filter.label(label.clone());
    }
    for (key, value) in properties {
        filter = filter.property(key.clone(), value.clone());
    }
    filter
}

/// Streams every matching contact to stdout, page by page.
pub async fn run(
    provider: &dyn ContactProvider,
    args: &ListArgs,
    format: OutputFormat,
    quiet: bool,
) -> CliResult {
    let mut filter = filter(&args.labels, &args.filters);
    for (path, value) in &args.meta_filters {
        filter = filter.metadata(path.clone(), value.clone());
    }
    let order = match args.order {
        ListOrder::Asc => Order::Ascending,
        ListOrder::Desc => Order::Descending,
    };
    let mut query = ContactQuery::new().filter(filter).order(order);
    query.include_metadata = args.meta;
    if let Some(limit) = args.limit {
        let page = u32::try_from(limit).unwrap_or(u32::MAX);
        query.page_size = Some(page.clamp(1, provider.capabilities().max_page_size));
    }
    let mut printer = ContactPrinter::new(std::io::stdout().lock(), format);
    let mut stream = provider.list(query);
    let mut shown = 0;
    // On a terminal the contacts themselves show progress; into a pipe or file, a counter on
    // stderr does (a vendor can take a minute for a few hundred contacts).
    let progress = crate::progress::counter(quiet || std::io::stdout().is_terminal(), "listed");
    while args.limit.is_none_or(|limit| shown < limit) {
        let contact = match stream.try_next().await {
            Ok(Some(contact)) => contact,
            Ok(None) => break,
            Err(e) => {
                progress.finish_and_clear();
                printer.finish()?;
                return Err(far(e, shown));
            }
        };
        printer.print(&contact)?;
        shown += 1;
        progress.set_position(shown as u64);
    }
    progress.finish_and_clear();
    printer.finish()
}
