//! Configuration of the iP1 adapter.

use crate::provider::Ip1Provider;
use contacts_core::{Error, Result, Standard, layer};
use contacts_http::{ApiKey, ClientOptions, HttpClient};
use derive_setters::Setters;

/// iP1's production API origin.
pub const DEFAULT_BASE_URL: &str = "https://api.ip1sms.com";

impl Ip1Provider {
    /// Starts building a provider; see [`Ip1ProviderBuilder`].
    pub fn builder() -> Ip1ProviderBuilder {
        Ip1ProviderBuilder::default()
    }
}

/// Builds an [`Ip1Provider`].
///
/// ```
/// use provider_ip1::Ip1Provider;
/// let provider = Ip1Provider::builder().api_key("sk-secret-1").build().unwrap();
/// assert!(!format!("{provider:?}").contains("sk-secret-1"));
/// assert!(Ip1Provider::builder().build().is_err(), "a key is required");
/// ```
#[derive(Debug, Clone, Setters)]
pub struct Ip1ProviderBuilder {
    /// The origin of the API (default `https://api.ip1sms.com`); `/v2/…` is appended.
    #[setters(into)]
    base_url: String,
    /// The API key (required).
    #[setters(strip_option, into)]
    api_key: Option<ApiKey>,
    #[setters(skip)]
    options: ClientOptions,
    #[setters(skip)]
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
            options: ClientOptions::default(),
            create_concurrency: DEFAULT_CREATE_CONCURRENCY,
        }
    }
}

impl Ip1ProviderBuilder {
    contacts_http::transport_setters! {
        /// The transport options: timeouts, retries, a client-side rate limit (none by default:
        /// iP1 publishes none), plain http beyond loopback, the user agent.
    }

    /// How many `sync` imports of up to 1000 contacts a large `create` sends at once
    /// (default [`DEFAULT_CREATE_CONCURRENCY`]).
    #[must_use]
    pub fn create_concurrency(mut self, concurrency: usize) -> Self {
        self.create_concurrency = concurrency.max(1);
        self
    }

    /// Builds the provider in the standard layers (the contract's refusals, a span per
    /// operation); `InvalidInput` without a key or with a bad base URL.
    pub fn build(self) -> Result<Standard<Ip1Provider>> {
        self.build_bare().map(layer::standard)
    }

    /// Builds the provider without any layer, for composing your own stack (the registry adds
    /// the standard layers itself).
    pub fn build_bare(self) -> Result<Ip1Provider> {
        let key = self.api_key.ok_or_else(|| {
            Error::invalid("api_key", "iP1 needs an API key (iP1 portal → API keys)")
        })?;
        let http = HttpClient::builder(self.base_url)
            .api_key(key)
            .user_agent(contacts_http::user_agent!())
            .options(self.options)
            .build()?;
        Ok(Ip1Provider::new(http, self.create_concurrency))
    }
}
