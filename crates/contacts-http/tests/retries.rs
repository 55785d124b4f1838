//! The shared client against odd servers (wiremock on 127.0.0.1).

use contacts_core::Error;
use contacts_http::{ClientOptions, HttpClient, Idempotency, Method, RetryPolicy};
use std::time::{Duration, Instant};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn fast() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .backoff(Duration::from_millis(5), Duration::from_millis(20))
        .budget(Duration::from_secs(5))
}

fn client(server: &MockServer) -> HttpClient {
    HttpClient::builder(server.uri())
        .api_key("top-secret-key")
        .options(ClientOptions::default().retry(fast()))
        .build()
        .unwrap()
}

/// A client of `base` without credentials, with `options`.
fn keyless(base: impl Into<String>, options: ClientOptions) -> HttpClient {
    HttpClient::builder(base).options(options).build().unwrap()
}

/// A server that answers the first `times` requests of method `verb` with `first`, and every
/// later one with `then`.
async fn answers(
    verb: &str,
    first: ResponseTemplate,
    times: u64,
    then: ResponseTemplate,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .respond_with(first)
        .up_to_n_times(times)
        .mount(&server)
        .await;
    Mock::given(method(verb))
        .respond_with(then)
        .mount(&server)
        .await;
    server
}

/// A server that answers every request of method `verb` with `response`.
async fn always(verb: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// Sends one `verb` request for `path` through `c` and returns the status it ends with.
async fn status_of(c: &HttpClient, verb: Method, path: &str) -> u16 {
    c.send(c.request(verb, path).unwrap()).await.unwrap().status
}

#[tokio::test]
async fn idempotent_requests_are_retried_on_503_then_succeed() {
    let server = answers(
        "GET",
        ResponseTemplate::new(503),
        2,
        ResponseTemplate::new(200).set_body_string("[]"),
    )
    .await;
    assert_eq!(
        status_of(&client(&server), Method::GET, "/v2/contacts").await,
        200
    );
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 3);
    for request in &received {
        assert_eq!(request.url.path(), "/v2/contacts");
        assert_eq!(
            request.headers.get("authorization").unwrap(),
            "Bearer top-secret-key"
        );
    }
}

#[tokio::test]
async fn a_create_is_never_resent_after_a_504_but_is_after_a_429() {
    let server = always("POST", ResponseTemplate::new(504)).await;
    assert_eq!(
        status_of(&client(&server), Method::POST, "create").await,
        504
    );
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1, "no blind re-send");
    assert_eq!(received[0].url.path(), "/create");

    // 503 Service Unavailable: the request was not handled, so a create may go again.
    let server = answers(
        "POST",
        ResponseTemplate::new(503),
        1,
        ResponseTemplate::new(201),
    )
    .await;
    assert_eq!(
        status_of(&client(&server), Method::POST, "create").await,
        201
    );

    let server = answers(
        "POST",
        ResponseTemplate::new(429).insert_header("retry-after", "0"),
        1,
        ResponseTemplate::new(200).set_body_string("{}"),
    )
    .await;
    assert_eq!(
        status_of(&client(&server), Method::POST, "create").await,
        200,
        "a 429 was refused, so sending again is safe"
    );
}

#[tokio::test]
async fn retry_after_is_honoured_in_seconds_and_as_a_date() {
    let server = answers(
        "GET",
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        1,
        ResponseTemplate::new(200),
    )
    .await;
    let start = Instant::now();
    assert_eq!(status_of(&client(&server), Method::GET, "x").await, 200);
    assert!(
        start.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        start.elapsed()
    );

    // A Retry-After beyond the budget is not waited for: the 429 comes back as RateLimited.
    let date = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(3600));
    let server = always(
        "GET",
        ResponseTemplate::new(429).insert_header("retry-after", date.as_str()),
    )
    .await;
    let c = client(&server);
    let start = Instant::now();
    let resp = c.send(c.request(Method::GET, "x").unwrap()).await.unwrap();
    assert!(start.elapsed() < Duration::from_secs(2));
    let err = c.error_for(&resp, "x");
    assert!(
        matches!(err, Error::RateLimited { retry_after: Some(d), .. } if d > Duration::from_secs(3500)),
        "{err:?}"
    );
}

#[tokio::test]
async fn disabled_retries_send_once() {
    let server = always("GET", ResponseTemplate::new(503)).await;
    let c = keyless(
        server.uri(),
        ClientOptions::default().retry(RetryPolicy::disabled()),
    );
    c.send(c.request(Method::GET, "x").unwrap()).await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_silent_server_times_out_in_bounded_time_without_leaking_the_key() {
    let server = always(
        "GET",
        ResponseTemplate::new(200).set_delay(Duration::from_secs(10)),
    )
    .await;
    let c = HttpClient::builder(server.uri())
        .api_key("top-secret-key")
        .options(
            ClientOptions::default()
                .request_timeout(Duration::from_millis(200))
                .retry(fast()),
        )
        .build()
        .unwrap();
    let start = Instant::now();
    let err = c
        .send(
            c.request(Method::GET, "x")
                .unwrap()
                .query([("api_key", "top-secret-key")]),
        )
        .await
        .unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(3));
    assert!(matches!(err, Error::Unavailable { .. }), "{err:?}");
    let shown = format!("{err} {err:?} {c:?}");
    assert!(shown.contains("timed out"), "{shown}");
    assert!(!shown.contains("top-secret-key"), "{shown}");
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_create() {
    // Bind and drop to get a port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = keyless(
        format!("http://127.0.0.1:{port}"),
        ClientOptions::default().retry(fast()),
    );
    let start = Instant::now();
    let err = c
        .send(
            c.request(Method::POST, "x")
                .unwrap()
                .idempotency(Idempotency::NotIdempotent),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Unavailable { ref message, .. } if message.contains("could not connect")),
        "{err:?}"
    );
    assert!(start.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn error_bodies_are_bounded_and_secret_free() {
    let body = format!("echo top-secret-key {}", "x".repeat(5000));
    let server = always("GET", ResponseTemplate::new(418).set_body_string(body)).await;
    let c = client(&server);
    let resp = c.send(c.request(Method::GET, "x").unwrap()).await.unwrap();
    let Error::Protocol {
        body_excerpt,
        status,
        ..
    } = c.error_for(&resp, "x")
    else {
        panic!()
    };
    assert_eq!(status, Some(418));
    assert!(body_excerpt.len() <= 1100);
    assert!(!body_excerpt.contains("top-secret-key"));
}

#[tokio::test]
async fn links_to_another_origin_are_refused() {
    let c = HttpClient::builder("https://api.example.com/v2")
        .build()
        .unwrap();
    assert!(
        c.request_to(Method::GET, "https://api.example.com/v2/contacts?start=50")
            .is_ok()
    );
    assert!(
        c.request_to(Method::GET, "https://evil.example.net/v2/contacts")
            .is_err()
    );
    assert!(
        c.request_to(Method::GET, "http://api.example.com/v2/contacts")
            .is_err()
    );
}

#[tokio::test]
async fn the_rate_limiter_spaces_requests() {
    let server = always("GET", ResponseTemplate::new(200)).await;
    let c = keyless(
        server.uri(),
        ClientOptions::default().rate_limit_per_second(20.0, 1),
    );
    let start = Instant::now();
    for _ in 0..5 {
        c.clone()
            .send(c.request(Method::GET, "x").unwrap())
            .await
            .unwrap();
    }
    // 1 at once, then 4 more at 20/s: at least 200 ms.
    assert!(
        start.elapsed() >= Duration::from_millis(190),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn extra_statuses_are_retried_only_when_asked() {
    // A write answered 500 may have been applied: an idempotent PUT is retried on it only
    // when the policy says so (reads are retried on 500 always, see below).
    let once_500 = || {
        answers(
            "PUT",
            ResponseTemplate::new(500),
            1,
            ResponseTemplate::new(200),
        )
    };
    let server = once_500().await;
    assert_eq!(status_of(&client(&server), Method::PUT, "x").await, 500);
    let server = once_500().await;
    let c = keyless(
        server.uri(),
        ClientOptions::default().retry(fast().retry_on_status(500)),
    );
    assert_eq!(status_of(&c, Method::PUT, "x").await, 200);
}

/// A server that fails the first `failures` reads with 500, then answers 200.
async fn flaky(verb: &str, failures: u64) -> MockServer {
    answers(
        verb,
        ResponseTemplate::new(500).set_body_string("{\"message\":\"boom\"}"),
        failures,
        ResponseTemplate::new(200).set_body_string("[]"),
    )
    .await
}

/// Sends one `verb` request for `path` to a `flaky` server failing `failures` times, and
/// returns the status it ends with and how many requests reached the server.
async fn against_flaky(verb: &str, failures: u64, path: &str) -> (u16, usize) {
    let server = flaky(verb, failures).await;
    let m = Method::from_bytes(verb.as_bytes()).unwrap();
    let status = status_of(&client(&server), m, path).await;
    (status, server.received_requests().await.unwrap().len())
}

#[tokio::test]
async fn a_read_answered_500_is_retried_until_it_succeeds() {
    for verb in ["GET", "PROPFIND", "REPORT"] {
        assert_eq!(
            against_flaky(verb, 2, "v2/contacts").await,
            (200, 3),
            "{verb}: the list goes on after two 500s (status, requests)"
        );
    }
}

#[tokio::test]
async fn writes_answered_500_are_not_repeated() {
    for verb in ["POST", "PUT", "PATCH", "DELETE"] {
        assert_eq!(
            against_flaky(verb, 1, "x").await,
            (500, 1),
            "{verb} (status, requests)"
        );
    }
    // A read the vendor spells as POST (Atom) is idempotent but may be a write's answer
    // elsewhere: its 500 is not retried either (Atom answers unknown ids with 500).
    let server = flaky("POST", 1).await;
    let c = client(&server);
    let request = c.request(Method::POST, "api/contact/detail").unwrap();
    let resp = c
        .send(request.idempotency(Idempotency::Idempotent))
        .await
        .unwrap();
    assert_eq!(resp.status, 500);
}

#[tokio::test]
async fn a_read_that_always_fails_gives_up_with_a_typed_error_naming_it() {
    let server = always(
        "GET",
        ResponseTemplate::new(500).set_body_string("internal error, key top-secret-key"),
    )
    .await;
    let c = client(&server);
    let started = Instant::now();
    let resp = c
        .send(c.request(Method::GET, "v2/contacts").unwrap())
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        3,
        "every attempt of the policy"
    );
    let err = c.error_for(&resp, "contacts");
    assert!(err.is_retryable(), "{err:?}");
    let Error::Unavailable { message, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        message,
        "contacts: the server answered HTTP 500: internal error, key ***"
    );
    assert!(!format!("{err} {err:?}").contains("top-secret-key"));
}
