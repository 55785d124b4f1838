//! `list_page`: one `POST /v1/contact-queries` per page. The server filters, orders and cuts
//! the pages; its page token is passed back as it came, so every filter, order and page size
//! the server's provider supports works unchanged.

use crate::client::Wire;
use contacts_core::{ContactQuery, Page, PageToken, Result};
use contacts_protocol::bodies::ListRequest;
use contacts_protocol::paths;

/// One page of the contacts matching `query`, from `token` (the first page without one).
/// The request only reads, so it is retried like a `GET` although it is a `POST` (the query
/// travels as JSON: filters do not fit a URL's query string without loss).
pub(crate) async fn page(
    wire: &Wire,
    query: &ContactQuery,
    token: Option<PageToken>,
) -> Result<Page> {
    let body = ListRequest {
        query: query.clone(),
        page_token: token,
    };
    let request = wire.post_read(paths::CONTACT_QUERIES, &body)?;
    wire.call(request, "listing contacts").await
}
