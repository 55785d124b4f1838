//! Plugging the adapter into the core registry.

use crate::mapping::FieldMap;
use crate::provider::{ADDRESSBOOK_PROVIDER, AddressBookProvider};
use contacts_core::{ProviderConfig, Registry, Result};
use std::time::Duration;

/// Registers `addressbook`. Settings: `base_url` (required), `api_key`, `address_book`
/// (required), `custom_keys` (four comma-separated keys for `custom_1`…`custom_4`),
/// `rate_limit` (requests per second, `0` for none), `timeout_secs`, `allow_http`.
///
/// ```
/// use contacts_core::{ProviderConfig, Registry};
/// let mut registry = Registry::new();
/// provider_addressbook::register(&mut registry);
/// let config = ProviderConfig::new()
///     .with("base_url", "https://sms.example.com.au")
///     .with("api_key", "token")
///     .with("address_book", "7");
/// let provider = registry.build("addressbook", &config).unwrap();
/// assert_eq!(provider.name(), "addressbook");
/// ```
pub fn register(registry: &mut Registry) {
    registry.register(ADDRESSBOOK_PROVIDER, |config| {
        Ok(Box::new(from_config(config)?))
    });
}

/// Builds the provider from string settings (see [`register`]).
pub fn from_config(config: &ProviderConfig) -> Result<AddressBookProvider> {
    let mut builder = AddressBookProvider::builder()
        .base_url(config.require("base_url")?)
        .address_book(config.require("address_book")?);
    if let Some(key) = config.get("api_key") {
        builder = builder.api_key(key);
    }
    if let Some(keys) = config.get("custom_keys") {
        let keys: Vec<&str> = keys.split(',').map(str::trim).collect();
        let keys: [&str; 4] = keys.try_into().map_err(|_| {
            contacts_core::Error::invalid("custom_keys", "give exactly four comma-separated keys")
        })?;
        builder = builder.fields(FieldMap::new(keys)?);
    }
    if let Some(rate) = config.parse::<f64>("rate_limit")? {
        builder = builder.rate_limit((rate > 0.0).then(|| (rate, rate.ceil().max(1.0) as u32)));
    }
    if let Some(secs) = config.parse::<u64>("timeout_secs")? {
        builder = builder.request_timeout(Duration::from_secs(secs.max(1)));
    }
    if let Some(allow) = config.parse::<bool>("allow_http")? {
        builder = builder.allow_http(allow);
    }
    builder.build()
}
