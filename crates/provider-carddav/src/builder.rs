//! Configuration of the CardDAV provider.

use crate::books::AddressBooks;
use crate::client::Dav;
use crate::provider::CardDavProvider;
use contacts_core::{Error, Result, Standard, layer};
use contacts_http::{ApiKey, ClientOptions, Credentials, HttpClient};
use derive_setters::Setters;
use std::sync::Arc;
use tokio::sync::OnceCell;

/// Requests in flight at once when creating or deleting many contacts.
pub const DEFAULT_CONCURRENCY: usize = 4;

impl CardDavProvider {
    /// Starts building a provider; see [`CardDavProviderBuilder`].
    pub fn builder() -> CardDavProviderBuilder {
        CardDavProviderBuilder::default()
    }
}

/// Builds a [`CardDavProvider`] for one address book, or an [`AddressBooks`] client.
///
/// ```
/// use provider_carddav::CardDavProvider;
/// let provider = CardDavProvider::builder()
///     .base_url("https://dav.example.com/")
///     .username("alice")
///     .password("app-password-1")
///     .book("/dav/addressbooks/users/alice/contacts/")
///     .build()
///     .unwrap();
/// assert!(!format!("{provider:?}").contains("app-password-1"));
/// ```
#[derive(Debug, Clone, Setters)]
#[setters(strip_option, into)]
pub struct CardDavProviderBuilder {
    /// The server's URL (required): its root, the account's principal or an address book;
    /// discovery starts there.
    base_url: Option<String>,
    /// The user name: with a [`password`](Self::password), HTTP Basic authentication.
    username: Option<String>,
    /// The password (an app password on most hosted servers). With a
    /// [`username`](Self::username) it is sent as HTTP Basic; without one, as a bearer token.
    /// Never printed.
    #[setters(rename = "password")]
    secret: Option<ApiKey>,
    /// The address book to serve: its path (`/alice/contacts/`) or URL, or its display
    /// name. Without one, the first book of the account (by path).
    book: Option<String>,
    #[setters(skip)]
    concurrency: usize,
    #[setters(skip)]
    options: ClientOptions,
}

impl Default for CardDavProviderBuilder {
    fn default() -> Self {
        Self {
            base_url: None,
            username: None,
            secret: None,
            book: None,
            concurrency: DEFAULT_CONCURRENCY,
            options: ClientOptions::default(),
        }
    }
}

impl CardDavProviderBuilder {
    /// A bearer token (OAuth) instead of a user name and password.
    #[must_use]
    pub fn bearer_token(mut self, token: impl Into<ApiKey>) -> Self {
        self.username = None;
        self.secret = Some(token.into());
        self
    }

    contacts_http::transport_setters! {
        /// The transport options (timeouts, retries, rate limit, plain http, user agent).
        concurrency
    }

    /// A client for the account's address books.
    pub fn build_books(&self) -> Result<AddressBooks> {
        let credentials = match (&self.username, &self.secret) {
            (Some(user), Some(secret)) => Some(Credentials::basic(user.clone(), secret.clone())),
            (Some(user), None) => Some(Credentials::basic(user.clone(), "")),
            (None, Some(token)) => Some(Credentials::Bearer(token.clone())),
            (None, None) => None,
        };
        let http = HttpClient::for_adapter(
            self.base_url.as_deref(),
            "the CardDAV server's URL is required",
            contacts_http::user_agent!(),
            &self.options,
            credentials,
        )?;
        // Discovery starts at the URL as given (the client's base ends in `/`); `for_adapter`
        // has refused a missing one.
        let given = self.base_url.as_deref().unwrap_or_default();
        let start =
            url::Url::parse(given).map_err(|e| Error::invalid("base_url", e.to_string()))?;
        Ok(AddressBooks {
            dav: Dav { http },
            start,
            home: Arc::new(OnceCell::new()),
            concurrency: self.concurrency,
        })
    }

    /// The provider, in the standard layers (the contract's refusals, a span per operation).
    pub fn build(self) -> Result<Standard<CardDavProvider>> {
        self.build_bare().map(layer::standard)
    }

    /// The provider without any layer (the registry adds the standard layers itself).
    pub fn build_bare(self) -> Result<CardDavProvider> {
        let books = self.build_books()?;
        match self.book.as_deref() {
            Some(book) if book.starts_with('/') || book.contains("://") => {
                books.open_bare(&book.into())
            }
            Some(name) => {
                let mut provider = CardDavProvider::new(books, None);
                provider.wanted_name = Some(name.to_owned());
                Ok(provider)
            }
            None => Ok(CardDavProvider::new(books, None)),
        }
    }
}
