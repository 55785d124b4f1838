//! The Atom wire protocol: every call is a POST of JSON under `/api/`, answered with an envelope.

use crate::envelope;
use contacts_core::{Error, RateLimit, Result};
use contacts_http::{HttpClient, Idempotency, Method, RateLimiter, RetryPolicy, excerpt};
use serde_json::Value;
use std::future::Future;
use tokio::time::Instant;

/// An HTTP client that speaks Atom's envelope. Clones share connections and the rate limiter.
#[derive(Debug, Clone)]
pub struct AtomClient {
    http: HttpClient,
    /// When to try a call again after Atom's 500 (the HTTP client retries the other statuses
    /// and broken connections itself, but a 500 needs its body read first).
    retry: RetryPolicy,
}

impl AtomClient {
    /// Wraps a configured HTTP client whose base URL is the account's API URL; `retry` says
    /// how often an idempotent call is tried after a 500 that gives no reason.
    pub fn new(http: HttpClient, retry: RetryPolicy) -> Self {
        Self { http, retry }
    }

    /// The account this client reaches (see [`HttpClient::account_identity`]).
    pub fn account_identity(&self) -> String {
        self.http.account_identity()
    }

    /// The client-side rate limit, as a capability.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.http.rate_limiter().map(RateLimiter::limit)
    }

    /// POSTs `body` to `/api/<endpoint>` once (the HTTP client may still retry a 429, a 502,
    /// 503, 504 or a broken connection as `idempotency` allows) and returns the status with
    /// the envelope's `result` or the typed error.
    async fn exchange(
        &self,
        endpoint: &str,
        body: &Value,
        idempotency: Idempotency,
    ) -> Result<(u16, Result<Value>)> {
        let request = self
            .http
            .request(Method::POST, &format!("api/{endpoint}"))?
            .json(body)?
            .idempotency(idempotency);
        let response = self.http.send(request).await?;
        let outcome = envelope::interpret(
            response.status,
            response.retry_after(),
            &response.body,
            self.http.secret(),
        );
        Ok((response.status, outcome))
    }

    /// POSTs `body` to `/api/<endpoint>` and returns the envelope's `result`. Atom spells reads
    /// as POST too, so each call says whether it may be repeated: reads and edits with absolute
    /// values are `Idempotent`, creates and deletes are not.
    ///
    /// Atom documents 500 as its server error and documents no "not found", so a 500 is only
    /// tried again when it can succeed: one whose body says what is wrong (the record does not
    /// exist, the request is invalid) is that error at once; at the first one that says
    /// nothing, `missing` is asked whether the record the call is about is gone (then that
    /// `NotFound` is the answer), and only otherwise is the call repeated as the policy allows.
    async fn call<F, Fut>(
        &self,
        endpoint: &str,
        body: Value,
        idempotency: Idempotency,
        missing: F,
    ) -> Result<Value>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Option<Error>>,
    {
        let started = Instant::now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let e = match self.exchange(endpoint, &body, idempotency).await? {
                (500, Err(e)) if e.is_retryable() && idempotency == Idempotency::Idempotent => e,
                (_, outcome) => return outcome,
            };
            if attempt == 1
                && let Some(gone) = missing().await
            {
                return Err(gone);
            }
            match self
                .retry
                .delay(attempt, started.elapsed(), e.retry_after())
            {
                Some(wait) => tokio::time::sleep(wait).await,
                None => return Err(e),
            }
        }
    }

    /// A call that may be repeated without harm: a read, or an edit with absolute values.
    pub async fn idempotent(&self, endpoint: &str, body: Value) -> Result<Value> {
        self.call(endpoint, body, Idempotency::Idempotent, || async { None })
            .await
    }

    /// An idempotent call about one record: at a 500 that gives no reason, `missing` looks
    /// whether the record still exists (its `NotFound` if not) before the call is repeated.
    pub async fn idempotent_about<F, Fut>(
        &self,
        endpoint: &str,
        body: Value,
        missing: F,
    ) -> Result<Value>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Option<Error>>,
    {
        self.call(endpoint, body, Idempotency::Idempotent, missing)
            .await
    }

    /// A call that may act each time it arrives (a create, a delete): re-sent only when the
    /// server certainly did not act on it (never after a 500).
    pub async fn once(&self, endpoint: &str, body: Value) -> Result<Value> {
        self.call(endpoint, body, Idempotency::NotIdempotent, || async {
            None
        })
        .await
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
