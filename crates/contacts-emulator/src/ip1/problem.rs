//! iP1's error bodies: RFC 7807 problem details, and the API gateway's 401.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

fn title(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// A problem-details answer.
pub fn problem(
    status: u16,
    detail: &str,
    instance: &str,
    errors: Option<Map<String, Value>>,
) -> Response {
    let mut body = json!({
        "type": format!("https://httpstatuses.io/{status}"),
        "title": title(status),
        "status": status,
        "detail": detail,
        "instance": instance,
    });
    if let Some(errors) = errors {
        body["errors"] = Value::Object(errors);
    }
    let mut response = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        body.to_string(),
    )
        .into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

/// A validation failure naming the field.
pub fn invalid_field(field: &str, message: &str, instance: &str) -> Response {
    let mut errors = Map::new();
    errors.insert(field.to_owned(), json!([message]));
    problem(
        400,
        "One or more validation errors occurred.",
        instance,
        Some(errors),
    )
}

/// What the Azure API Management gateway in front of iP1 answers without a valid key.
pub fn unauthorized() -> Response {
    let body = json!({
        "statusCode": 401,
        "message": "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription."
    });
    let mut response = (StatusCode::UNAUTHORIZED, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// Faults and rate limits, rendered as iP1 would (the gateway for 429, problem details else).
pub fn render(status: u16, retry_after: Option<u64>) -> Response {
    let mut response = if status == 429 {
        let body =
            json!({"statusCode": 429, "message": "Rate limit is exceeded. Try again later."});
        (StatusCode::TOO_MANY_REQUESTS, body.to_string()).into_response()
    } else {
        problem(
            status,
            "The service is temporarily unable to handle the request.",
            "",
            None,
        )
    };
    if let Some(secs) = retry_after
        && let Ok(value) = HeaderValue::from_str(&secs.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}
