//! Plugging the adapter into the core registry.

use crate::builder::client_defaults;
use crate::mapping::FieldMap;
use crate::provider::{ADDRESSBOOK_PROVIDER, AddressBookProvider};
use contacts_core::{Error, ProviderConfig, Registry, Result};

/// Registers `addressbook`. Settings: `base_url` (required), `api_key`, `address_book`
/// (required), `custom_keys` (four comma-separated keys for `custom_1`…`custom_4`),
/// `concurrency`, and the transport settings every HTTP adapter reads
/// ([`ClientOptions::with_config`](contacts_http::ClientOptions::with_config): `timeout_secs`,
/// `rate_limit` (default the vendor's 10/s; `0` for none), `retries`, `allow_http`, …).
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
    registry.register_with(ADDRESSBOOK_PROVIDER, from_config);
}

/// Builds the provider, without layers, from string settings (see [`register`]; the registry
/// adds the standard layers).
pub fn from_config(config: &ProviderConfig) -> Result<AddressBookProvider> {
    let mut builder = AddressBookProvider::builder()
        .base_url(config.require("base_url")?)
        .address_book(config.require("address_book")?)
        .client_options(client_defaults().with_config(config)?);
    if let Some(key) = config.get("api_key") {
        builder = builder.api_key(key);
    }
    if let Some(keys) = config.get("custom_keys") {
        let keys: Vec<&str> = keys.split(',').map(str::trim).collect();
        let keys: [&str; 4] = keys
            .try_into()
            .map_err(|_| Error::invalid("custom_keys", "give exactly four comma-separated keys"))?;
        builder = builder.fields(FieldMap::new(keys)?);
    }
    if let Some(concurrency) = config.parse::<usize>("concurrency")? {
        builder = builder.concurrency(concurrency);
    }
    builder.build_bare()
}
