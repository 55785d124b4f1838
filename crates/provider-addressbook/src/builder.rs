//! Configuration of the Atom adapter.

use crate::books::AddressBooks;
use crate::client::AtomClient;
use crate::mapping::FieldMap;
use crate::provider::AddressBookProvider;
use contacts_core::{AddressBookId, Error, Result, Standard, layer};
use contacts_http::{ApiKey, ClientOptions, Credentials, HttpClient};
use derive_setters::Setters;

/// The vendor's documented limit: 10 requests per second on average, bursts allowed.
pub const VENDOR_RATE_PER_SECOND: f64 = 10.0;
/// Burst the client allows itself at the vendor's rate. The vendor allows bursts of a size it
/// does not publish; keeping the client's smaller leaves the server's bucket slack to absorb
/// network jitter, so requests paced at the same average rate never arrive too bunched.
pub const VENDOR_BURST: u32 = 5;
/// Requests in flight at once when listing or creating many contacts.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// The transport options the adapter starts from: [`ClientOptions::default`] with the vendor's
/// rate limit ([`VENDOR_RATE_PER_SECOND`], bursts of [`VENDOR_BURST`]). Start from these when
/// changing one setting, so the limit stays:
/// `.client_options(client_defaults().request_timeout(…))`.
pub fn client_defaults() -> ClientOptions {
    ClientOptions::default().rate_limit_per_second(VENDOR_RATE_PER_SECOND, VENDOR_BURST)
}

impl AddressBookProvider {
    /// Starts building a provider; see [`AddressBookProviderBuilder`].
    pub fn builder() -> AddressBookProviderBuilder {
        AddressBookProviderBuilder::default()
    }
}

/// Builds an [`AddressBookProvider`] (with [`address_book`](Self::address_book)) or an
/// [`AddressBooks`] client.
///
/// ```
/// use provider_addressbook::AddressBookProvider;
/// let provider = AddressBookProvider::builder()
///     .base_url("https://sms.example.com.au")
///     .api_key("sk-secret-42")
///     .address_book(42)
///     .build()
///     .unwrap();
/// assert_eq!(provider.get_ref().get_ref().address_book().as_str(), "42"); // inside the layers
/// assert!(!format!("{provider:?}").contains("sk-secret-42"));
/// ```
#[derive(Debug, Clone, Setters)]
pub struct AddressBookProviderBuilder {
    /// The account's "API URL" from its settings (required: every account has its own).
    #[setters(strip_option, into)]
    base_url: Option<String>,
    /// The access token.
    #[setters(strip_option, into)]
    api_key: Option<ApiKey>,
    #[setters(skip)]
    book: Option<String>,
    /// Which keys the four custom slots hold (default `custom1`…`custom4`).
    fields: FieldMap,
    #[setters(skip)]
    concurrency: usize,
    #[setters(skip)]
    options: ClientOptions,
}

impl Default for AddressBookProviderBuilder {
    fn default() -> Self {
        Self {
            base_url: None,
            api_key: None,
            book: None,
            fields: FieldMap::default(),
            concurrency: DEFAULT_CONCURRENCY,
            options: client_defaults(),
        }
    }
}

impl AddressBookProviderBuilder {
    /// The address book the provider serves (required for [`build`](Self::build)).
    #[must_use]
    pub fn address_book(mut self, id: impl Into<AddressBookId>) -> Self {
        self.book = Some(id.into().into_inner());
        self
    }

    contacts_http::transport_setters! {
        /// The transport options (default [`client_defaults`]: the vendor's rate limit). Atom
        /// documents 500 as its server error, so reads and absolute edits also retry on 500
        /// with the policy given, unless the 500's body says what is wrong (the id does not
        /// exist, the request is invalid) or the contact it is about has left its book.
        concurrency
    }

    fn client(&self) -> Result<AtomClient> {
        let http = HttpClient::for_adapter(
            self.base_url.as_deref(),
            "Atom gives every account its own API URL (account settings, \"API URL\"); it is required",
            contacts_http::user_agent!(),
            &self.options,
            self.api_key.clone().map(Credentials::Bearer),
        )?;
        // Atom documents 500 as its server error: reads and absolute edits may try again, but
        // only once its body is read (it may say the id does not exist), so `AtomClient`
        // retries a 500 itself with the same policy, and the HTTP client everything else.
        Ok(AtomClient::new(http, self.options.retry.clone()))
    }

    /// A client for the account's address books.
    pub fn build_books(self) -> Result<AddressBooks> {
        Ok(AddressBooks {
            client: self.client()?,
            fields: self.fields,
            concurrency: self.concurrency,
        })
    }

    /// The provider for the configured address book, in the standard layers (the contract's
    /// refusals, a span per operation).
    pub fn build(self) -> Result<Standard<AddressBookProvider>> {
        self.build_bare().map(layer::standard)
    }

    /// The provider without any layer, for composing your own stack (the registry adds the
    /// standard layers itself).
    pub fn build_bare(self) -> Result<AddressBookProvider> {
        let book = self
            .book
            .clone()
            .ok_or_else(|| Error::invalid("address_book", "the address book id is required"))?;
        self.build_books()?.open_bare(&AddressBookId::new(book))
    }
}
