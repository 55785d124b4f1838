//! Plugging the provider into the core registry.

use crate::provider::{CARDDAV_PROVIDER, CardDavProvider};
use contacts_core::{ProviderConfig, Registry, Result};
use contacts_http::ClientOptions;

/// Registers `carddav`. Settings: `base_url` (required: the server, the principal or the
/// book), `username`, `password` (or `api_key`; with a user name sent as HTTP Basic, without
/// one as a bearer token), `address_book` (a path, URL or display name; default the first book;
/// the name every provider with books reads, and what `--address-book` sets),
/// `concurrency`, and the transport settings every HTTP adapter reads
/// ([`ClientOptions::with_config`]: `timeout_secs`, `rate_limit`, `retries`, `allow_http`, …).
///
/// ```
/// use contacts_core::{ProviderConfig, Registry};
/// let mut registry = Registry::new();
/// provider_carddav::register(&mut registry);
/// let config = ProviderConfig::new()
///     .with("base_url", "https://dav.example.com/")
///     .with("username", "alice")
///     .with("password", "secret")
///     .with("address_book", "/alice/contacts/");
/// let provider = registry.build("carddav", &config).unwrap();
/// assert_eq!(provider.name(), "carddav");
/// ```
pub fn register(registry: &mut Registry) {
    registry.register_with(CARDDAV_PROVIDER, from_config);
}

/// Builds the provider, without layers, from string settings (see [`register`]).
pub fn from_config(config: &ProviderConfig) -> Result<CardDavProvider> {
    let mut builder = CardDavProvider::builder()
        .base_url(config.require("base_url")?)
        .client_options(ClientOptions::default().with_config(config)?);
    if let Some(user) = config.get("username") {
        builder = builder.username(user);
    }
    if let Some(secret) = config.get("password").or_else(|| config.get("api_key")) {
        builder = builder.password(secret);
    }
    if let Some(book) = config.get("address_book") {
        builder = builder.book(book);
    }
    if let Some(concurrency) = config.parse::<usize>("concurrency")? {
        builder = builder.concurrency(concurrency);
    }
    builder.build_bare()
}
