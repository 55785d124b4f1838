//! # contacts-http
//!
//! What every HTTP adapter of the `contacts` toolkit shares, so `provider-ip1`,
//! `provider-addressbook` and third-party adapters do not each rewrite it:
//!
//! - [`ApiKey`]: a secret whose `Debug`/`Display` print `***`.
//! - [`Credentials`]: a bearer token or HTTP Basic (user name and an [`ApiKey`] password),
//!   for vendor APIs and WebDAV servers alike; the secret is never printed.
//! - [`HttpClient`]: reqwest with rustls, a base URL, connect/request timeouts (5 s / 30 s),
//!   https required except for loopback hosts, the key as a bearer token (or Basic
//!   credentials), any method (WebDAV's `PROPFIND`, `REPORT`, …), per-request headers and
//!   bodies of any media type.
//! - [`RetryPolicy`]: exponential backoff with jitter, attempts and a time budget; retries 408,
//!   423, 429, 502, 503, 504 and connection errors for idempotent requests (and 500 for reads:
//!   `GET`, `HEAD`, `OPTIONS`, `PROPFIND`, `REPORT`), honours `Retry-After`, and never re-sends a
//!   non-idempotent request that may have reached the server.
//! - [`ClientOptions`]: every transport setting (timeouts, retry policy, rate limit, plain http,
//!   user agent) in one value, read from string settings the same way for every adapter.
//! - [`RateLimiter`]: a token bucket shared by every clone of a client.
//! - [`path_segment`], [`decimal_id`]: ids are data, never paths: an id goes into a URL as
//!   exactly one segment, or is read as a vendor's integer only in its canonical form.
//! - [`link_with_rel`]: the URL of a relation in a `Link` header, for APIs that page that way.
//! - [`error_for_status`], [`decode_json`], [`excerpt`], [`redact`]: answers become typed core errors with
//!   a bounded, secret-free excerpt; decoding errors name the JSON path.
//! - tracing: one `http` span per attempt with method, path (never the query), attempt,
//!   status and elapsed time; never the key.
//!
//! ```no_run
//! # async fn demo() -> Result<(), contacts_core::Error> {
//! use contacts_http::HttpClient;
//! use reqwest::Method;
//! let client = HttpClient::builder("https://api.example.com/v2").api_key("secret").build()?;
//! let response = client.send(client.request(Method::GET, "contacts")?.query([("limit", "10")])).await?;
//! let contacts: Vec<serde_json::Value> = client.json(&response, "contacts")?;
//! # Ok(()) }
//! ```

mod adapter;
mod auth;
mod client;
mod decode;
mod error_body;
mod ids;
mod link;
mod options;
mod ratelimit;
mod retry;
mod secret;
mod setters;
mod write_locks;

pub use auth::Credentials;
pub use client::{HttpClient, HttpClientBuilder, Request, Response, StreamingResponse};
pub use decode::decode_json;
pub use error_body::{ErrorBody, MAX_EXCERPT_BYTES, error_for_status, excerpt, redact};
pub use ids::{decimal_id, path_segment};
pub use link::link_with_rel;
pub use options::{ClientOptions, SETTINGS};
pub use ratelimit::RateLimiter;
pub use retry::{Idempotency, RetryPolicy, is_retryable_status, parse_retry_after};
pub use secret::ApiKey;
pub use write_locks::WriteLocks;

/// Re-exported so adapters name methods and headers without their own reqwest dependency.
pub use reqwest::{Method, header};
