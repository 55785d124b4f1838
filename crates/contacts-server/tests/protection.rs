//! The server's protection: tokens and their scopes, the anonymous default, the body size
//! limit, the rate limit, graceful shutdown, the access log, and the token file.

mod common;

use common::{Double, answered, client, json_of, problem, start, start_with_tokens, two_tokens};
use contacts_core::InMemoryProvider;
use contacts_core::RateLimit;
use contacts_server::{ACCESS_TARGET, Scope, ServeConfig, TokenStore};
use contacts_testkit::Capture;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

fn memory() -> Arc<InMemoryProvider> {
    Arc::new(InMemoryProvider::new())
}

#[tokio::test]
async fn a_request_without_a_known_token_is_401_except_the_service_document() {
    let (server, tokens) = start_with_tokens(memory()).await;
    let http = client();
    let none = answered(http.get(server.url("/v1/contacts/1")), 401).await;
    assert_eq!(none.headers()["www-authenticate"], "Bearer");
    assert_eq!(problem(none).await["kind"], "unauthenticated");
    answered(
        http.get(server.url("/v1/contacts/1"))
            .bearer_auth(format!("{}x", tokens.read_write.expose())),
        401,
    )
    .await;
    let unknown_path = http.get(server.url("/v9")).send().await.unwrap();
    assert_eq!(
        unknown_path.status(),
        401,
        "a path is not revealed before authentication"
    );
    let service = answered(http.get(server.url("/v1")), 200).await;
    let service: Value = service.json().await.unwrap();
    assert_eq!(service["protocol"], "contacts-provider");
    let known = http
        .get(server.url("/v1/contacts/1"))
        .bearer_auth(tokens.read_write.expose())
        .send()
        .await
        .unwrap();
    assert_eq!(
        known.status(),
        404,
        "authenticated, and there is no contact 1"
    );
    server.shut_down().await;
}

#[tokio::test]
async fn a_read_only_token_reads_but_may_not_write() {
    let (server, tokens) = start_with_tokens(memory()).await;
    let http = client();
    let create = json!({ "contacts": [{ "properties": { "firstName": "Ada" } }] });
    let refused = answered(
        http.post(server.url("/v1/contacts"))
            .bearer_auth(tokens.read_only.expose())
            .json(&create),
        403,
    )
    .await;
    assert_eq!(problem(refused).await["kind"], "permissionDenied");
    let listed = http
        .post(server.url("/v1/contact-queries"))
        .bearer_auth(tokens.read_only.expose())
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        listed.status(),
        200,
        "a listing is a POST that does not write"
    );
    answered(
        http.post(server.url("/v1/contacts"))
            .bearer_auth(tokens.read_write.expose())
            .json(&create),
        201,
    )
    .await;
    server.shut_down().await;
}

#[tokio::test]
async fn a_server_without_tokens_refuses_unless_anonymous_access_is_allowed() {
    let server = start(memory(), ServeConfig::default()).await;
    let refused = answered(client().get(server.url("/v1/summary")), 401).await;
    let body = problem(refused).await;
    assert!(
        body["detail"].as_str().unwrap().contains("token add"),
        "{body}"
    );
    server.shut_down().await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let config = ServeConfig {
        allow_anonymous: true,
        max_body_bytes: 1024,
        ..ServeConfig::default()
    };
    let server = start(memory(), config).await;
    let big = json!({ "contacts": [{ "properties": { "firstName": "A".repeat(2000) } }] });
    let response = answered(client().post(server.url("/v1/contacts")).json(&big), 413).await;
    let body = problem(response).await;
    assert_eq!(body["kind"], "invalidInput");
    assert_eq!(body["status"], 413);
    let small = json!({ "contacts": [{ "properties": { "firstName": "A" } }] });
    answered(client().post(server.url("/v1/contacts")).json(&small), 201).await;
    server.shut_down().await;
}

#[tokio::test]
async fn a_token_over_its_rate_is_429_with_retry_after_and_others_are_not() {
    let tokens = two_tokens();
    let config = ServeConfig {
        tokens: tokens.store.tokens(),
        rate: RateLimit {
            requests_per_second: 0.5,
            burst: 2,
        },
        ..ServeConfig::default()
    };
    let server = start(memory(), config).await;
    let http = client();
    let get = |secret: &str| {
        http.get(server.url("/v1/labels"))
            .bearer_auth(secret)
            .send()
    };
    for _ in 0..2 {
        assert_eq!(get(tokens.read_write.expose()).await.unwrap().status(), 200);
    }
    let limited = get(tokens.read_write.expose()).await.unwrap();
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.headers()["retry-after"], "2");
    let body = problem(limited).await;
    assert_eq!(body["kind"], "rateLimited");
    assert_eq!(
        get(tokens.read_only.expose()).await.unwrap().status(),
        200,
        "its own bucket"
    );
    server.shut_down().await;
}

#[tokio::test]
async fn shutdown_finishes_the_request_in_flight() {
    let slow = Arc::new(Double::slow(Duration::from_millis(600)));
    let config = ServeConfig {
        allow_anonymous: true,
        ..ServeConfig::default()
    };
    let mut server = start(slow, config).await;
    let url = server.url("/v1/contacts/slow-1");
    let in_flight = tokio::spawn(async move { client().get(url).send().await });
    tokio::time::sleep(Duration::from_millis(150)).await;
    let _ = server.stop.take().unwrap().send(());
    let response = in_flight
        .await
        .unwrap()
        .expect("the request in flight is answered");
    assert_eq!(response.status(), 200);
    let contact: Value = response.json().await.unwrap();
    assert_eq!(contact["id"], "slow-1");
    tokio::time::timeout(Duration::from_secs(5), &mut server.task)
        .await
        .expect("the server stops once the request is answered")
        .unwrap()
        .unwrap();
    let after = client().get(server.url("/v1")).send().await;
    assert!(
        after.is_err(),
        "no new connection is accepted after shutdown"
    );
}

#[tokio::test]
async fn the_access_log_names_templates_and_token_ids_never_secrets_ids_or_numbers() {
    let (capture, _installed) = Capture::install();
    let (server, tokens) = start_with_tokens(memory()).await;
    let http = client();
    let phone = "+46700123456";
    let created = json_of(
        http.post(server.url("/v1/contacts"))
            .bearer_auth(tokens.read_write.expose())
            .json(&json!({ "contacts": [{ "properties": { "phoneNumber": phone } }] })),
    )
    .await;
    let id = created["results"][0]["contact"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let secret_id = format!("{id}-not-there-{}", "q7");
    for path in [
        format!("/v1/contacts/{id}?includeMetadata=true"),
        format!("/v1/contacts/{secret_id}"),
    ] {
        http.get(server.url(&path))
            .bearer_auth(tokens.read_write.expose())
            .send()
            .await
            .unwrap();
    }
    http.get(server.url("/v1/blocklist/%2B46700123456"))
        .bearer_auth(tokens.read_write.expose())
        .send()
        .await
        .unwrap();
    http.get(server.url("/v1/contacts/1"))
        .bearer_auth("cts_wrong")
        .send()
        .await
        .unwrap();
    server.shut_down().await;

    let text = capture.text();
    let access: Vec<&str> = text
        .lines()
        .filter(|line| line.contains(ACCESS_TARGET))
        .collect();
    assert_eq!(access.len(), 5, "one event per request:\n{text}");
    let writer = format!("token={}", tokens.read_write_id);
    let expected: [(usize, &[&str]); 4] = [
        (
            0,
            &["method=POST", "path=/v1/contacts ", "status=201", &writer],
        ),
        (1, &["path=/v1/contacts/{id}", "bytes="]),
        (3, &["path=/v1/blocklist/{number}"]),
        (4, &["status=401", "token=-"]),
    ];
    for (event, fields) in expected {
        for field in fields {
            assert!(
                access[event].contains(field),
                "`{field}` not in {}",
                access[event]
            );
        }
    }
    for line in &access {
        for personal in [
            phone,
            "46700123456",
            &secret_id,
            "includeMetadata",
            "cts_wrong",
        ] {
            assert!(
                !line.contains(personal),
                "`{personal}` in the access log: {line}"
            );
        }
        assert!(
            !line.contains(&format!("/v1/contacts/{id}")),
            "a contact id in the access log: {line}"
        );
    }
    assert!(
        !text.contains(tokens.read_write.expose()),
        "a secret was traced:\n{text}"
    );
    assert!(
        !text.contains("cts_wrong"),
        "a presented token was traced:\n{text}"
    );
}

#[test]
fn the_token_file_keeps_hashes_not_secrets_and_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("serve").join("tokens.json");
    let mut store = TokenStore::open(&path).unwrap();
    let (reader, reader_secret) = store.add(Scope::ReadOnly, "dashboard").unwrap();
    let (writer, writer_secret) = store.add(Scope::ReadWrite, "sync job").unwrap();
    assert_ne!(reader.id, writer.id);
    let text = std::fs::read_to_string(&path).unwrap();
    for secret in [&reader_secret, &writer_secret] {
        assert!(
            !text.contains(secret.expose()),
            "a secret was stored: {text}"
        );
        assert!(
            !text.contains(&secret.expose()[4..]),
            "a secret's body was stored: {text}"
        );
    }
    assert!(
        text.contains("read-only") && text.contains("sync job"),
        "{text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "only the owner may read the token file");
    }

    let mut again = TokenStore::open(&path).unwrap();
    assert_eq!(again.list(), &[reader.clone(), writer.clone()]);
    assert_eq!(again.tokens().verify(writer_secret.expose()), Some(&writer));
    assert_eq!(again.remove(&reader.id).unwrap(), reader);
    let err = again.remove(&reader.id).unwrap_err().to_string();
    assert!(err.contains("token list"), "{err}");
    let last = TokenStore::open(&path).unwrap();
    assert_eq!(last.list(), &[writer]);
    assert_eq!(
        last.tokens().verify(reader_secret.expose()),
        None,
        "a removed token is refused"
    );
}

#[test]
fn a_broken_token_file_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.json");
    std::fs::write(&path, "{ not json").unwrap();
    let err = TokenStore::open(&path).unwrap_err().to_string();
    assert!(err.contains("tokens.json"), "{err}");
}
