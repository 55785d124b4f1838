//! Plugging the adapter into the core registry.

use crate::provider::{IP1_PROVIDER, Ip1Provider};
use contacts_core::{ProviderConfig, Registry, Result};
use contacts_http::ClientOptions;

/// Registers `ip1`. Settings: `api_key` (required), `base_url` (default
/// `https://api.ip1sms.com`), `create_concurrency`, and the transport settings every HTTP
/// adapter reads ([`ClientOptions::with_config`]: `timeout_secs`, `rate_limit`, `retries`,
/// `allow_http`, …).
///
/// ```
/// use contacts_core::{ProviderConfig, Registry};
/// let mut registry = Registry::new();
/// provider_ip1::register(&mut registry);
/// let provider = registry.build("ip1", &ProviderConfig::new().with("api_key", "k")).unwrap();
/// assert_eq!(provider.name(), "ip1");
/// ```
pub fn register(registry: &mut Registry) {
    registry.register_with(IP1_PROVIDER, from_config);
}

/// Builds the provider, without layers, from string settings (see [`register`]; the registry
/// adds the standard layers).
pub fn from_config(config: &ProviderConfig) -> Result<Ip1Provider> {
    let mut builder = Ip1Provider::builder()
        .api_key(config.require("api_key")?)
        .client_options(ClientOptions::from_config(config)?);
    if let Some(url) = config.get("base_url") {
        builder = builder.base_url(url);
    }
    if let Some(concurrency) = config.parse::<usize>("create_concurrency")? {
        builder = builder.create_concurrency(concurrency);
    }
    builder.build_bare()
}
