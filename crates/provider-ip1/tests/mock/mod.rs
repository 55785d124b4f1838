//! What the wiremock-backed tests share: one canned answer mounted in one call, and the
//! requests a server saw in the form the assertions compare.

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Answers every `verb` request to the path `at` with `reply`, as long as `server` runs.
pub async fn answer(server: &MockServer, verb: &str, at: &str, reply: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(reply)
        .mount(server)
        .await;
}

/// A `200 OK` carrying `body` as JSON.
pub fn ok(body: impl serde::Serialize) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Every request the server saw, in order, as `METHOD path?query` (`METHOD path` without
/// a query).
pub async fn seen(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| match r.url.query() {
            Some(q) => format!("{} {}?{q}", r.method, r.url.path()),
            None => format!("{} {}", r.method, r.url.path()),
        })
        .collect()
}
