//! What WebDAV adapters need from the shared client: Basic credentials, any method, headers
//! and bodies per request, and success answers read as they arrive.

use contacts_core::Error;
use contacts_http::{ClientOptions, HttpClient, Method, RetryPolicy};
use std::time::Duration;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> HttpClient {
    HttpClient::builder(server.uri())
        .basic_auth("alice", "pw-9")
        .options(ClientOptions::default().retry(
            RetryPolicy::default().backoff(Duration::from_millis(5), Duration::from_millis(20)),
        ))
        .build()
        .unwrap()
}

#[tokio::test]
async fn basic_credentials_custom_methods_headers_and_bodies_go_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("PROPFIND"))
        .and(path("/book/"))
        .and(header("authorization", "Basic YWxpY2U6cHctOQ=="))
        .and(header("depth", "1"))
        .and(header("content-type", "application/xml"))
        .and(header("accept", "application/xml"))
        .and(body_string("<propfind/>"))
        .respond_with(ResponseTemplate::new(207).set_body_string("<multistatus/>"))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    let request = c
        .request(Method::from_bytes(b"PROPFIND").unwrap(), "book/")
        .unwrap()
        .header("Depth", "1")
        .unwrap()
        .header("Accept", "application/xml")
        .unwrap()
        .body("application/xml", "<propfind/>");
    let response = c.send(request).await.unwrap();
    assert_eq!(response.status, 207);
    assert!(!format!("{c:?}").contains("pw-9"));
}

#[tokio::test]
async fn streamed_answers_come_in_chunks_and_errors_come_whole() {
    let server = MockServer::start().await;
    let big = "x".repeat(200_000);
    Mock::given(method("REPORT"))
        .and(path("/ok/"))
        .respond_with(ResponseTemplate::new(207).set_body_string(big.clone()))
        .mount(&server)
        .await;
    Mock::given(method("REPORT"))
        .and(path("/denied/"))
        .respond_with(ResponseTemplate::new(401).set_body_string("bad password pw-9"))
        .mount(&server)
        .await;
    let c = client(&server);
    let report = Method::from_bytes(b"REPORT").unwrap();
    let mut streaming = c
        .send_streaming(c.request(report.clone(), "ok/").unwrap())
        .await
        .unwrap()
        .expect("a success answer streams");
    assert_eq!(streaming.status, 207);
    let mut read = 0;
    while let Some(chunk) = streaming.chunk().await.unwrap() {
        read += chunk.len();
    }
    assert_eq!(read, big.len());
    let denied = c
        .send_streaming(c.request(report, "denied/").unwrap())
        .await
        .unwrap()
        .expect_err("an error answer is read whole");
    let err = c.error_for(&denied, "the book");
    assert!(matches!(err, Error::Unauthenticated { .. }), "{err:?}");
    assert!(!err.to_string().contains("pw-9"), "{err}");
}
