//! provider-ip1 against loopback mocks in the shapes the vendor's public pages document, where
//! they differ from what the emulator once assumed: the blacklist entry, `next` links without
//! filters, a DELETE the API gateway does not route, and requests that could read as
//! "everything" on the BARE provider (no `CheckedLayer` in front).

use contacts_core::{
    ContactFilter, ContactId, ContactProvider, ContactProviderExt, ContactQuery, DeleteTarget,
    Error, validate,
};
use futures::TryStreamExt;
use provider_ip1::Ip1Provider;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod labels;
mod mock;
use labels::delete_the_one_labelled_x_and_y;
use mock::{answer, ok, seen};

fn bare(server: &MockServer) -> Ip1Provider {
    Ip1Provider::builder()
        .api_key("sk-ip1-secret")
        .base_url(server.uri())
        .client_options(contacts_testkit::retrying(2))
        .build_bare()
        .unwrap()
}

fn contact(id: &str, phone: &str, labels: &[&str]) -> Value {
    let mut all: Vec<&str> = labels.to_vec();
    all.push("all");
    json!({"id": id, "ownerId": "ip1-1", "properties": {"phoneNumber": phone}, "labels": all})
}

#[tokio::test]
async fn the_blacklist_is_read_in_the_documented_shape() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/v2/blacklist",
        ok(json!([
            {"msisdn": "46703541190", "created": "2019-11-01T16:32:18.253"},
            {"phoneNumber": "+46701234567"},
            {"Phone": "46709999999", "Created": "2019-11-01T16:32:18", "ID": 3},
        ])),
    )
    .await;
    answer(
        &server,
        "PUT",
        "/v2/blacklist/46703541190",
        ok(json!({"msisdn": "46703541190", "created": "2019-11-01T16:32:18.253"})),
    )
    .await;
    let p = bare(&server);
    let list = p.blocklist().unwrap();
    assert_eq!(
        list.list_blocked().await.unwrap(),
        ["+46703541190", "+46701234567", "+46709999999"],
        "international format, whichever field the entry uses"
    );
    list.block_number("+46703541190").await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let put = requests
        .iter()
        .find(|r| r.method.as_str() == "PUT")
        .unwrap();
    assert!(put.body.is_empty(), "the documented PUT takes no body");

    // An entry with no number at all is a typed error naming it, not a silent gap.
    server.reset().await;
    answer(
        &server,
        "GET",
        "/v2/blacklist",
        ok(json!([{"created": "x"}])),
    )
    .await;
    let err = list.list_blocked().await.unwrap_err();
    assert!(
        matches!(err, Error::Protocol { ref message, .. } if message.contains("[0]")),
        "{err:?}"
    );
}

/// Page 1 answers the filtered request with a `next` link that, like the vendor's only
/// example, carries paging parameters and no filters; any later page, whatever its query,
/// answers with a contact that does not match and one that does.
async fn server_dropping_filters(filter_param: (&str, &str)) -> MockServer {
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(method("GET"))
        .and(path("/v2/contacts"))
        .and(query_param("start", "0"))
        .and(query_param(filter_param.0, filter_param.1))
        .respond_with(
            ok(json!([contact("a1", "+46123456789", &["Coworker"])])).insert_header(
                "link",
                format!("<{base}/v2/contacts?start=1&limit=1&order=ASC>; rel=\"next\"").as_str(),
            ),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/contacts"))
        .and(query_param("start", "1"))
        .respond_with(ok(json!([
            contact("b2", "+46700000002", &[]),
            contact("c3", "+46123456789", &["Coworker"]),
        ])))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ok(json!({})))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_next_link_without_filters_never_lets_a_non_matching_contact_through() {
    for (filter, param) in [
        (
            ContactFilter::new().property("phoneNumber", "+46123456789"),
            ("properties[phoneNumber]", "+46123456789"),
        ),
        (
            ContactFilter::new().label("Coworker"),
            ("labels", "Coworker"),
        ),
    ] {
        let server = server_dropping_filters(param).await;
        let p = bare(&server);
        let listed: Vec<String> = p
            .list(ContactQuery::new().filter(filter.clone()).page_size(1))
            .map_ok(|c| c.id.to_string())
            .try_collect()
            .await
            .unwrap();
        assert_eq!(listed, ["a1", "c3"], "{filter:?}");
        let requests = seen(&server).await;
        let second = requests.iter().find(|r| r.contains("start=1")).unwrap();
        let encoded: String = url_encoded(param.0) + "=" + &url_encoded(param.1);
        assert!(
            second.contains(&encoded),
            "the dropped filter is put back on the followed link: {second}"
        );

        // A mass delete by that filter deletes exactly the matches, by id.
        let server = server_dropping_filters(param).await;
        let p = bare(&server);
        let deleted = p
            .delete_matching(&DeleteTarget::Matching(filter.clone()))
            .await
            .unwrap();
        let ids: Vec<&str> = deleted.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a1", "c3"]);
        let mut deletes: Vec<String> = seen(&server)
            .await
            .into_iter()
            .filter(|r| r.starts_with("DELETE"))
            .collect();
        deletes.sort();
        assert_eq!(
            deletes,
            ["DELETE /v2/contacts/a1", "DELETE /v2/contacts/c3"],
            "never the non-matching b2, never the collection"
        );
    }
}

/// `application/x-www-form-urlencoded`, as the query is written.
fn url_encoded(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A gateway with no DELETE operation for one contact: 404 in its own shape, while GET finds
/// the contact and the document's POST deletes it.
async fn gateway_without_delete() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"statusCode": 404, "message": "Resource not found"})),
        )
        .mount(&server)
        .await;
    for id in ["a", "b"] {
        let at = format!("/v2/contacts/{id}");
        for verb in ["GET", "POST"] {
            answer(&server, verb, &at, ok(contact(id, "+4611", &[]))).await;
        }
    }
    server
}

#[tokio::test]
async fn a_404_to_delete_for_a_contact_that_exists_falls_back_to_post_and_remembers() {
    let server = gateway_without_delete().await;
    let p = bare(&server);
    p.delete(&ContactId::new("a"))
        .await
        .expect("deleted by POST");
    p.clone()
        .delete(&ContactId::new("b"))
        .await
        .expect("deleted by POST");
    assert_eq!(
        seen(&server).await,
        [
            "DELETE /v2/contacts/a",
            "GET /v2/contacts/a",
            "POST /v2/contacts/a",
            "POST /v2/contacts/b",
        ],
        "one DELETE and one GET to learn, then POST only (clones share it)"
    );

    // An unknown contact is still NotFound, and nothing is POSTed for it.
    let server = gateway_without_delete().await;
    let p = bare(&server);
    let err = p.delete(&ContactId::new("zz")).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(!seen(&server).await.iter().any(|r| r.starts_with("POST")));
}

#[tokio::test]
async fn the_multi_label_mass_delete_deletes_behind_a_gateway_without_delete() {
    let server = gateway_without_delete().await;
    answer(
        &server,
        "GET",
        "/v2/contacts",
        ok(json!([
            contact("a", "+4611", &["X", "Y"]),
            contact("b", "+4612", &["X"]),
        ])),
    )
    .await;
    let p = bare(&server);
    let deleted = delete_the_one_labelled_x_and_y(&p).await;
    assert_eq!(deleted.id.as_str(), "a");
    assert!(
        seen(&server)
            .await
            .contains(&"POST /v2/contacts/a".to_owned()),
        "the contact was really deleted, not passed over as not found"
    );
}

/// The CLI forms `delete --where phoneNumber= --yes`, `delete --label '' --yes`,
/// `delete '' --yes` and `delete . --yes`, as the calls they make on the provider (a listing,
/// then the delete), on the bare provider: nothing reaches the server, least of all
/// `DELETE /v2/contacts`. Only `DeleteTarget::EveryContact` does.
#[tokio::test]
async fn no_request_that_can_read_as_everything_leaves_the_bare_provider() {
    let server = MockServer::start().await;
    answer(&server, "DELETE", "/v2/contacts", ok(json!([]))).await;
    let p = bare(&server);
    let empty_values = [
        ContactFilter::new().property("phoneNumber", ""),
        ContactFilter::new().label(""),
        ContactFilter::new().metadata("phoneNumber.isBlocked", ""),
        ContactFilter::new().property("", "x"),
        ContactFilter::new(),
    ];
    for filter in empty_values {
        if !filter.is_empty() {
            let listed: Result<Vec<_>, _> = p
                .list(ContactQuery::new().filter(filter.clone()))
                .try_collect()
                .await;
            assert!(
                matches!(listed, Err(Error::InvalidInput { .. })),
                "list {filter:?}: {listed:?}"
            );
        }
        let outcome = p
            .delete_matching(&DeleteTarget::Matching(filter.clone()))
            .await;
        assert!(
            matches!(outcome, Err(Error::InvalidInput { .. })),
            "delete {filter:?}: {outcome:?}"
        );
    }
    for id in ["", ".", ".."] {
        let outcome = p.delete(&ContactId::new(id)).await;
        assert!(
            matches!(outcome, Err(ref e) if e.is_not_found()),
            "{id:?}: {outcome:?}"
        );
        let report = p.delete_many(&[ContactId::new(id)], 4).await;
        assert!(report.deleted.is_empty(), "{id:?}");
    }
    assert_eq!(
        seen(&server).await,
        Vec::<String>::new(),
        "no request at all"
    );

    p.delete_matching(&DeleteTarget::EveryContact)
        .await
        .unwrap();
    assert_eq!(seen(&server).await, ["DELETE /v2/contacts"]);
}

/// The bare provider refuses a filter in the contract's own words ([`validate::filter`], what
/// the Checked layer says in front of it), for listings as for deletes, a metadata path that
/// is not `property.field` included, and sends nothing.
#[tokio::test]
async fn the_bare_provider_refuses_a_filter_as_the_contract_does() {
    let server = MockServer::start().await;
    let p = bare(&server);
    for filter in [
        ContactFilter::new().label(""),
        ContactFilter::new().property("", "x"),
        ContactFilter::new().property("phoneNumber", ""),
        ContactFilter::new().metadata("phoneNumber.isBlocked", ""),
        ContactFilter::new().metadata("", "true"),
        ContactFilter::new().metadata("isBlocked", "true"),
    ] {
        let expected = validate::filter(p.name(), p.capabilities(), &filter)
            .unwrap_err()
            .to_string();
        let listed: Result<Vec<_>, _> = p
            .list(ContactQuery::new().filter(filter.clone()))
            .try_collect()
            .await;
        assert_eq!(listed.unwrap_err().to_string(), expected, "list {filter:?}");
        let deleted = p
            .delete_matching(&DeleteTarget::Matching(filter.clone()))
            .await;
        assert_eq!(
            deleted.unwrap_err().to_string(),
            expected,
            "delete {filter:?}"
        );
    }
    assert_eq!(seen(&server).await, Vec::<String>::new(), "no request");
}
