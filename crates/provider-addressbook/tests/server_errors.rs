//! Atom documents three statuses only ("200 - Success. 403 - Authentication failed. 500 -
//! Server error."), so an unknown id may well come as a 500 (wiremock on 127.0.0.1, answering
//! in the documented envelope). A 500 whose body says the record is missing is `NotFound` at
//! once; a 500 that says nothing is retried only while the contact is still in its book; a
//! contact that vanishes while its book is listed is skipped.

use contacts_core::{
    ContactId, ContactPatch, ContactProvider, ContactQuery, Error, GetOptions, Standard,
};
use provider_addressbook::AddressBookProvider;
use serde_json::json;
use wiremock::matchers::body_partial_json;
use wiremock::{MockServer, ResponseTemplate};

mod common;
use common::{ok, posted, requests_to, requests_with};

/// A 500 with Atom's error envelope (its shape is undocumented; this one mirrors the success
/// envelope and the documented `rate_limited` error code).
fn server_error(message: &str) -> ResponseTemplate {
    ResponseTemplate::new(500)
        .set_body_json(json!({"status": "error", "error": "server_error", "message": message}))
}

/// Book 7's `address-book/detail` lists `ids` (`times` answers, or every one from now on).
async fn book_holds(server: &MockServer, ids: &[u64], times: Option<u64>) {
    let contacts: Vec<_> = ids
        .iter()
        .map(|id| json!({"id": id, "first_name": format!("n{id}"), "phone_number": format!("04{id}")}))
        .collect();
    let mock = posted("address-book/detail")
        .and(body_partial_json(json!({"id": 7})))
        .respond_with(ok(json!({"id": 7, "name": "Book", "contacts": contacts})));
    match times {
        Some(n) => mock.up_to_n_times(n).with_priority(1).mount(server).await,
        None => mock.with_priority(2).mount(server).await,
    }
}

/// `contact/detail` of `id` answers the full record.
async fn detail_answers(server: &MockServer, id: u64) {
    posted("contact/detail")
        .and(body_partial_json(json!({"id": id.to_string()})))
        .respond_with(ok(json!({"contact": {
            "id": id, "first_name": format!("n{id}"), "phone_number": format!("04{id}"),
            "company": "ACME"
        }})))
        .mount(server)
        .await;
}

/// A provider of book 7 that would try a call 4 times, with short waits.
fn provider(server: &MockServer) -> Standard<AddressBookProvider> {
    let options = contacts_testkit::retrying(4);
    contacts_testkit::atom::provider_at(&server.uri(), "atom-token", 7, options)
}

/// Ways a server may word "no such record" (the vendor documents none): the emulator's
/// deviation, other phrasings, a framework's model-not-found message, a bare code.
fn not_found_bodies() -> Vec<ResponseTemplate> {
    vec![
        server_error("Contact not found."),
        server_error("Contact 5 does not exist"),
        server_error("No query results for model [App\\Models\\Contact] 5"),
        server_error("Record not found"),
        ResponseTemplate::new(500).set_body_json(json!({"status": "error", "error": "not_found"})),
    ]
}

#[tokio::test]
async fn a_500_saying_not_found_is_not_found_at_once_on_get_edit_and_delete() {
    for body in not_found_bodies() {
        let server = MockServer::start().await;
        book_holds(&server, &[5], None).await;
        for endpoint in ["contact/detail", "contact/edit", "contact/delete"] {
            posted(endpoint)
                .respond_with(body.clone())
                .mount(&server)
                .await;
        }
        let p = provider(&server);
        let id = ContactId::new("5");
        let got = p.get(&id, &GetOptions::default()).await;
        assert_eq!(got.unwrap_err(), Error::contact_not_found(&id));
        assert_eq!(requests_to(&server, "contact/detail").await, 1, "no retry");

        let patch = ContactPatch::new().set("firstName", "Jane");
        assert_eq!(
            p.update(&id, &patch).await.unwrap_err(),
            Error::contact_not_found(&id)
        );
        assert_eq!(requests_to(&server, "contact/edit").await, 1, "no retry");

        assert_eq!(
            p.delete(&id).await.unwrap_err(),
            Error::contact_not_found(&id)
        );
        assert_eq!(requests_to(&server, "contact/delete").await, 1);
        assert_eq!(
            requests_to(&server, "contact/detail").await,
            1,
            "a delete the server says found nothing is not re-checked by reading the contact"
        );
    }
}

#[tokio::test]
async fn a_500_that_says_nothing_is_retried_only_while_the_contact_is_in_its_book() {
    // The contact is still listed: a genuine server error, tried again until it answers.
    let server = MockServer::start().await;
    book_holds(&server, &[5], None).await;
    posted("contact/detail")
        .respond_with(server_error("The server encountered an error."))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    detail_answers(&server, 5).await;
    let got = provider(&server)
        .get(&ContactId::new("5"), &GetOptions::default())
        .await
        .unwrap();
    assert_eq!(got.properties.company(), Some("ACME"));
    assert_eq!(requests_to(&server, "contact/detail").await, 3);

    // The contact left the book after the first look: the 500 meant "no such contact".
    let server = MockServer::start().await;
    book_holds(&server, &[5], Some(1)).await;
    book_holds(&server, &[], None).await;
    posted("contact/detail")
        .respond_with(server_error("The server encountered an error."))
        .mount(&server)
        .await;
    let id = ContactId::new("5");
    let err = provider(&server)
        .get(&id, &GetOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err, Error::contact_not_found(&id));
    assert_eq!(
        requests_to(&server, "contact/detail").await,
        1,
        "a contact that is gone is not asked for again"
    );
}

#[tokio::test]
async fn a_contact_deleted_while_its_book_is_listed_is_skipped() {
    // Contact 2 is listed, then gone when its full record is read: once with a body that says
    // so, once with one that does not (the book, read again, no longer holds it).
    for (body, book_forgets) in [
        (server_error("Contact not found."), false),
        (server_error("The server encountered an error."), true),
    ] {
        let server = MockServer::start().await;
        if book_forgets {
            book_holds(&server, &[1, 2, 3], Some(1)).await;
            book_holds(&server, &[1, 3], None).await;
        } else {
            book_holds(&server, &[1, 2, 3], None).await;
        }
        detail_answers(&server, 1).await;
        detail_answers(&server, 3).await;
        posted("contact/detail")
            .and(body_partial_json(json!({"id": "2"})))
            .respond_with(body)
            .mount(&server)
            .await;
        let listed = contacts_testkit::listed(&provider(&server), ContactQuery::new()).await;
        let ids: Vec<&str> = listed.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["1", "3"], "book forgets: {book_forgets}");
        assert_eq!(listed[1].properties.company(), Some("ACME"));
        let asked_for_2 =
            requests_with(&server, "contact/detail", |b| *b == json!({"id": "2"})).await;
        assert_eq!(asked_for_2, 1, "book forgets: {book_forgets}: no retry");
    }
}
