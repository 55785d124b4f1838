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
    pub async fn call(
        &self,
        endpoint: &str,
        body: Value,
        idempotency: Idempotency,
    ) -> Result<Value> {
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

    /// A `Protocol` error about a success answer whose content we cannot use.
    pub fn protocol(&self, message: &str, value: &Value) -> Error {
        Error::Protocol {
            status: Some(200),
            message: message.to_owned(),
            body_excerpt: excerpt(value.to_string().as_bytes(), self.http.secret()),
        }
    }
}
