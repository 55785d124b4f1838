//! Plugging the adapter into the core registry.

use crate::provider::{IP1_PROVIDER, Ip1Provider};
use contacts_core::{ProviderConfig, Registry, Result};
use std::time::Duration;

/// Registers `ip1`. Settings: `api_key` (required), `base_url` (default
/// `https://api.ip1sms.com`), `timeout_secs`, `rate_limit` (requests per second), `allow_http`.
///
/// ```
/// use contacts_core::{ProviderConfig, Registry};
/// let mut registry = Registry::new();
/// provider_ip1::register(&mut registry);
/// let provider = registry.build("ip1", &ProviderConfig::new().with("api_key", "k")).unwrap();
/// assert_eq!(provider.name(), "ip1");
/// ```
pub fn register(registry: &mut Registry) {
    registry.register(IP1_PROVIDER, |config| Ok(Box::new(from_config(config)?)));
}

/// Builds the provider from string settings (see [`register`]).
pub fn from_config(config: &ProviderConfig) -> Result<Ip1Provider> {
    let mut builder = Ip1Provider::builder().api_key(config.require("api_key")?);
    if let Some(url) = config.get("base_url") {
        builder = builder.base_url(url);
    }
    if let Some(secs) = config.parse::<u64>("timeout_secs")? {
        builder = builder.request_timeout(Duration::from_secs(secs.max(1)));
    }
    if let Some(rate) = config.parse::<f64>("rate_limit")? {
        if rate > 0.0 {
            builder = builder.rate_limit(rate, rate.ceil().max(1.0) as u32);
        }
    }
    if let Some(allow) = config.parse::<bool>("allow_http")? {
        builder = builder.allow_http(allow);
    }
    builder.build()
}
