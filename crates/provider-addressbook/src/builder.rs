//! Configuration of the Atom adapter.

use crate::books::AddressBooks;
use crate::client::AtomClient;
use crate::mapping::FieldMap;
use crate::provider::AddressBookProvider;
use contacts_core::{AddressBookId, Error, Result};
use contacts_http::{ApiKey, HttpClient, RetryPolicy};
use std::time::Duration;

/// The vendor's documented limit: 10 requests per second on average, bursts allowed.
pub const VENDOR_RATE_PER_SECOND: f64 = 10.0;
/// Burst the client allows itself at the vendor's rate. The vendor allows bursts of a size it
/// does not publish; keeping the client's smaller leaves the server's bucket slack to absorb
/// network jitter, so requests paced at the same average rate never arrive too bunched.
pub const VENDOR_BURST: u32 = 5;
/// Requests in flight at once when listing or creating many contacts.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// Builds an [`AddressBookProvider`] (with [`address_book`](Self::address_book)) or an
/// [`AddressBooks`] client.
///
/// ```
/// use provider_addressbook::AddressBookProvider;
/// let provider = AddressBookProvider::builder()
///     .base_url("https://sms.example.com.au")
///     .api_key("sk-secret-42")
///     .address_book(42)
///     .build()
///     .unwrap();
/// assert_eq!(provider.address_book().as_str(), "42");
/// assert!(!format!("{provider:?}").contains("sk-secret-42"));
/// ```
#[derive(Debug, Clone)]
pub struct AddressBookProviderBuilder {
    base_url: Option<String>,
    api_key: Option<ApiKey>,
    book: Option<String>,
    fields: FieldMap,
    rate: Option<(f64, u32)>,
    concurrency: usize,
    retry: RetryPolicy,
    request_timeout: Duration,
    allow_http: bool,
}

impl Default for AddressBookProviderBuilder {
    fn default() -> Self {
        Self {
            base_url: None,
            api_key: None,
            book: None,
            fields: FieldMap::default(),
            rate: Some((VENDOR_RATE_PER_SECOND, VENDOR_BURST)),
            concurrency: DEFAULT_CONCURRENCY,
            retry: RetryPolicy::default(),
            request_timeout: Duration::from_secs(30),
            allow_http: false,
        }
    }
}

impl AddressBookProviderBuilder {
    /// The account's "API URL" from its settings (required: every account has its own).
    #[must_use]
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The access token.
    #[must_use]
    pub fn api_key(mut self, key: impl Into<ApiKey>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The address book the provider serves (required for [`build`](Self::build)).
    #[must_use]
    pub fn address_book(mut self, id: impl Into<AddressBookId>) -> Self {
        self.book = Some(id.into().into_inner());
        self
    }

    /// Which keys the four custom slots hold (default `custom1`…`custom4`).
    #[must_use]
    pub fn fields(mut self, fields: FieldMap) -> Self {
        self.fields = fields;
        self
    }

    /// The client-side rate limit (default the vendor's 10/s with bursts of 5); `None` turns
    /// it off, e.g. for an account with a higher limit.
    #[must_use]
    pub fn rate_limit(mut self, limit: Option<(f64, u32)>) -> Self {
        self.rate = limit;
        self
    }

    /// Requests in flight at once for bulk work (default 4).
    #[must_use]
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.max(1);
        self
    }

    /// The retry policy (default [`RetryPolicy::default`]).
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Time allowed per request attempt (default 30 s).
    #[must_use]
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Allows plain http to a non-loopback host.
    #[must_use]
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    fn client(&self) -> Result<AtomClient> {
        let base = self.base_url.as_deref().ok_or_else(|| {
            Error::invalid(
                "base_url",
                "Atom gives every account its own API URL (account settings, \"API URL\"); it is required",
            )
        })?;
        let mut http = HttpClient::builder(base)
            .user_agent(concat!(
                "contacts-provider-addressbook/",
                env!("CARGO_PKG_VERSION")
            ))
            // Atom documents 500 as its server error: reads and absolute edits may try again.
            .retry(self.retry.clone().retry_on_status(500))
            .request_timeout(self.request_timeout)
            .allow_http(self.allow_http);
        if let Some(key) = &self.api_key {
            http = http.api_key(key.clone());
        }
        if let Some((rate, burst)) = self.rate {
            http = http.rate_limit(rate, burst);
        }
        Ok(AtomClient::new(http.build()?))
    }

    /// A client for the account's address books.
    pub fn build_books(self) -> Result<AddressBooks> {
        Ok(AddressBooks {
            client: self.client()?,
            fields: self.fields,
            concurrency: self.concurrency,
        })
    }

    /// The provider for the configured address book.
    pub fn build(self) -> Result<AddressBookProvider> {
        let book = self
            .book
            .clone()
            .ok_or_else(|| Error::invalid("address_book", "the address book id is required"))?;
        self.build_books()?.open(&AddressBookId::new(book))
    }
}
