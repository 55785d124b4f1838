//! `contacts list`.

use crate::args::{ListArgs, ListOrder, OutputFormat};
use crate::error::CliResult;
use crate::output::ContactPrinter;
use contacts_core::{ContactFilter, ContactProvider, ContactProviderExt, ContactQuery, Order};
use futures::TryStreamExt;

/// Streams every matching contact to stdout, page by page.
pub async fn run(
    provider: &dyn ContactProvider,
    args: &ListArgs,
    format: OutputFormat,
) -> CliResult {
    let mut filter = ContactFilter::new();
    for label in &args.labels {
        filter = filter.label(label.clone());
    }
    for (key, value) in &args.filters {
        filter = filter.property(key.clone(), value.clone());
    }
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
    while args.limit.is_none_or(|limit| shown < limit) {
        let Some(contact) = stream.try_next().await? else {
            break;
        };
        printer.print(&contact)?;
        shown += 1;
    }
    printer.finish()
}
