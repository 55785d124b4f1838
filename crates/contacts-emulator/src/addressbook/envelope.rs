//! Atom's answers: `{"status":"success","result":…}` and `{"status":"error","error","message"}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

/// A success envelope.
pub fn success(result: Value) -> Response {
    with_json(
        StatusCode::OK,
        json!({"status": "success", "result": result}),
    )
}

/// An error envelope with an HTTP status, a code and a message.
pub fn error(status: u16, code: &str, message: &str) -> Response {
    with_json(
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        json!({"status": "error", "error": code, "message": message}),
    )
}

fn with_json(status: StatusCode, body: Value) -> Response {
    crate::server::json_answer(status, &body, "application/json")
}

/// Faults and rate limits in Atom's format, with `Retry-After` in whole seconds.
pub fn render(status: u16, retry_after: Option<u64>) -> Response {
    let mut response = match status {
        429 => error(429, "rate_limited", "Too many requests; slow down."),
        _ => error(status, "server_error", "The server encountered an error."),
    };
    if let Some(secs) = retry_after {
        if let Ok(value) = HeaderValue::from_str(&secs.max(1).to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    response
}
