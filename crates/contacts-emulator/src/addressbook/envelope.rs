//! Atom's answers: `{"status":"success","result":…}` and `{"status":"error","error","message"}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Serialize;

/// `{"result":…,"status":"success"}` (keys in the order `serde_json` sorts them).
#[derive(Serialize)]
struct Success<T> {
    result: T,
    status: &'static str,
}

/// `{"error":…,"message":…,"status":"error"}`.
#[derive(Serialize)]
struct Failure<'a> {
    error: &'a str,
    message: &'a str,
    status: &'static str,
}

/// A success envelope around `result`, serialized straight from it.
pub fn success(result: impl Serialize) -> Response {
    with_json(
        StatusCode::OK,
        &Success {
            result,
            status: "success",
        },
    )
}

/// An error envelope with an HTTP status, a code and a message.
pub fn error(status: u16, code: &str, message: &str) -> Response {
    with_json(
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        &Failure {
            error: code,
            message,
            status: "error",
        },
    )
}

fn with_json(status: StatusCode, body: &impl Serialize) -> Response {
    crate::server::json_answer(status, body, "application/json")
}

/// Faults and rate limits in Atom's format, with `Retry-After` in whole seconds.
pub fn render(status: u16, retry_after: Option<u64>) -> Response {
    let mut response = match status {
        429 => error(429, "rate_limited", "Too many requests; slow down."),
        _ => error(status, "server_error", "The server encountered an error."),
    };
    if let Some(secs) = retry_after
        && let Ok(value) = HeaderValue::from_str(&secs.max(1).to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}
