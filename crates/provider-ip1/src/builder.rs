//! Configuration of the iP1 adapter.

use crate::provider::Ip1Provider;
use contacts_core::{Error, Result};
use contacts_http::{ApiKey, HttpClient, RetryPolicy};
use std::time::Duration;

/// iP1's production API origin.
pub const DEFAULT_BASE_URL: &str = "https://api.ip1sms.com";

/// Builds an [`Ip1Provider`].
///
/// ```
/// use provider_ip1::Ip1Provider;
/// let provider = Ip1Provider::builder().api_key("sk-secret-1").build().unwrap();
/// assert!(!format!("{provider:?}").contains("sk-secret-1"));
/// assert!(Ip1Provider::builder().build().is_err(), "a key is required");
/// ```
#[derive(Debug, Clone)]
pub struct Ip1ProviderBuilder {
    base_url: String,
    api_key: Option<ApiKey>,
    retry: RetryPolicy,
    request_timeout: Duration,
    connect_timeout: Duration,
    rate_limit: Option<(f64, u32)>,
    allow_http: bool,
    create_concurrency: usize,
}

/// `sync` imports in flight at once for a large `create` (measured best on the emulator; see
/// docs/performance.md).
pub const DEFAULT_CREATE_CONCURRENCY: usize = 2;

impl Default for Ip1ProviderBuilder {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            api_key: None,
            retry: RetryPolicy::default(),
            request_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(5),
            rate_limit: None,
            allow_http: false,
            create_concurrency: DEFAULT_CREATE_CONCURRENCY,
        }
    }
}

impl Ip1ProviderBuilder {
    /// The API key (required).
    #[must_use]
    pub fn api_key(mut self, key: impl Into<ApiKey>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The origin of the API (default `https://api.ip1sms.com`); `/v2/…` is appended.
    #[must_use]
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
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

    /// Time allowed to connect (default 5 s).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// A client-side rate limit (none by default: iP1 publishes none).
    #[must_use]
    pub fn rate_limit(mut self, per_second: f64, burst: u32) -> Self {
        self.rate_limit = Some((per_second, burst));
        self
    }

    /// How many `sync` imports of up to 1000 contacts a large `create` sends at once
    /// (default [`DEFAULT_CREATE_CONCURRENCY`]).
    #[must_use]
    pub fn create_concurrency(mut self, concurrency: usize) -> Self {
        self.create_concurrency = concurrency.max(1);
        self
    }

    /// Allows plain http to a non-loopback host.
    #[must_use]
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// Builds the provider; `InvalidInput` without a key or with a bad base URL.
    pub fn build(self) -> Result<Ip1Provider> {
        let key = self.api_key.ok_or_else(|| {
            Error::invalid("api_key", "iP1 needs an API key (iP1 portal → API keys)")
        })?;
        let mut http = HttpClient::builder(self.base_url)
            .api_key(key)
            .user_agent(concat!("contacts-provider-ip1/", env!("CARGO_PKG_VERSION")))
            .retry(self.retry)
            .request_timeout(self.request_timeout)
            .connect_timeout(self.connect_timeout)
            .allow_http(self.allow_http);
        if let Some((rate, burst)) = self.rate_limit {
            http = http.rate_limit(rate, burst);
        }
        Ok(Ip1Provider::new(http.build()?, self.create_concurrency))
    }
}
