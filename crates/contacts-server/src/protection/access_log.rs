//! The access log: one `tracing` event per request, target `contacts_server::access`.
//!
//! It names the route's *template* (`/v1/contacts/{id}`), never the path itself, and holds
//! no query, body, header, token or id: paths and queries carry contact ids and phone numbers
//! (personal data), and headers carry the token. What it holds is enough to see load, errors
//! and who (which token's public id) made them.

use super::gate::Caller;
use axum::body::HttpBody as _;
use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// The target of the access log's events, to filter them in or out.
pub const ACCESS_TARGET: &str = "contacts_server::access";

/// The template of a request no route matched.
const UNMATCHED: &str = "(no such path)";

/// The middleware: runs the request, then logs it.
pub(crate) async fn log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let template = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str)
        .to_owned();
    let response = next.run(request).await;
    let caller = response
        .extensions()
        .get::<Caller>()
        .map_or("-", |caller| caller.0.as_str());
    let bytes = response.body().size_hint().exact();
    let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    tracing::info!(
        target: "contacts_server::access",
        method = %method,
        path = %template,
        status = response.status().as_u16(),
        duration_us = micros,
        bytes,
        token = caller,
        "request"
    );
    response
}
