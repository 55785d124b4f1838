//! The gate every request passes before its handler: who is calling (the bearer token),
//! whether that token may call this operation (a read-only token may not write), whether
//! the caller is over its rate, and a place among the requests served at once.

use super::config::ServeConfig;
use super::rate::RateLimiter;
use super::tokens::{Scope, Tokens};
use crate::problem_answer::ProblemAnswer;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use contacts_core::Error;
use contacts_protocol::openapi::{OPERATIONS, Operation};
use contacts_protocol::paths;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// The public id of the token that made a request (`anonymous` without one), put in the
/// response's extensions for the access log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller(pub String);

const ANONYMOUS: &str = "anonymous";

/// What the gate holds.
#[derive(Debug)]
pub(crate) struct Gate {
    tokens: Tokens,
    allow_anonymous: bool,
    limiter: RateLimiter,
    in_flight: Semaphore,
}

impl Gate {
    pub(crate) fn new(config: &ServeConfig) -> Self {
        Self {
            tokens: config.tokens.clone(),
            allow_anonymous: config.allow_anonymous,
            limiter: RateLimiter::new(config.rate),
            in_flight: Semaphore::new(config.max_concurrent_requests.max(1)),
        }
    }

    /// The caller's public id, or why the request is refused.
    fn admit(&self, headers: &HeaderMap, op: Option<&Operation>) -> Result<Caller, ProblemAnswer> {
        let open = op.is_some_and(|op| op.method == "GET" && op.path == paths::SERVICE);
        let Some(presented) = bearer(headers) else {
            if open || (self.tokens.is_empty() && self.allow_anonymous) {
                return Ok(Caller(ANONYMOUS.to_owned()));
            }
            return Err(ProblemAnswer::unauthenticated(if self.tokens.is_empty() {
                "this server has no tokens yet: add one with `contacts serve token add` and \
                 send it as `Authorization: Bearer <token>`"
            } else {
                "send a token as `Authorization: Bearer <token>`"
            }));
        };
        let Some(record) = self.tokens.verify(presented) else {
            return Err(ProblemAnswer::unauthenticated(
                "this server does not know the token sent (removed, or from another server)",
            ));
        };
        if record.scope == Scope::ReadOnly && op.is_some_and(|op| op.writes) {
            return Err(Error::PermissionDenied {
                message: "this token is read-only; the operation writes: use a read-write token"
                    .into(),
            }
            .into());
        }
        Ok(Caller(record.id.clone()))
    }
}

/// The `Authorization: Bearer` credential, if the request has one.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, credential) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| credential.trim())
}

/// The protocol's row for this request (`HEAD` is `GET`'s), if the path and method have one.
pub(crate) fn operation(template: Option<&str>, method: &Method) -> Option<&'static Operation> {
    let template = template?;
    let method = if method == Method::HEAD {
        "GET"
    } else {
        method.as_str()
    };
    OPERATIONS
        .iter()
        .find(|op| op.path == template && op.method == method)
}

/// The middleware: refuses or admits, then runs the request within the concurrency limit.
pub(crate) async fn gate(State(gate): State<Arc<Gate>>, request: Request, next: Next) -> Response {
    let template = request
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str);
    let op = operation(template, request.method());
    let caller = match gate.admit(request.headers(), op) {
        Ok(caller) => caller,
        Err(refused) => return refused.into_response(),
    };
    if let Err(wait) = gate.limiter.take(&caller.0) {
        let mut response = ProblemAnswer::from_error(&Error::RateLimited {
            retry_after: Some(wait),
            message: "too many requests for this token: wait as Retry-After says".into(),
        })
        .into_response();
        response.extensions_mut().insert(caller);
        return response;
    }
    let mut response = match gate.in_flight.acquire().await {
        Ok(_permit) => next.run(request).await,
        // The semaphore is never closed; were it, serving on is better than refusing.
        Err(_) => next.run(request).await,
    };
    response.extensions_mut().insert(caller);
    response
}
