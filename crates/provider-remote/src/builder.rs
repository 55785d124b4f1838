//! Configuration of the remote provider: where the server is, the token, the transport, and
//! how its service document is had (read from the server, or given).

use crate::client::Wire;
use crate::provider::RemoteProvider;
use contacts_core::{Error, Result, Standard, layer};
use contacts_http::{ApiKey, ClientOptions, Credentials, HttpClient};
use contacts_protocol::ServiceDocument;
use derive_setters::Setters;

impl RemoteProvider {
    /// Starts building a provider; see [`RemoteProviderBuilder`].
    pub fn builder() -> RemoteProviderBuilder {
        RemoteProviderBuilder::default()
    }
}

/// Builds a [`RemoteProvider`].
///
/// [`connect`](Self::connect) reads the server's service document (`GET /v1`) and refuses a
/// server of another protocol or major version; the provider's capabilities are the ones it
/// declares. [`build`](Self::build) makes no request at all: it takes a service document the
/// caller already has ([`service_document`](Self::service_document)), for tools that must
/// not touch the network (the capability matrix) and for tests that point the provider at a
/// server that answers nothing but errors.
///
/// ```
/// use contacts_core::{Capabilities, ContactProvider};
/// use contacts_protocol::ServiceDocument;
/// use provider_remote::RemoteProvider;
/// let known = ServiceDocument::new("sqlite", Capabilities::full(), Some("sqlite:1".into()));
/// let remote = RemoteProvider::builder()
///     .base_url("https://contacts.example.com")
///     .token("tk-secret-1")
///     .service_document(known)
///     .build()
///     .unwrap();
/// assert_eq!(remote.name(), "remote");
/// assert_eq!(remote.get_ref().get_ref().remote_name(), "sqlite");
/// assert_eq!(remote.store_identity().as_deref(), Some("remote:sqlite:1"));
/// assert!(!format!("{remote:?}").contains("tk-secret-1"));
/// assert!(RemoteProvider::builder().build().is_err(), "a base URL is required");
/// ```
#[derive(Debug, Clone, Default, Setters)]
#[setters(strip_option)]
pub struct RemoteProviderBuilder {
    /// The server's root URL, below which `GET /v1` answers the service document (required).
    /// https, except for loopback hosts or with `allow_http` in the transport options.
    #[setters(into)]
    base_url: Option<String>,
    /// The bearer token the server gave (`contacts serve token add`). A server that needs
    /// none accepts requests without one.
    #[setters(into)]
    token: Option<ApiKey>,
    #[setters(skip)]
    options: ClientOptions,
    /// The server's service document, already known: [`build`](Self::build) uses it instead
    /// of asking the server. It is checked as one read from the server would be.
    #[setters(rename = "service_document")]
    service: Option<ServiceDocument>,
}

impl RemoteProviderBuilder {
    contacts_http::transport_setters! {
        /// The transport options: timeouts, retries, a client-side rate limit (none by
        /// default: the server applies its own), plain http beyond loopback, the user agent.
    }

    /// Reads the server's service document (`GET /v1`, which answers without a token too);
    /// `Protocol` when the server is not one of the protocol or speaks another major
    /// version of it, `Unavailable` when it cannot be reached.
    pub async fn read_service_document(&self) -> Result<ServiceDocument> {
        self.wire()?.service_document().await
    }

    /// Reads the service document, then builds the provider in the standard layers (the
    /// contract's refusals, a span per operation).
    pub async fn connect(self) -> Result<Standard<RemoteProvider>> {
        self.connect_bare().await.map(layer::standard)
    }

    /// [`connect`](Self::connect) without any layer, for composing your own stack.
    pub async fn connect_bare(self) -> Result<RemoteProvider> {
        let wire = self.wire()?;
        let service = wire.service_document().await?;
        Ok(RemoteProvider::new(wire, service))
    }

    /// Builds the provider from the given service document, without a request, in the
    /// standard layers; `InvalidInput` when no document was given.
    pub fn build(self) -> Result<Standard<RemoteProvider>> {
        self.build_bare().map(layer::standard)
    }

    /// [`build`](Self::build) without any layer (the registry adds the standard layers).
    pub fn build_bare(self) -> Result<RemoteProvider> {
        let wire = self.wire()?;
        let service = self.service.ok_or_else(|| {
            Error::invalid(
                "service_document",
                "build() makes no request, so it needs the server's service document; \
                 use connect() to read it from the server",
            )
        })?;
        service
            .compatible()
            .map_err(|why| Error::invalid("service_document", why))?;
        Ok(RemoteProvider::new(wire, service))
    }

    fn wire(&self) -> Result<Wire> {
        let http = HttpClient::for_adapter(
            self.base_url.as_deref(),
            "the remote provider needs the URL of a server of the contacts provider protocol \
             (e.g. `contacts serve`'s http://127.0.0.1:8080)",
            contacts_http::user_agent!(),
            &self.options,
            self.token.clone().map(Credentials::Bearer),
        )?;
        Ok(Wire::new(http))
    }
}
