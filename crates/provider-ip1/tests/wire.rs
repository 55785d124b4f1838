//! provider-ip1 against answers the emulator does not give (wiremock on 127.0.0.1).

use contacts_core::{
    ContactId, ContactProvider, ContactQuery, Error, GetOptions, NewContact, PageToken, Standard,
};
use contacts_testkit::{assert_own_resource, assert_refused, contact_outcomes, hostile_ids};
use provider_ip1::Ip1Provider;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod mock;
use mock::{answer, ok, seen};

fn provider(server: &MockServer) -> Standard<Ip1Provider> {
    let options = contacts_testkit::retrying(3);
    contacts_testkit::ip1::provider_at(&server.uri(), "sk-ip1-secret", options)
}

fn contact(id: &str) -> serde_json::Value {
    json!({"id": id, "properties": {"phoneNumber": "+4611"}, "labels": ["all"]})
}

/// A page holding the contacts `ids`.
fn page(ids: &[&str]) -> ResponseTemplate {
    let contacts: Vec<_> = ids.iter().map(|id| contact(id)).collect();
    ok(contacts)
}

/// `answer` with a `Link` header that names `next` as the next page.
fn linking(answer: ResponseTemplate, next: &str) -> ResponseTemplate {
    answer.insert_header("link", format!("<{next}>; rel=\"next\"").as_str())
}

/// Answers `GET /v2/contacts?start={start}` (any other parameters) with `answer`.
async fn serve_page(server: &MockServer, start: &str, answer: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path("/v2/contacts"))
        .and(query_param("start", start))
        .respond_with(answer)
        .mount(server)
        .await;
}

/// A server that answers `verb` on `/v2/contacts/{id}` with each id's reply.
async fn contacts_answering<const N: usize>(
    verb: &str,
    replies: [(&str, ResponseTemplate); N],
) -> MockServer {
    let server = MockServer::start().await;
    for (id, reply) in replies {
        answer(&server, verb, &format!("/v2/contacts/{id}"), reply).await;
    }
    server
}

/// Lists a page with each of `forged` as its token: every one is refused as an invalid
/// `page_token`, and no request leaves for any of them.
async fn assert_tokens_refused(forged: &[&str]) {
    let server = MockServer::start().await;
    let p = provider(&server);
    for token in forged {
        let err = p
            .list_page(&ContactQuery::new(), Some(PageToken::new(*token)))
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidInput { ref field, .. } if field == "page_token"),
            "{token}: {err:?}"
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn follows_the_next_link_it_is_given_even_with_odd_offsets_and_short_pages() {
    let server = MockServer::start().await;
    let base = server.uri();
    let links = format!(
        "<{base}/v2/contacts?start=7&limit=3&order=ASC>; rel=\"next\", <{base}/v2/contacts?start=0&limit=3>; rel=\"first\""
    );
    serve_page(
        &server,
        "0",
        page(&["a"]).insert_header("link", links.as_str()),
    )
    .await;
    serve_page(&server, "7", page(&["b", "c"])).await;
    let p = provider(&server);
    let first = p
        .list_page(&ContactQuery::new().page_size(3), None)
        .await
        .unwrap();
    assert_eq!(first.items.len(), 1, "a short page");
    let token = first
        .next
        .expect("a short page is not the end while there is a next link");
    let second = p
        .list_page(&ContactQuery::new().page_size(3), Some(token))
        .await
        .unwrap();
    assert_eq!(
        second
            .items
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        vec!["b", "c"]
    );
    assert!(second.next.is_none());
}

#[tokio::test]
async fn a_token_pointing_elsewhere_is_refused() {
    assert_tokens_refused(&["ip1.next:https://evil.example.net/v2/contacts"]).await;
}

/// Creates `contact` on a server that answers every POST with `reply`: the server, and the
/// error the create ends in.
async fn create_answered(reply: ResponseTemplate, contact: NewContact) -> (MockServer, Error) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(reply)
        .mount(&server)
        .await;
    let err = provider(&server).create(&[contact]).await.unwrap_err();
    (server, err)
}

#[tokio::test]
async fn problem_details_name_the_field() {
    let problem = ResponseTemplate::new(400).set_body_json(json!({
        "type": "https://tools.ietf.org/html/rfc7231#section-6.5.1", "title": "One or more validation errors occurred.",
        "status": 400, "errors": {"[0].properties.email": ["The email field is not a valid e-mail address."]}
    }));
    let (_, err) = create_answered(problem, NewContact::new().property("email", "nope")).await;
    assert_eq!(
        err,
        Error::invalid(
            "[0].properties.email",
            "The email field is not a valid e-mail address."
        )
    );
}

#[tokio::test]
async fn gateway_bodies_plain_text_and_malformed_json_are_typed_errors() {
    let gateway =
        json!({"statusCode": 401, "message": "Access denied due to invalid subscription key."});
    let malformed = r#"{"id":"c","properties":{"x":"1"},"labels":"all"}"#;
    let server = contacts_answering(
        "GET",
        [
            ("a", ResponseTemplate::new(401).set_body_json(gateway)),
            (
                "b",
                ResponseTemplate::new(502).set_body_string("Bad Gateway"),
            ),
            ("c", ResponseTemplate::new(200).set_body_string(malformed)),
        ],
    )
    .await;
    let p = provider(&server);
    let opts = GetOptions::default();
    assert!(matches!(
        p.get(&ContactId::new("a"), &opts).await.unwrap_err(),
        Error::Unauthenticated { .. }
    ));
    let err = p.get(&ContactId::new("b"), &opts).await.unwrap_err();
    assert!(err.is_retryable(), "{err:?}");
    let requests = seen(&server).await;
    assert_eq!(
        requests
            .iter()
            .filter(|r| *r == "GET /v2/contacts/b")
            .count(),
        3,
        "GETs are retried"
    );
    let err = p.get(&ContactId::new("c"), &opts).await.unwrap_err();
    assert!(
        matches!(err, Error::Protocol { ref message, .. } if message.contains("labels")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_failed_create_is_not_sent_twice() {
    // 502 may come after the work was done: the create is reported, never re-sent.
    let person = NewContact::new().property("phoneNumber", "+4611");
    let (server, err) = create_answered(ResponseTemplate::new(502), person).await;
    assert!(err.is_retryable());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_chunk_failing_mid_batch_reports_which_items_were_created() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(|req: &wiremock::Request| {
            let batch: Vec<serde_json::Value> = serde_json::from_slice(&req.body).unwrap();
            if batch.len() == 1000 {
                let created: Vec<_> = (0..batch.len()).map(|i| json!({"id": format!("{i:024x}"), "properties": batch[i]["properties"], "labels": ["all"]})).collect();
                ok(created)
            } else {
                ResponseTemplate::new(400).set_body_json(json!({"title": "Bad Request", "status": 400, "detail": "refused"}))
            }
        })
        .mount(&server)
        .await;
    let batch: Vec<_> = (0..1500)
        .map(|i| NewContact::new().property("phoneNumber", format!("+46{i:09}")))
        .collect();
    let err = provider(&server).create(&batch).await.unwrap_err();
    let Error::PartialFailure(partial) = err else {
        panic!("expected a partial failure, got {err:?}")
    };
    assert_eq!(partial.created.len(), 1000);
    assert_eq!(partial.created[999].0, 999);
    assert_eq!(partial.failed.len(), 500);
    assert_eq!(
        partial.failed[0].0, 1000,
        "nothing lost: every input index is reported"
    );
}

/// Serves two pages on `/v2/contacts`: the first (start=0) answers with `next` as its link,
/// the second (start=2) ends the listing.
async fn two_pages(server: &MockServer, next: &str) {
    serve_page(server, "0", linking(page(&["a", "b"]), next)).await;
    serve_page(server, "2", page(&["c"])).await;
}

/// Lists everything through the provider, as a user would, and the ids seen.
async fn list_all_ids(server: &MockServer) -> Vec<String> {
    use contacts_core::ContactProviderExt;
    use futures::TryStreamExt;
    let all: Vec<_> = provider(server)
        .list(ContactQuery::new().page_size(2))
        .try_collect()
        .await
        .expect("every page is listed");
    all.into_iter().map(|c| c.id.as_str().to_owned()).collect()
}

#[tokio::test]
async fn a_relative_next_link_is_followed() {
    let server = MockServer::start().await;
    two_pages(&server, "/v2/contacts?start=2&limit=2&order=ASC").await;
    assert_eq!(list_all_ids(&server).await, vec!["a", "b", "c"]);
}

#[tokio::test]
async fn a_link_relative_to_the_request_path_is_followed() {
    let server = MockServer::start().await;
    two_pages(&server, "contacts?start=2&limit=2&order=ASC").await;
    assert_eq!(list_all_ids(&server).await, vec!["a", "b", "c"]);
}

#[tokio::test]
async fn a_link_on_the_gateway_host_is_followed_on_the_configured_origin() {
    let server = MockServer::start().await;
    // The vendor's own example lives on its API gateway's host, not the API's.
    two_pages(
        &server,
        "https://ip1-api-gateway-dev.azure-api.net/v2/contacts?start=2&limit=2&order=ASC",
    )
    .await;
    assert_eq!(list_all_ids(&server).await, vec!["a", "b", "c"]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests.len(),
        2,
        "both pages came from the configured origin"
    );
    assert_eq!(requests[1].url.query(), Some("start=2&limit=2&order=ASC"));
}

#[tokio::test]
async fn an_absolute_link_on_the_same_origin_is_followed() {
    let server = MockServer::start().await;
    let next = format!("{}/v2/contacts?start=2&limit=2&order=ASC", server.uri());
    two_pages(&server, &next).await;
    assert_eq!(list_all_ids(&server).await, vec!["a", "b", "c"]);
}

#[tokio::test]
async fn a_token_that_is_not_ours_is_refused() {
    assert_tokens_refused(&["/v2/contacts?start=2", "ip1.next:/v2/contacts?start=2"]).await;
}

#[tokio::test]
async fn a_405_to_delete_switches_to_post_for_good() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(405).insert_header("allow", "GET, PATCH, PUT, POST"))
        .mount(&server)
        .await;
    for id in ["a", "b"] {
        let reply = ok(contact(id));
        answer(&server, "POST", &format!("/v2/contacts/{id}"), reply).await;
    }
    let p = provider(&server);
    p.delete(&ContactId::new("a"))
        .await
        .expect("deleted by POST");
    // A clone shares what was learnt.
    let clone = p.clone();
    clone
        .delete(&ContactId::new("b"))
        .await
        .expect("deleted by POST");
    assert_eq!(
        seen(&server).await,
        vec![
            "DELETE /v2/contacts/a",
            "POST /v2/contacts/a",
            "POST /v2/contacts/b"
        ]
    );
}

#[tokio::test]
async fn delete_uses_delete_while_the_server_accepts_it() {
    let missing =
        json!({"title": "Not Found", "status": 404, "detail": "Contact z was not found."});
    let server = contacts_answering(
        "DELETE",
        [
            ("a", ok(contact("a"))),
            ("z", ResponseTemplate::new(404).set_body_json(missing)),
        ],
    )
    .await;
    let p = provider(&server);
    p.delete(&ContactId::new("a")).await.unwrap();
    assert!(
        p.delete(&ContactId::new("z"))
            .await
            .unwrap_err()
            .is_not_found()
    );
    let requests = seen(&server).await;
    assert!(
        requests.iter().all(|r| r.starts_with("DELETE ")),
        "{requests:?}"
    );
}

#[tokio::test]
async fn a_deferred_page_knows_its_next_token_before_a_bad_body_is_read() {
    let server = MockServer::start().await;
    let next = format!("{}/v2/contacts?start=2&limit=2&order=ASC", server.uri());
    let bad_body = r#"[{"id":"a","labels":["all"]},{"id":"b","labels":"all"}]"#;
    let answer = ResponseTemplate::new(200).set_body_string(bad_body);
    serve_page(&server, "0", linking(answer, &next)).await;
    serve_page(
        &server,
        "2",
        ResponseTemplate::new(503).set_body_string("down"),
    )
    .await;
    let p = provider(&server);
    let query = ContactQuery::new().page_size(2);
    let pending = p.list_page_deferred(&query, None).await.unwrap();
    let next = pending
        .next()
        .cloned()
        .expect("the Link header's next page");
    // The body is read only now: a typed error naming where it did not fit, never a panic.
    let err = pending.into_page().unwrap_err();
    assert!(
        matches!(err, Error::Protocol { ref message, .. } if message.contains("[1].labels")),
        "{err:?}"
    );
    // The same answer through list_page is the same error.
    let err = p.list_page(&query, None).await.unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    // An error status is this call's error, before any body is decoded.
    let err = p.list_page_deferred(&query, Some(next)).await.unwrap_err();
    assert!(err.is_retryable(), "{err:?}");
}

/// Every request `server` recorded, as `METHOD path?query`, then forgets them.
async fn recorded(server: &MockServer) -> Vec<(String, String, Option<String>)> {
    let seen = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            let method = r.method.to_string();
            (
                method,
                r.url.path().to_owned(),
                r.url.query().map(str::to_owned),
            )
        })
        .collect();
    server.reset().await;
    seen
}

#[tokio::test]
async fn hostile_ids_reach_only_their_own_contact_and_never_a_collection() {
    use contacts_core::ContactPatch;
    // A recording server that holds nothing: every contact URL answers 404.
    let server = MockServer::start().await;
    let p = provider(&server);
    let labels = p.label_admin().expect("iP1 declares label admin");
    for raw in hostile_ids(&[], '7') {
        let id = ContactId::new(raw.clone());
        let ids = std::slice::from_ref(&id);
        let patch = ContactPatch::new().set("email", "x@example.com");
        let replacement = NewContact::new().property("phoneNumber", "+4611");
        let mut outcomes = contact_outcomes(&p, &id, &patch, &replacement).await;
        outcomes.extend([
            (
                "update (add label)",
                p.update(&id, &ContactPatch::new().add_label("VIP"))
                    .await
                    .map(drop),
            ),
            (
                "update (remove label)",
                p.update(&id, &ContactPatch::new().remove_label("VIP"))
                    .await
                    .map(drop),
            ),
            ("add_label", labels.add_label("VIP", ids).await),
            ("remove_label", labels.remove_label("VIP", ids).await),
        ]);
        assert_refused(&raw, outcomes);
        for (method, path, query) in recorded(&server).await {
            let methods = ["GET", "PATCH", "PUT", "DELETE"];
            assert_own_resource(&raw, "/v2/contacts/", &methods, (&method, &path));
            assert_eq!(query, None, "{method} {path}");
        }
    }
}

/// Asserts that each (input, outcome) is a refused input, and that none of them reached
/// `server`: a bad `what` is caught before anything is sent.
async fn assert_refused_before_sending(
    server: &MockServer,
    what: &str,
    outcomes: Vec<(&str, Result<(), Error>)>,
) {
    for (input, outcome) in outcomes {
        assert!(
            matches!(outcome, Err(Error::InvalidInput { .. })),
            "{what} {input:?}: {outcome:?}"
        );
    }
    assert_eq!(
        recorded(server).await,
        vec![],
        "nothing sent for a bad {what}"
    );
}

#[tokio::test]
async fn hostile_numbers_and_labels_never_leave_their_own_segment() {
    let server = MockServer::start().await;
    let p = provider(&server);
    let blocklist = p.blocklist().expect("iP1 declares a blocklist");
    let mut outcomes = Vec::new();
    for number in [
        "",
        "+",
        "1/2",
        "../1",
        "+46 70",
        " +4670",
        "%2e",
        "1?x",
        "4670#1",
        "..",
        ".",
        "1234567890123456",
    ] {
        outcomes.push((number, blocklist.block_number(number).await));
        outcomes.push((number, blocklist.unblock_number(number).await));
        outcomes.push((number, blocklist.check_number(number).await.map(drop)));
    }
    assert_refused_before_sending(&server, "number", outcomes).await;
    let mut outcomes = Vec::new();
    for label in [".", ".."] {
        let labels = p.label_admin().unwrap();
        outcomes.push((label, labels.delete_label(label).await));
    }
    assert_refused_before_sending(&server, "label", outcomes).await;
    // A label that holds a separator is one segment of its own.
    let _ = p.label_admin().unwrap().delete_label("a/../..").await;
    let seen = recorded(&server).await;
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].1, "/v2/labels/a%2F..%2F..");
}
