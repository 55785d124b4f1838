//! Listing in pages: the first page's request, the `next` link of the `Link` header as the
//! page token (resolved onto the configured origin, so a token never sends the key elsewhere),
//! filters a link lacks put back, and every contact checked against the whole filter.

use crate::filters::{check_filter, filter_pairs, restore_missing};
use crate::mapping::WirePage;
use crate::provider::{Ip1Provider, check_no_system_label};
use contacts_core::{ContactQuery, Error, Order, PageToken, PendingPage, Result};
use contacts_http::{Method, Request, link_with_rel};

/// Prefix of this provider's page tokens.
const TOKEN_PREFIX: &str = "ip1.next:";

impl Ip1Provider {
    /// One page of `query` from `token` (the first page without one): the request is sent
    /// here, the body decoded when the page is taken from the returned [`PendingPage`].
    pub(crate) async fn request_page(
        &self,
        query: &ContactQuery,
        token: Option<PageToken>,
    ) -> Result<PendingPage> {
        check_no_system_label([&query.filter.labels])?;
        check_filter(self, &query.filter)?;
        let request = match &token {
            // A link may have dropped the filters (the vendor's example carries none).
            Some(token) => restore_missing(self.token_request(token)?, &self.query_pairs(query)),
            None => self.first_request(query)?,
        };
        let requested = request.url().clone();
        let response = self.send(request).await?;
        if !response.is_success() {
            return Err(self.http.error_for(&response, "contacts"));
        }
        // The link may be relative or on a gateway's host: the token holds it resolved onto
        // the configured origin, so following it never sends the key anywhere else.
        let next = match response
            .header("link")
            .and_then(|h| link_with_rel(h, "next"))
        {
            Some(link) => {
                let url = self.http.resolve_link(&link, &requested)?;
                Some(PageToken::new(format!("{TOKEN_PREFIX}{url}")))
            }
            None => None,
        };
        let http = self.http.clone();
        let filter = query.filter.clone();
        let include_metadata = query.include_metadata;
        Ok(PendingPage::deferred(next, move || {
            let WirePage(mut contacts) = http.json(&response, "contacts")?;
            // Every condition, on every page: the server's filtering is not trusted to have
            // survived a `next` link, and only the first label is sent at all.
            contacts.retain(|c| filter.matches(c));
            if !include_metadata {
                for contact in &mut contacts {
                    contact.metadata = None;
                }
            }
            Ok(contacts)
        }))
    }

    /// The request a page token of ours stands for; a token we did not issue, or one pointing
    /// at another origin (forged), is refused.
    fn token_request(&self, token: &PageToken) -> Result<Request> {
        let url = token.as_str().strip_prefix(TOKEN_PREFIX).ok_or_else(|| {
            Error::invalid(
                "page_token",
                "not a token this provider issued; start again without a token",
            )
        })?;
        self.http.request_to(Method::GET, url).map_err(|_| {
            Error::invalid(
                "page_token",
                "the token does not point at the configured iP1 API",
            )
        })
    }

    /// The query pairs of `query` but `start`: its filter, `meta`, `limit` and `order`.
    fn query_pairs(&self, query: &ContactQuery) -> Vec<(String, String)> {
        let mut pairs = filter_pairs(&query.filter, query.include_metadata);
        let size = query
            .page_size
            .unwrap_or(self.capabilities.default_page_size);
        pairs.push(("limit".into(), size.to_string()));
        let order = if query.order == Order::Descending {
            "DESC"
        } else {
            "ASC"
        };
        pairs.push(("order".into(), order.into()));
        pairs
    }

    /// The request for the first page of `query`.
    fn first_request(&self, query: &ContactQuery) -> Result<Request> {
        Ok(self
            .http
            .request(Method::GET, "v2/contacts")?
            .query([("start", "0")])
            .query(self.query_pairs(query)))
    }
}
