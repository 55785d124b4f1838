//! `HttpClient`: one reqwest client with the key, timeouts, retries and rate limit every
//! adapter needs.

use crate::retry::{Idempotency, RetryPolicy, parse_retry_after};
use crate::{ApiKey, ClientOptions, Credentials, RateLimiter, decode_json, error_for_status};
use bytes::Bytes;
use contacts_core::Error;
use derive_setters::Setters;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;
use std::net::IpAddr;
use std::time::Duration;
use tokio::time::Instant;
use tracing::Instrument;
use url::Url;

/// Builds an [`HttpClient`]: a base URL, an optional key, and [`ClientOptions`].
///
/// ```
/// use contacts_http::{ClientOptions, HttpClient, RetryPolicy};
/// use std::time::Duration;
/// let client = HttpClient::builder("https://api.example.com")
///     .api_key("secret")
///     .options(
///         ClientOptions::default()
///             .request_timeout(Duration::from_secs(10))
///             .retry(RetryPolicy::default().max_attempts(3))
///             .rate_limit_per_second(10.0, 20),
///     )
///     .build()
///     .unwrap();
/// assert_eq!(client.base_url().as_str(), "https://api.example.com/");
/// assert!(!format!("{client:?}").contains("secret"));
/// // Plain http is refused except on loopback hosts.
/// assert!(HttpClient::builder("http://example.com").build().is_err());
/// assert!(HttpClient::builder("http://127.0.0.1:8080").build().is_ok());
/// ```
#[derive(Debug, Clone, Setters)]
pub struct HttpClientBuilder {
    #[setters(skip)]
    base_url: String,
    /// Sets the credentials, bearer or Basic (see [`Credentials`]).
    #[setters(strip_option)]
    credentials: Option<Credentials>,
    /// The adapter's own user agent (default `contacts-http/<version>`), used unless the
    /// options replace it; adapters put their name and version here.
    #[setters(into)]
    user_agent: String,
    /// Sets the transport options (timeouts, retries, rate limit, http, user agent).
    options: ClientOptions,
}

impl HttpClientBuilder {
    /// Sets the key sent as `Authorization: Bearer <key>`.
    #[must_use]
    pub fn api_key(mut self, key: impl Into<ApiKey>) -> Self {
        self.credentials = Some(Credentials::Bearer(key.into()));
        self
    }

    /// Sets HTTP Basic credentials (RFC 7617), sent as `Authorization: Basic …` on every
    /// request, for WebDAV and CardDAV servers. The password is handled as the key is: never
    /// printed, redacted from error excerpts, sent over https only (or to loopback).
    ///
    /// ```
    /// use contacts_http::HttpClient;
    /// let client = HttpClient::builder("https://dav.example.com")
    ///     .basic_auth("alice", "pa55word")
    ///     .build()
    ///     .unwrap();
    /// assert!(!format!("{client:?}").contains("pa55word"));
    /// assert_eq!(client.secret(), Some("pa55word"));
    /// ```
    #[must_use]
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<ApiKey>) -> Self {
        self.credentials = Some(Credentials::basic(username, password));
        self
    }

    /// Builds the client; `InvalidInput` for a bad base URL, http to a remote host, a key
    /// that cannot go in a header, or a rate limit that is not above 0 (or not a number).
    ///
    /// ```
    /// use contacts_http::{ClientOptions, HttpClient};
    /// let stalled = ClientOptions::default().rate_limit_per_second(0.0, 5);
    /// let err = HttpClient::builder("https://api.example.com/").options(stalled).build().unwrap_err();
    /// assert!(err.to_string().contains("rate_limit"), "{err}");
    /// ```
    pub fn build(self) -> Result<HttpClient, Error> {
        if let Some(limit) = self.options.rate_limit {
            // A bucket that never refills would make every request after the burst wait for
            // ever; "no limit" is `None`.
            let rate = limit.requests_per_second;
            if rate.is_nan() || rate <= 0.0 {
                return Err(Error::invalid(
                    "rate_limit",
                    format!(
                        "{} requests per second: a rate limit must be above 0 (leave it unset \
                         for none)",
                        limit.requests_per_second
                    ),
                ));
            }
        }
        let mut base = Url::parse(&self.base_url).map_err(|e| {
            Error::invalid("base_url", format!("{:?} is not a URL: {e}", self.base_url))
        })?;
        match base.scheme() {
            "https" => {}
            "http" if self.options.allow_http || is_loopback(&base) => {}
            "http" => {
                return Err(Error::invalid(
                    "base_url",
                    "plain http would send the API key unencrypted; use https (http is allowed for loopback hosts, or with allow_http)",
                ));
            }
            other => {
                return Err(Error::invalid(
                    "base_url",
                    format!("unsupported scheme {other:?}; use https"),
                ));
            }
        }
        if base.host_str().is_none() {
            return Err(Error::invalid("base_url", "the URL has no host"));
        }
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        base.set_query(None);
        base.set_fragment(None);
        let mut headers = HeaderMap::new();
        headers.insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        if let Some(credentials) = &self.credentials {
            let mut value = HeaderValue::from_str(&credentials.header_value()).map_err(|_| {
                let field = match credentials {
                    Credentials::Bearer(_) => "api_key",
                    Credentials::Basic { .. } => "username or password",
                };
                Error::invalid(field, "contains characters that cannot be sent in a header")
            })?;
            value.set_sensitive(true);
            headers.insert(reqwest::header::AUTHORIZATION, value);
        }
        let options = self.options;
        let inner = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(options.user_agent.unwrap_or(self.user_agent))
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .build()
            .map_err(|e| Error::invalid("http client", e.to_string()))?;
        Ok(HttpClient {
            inner,
            base,
            credentials: self.credentials,
            retry: options.retry,
            limiter: options
                .rate_limit
                .map(|limit| RateLimiter::new(limit.requests_per_second, limit.burst)),
        })
    }
}

/// Whether a 5xx answer to `request` may be retried because the request only reads: a
/// `GET`, `HEAD`, `OPTIONS`, or WebDAV's `PROPFIND` and `REPORT`. Reading again cannot do
/// anything twice, and a server that fails one read (500 included, which is not retried for
/// writes since the write may have been applied) usually answers the next: a `list` or
/// `export` then goes on instead of aborting mid-way. The policy's attempts, backoff, budget
/// and `Retry-After` still apply; a disabled policy sends once.
fn retries_read(request: &Request, status: u16) -> bool {
    let reads = matches!(
        request.method.as_str(),
        "GET" | "HEAD" | "OPTIONS" | "PROPFIND" | "REPORT"
    );
    reads
        && request.idempotency == Idempotency::Idempotent
        && matches!(status, 500 | 502 | 503 | 504)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// An HTTP answer, read whole (bodies of contact APIs are small and bounded by page sizes).
#[derive(Debug, Clone)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl Response {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The `Retry-After` header, read as seconds or an HTTP date.
    pub fn retry_after(&self) -> Option<Duration> {
        self.headers
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after)
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// What one attempt got: an answer read whole, or a success answer still to be read.
enum Answer {
    Whole(Response),
    Streaming(StreamingResponse),
}

/// A success answer whose body is read as it arrives (see [`HttpClient::send_streaming`]).
#[derive(Debug)]
pub struct StreamingResponse {
    /// The status code (2xx).
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    inner: reqwest::Response,
    host: String,
}

impl StreamingResponse {
    /// The next chunk of the body, `None` at its end. A connection that breaks or times out
    /// is `Unavailable`.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, Error> {
        self.inner.chunk().await.map_err(|e| Error::Unavailable {
            message: format!(
                "{}: the connection broke while reading the answer{}",
                self.host,
                if e.is_timeout() { " (timed out)" } else { "" }
            ),
            retry_after: None,
        })
    }

    /// The rest of the body, read whole.
    pub async fn into_response(mut self) -> Result<Response, Error> {
        let mut body = Vec::new();
        while let Some(chunk) = self.chunk().await? {
            body.extend_from_slice(&chunk);
        }
        Ok(Response {
            status: self.status,
            headers: self.headers,
            body: Bytes::from(body),
        })
    }
}

/// A request to send: method, URL, optional body, extra headers, and whether it may be
/// repeated.
#[derive(Debug, Clone)]
pub struct Request {
    method: Method,
    url: Url,
    body: Option<(HeaderValue, Bytes)>,
    headers: HeaderMap,
    idempotency: Idempotency,
}

impl Request {
    /// Adds a JSON body.
    pub fn json(mut self, body: &impl serde::Serialize) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::invalid("body", format!("cannot be written as JSON: {e}")))?;
        self.body = Some((
            HeaderValue::from_static("application/json"),
            Bytes::from(bytes),
        ));
        Ok(self)
    }

    /// Adds a body of any media type (`application/xml; charset=utf-8`, `text/vcard`), for
    /// APIs that do not speak JSON (WebDAV).
    #[must_use]
    pub fn body(mut self, content_type: &'static str, body: impl Into<Bytes>) -> Self {
        self.body = Some((HeaderValue::from_static(content_type), body.into()));
        self
    }

    /// Adds a header to this request only (`Depth`, `If-Match`, `Accept`, …), replacing a
    /// default of the client with the same name. `InvalidInput` when the value cannot be sent
    /// in a header. Never use it for credentials: they belong to the client.
    ///
    /// ```
    /// use contacts_http::{HttpClient, Method};
    /// let client = HttpClient::builder("https://dav.example.com").build().unwrap();
    /// let propfind = Method::from_bytes(b"PROPFIND").unwrap();
    /// let request = client.request(propfind, "book/").unwrap().header("Depth", "1").unwrap();
    /// assert_eq!(request.url().path(), "/book/");
    /// assert!(client.request(Method::GET, "x").unwrap().header("If-Match", "a\nb").is_err());
    /// ```
    pub fn header(mut self, name: &'static str, value: impl AsRef<str>) -> Result<Self, Error> {
        let value = HeaderValue::from_str(value.as_ref()).map_err(|_| {
            Error::invalid(name, "contains characters that cannot be sent in a header")
        })?;
        let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid(name, "is not a header name"))?;
        self.headers.insert(name, value);
        Ok(self)
    }

    /// Adds query pairs (values are percent-encoded; they are never logged).
    #[must_use]
    pub fn query<K: AsRef<str>, V: AsRef<str>>(
        mut self,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        {
            let mut q = self.url.query_pairs_mut();
            for (k, v) in pairs {
                q.append_pair(k.as_ref(), v.as_ref());
            }
        }
        if self.url.query() == Some("") {
            self.url.set_query(None);
        }
        self
    }

    /// Marks the request as safe or unsafe to repeat (default: from the method).
    #[must_use]
    pub fn idempotency(mut self, idempotency: Idempotency) -> Self {
        self.idempotency = idempotency;
        self
    }

    /// The URL it goes to.
    pub fn url(&self) -> &Url {
        &self.url
    }
}

/// A client for one API: base URL, key, timeouts, retry policy, optional rate limiter. Clones
/// share the connection pool and the rate limiter. Its `Debug` never shows the key.
#[derive(Debug, Clone)]
pub struct HttpClient {
    inner: reqwest::Client,
    base: Url,
    credentials: Option<Credentials>,
    retry: RetryPolicy,
    limiter: Option<RateLimiter>,
}

impl HttpClient {
    /// Starts a builder for `base_url` with [`ClientOptions::default`]: connect timeout 5 s,
    /// request timeout 30 s, [`RetryPolicy::default`], no rate limit, https only (but
    /// loopback).
    pub fn builder(base_url: impl Into<String>) -> HttpClientBuilder {
        HttpClientBuilder {
            base_url: base_url.into(),
            credentials: None,
            user_agent: concat!("contacts-http/", env!("CARGO_PKG_VERSION")).to_owned(),
            options: ClientOptions::default(),
        }
    }

    /// The base URL, ending in `/`.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// Who this client is on which server, stable across processes and never revealing a
    /// secret: the base URL, then `#` and a fingerprint of the credentials (the first 64 bits of
    /// a SHA-256 of the key, or the user name of Basic credentials). Two clients with the same
    /// identity reach the same account, so a provider's
    /// [`store_identity`](contacts_core::ContactProvider::store_identity) is built on it: a sync
    /// can tell that a profile now points at another account.
    ///
    /// ```
    /// use contacts_http::HttpClient;
    /// let a = HttpClient::builder("http://127.0.0.1:1").api_key("sk-1").build().unwrap();
    /// let b = HttpClient::builder("http://127.0.0.1:1").api_key("sk-2").build().unwrap();
    /// assert_ne!(a.account_identity(), b.account_identity());
    /// assert!(a.account_identity().starts_with("http://127.0.0.1:1/#"));
    /// assert!(!a.account_identity().contains("sk-1"));
    /// let c = HttpClient::builder("http://me:pw@127.0.0.1:1").api_key("sk-1").build().unwrap();
    /// assert!(!c.account_identity().contains("pw") && !c.account_identity().contains("me@"));
    /// ```
    pub fn account_identity(&self) -> String {
        use sha2::Digest;
        let who = match &self.credentials {
            None => "anonymous".to_owned(),
            Some(Credentials::Basic { username, .. }) => format!("user:{username}"),
            Some(Credentials::Bearer(key)) => {
                // Domain-separated, so the fingerprint is no plain hash of the key that a
                // table of hashed keys would match.
                let mut hasher = sha2::Sha256::new();
                hasher.update(b"contacts store identity\0");
                hasher.update(key.expose_secret().as_bytes());
                let digest = hasher.finalize();
                let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
                format!("key:{hex}")
            }
        };
        // A user name or password written into the URL never goes into an identity.
        let mut base = self.base.clone();
        let _ = base.set_username("");
        let _ = base.set_password(None);
        format!("{base}#{who}")
    }

    /// The client-side rate limiter, if one is configured.
    pub fn rate_limiter(&self) -> Option<&RateLimiter> {
        self.limiter.as_ref()
    }

    /// The key (or the Basic password), for redacting it from anything that might echo it
    /// (never for display).
    pub fn secret(&self) -> Option<&str> {
        self.credentials.as_ref().map(Credentials::secret)
    }

    /// A request to `path`, relative to the base URL (`contacts/42` → `<base>contacts/42`).
    pub fn request(&self, method: Method, path: &str) -> Result<Request, Error> {
        let url = self
            .base
            .join(path.trim_start_matches('/'))
            .map_err(|e| Error::invalid("path", format!("{path:?}: {e}")))?;
        Ok(self.request_url(method, url))
    }

    /// A request to an absolute URL the server handed out (a `Link`), refused unless it is on
    /// the same origin as the base URL, so a server cannot send the key elsewhere.
    pub fn request_to(&self, method: Method, url: &str) -> Result<Request, Error> {
        let url = Url::parse(url).map_err(|e| Error::Protocol {
            status: None,
            message: format!("the server gave a link that is not a URL: {e}"),
            body_excerpt: String::new(),
        })?;
        if url.origin() != self.base.origin() {
            return Err(Error::Protocol {
                status: None,
                message: format!(
                    "the server gave a link to another origin ({}); not following it with the API key",
                    url.origin().ascii_serialization()
                ),
                body_excerpt: String::new(),
            });
        }
        Ok(self.request_url(method, url))
    }

    /// Where a link the server handed out (a `Link` URL) points, made safe to follow with
    /// the key. A relative link (`/v2/contacts?start=50`, `?start=50`) is resolved against
    /// `current`, the URL of the request that answered with it. An absolute link to another
    /// origin (an API gateway's or backend's host) is re-based onto the configured origin: only
    /// its path and query are kept, so the key never goes to any host but the configured one.
    /// `Protocol` when the link is not a URL or is not http(s).
    ///
    /// ```
    /// use contacts_http::HttpClient;
    /// let client = HttpClient::builder("https://api.ip1sms.com").build().unwrap();
    /// let current = url::Url::parse("https://api.ip1sms.com/v2/contacts?start=0").unwrap();
    /// let at = |link: &str| client.resolve_link(link, &current).unwrap().to_string();
    /// assert_eq!(at("/v2/contacts?start=50"), "https://api.ip1sms.com/v2/contacts?start=50");
    /// assert_eq!(at("contacts?start=50"), "https://api.ip1sms.com/v2/contacts?start=50");
    /// assert_eq!(
    ///     at("https://ip1-api-gateway-dev.azure-api.net/v2/contacts?start=50"),
    ///     "https://api.ip1sms.com/v2/contacts?start=50"
    /// );
    /// assert!(client.resolve_link("mailto:x@example.com", &current).is_err());
    /// ```
    pub fn resolve_link(&self, link: &str, current: &Url) -> Result<Url, Error> {
        let refused = |why: String| Error::Protocol {
            status: None,
            message: format!("the server gave a link that cannot be followed: {why}"),
            body_excerpt: String::new(),
        };
        let resolved = Url::options()
            .base_url(Some(current))
            .parse(link.trim())
            .map_err(|e| refused(e.to_string()))?;
        if !matches!(resolved.scheme(), "http" | "https") {
            return Err(refused(format!(
                "scheme {:?} is not http(s)",
                resolved.scheme()
            )));
        }
        if resolved.origin() == self.base.origin() {
            return Ok(resolved);
        }
        let mut rebased = self.base.clone();
        rebased.set_path(resolved.path());
        rebased.set_query(resolved.query());
        rebased.set_fragment(None);
        Ok(rebased)
    }

    /// A request to a link the server handed out (see [`HttpClient::resolve_link`]): relative
    /// links are resolved against `current`, links to another origin are re-based onto the
    /// configured one, so the request always goes to the configured origin.
    pub fn request_link(
        &self,
        method: Method,
        link: &str,
        current: &Url,
    ) -> Result<Request, Error> {
        let url = self.resolve_link(link, current)?;
        Ok(self.request_url(method, url))
    }

    fn request_url(&self, method: Method, url: Url) -> Request {
        let idempotency = if method == Method::POST {
            Idempotency::NotIdempotent
        } else {
            Idempotency::Idempotent
        };
        Request {
            method,
            url,
            body: None,
            headers: HeaderMap::new(),
            idempotency,
        }
    }

    /// Sends a request, retrying as the policy and the request's idempotency allow, and
    /// returns the last answer whatever its status. Transport failures that outlast the retries
    /// are `Unavailable`.
    pub async fn send(&self, request: Request) -> Result<Response, Error> {
        match self.send_inner(request, false).await? {
            Answer::Whole(response) => Ok(response),
            Answer::Streaming(streaming) => streaming.into_response().await,
        }
    }

    /// Sends a request as [`send`](Self::send) does, but a success answer comes back before
    /// its body is read, as a [`StreamingResponse`] to read chunk by chunk (a long listing in
    /// flat memory); an error answer comes back read whole, as `Err(response)` for
    /// [`error_for`](Self::error_for). Retries happen only before a success answer starts.
    pub async fn send_streaming(
        &self,
        request: Request,
    ) -> Result<Result<StreamingResponse, Response>, Error> {
        Ok(match self.send_inner(request, true).await? {
            Answer::Whole(response) => Err(response),
            Answer::Streaming(streaming) => Ok(streaming),
        })
    }

    async fn send_inner(&self, request: Request, streaming: bool) -> Result<Answer, Error> {
        let started = Instant::now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            if let Some(limiter) = &self.limiter {
                limiter.acquire().await;
            }
            let span = tracing::debug_span!(
                "http",
                method = %request.method,
                path = %request.url.path(),
                attempt,
                status = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            let sent = Instant::now();
            let outcome = self
                .attempt(&request, streaming)
                .instrument(span.clone())
                .await;
            span.record("elapsed_ms", sent.elapsed().as_millis() as u64);
            let (retry, retry_after) = match &outcome {
                Ok(Answer::Streaming(resp)) => {
                    span.record("status", resp.status);
                    (false, None)
                }
                Ok(Answer::Whole(resp)) => {
                    span.record("status", resp.status);
                    // 423, 429 and 503 say the server did not handle the request, so even a
                    // create may go again; any other failure of a create may have been acted on.
                    let may = (self.retry.retries_status(resp.status)
                        && (request.idempotency == Idempotency::Idempotent
                            || matches!(resp.status, 423 | 429 | 503)))
                        || retries_read(&request, resp.status);
                    (may, resp.retry_after())
                }
                Err(e) => {
                    // A refused connection never reached the server, so even a create is safe
                    // to send again; anything later might have been acted on.
                    let may = e.is_connect() || request.idempotency == Idempotency::Idempotent;
                    (may, None)
                }
            };
            if retry && let Some(wait) = self.retry.delay(attempt, started.elapsed(), retry_after) {
                tracing::debug!(parent: &span, wait_ms = wait.as_millis() as u64, "retrying");
                tokio::time::sleep(wait).await;
                continue;
            }
            return outcome.map_err(|e| self.transport_error(&request, e));
        }
    }

    async fn attempt(&self, request: &Request, streaming: bool) -> Result<Answer, reqwest::Error> {
        let mut builder = self
            .inner
            .request(request.method.clone(), request.url.clone());
        if let Some((content_type, body)) = &request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, content_type.clone())
                .body(body.clone());
        }
        for (name, value) in &request.headers {
            builder = builder.header(name.clone(), value.clone());
        }
        let resp = builder.send().await?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        if streaming && (200..300).contains(&status) {
            return Ok(Answer::Streaming(StreamingResponse {
                status,
                headers,
                inner: resp,
                host: self.authority(),
            }));
        }
        let body = resp.bytes().await?;
        Ok(Answer::Whole(Response {
            status,
            headers,
            body,
        }))
    }

    fn transport_error(&self, request: &Request, e: reqwest::Error) -> Error {
        // reqwest's message includes the URL, which may carry query values; keep the path only.
        let kind = if e.is_timeout() {
            "timed out"
        } else if e.is_connect() {
            "could not connect"
        } else if e.is_body() || e.is_decode() {
            "the connection broke while reading the answer"
        } else {
            "the request failed"
        };
        Error::Unavailable {
            message: format!(
                "{} {}{}: {kind}",
                request.method,
                self.authority(),
                request.url.path()
            ),
            retry_after: None,
        }
    }

    /// `host:port` of the server (the port only when the URL names one), for messages: on
    /// loopback several servers differ by port alone.
    fn authority(&self) -> String {
        let host = self.base.host_str().unwrap_or("the server");
        match self.base.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        }
    }

    /// The core error for a non-success answer, with the key redacted from anything echoed.
    pub fn error_for(&self, response: &Response, what: &str) -> Error {
        error_for_status(
            response.status,
            response.retry_after(),
            &response.body,
            self.secret(),
            what,
        )
    }

    /// Sends a request (see [`HttpClient::send`]) and maps a non-success answer to the core
    /// error (see [`HttpClient::error_for`]), for calls whose success body does not matter.
    pub async fn send_ok(&self, request: Request, what: &str) -> Result<Response, Error> {
        let response = self.send(request).await?;
        if response.is_success() {
            Ok(response)
        } else {
            Err(self.error_for(&response, what))
        }
    }

    /// Decodes a success answer as JSON, or maps an error answer (see [`HttpClient::error_for`]).
    pub fn json<T: DeserializeOwned>(&self, response: &Response, what: &str) -> Result<T, Error> {
        if !response.is_success() {
            return Err(self.error_for(response, what));
        }
        decode_json(response.status, &response.body, self.secret())
    }
}
