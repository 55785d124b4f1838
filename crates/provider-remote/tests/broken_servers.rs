//! Servers that do not keep to the protocol: answers that are not problem documents (a
//! third-party adapter's bare 500, a proxy's HTML page, truncated JSON) become `Protocol`
//! with the status and a bounded excerpt, or `Unavailable` where the status says the server
//! is down; a server of another protocol or major version is refused before anything else.

use contacts_core::{Capabilities, ContactId, ContactProvider, Error, GetOptions, NewContact};
use contacts_http::{ClientOptions, MAX_EXCERPT_BYTES, RetryPolicy};
use contacts_protocol::ServiceDocument;
use contacts_testkit::protocol::parts;
use provider_remote::RemoteProvider;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A mock server that answers `GET /v1` with `answer`.
async fn server_answering(answer: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1"))
        .respond_with(answer)
        .mount(&server)
        .await;
    server
}

/// A mock server that answers `GET /v1` with `document`.
async fn server_with(document: serde_json::Value) -> MockServer {
    server_answering(ResponseTemplate::new(200).set_body_json(document)).await
}

/// Asserts that a server whose service document is `document` is refused on connecting,
/// as a protocol error whose message contains `says`.
async fn assert_document_refused(document: serde_json::Value, says: &str) {
    let server = server_with(document).await;
    let err = builder(&server).connect().await.unwrap_err();
    assert!(
        matches!(&err, Error::Protocol { message, .. } if message.contains(says)),
        "{err:?}"
    );
}

async fn server() -> MockServer {
    let document = ServiceDocument::new("python-example", Capabilities::full(), None);
    server_with(serde_json::to_value(document).unwrap()).await
}

fn builder(server: &MockServer) -> provider_remote::RemoteProviderBuilder {
    RemoteProvider::builder()
        .base_url(server.uri())
        .token("tk-1")
        .client_options(ClientOptions::default().retry(RetryPolicy::disabled()))
}

/// What `GET /v1/contacts/1` gives when the server answers `status` with `body`.
async fn get_answered(status: u16, content_type: &str, body: &str) -> Error {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/v1/contacts/1"))
        .respond_with(
            ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), content_type),
        )
        .mount(&server)
        .await;
    let remote = builder(&server).connect().await.expect("connects");
    remote
        .get(&ContactId::new("1"), &GetOptions::default())
        .await
        .expect_err("the answer is no contact")
}

#[tokio::test]
async fn a_bare_500_is_a_protocol_error_with_an_excerpt() {
    let err = get_answered(500, "text/plain", "Traceback: KeyError 'id'").await;
    let (status, message, body_excerpt) = parts(&err);
    assert_eq!(status, Some(500));
    assert_eq!(body_excerpt, "Traceback: KeyError 'id'");
    assert!(message.contains("without a problem document"), "{message}");
}

#[tokio::test]
async fn an_html_page_is_a_protocol_error_with_a_bounded_excerpt() {
    let page = format!("<html><body>{}</body></html>", "Oops. ".repeat(2000));
    let err = get_answered(500, "text/html", &page).await;
    let (status, _, body_excerpt) = parts(&err);
    assert_eq!(status, Some(500));
    assert!(body_excerpt.starts_with("<html><body>Oops."));
    assert!(body_excerpt.len() <= MAX_EXCERPT_BYTES + "…".len());
}

#[tokio::test]
async fn truncated_json_is_a_protocol_error() {
    let err = get_answered(
        200,
        "application/json",
        r#"{"id":"1","properties":{"firstN"#,
    )
    .await;
    assert!(
        matches!(&err, Error::Protocol { status: Some(200), body_excerpt, .. } if body_excerpt.contains("firstN")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_proxy_saying_the_server_is_down_is_unavailable() {
    for status in [502, 503, 504] {
        let err = get_answered(status, "text/html", "<html>Bad Gateway</html>").await;
        assert!(
            matches!(err, Error::Unavailable { .. }) && err.is_retryable(),
            "{status}: {err:?}"
        );
    }
}

#[tokio::test]
async fn a_plain_404_is_not_taken_for_an_unknown_contact() {
    // A wrong base URL answers 404 for everything: that is no proof the contact is gone (a
    // sync would delete it elsewhere), so it is a protocol error, not `NotFound`.
    let err = get_answered(404, "text/html", "<html>Not Found</html>").await;
    assert!(
        matches!(
            err,
            Error::Protocol {
                status: Some(404),
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_created_batch_missing_an_item_is_a_protocol_error() {
    let server = server().await;
    let stored = json!({"id": "1", "properties": {"firstName": "Ada"}, "labels": []});
    Mock::given(method("POST"))
        .and(path("/v1/contacts"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"results": [{"index": 0, "contact": stored}]})),
        )
        .mount(&server)
        .await;
    let remote = builder(&server).connect().await.unwrap();
    let batch = vec![NewContact::new().property("firstName", "Ada"); 2];
    let err = remote.create(&batch).await.unwrap_err();
    assert!(
        matches!(&err, Error::Protocol { message, .. } if message.contains("item 1 is not answered")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_server_of_another_major_version_is_refused() {
    let mut document = ServiceDocument::new("memory", Capabilities::full(), None);
    document.version = "2.0".into();
    assert_document_refused(serde_json::to_value(document).unwrap(), "version 2.0").await;
}

#[tokio::test]
async fn a_server_of_another_protocol_is_refused() {
    assert_document_refused(json!({"protocol": "jmap", "version": "1.0"}), "`jmap`").await;
}

#[tokio::test]
async fn a_later_minor_version_with_new_members_is_accepted() {
    let document = ServiceDocument::new("memory", Capabilities::full(), None);
    let mut value = serde_json::to_value(document).unwrap();
    value["version"] = json!("1.4");
    value["extensions"] = json!(["jmap-contacts"]);
    let server = server_with(value).await;
    let remote = builder(&server)
        .connect()
        .await
        .expect("a minor version only adds");
    assert_eq!(remote.get_ref().get_ref().service_document().version, "1.4");
}

#[tokio::test]
async fn a_url_that_is_no_server_of_the_protocol_says_so() {
    let server =
        server_answering(ResponseTemplate::new(404).set_body_string("<html>Not Found</html>"))
            .await;
    let err = builder(&server).connect().await.unwrap_err();
    assert!(
        matches!(&err, Error::Protocol { status: Some(404), message, .. }
            if message.contains("not a server of the contacts-provider protocol")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_page_that_is_no_service_document_says_so() {
    let server = server_answering(
        ResponseTemplate::new(200).set_body_raw("<html>Welcome</html>", "text/html"),
    )
    .await;
    let err = builder(&server).connect().await.unwrap_err();
    assert!(
        matches!(&err, Error::Protocol { status: Some(200), message, body_excerpt }
            if message.contains("not a server of the") && body_excerpt.contains("Welcome")),
        "{err:?}"
    );
}
