//! The Atom wire protocol: every call is a POST of JSON under `/api/`, answered with an envelope.

use crate::envelope;
use contacts_core::{Error, RateLimit, Result};
use contacts_http::{HttpClient, Idempotency, Method, excerpt};
use serde_json::Value;

/// An HTTP client that speaks Atom's envelope. Clones share connections and the rate limiter.
#[derive(Debug, Clone)]
pub struct AtomClient {
    http: HttpClient,
}

impl AtomClient {
    /// Wraps a configured HTTP client whose base URL is the account's API URL.
    pub fn new(http: HttpClient) -> Self {
        Self { http }
    }

    /// The account this client reaches (see [`HttpClient::account_identity`]).
    pub fn account_identity(&self) -> String {
        self.http.account_identity()
    }

    /// The client-side rate limit, as a capability.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.http.rate_limiter().map(|l| RateLimit {
            requests_per_second: l.per_second(),
            burst: l.burst(),
        })
    }

    /// POSTs `body` to `/api/<endpoint>` and returns the envelope's `result`. Atom spells reads
    /// as POST too, so each call says whether it may be repeated: reads and edits with absolute
    /// values are `Idempotent`, creates and deletes are not.
    async fn call(&self, endpoint: &str, body: Value, idempotency: Idempotency) -> Result<Value> {
        let request = self
            .http
            .request(Method::POST, &format!("api/{endpoint}"))?
            .json(&body)?
            .idempotency(idempotency);
        let response = self.http.send(request).await?;
        envelope::interpret(
            response.status,
            response.retry_after(),
            &response.body,
            self.http.secret(),
        )
    }

    /// A call that may be repeated without harm: a read, or an edit with absolute values.
    pub async fn idempotent(&self, endpoint: &str, body: Value) -> Result<Value> {
        self.call(endpoint, body, Idempotency::Idempotent).await
    }

    /// A call that may act each time it arrives (a create, a delete): re-sent only when the
    /// server certainly did not act on it.
    pub async fn once(&self, endpoint: &str, body: Value) -> Result<Value> {
        self.call(endpoint, body, Idempotency::NotIdempotent).await
    }

    /// A `Protocol` error about a success answer whose content we cannot use.
    pub fn protocol(&self, message: &str, value: &Value) -> Error {
        Error::Protocol {
            status: Some(200),
            message: message.to_owned(),
            body_excerpt: excerpt(value.to_string().as_bytes(), self.http.secret()),
        }
    }
}
