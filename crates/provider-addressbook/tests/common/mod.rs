//! What the wiremock tests of the Atom adapter share: a mock of one Atom call, Atom's success
//! envelope, and counting what reached the fake server (how a test sees a retry, or that
//! nothing was sent).

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

/// A mock of Atom's call `endpoint`: every call of its API is a `POST /api/{endpoint}` (with a
/// JSON body a test may match further).
pub fn posted(endpoint: &str) -> MockBuilder {
    Mock::given(method("POST")).and(path(format!("/api/{endpoint}")))
}

/// A 200 in Atom's documented success envelope around `result`.
pub fn ok(result: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"status": "success", "result": result}))
}

/// How many requests reached `endpoint` (`/api/{endpoint}`).
pub async fn requests_to(server: &MockServer, endpoint: &str) -> usize {
    requests_with(server, endpoint, |_| true).await
}

/// How many requests reached `endpoint` (`/api/{endpoint}`) with a JSON body that `body`
/// accepts (a body that is not JSON is `Value::Null`).
pub async fn requests_with(
    server: &MockServer,
    endpoint: &str,
    body: impl Fn(&Value) -> bool,
) -> usize {
    let path = format!("/api/{endpoint}");
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| {
            r.url.path() == path
                && body(&serde_json::from_slice::<Value>(&r.body).unwrap_or(Value::Null))
        })
        .count()
}
