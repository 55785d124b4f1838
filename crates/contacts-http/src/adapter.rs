//! How an adapter's builder opens its client, written once: the base URL it must have been
//! given, a user agent naming the adapter, its transport options, and its key if any.

use crate::{ClientOptions, Credentials, HttpClient};
use contacts_core::Error;

/// The user agent of the crate that writes it: `contacts-<crate name>/<crate version>`
/// (`contacts-provider-ip1/0.3.0`), so a vendor can tell the adapters' requests apart.
///
/// ```
/// // Written in this crate's own tests, it names this crate.
/// assert_eq!(
///     contacts_http::user_agent!(),
///     concat!("contacts-contacts-http/", env!("CARGO_PKG_VERSION"))
/// );
/// ```
#[macro_export]
macro_rules! user_agent {
    () => {
        concat!(
            "contacts-",
            env!("CARGO_PKG_NAME"),
            "/",
            env!("CARGO_PKG_VERSION")
        )
    };
}

impl HttpClient {
    /// The client of an adapter whose builder holds an optional base URL, its
    /// [`ClientOptions`] and optional credentials: `InvalidInput` on `base_url` saying
    /// `required` (why the adapter needs one, and where to find it) when there is no URL;
    /// else the client at that URL with `user_agent` (see [`user_agent!`](crate::user_agent),
    /// unless the options replace it), the options, and the credentials if any.
    ///
    /// ```
    /// use contacts_core::Error;
    /// use contacts_http::{ClientOptions, Credentials, HttpClient};
    /// let options = ClientOptions::default();
    /// let key = Some(Credentials::Bearer("sk-1".into()));
    /// let open = |url| HttpClient::for_adapter(url, "the CRM's URL is required", "crm/1", &options, key.clone());
    /// assert_eq!(open(Some("https://crm.example.com/v1")).unwrap().secret(), Some("sk-1"));
    /// let Err(Error::InvalidInput { field, reason }) = open(None) else { panic!() };
    /// assert_eq!((field.as_str(), reason.as_str()), ("base_url", "the CRM's URL is required"));
    /// ```
    pub fn for_adapter(
        base_url: Option<&str>,
        required: &str,
        user_agent: &str,
        options: &ClientOptions,
        credentials: Option<Credentials>,
    ) -> Result<HttpClient, Error> {
        let base = base_url.ok_or_else(|| Error::invalid("base_url", required))?;
        let mut http = HttpClient::builder(base)
            .user_agent(user_agent)
            .options(options.clone());
        if let Some(credentials) = credentials {
            http = http.credentials(credentials);
        }
        http.build()
    }
}
