//! How the server answers what goes wrong: every error kind with its status and problem
//! document, `Retry-After`, refused bodies (415, 422 naming the JSON path), 405 with `Allow`,
//! an unknown path, and a batch that failed part-way (207, one outcome per item).

mod common;

use common::{Double, answered, client, open_server, problem, start_anonymous};
use contacts_core::{Contact, ContactId, Error, InMemoryProvider, NewContact, PartialFailure};
use contacts_protocol::{Problem, ProblemKind};
use contacts_testkit::every_kind_of_error;
use serde_json::{Value, json};
use std::sync::Arc;

#[tokio::test]
async fn every_error_kind_is_answered_with_its_status_and_problem() {
    let http = client();
    for err in every_kind_of_error() {
        let expected = Problem::from_error(&err);
        let server = start_anonymous(Arc::new(Double::failing(err.clone()))).await;
        let response = http.get(server.url("/v1/contacts/7")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), expected.kind.status(), "{err}");
        let retry_after = response
            .headers()
            .get("retry-after")
            .map(|value| value.to_str().unwrap().to_owned());
        let body: Problem = serde_json::from_value(problem(response).await).unwrap();
        assert_eq!(body, expected, "{err}");
        assert_eq!(body.into_error(), err, "the error comes back the same");
        let wanted = match expected.kind {
            ProblemKind::RateLimited => Some("3".to_owned()),
            ProblemKind::Unavailable => Some("7".to_owned()),
            _ => None,
        };
        assert_eq!(retry_after, wanted, "{err}");
        server.shut_down().await;
    }
}

#[tokio::test]
async fn a_partly_failed_batch_is_207_with_one_outcome_per_item() {
    let stored = Contact::from_new(
        ContactId::new("c1"),
        NewContact::new().property("firstName", "Ada"),
    );
    let partial = Error::PartialFailure(Box::new(PartialFailure {
        created: vec![(0, stored.clone())],
        failed: vec![(
            1,
            Error::invalid(
                "contacts[1].properties.fax",
                "not a key this provider stores",
            ),
        )],
    }));
    let server = start_anonymous(Arc::new(Double::failing(partial))).await;
    let response = answered(
        client()
            .post(server.url("/v1/contacts"))
            .json(&json!({ "contacts": [
            { "properties": { "firstName": "Ada" } },
            { "properties": { "firstName": "Bob" } }
        ] })),
        207,
    )
    .await;
    let body: Value = response.json().await.unwrap();
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["index"], 0);
    assert_eq!(
        results[0]["contact"],
        serde_json::to_value(&stored).unwrap()
    );
    assert!(results[0].get("problem").is_none());
    assert_eq!(results[1]["index"], 1);
    assert_eq!(results[1]["problem"]["kind"], "invalidInput");
    assert_eq!(results[1]["problem"]["field"], "contacts[1].properties.fax");
    assert!(results[1].get("contact").is_none());
    server.shut_down().await;
}

#[tokio::test]
async fn bad_bodies_are_refused_naming_what_is_wrong() {
    let (server, http) = open_server(InMemoryProvider::new()).await;
    let send = |body: &'static str| {
        http.post(server.url("/v1/contacts"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let cases = [
        (
            r#"{"contacts":[{"properties":{"firstName":7}}]}"#,
            "contacts[0].properties.firstName",
        ),
        (r#"{"contacts":[],"extra":true}"#, "extra"),
        (r#"{"contacts":"#, "contacts"),
        ("not json", "body"),
        (r#"{"contacts":[{"labels":"VIP"}]}"#, "contacts[0].labels"),
        (
            r#"{"contacts":[{"properties":{},"lables":["VIP"]}]}"#,
            "contacts[0].lables",
        ),
    ];
    for (body, field) in cases {
        let response = send(body).await.unwrap();
        assert_eq!(response.status(), 422, "{body}");
        let problem = problem(response).await;
        assert_eq!(problem["kind"], "invalidInput", "{body}");
        assert_eq!(problem["field"], field, "{body}: {problem}");
    }
    let no_type = answered(
        http.post(server.url("/v1/contacts"))
            .body(r#"{"contacts":[]}"#),
        415,
    )
    .await;
    let problem_415 = problem(no_type).await;
    assert_eq!(
        (problem_415["kind"].as_str(), problem_415["field"].as_str()),
        (Some("invalidInput"), Some("Content-Type"))
    );
    answered(
        http.post(server.url("/v1/contacts"))
            .header("content-type", "text/plain")
            .body(r#"{"contacts":[]}"#),
        415,
    )
    .await;
    server.shut_down().await;
}

#[tokio::test]
async fn a_method_a_path_does_not_serve_is_405_with_allow() {
    let (server, http) = open_server(InMemoryProvider::new()).await;
    let response = answered(
        http.post(server.url("/v1/contacts/7")).json(&json!({})),
        405,
    )
    .await;
    let allow = response
        .headers()
        .get("allow")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(allow, "GET, PATCH, PUT, DELETE, HEAD");
    let body = problem(response).await;
    assert_eq!(body["status"], 405);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("POST /v1/contacts/{id}"),
        "{body}"
    );
    let on_service = answered(http.delete(server.url("/v1")), 405).await;
    assert_eq!(on_service.headers()["allow"], "GET, HEAD");
    server.shut_down().await;
}

#[tokio::test]
async fn an_unknown_path_is_a_not_found_problem() {
    let (server, http) = open_server(InMemoryProvider::new()).await;
    for path in ["/v2/contacts", "/v1/contacts/7/8", "/", "/v1/"] {
        let response = http.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        let body = problem(response).await;
        assert_eq!(body["kind"], "notFound");
        assert_eq!(body["what"], "no such path");
    }
    server.shut_down().await;
}
