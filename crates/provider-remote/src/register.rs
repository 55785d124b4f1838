//! Plugging the provider into the core registry.
//!
//! The registry's factories are synchronous, while building this provider needs one request
//! (the service document). The request is made on a thread of its own with its own
//! single-threaded runtime, and the factory waits for that thread: it never needs the
//! caller's runtime, so it cannot deadlock on it (which `block_on` inside a runtime, or
//! `block_in_place` on a current-thread runtime, would do or refuse), and it works with no
//! runtime at all. The cost is a blocked caller for at most the request's timeout. The
//! client that reads the document is thrown away with that runtime; the provider gets a new
//! one, so no connection outlives the runtime that opened it.

use crate::builder::RemoteProviderBuilder;
use crate::provider::{REMOTE_PROVIDER, RemoteProvider};
use contacts_core::{Error, ProviderConfig, Registry, Result};
use contacts_http::ClientOptions;
use contacts_protocol::ServiceDocument;

/// Registers `remote`. Settings: `base_url` (required: the server's root, where `GET /v1`
/// answers), `token` (or `api_key`: the bearer token the server gave), and the transport
/// settings every HTTP adapter reads ([`ClientOptions::with_config`]: `timeout_secs`,
/// `rate_limit`, `retries`, `allow_http`, …). Building it reads the server's service
/// document (see the module's docs for how, from a synchronous factory).
///
/// ```
/// use contacts_core::{ProviderConfig, Registry};
/// let mut registry = Registry::new();
/// provider_remote::register(&mut registry);
/// // Nothing listens on port 9 of loopback: the service document cannot be read.
/// let config = ProviderConfig::new()
///     .with("base_url", "http://127.0.0.1:9")
///     .with("token", "tk-1")
///     .with("retries", "1");
/// let err = registry.build("remote", &config).unwrap_err();
/// assert!(err.is_retryable(), "{err}");
/// ```
pub fn register(registry: &mut Registry) {
    registry.register_with(REMOTE_PROVIDER, from_config);
}

/// Builds the provider, without layers, from string settings (see [`register`]), reading
/// the server's service document on a thread of its own.
pub fn from_config(config: &ProviderConfig) -> Result<RemoteProvider> {
    let builder = builder_from_config(config)?;
    let service = read_on_own_thread(builder.clone())?;
    builder.service_document(service).build_bare()
}

/// The builder the settings describe, before anything is read from the server.
pub fn builder_from_config(config: &ProviderConfig) -> Result<RemoteProviderBuilder> {
    let mut builder = RemoteProvider::builder()
        .base_url(config.require("base_url")?)
        .client_options(ClientOptions::from_config(config)?);
    if let Some(token) = config.get("token").or_else(|| config.get("api_key")) {
        builder = builder.token(token);
    }
    Ok(builder)
}

fn read_on_own_thread(builder: RemoteProviderBuilder) -> Result<ServiceDocument> {
    let unavailable = |why: String| Error::Unavailable {
        message: format!("reading the remote server's service document: {why}"),
        retry_after: None,
    };
    let reader = std::thread::Builder::new()
        .name("provider-remote-connect".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| unavailable(format!("cannot start a runtime: {e}")))?;
            runtime.block_on(builder.read_service_document())
        })
        .map_err(|e| unavailable(format!("cannot start a thread: {e}")))?;
    reader
        .join()
        .unwrap_or_else(|_| Err(unavailable("the reading thread panicked".into())))
}
