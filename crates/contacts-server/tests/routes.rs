//! Every row of the protocol's operation table is routed for its method, answers what its
//! row says over the reference store, and answers `unsupported` where the provider lacks the
//! optional capability the row needs.

mod common;

use common::{answered, client, json_of, json_with_status, open_server, problem, start_anonymous};
use contacts_core::{Capabilities, ContactProvider, InMemoryProvider};
use contacts_protocol::openapi::{OPERATIONS, Operation};
use reqwest::Method;
use serde_json::{Value, json};
use std::sync::Arc;

/// A well-formed body for a row's schema.
fn sample_body(schema: &str) -> Value {
    let contact = json!({ "properties": { "firstName": "Ada" } });
    match schema {
        "CreateRequest" | "ImportRequest" => json!({ "contacts": [contact] }),
        "NewContact" => contact,
        "ContactPatch" => json!({ "properties": { "lastName": "Lovelace" } }),
        "ListRequest" => json!({}),
        "DeleteRequest" => json!({ "target": { "matching": { "labels": ["Gone"] } } }),
        "BookName" => json!({ "name": "Friends" }),
        "MoveRequest" => json!({ "book": "b1" }),
        "ContactIds" => json!({ "ids": ["1"] }),
        "ImportJob" => json!({ "submitted": 1, "token": "job-1" }),
        other => panic!("no sample body for {other}"),
    }
}

/// A request for `op`: its path with each parameter filled, its query, its body.
fn request(client: &reqwest::Client, base: &str, op: &Operation) -> reqwest::RequestBuilder {
    let path = op
        .path
        .replace("{id}", "1")
        .replace("{book}", "b1")
        .replace("{label}", "VIP")
        .replace("{number}", "%2B46700000000");
    let mut url = format!("{base}{path}");
    if op.id == "changesSince" {
        url.push_str("?since=0");
    }
    let method = Method::from_bytes(op.method.as_bytes()).unwrap();
    let builder = client.request(method, url);
    match op.body {
        Some(schema) => builder.json(&sample_body(schema)),
        None => builder,
    }
}

#[tokio::test]
async fn every_row_is_routed_for_its_method() {
    let providers: [Arc<dyn ContactProvider>; 2] = [
        Arc::new(InMemoryProvider::new()),
        Arc::new(InMemoryProvider::with_books()),
    ];
    for provider in providers {
        let server = start_anonymous(provider).await;
        for op in OPERATIONS {
            let response = request(&client(), &server.base, op).send().await.unwrap();
            let status = response.status().as_u16();
            assert_ne!(status, 405, "{} {}", op.method, op.path);
            assert!(status < 500, "{} {}: {status}", op.method, op.path);
            if status >= 400 {
                let body = problem(response).await;
                assert_ne!(body["what"], "no such path", "{} {}", op.method, op.path);
            }
        }
        server.shut_down().await;
    }
}

#[tokio::test]
async fn a_provider_without_a_capability_answers_unsupported_naming_the_operation() {
    let bare = InMemoryProvider::with_capabilities(Capabilities::full());
    let server = start_anonymous(Arc::new(bare)).await;
    let optional: Vec<&Operation> = OPERATIONS
        .iter()
        .filter(|op| op.capability.is_some())
        .collect();
    assert!(optional.len() >= 18, "every optional row is tried");
    for op in optional {
        let response = request(&client(), &server.base, op).send().await.unwrap();
        assert_eq!(response.status(), 404, "{} {}", op.method, op.path);
        let body = problem(response).await;
        assert_eq!(
            body["kind"], "unsupported",
            "{} {}: {body}",
            op.method, op.path
        );
        assert_eq!(body["operation"], op.id, "{body}");
        assert_eq!(body["provider"], "memory", "{body}");
    }
    server.shut_down().await;
}

#[tokio::test]
async fn contacts_are_created_read_changed_listed_and_deleted() {
    let (server, http) = open_server(InMemoryProvider::new()).await;
    let created = json_with_status(http
        .post(server.url("/v1/contacts"))
        .json(&json!({ "contacts": [
            { "properties": { "firstName": "Ada", "phoneNumber": "+46700000001" }, "labels": ["VIP"] },
            { "properties": { "firstName": "Bob" } }
        ] })), 201).await;
    assert_eq!(created["results"][1]["index"], 1);
    let id = created["results"][0]["contact"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let one = server.url(&format!("/v1/contacts/{id}"));

    let got = json_of(http.get(format!("{one}?includeMetadata=true"))).await;
    assert_eq!(got["properties"]["firstName"], "Ada");
    let patched = json_with_status(
        http.patch(&one)
            .json(&json!({ "properties": { "firstName": null, "lastName": "Lovelace" } })),
        200,
    )
    .await;
    assert_eq!(
        patched["properties"],
        json!({ "lastName": "Lovelace", "phoneNumber": "+46700000001" })
    );
    let replaced = json_of(
        http.put(&one)
            .json(&json!({ "properties": { "firstName": "Grace" } })),
    )
    .await;
    assert_eq!(replaced["properties"], json!({ "firstName": "Grace" }));

    let page = json_of(
        http.post(server.url("/v1/contact-queries"))
            .json(&json!({ "query": { "pageSize": 1 } })),
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let second = json_of(
        http.post(server.url("/v1/contact-queries"))
            .json(&json!({ "query": { "pageSize": 1 }, "pageToken": page["next"] })),
    )
    .await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_ne!(second["items"][0]["id"], page["items"][0]["id"]);

    answered(http.delete(&one), 204).await;
    let gone = answered(http.get(&one), 404).await;
    assert_eq!(problem(gone).await["kind"], "notFound");
    let wiped = json_of(
        http.post(server.url("/v1/contact-deletions"))
            .json(&json!({ "target": "everyContact" })),
    )
    .await;
    assert_eq!(
        wiped["contacts"].as_array().unwrap().len(),
        1,
        "Bob was left"
    );
    server.shut_down().await;
}

#[tokio::test]
async fn optional_capabilities_answer_over_the_reference_store() {
    let (server, http) = open_server(InMemoryProvider::new()).await;
    let created = json_of(
        http.post(server.url("/v1/contacts"))
            .json(&json!({ "contacts": [{ "properties": { "firstName": "Ada" } }] })),
    )
    .await;
    let id = created["results"][0]["contact"]["id"].clone();
    let token = json_of(http.get(server.url("/v1/changes/current"))).await;

    answered(
        http.post(server.url("/v1/labels/Friends%20%26%20family/add"))
            .json(&json!({ "ids": [id] })),
        204,
    )
    .await;
    let counts = json_of(http.get(server.url("/v1/labels"))).await;
    assert_eq!(counts, json!([{ "label": "Friends & family", "count": 1 }]));

    let number = server.url("/v1/blocklist/%2B46700000009");
    assert_eq!(http.put(&number).send().await.unwrap().status(), 204);
    let status = json_of(http.get(&number)).await;
    assert_eq!(status, json!({ "blocked": true }));
    let list = json_of(http.get(server.url("/v1/blocklist"))).await;
    assert_eq!(list["numbers"].as_array().unwrap().len(), 1);
    assert_eq!(http.delete(&number).send().await.unwrap().status(), 204);

    let summary = json_of(http.get(server.url("/v1/summary"))).await;
    assert_eq!(summary["totalCount"], 1);
    let job = json_with_status(
        http.post(server.url("/v1/imports"))
            .json(&sample_body("ImportRequest")),
        202,
    )
    .await;
    let progress = json_of(http.post(server.url("/v1/imports/progress")).json(&job)).await;
    assert_eq!(progress["submitted"], 1);

    let since = contacts_protocol::paths::changes_since(token["token"].as_str().unwrap());
    let changes = json_of(http.get(server.url(&since))).await;
    assert!(
        !changes["changed"].as_array().unwrap().is_empty(),
        "{changes}"
    );
    server.shut_down().await;
}

#[tokio::test]
async fn address_books_are_listed_created_renamed_and_deleted() {
    let (server, http) = open_server(InMemoryProvider::with_books()).await;
    let books = json_of(http.get(server.url("/v1/books"))).await;
    assert_eq!(books.as_array().unwrap().len(), 1, "{books}");
    let made = json_with_status(
        http.post(server.url("/v1/books"))
            .json(&json!({ "name": "Friends" })),
        201,
    )
    .await;
    let book = server.url(&format!("/v1/books/{}", made["id"].as_str().unwrap()));
    let renamed = json_of(http.patch(&book).json(&json!({ "name": "Family" }))).await;
    assert_eq!(renamed["name"], "Family");
    let created = json_of(
        http.post(server.url("/v1/contacts"))
            .json(&json!({ "contacts": [{ "properties": { "firstName": "Ada" } }] })),
    )
    .await;
    let id = created["results"][0]["contact"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    answered(
        http.post(server.url(&format!("/v1/contacts/{id}/move")))
            .json(&json!({ "book": made["id"] })),
        204,
    )
    .await;
    assert_eq!(http.delete(&book).send().await.unwrap().status(), 204);
    server.shut_down().await;
}

/// Sends `method target` as written, over a bare connection: a URL library would resolve the
/// dot segments away before sending, as a third-party client's need not. The status and body.
async fn send_raw(base: &str, method: &str, target: &str, body: Option<&Value>) -> (u16, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = base.strip_prefix("http://").unwrap();
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let body = body.map(Value::to_string).unwrap_or_default();
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let status = answer[9..12].parse().unwrap();
    let (_, body) = answer.split_once("\r\n\r\n").unwrap();
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

/// What the row `op` answers for the path parameter `value` over an empty store with books:
/// the status, and the problem's `what` for a 404 (`None` for an answer without one).
fn own_answer(op: &str, value: &str) -> (u16, Option<String>) {
    match op {
        "getContact" | "updateContact" | "replaceContact" | "deleteContact" | "moveContact" => {
            (404, Some(format!("contact {value}")))
        }
        "renameBook" | "deleteBook" => (404, Some(format!("address book {value}"))),
        // The label rows run: the contact of the body is unknown; a label no contact has is
        // deleted as any other.
        "addLabel" | "removeLabel" => (404, Some("contact 1".to_owned())),
        "deleteLabel" => (204, None),
        // Not a number: refused as one.
        "checkNumber" | "blockNumber" | "unblockNumber" => (422, None),
        other => panic!("no path parameter in {other}"),
    }
}

#[tokio::test]
async fn a_dot_segment_in_a_path_parameter_reaches_only_its_own_row() {
    let server = start_anonymous(Arc::new(InMemoryProvider::with_books())).await;
    for op in OPERATIONS.iter().filter(|op| op.path.contains('{')) {
        for dots in ["..", ".", "%2E%2E", "%2e%2e", ".%2E", "%2e"] {
            let (start, rest) = op.path.split_once('{').unwrap();
            let (_, end) = rest.split_once('}').unwrap();
            let target = format!("{start}{dots}{end}");
            let body = match op.body {
                Some("MoveRequest") => Some(json!({ "book": "1" })),
                other => other.map(sample_body),
            };
            let (status, answer) = send_raw(&server.base, op.method, &target, body.as_ref()).await;
            let decoded = dots.replace("%2E", ".").replace("%2e", ".");
            let (own_status, own_what) = own_answer(op.id, &decoded);
            assert_eq!(status, own_status, "{} {target}: {answer}", op.method);
            if let Some(what) = own_what {
                assert_eq!(answer["what"], what, "{} {target}", op.method);
            }
            if status == 422 {
                let reason = answer["reason"].as_str().unwrap_or_default();
                assert!(
                    reason.starts_with(&format!("{decoded:?} ")),
                    "{target}: {answer}"
                );
            }
        }
    }
    server.shut_down().await;
}
