//! The adapter against odd Atom answers (wiremock on 127.0.0.1): ids as strings, error
//! envelopes on HTTP 200, 403, 429 with Retry-After, empty strings read back.

use contacts_core::{
    Contact, ContactId, ContactPatch, ContactProvider, ContactQuery, Error, GetOptions, NewContact,
    Standard,
};
use contacts_testkit::{assert_refused, contact_outcomes, hostile_ids};
use provider_addressbook::{AddressBookProvider, FieldMap};
use serde_json::json;
use std::time::{Duration, Instant};
use wiremock::matchers::{body_partial_json, header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::{ok, posted, requests_to};

/// Book 7's `address-book/detail` lists the contacts `ids`: a provider of book 7 looks there
/// before it reads, changes or deletes a contact by its account-wide id.
async fn book_holds(server: &MockServer, ids: &[u64]) {
    let contacts: Vec<_> = ids
        .iter()
        .map(|id| json!({"id": id, "phone_number": "1"}))
        .collect();
    posted("address-book/detail")
        .and(body_partial_json(json!({"id": 7})))
        .respond_with(ok(json!({"contacts": contacts})))
        .mount(server)
        .await;
}

/// Answers every `POST /api/{endpoint}` with `reply`.
async fn answer(server: &MockServer, endpoint: &str, reply: ResponseTemplate) {
    posted(endpoint).respond_with(reply).mount(server).await;
}

/// Reads contact `id` through a provider of book 7 on `server`.
async fn get(server: &MockServer, id: &str) -> Result<Contact, Error> {
    provider(server)
        .get(&ContactId::new(id), &GetOptions::default())
        .await
}

fn provider(server: &MockServer) -> Standard<AddressBookProvider> {
    let options = contacts_testkit::retrying(3);
    contacts_testkit::atom::provider_at(&server.uri(), "atom-token", 7, options)
}

#[tokio::test]
async fn ids_as_strings_and_empty_fields_read_back_as_no_value() {
    let server = MockServer::start().await;
    book_holds(&server, &[5]).await;
    posted("contact/detail")
        .and(header("authorization", "Bearer atom-token"))
        .and(body_partial_json(json!({"id": "5"})))
        .respond_with(ok(json!({"contact": {
            "id": "5", "first_name": "", "last_name": null, "company": "ACME",
            "phone_number": "0412345678", "custom_1": "", "custom_2": "vip"
        }})))
        .mount(&server)
        .await;
    let c = get(&server, "5").await.unwrap();
    assert_eq!(c.id.as_str(), "5");
    assert_eq!(c.properties.phone_number(), Some("0412345678"));
    assert_eq!(c.properties.company(), Some("ACME"));
    assert_eq!(c.properties.first_name(), None, "\"\" is no value");
    assert_eq!(c.properties.get("custom2"), Some("vip"));
    assert_eq!(c.properties.len(), 3);
    assert_eq!(c.address_book.unwrap().as_str(), "7");
}

#[tokio::test]
async fn an_error_envelope_on_200_is_not_found() {
    let envelope = json!({"status": "error", "error": "not_found", "message": "Contact not found"});
    let server = detailing(&[9], ResponseTemplate::new(200).set_body_json(envelope)).await;
    let err = get(&server, "9").await.unwrap_err();
    assert_eq!(err, Error::contact_not_found(&ContactId::new("9")));
    let err = get(&server, "not-a-number").await.unwrap_err();
    assert!(err.is_not_found());
}

#[tokio::test]
async fn forbidden_is_unauthenticated_and_never_shows_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(403).set_body_json(
            json!({"status": "error", "error": "authentication_failed", "message": "Invalid token atom-token"}),
        ))
        .mount(&server)
        .await;
    let err = get(&server, "1").await.unwrap_err();
    assert!(matches!(err, Error::Unauthenticated { .. }), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("atom-token"));
}

#[tokio::test]
async fn rate_limited_answers_are_retried_after_retry_after() {
    let server = MockServer::start().await;
    posted("contact/new")
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(json!({"status": "error", "error": "rate_limited", "message": "Too many requests"})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    posted("contact/new")
        .and(body_partial_json(
            json!({"group_id": 7, "phone_number": "0400"}),
        ))
        .respond_with(ok(json!({"id": "77"})))
        .mount(&server)
        .await;
    answer(
        &server,
        "address-book/detail",
        ok(json!({"id": 7, "name": "B", "contacts": []})),
    )
    .await;
    let start = Instant::now();
    let created = provider(&server)
        .create(&[NewContact::new().property("phoneNumber", "0400")])
        .await
        .unwrap();
    assert!(start.elapsed() >= Duration::from_millis(950));
    assert_eq!(
        created[0].id.as_str(),
        "77",
        "a string id is read as the id"
    );
    let news = requests_to(&server, "contact/new").await;
    assert_eq!(news, 2, "one refused with 429, one accepted: no duplicate");
}

#[tokio::test]
async fn keys_and_labels_atom_cannot_store_are_refused_before_sending() {
    let server = MockServer::start().await;
    let p = provider(&server);
    let err = p
        .create(&[NewContact::new()
            .property("phoneNumber", "1")
            .property("email", "a@b")])
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput { ref field, .. } if field.contains("email")),
        "{err:?}"
    );
    let err = p
        .create(&[NewContact::new().property("phoneNumber", "1").label("VIP")])
        .await
        .unwrap_err();
    assert!(err.is_unsupported());
    let err = p
        .create(&[NewContact::new().property("firstName", "x")])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { ref field, .. } if field.contains("phoneNumber")));
    let err = p
        .update(&ContactId::new("1"), &ContactPatch::new().add_label("x"))
        .await
        .unwrap_err();
    assert!(err.is_unsupported());
    let q = ContactQuery::new().filter(contacts_core::ContactFilter::new().label("x"));
    assert!(p.list_page(&q, None).await.unwrap_err().is_unsupported());
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing was sent"
    );
}

#[tokio::test]
async fn removing_a_key_sends_an_empty_string() {
    let server = MockServer::start().await;
    book_holds(&server, &[3]).await;
    posted("contact/edit")
        .and(body_partial_json(
            json!({"id": 3, "company": "", "custom_1": "x"}),
        ))
        .respond_with(ok(json!({"id": 3})))
        .expect(1)
        .mount(&server)
        .await;
    answer(
        &server,
        "contact/detail",
        ok(json!({"contact": {"id": 3, "phone_number": "1", "company": "", "custom_1": "x"}})),
    )
    .await;
    let p = AddressBookProvider::builder()
        .base_url(server.uri())
        .address_book(7)
        .fields(FieldMap::new(["email", "b", "c", "d"]).unwrap())
        .build()
        .unwrap();
    let c = p
        .update(
            &ContactId::new("3"),
            &ContactPatch::new().remove("company").set("email", "x"),
        )
        .await
        .unwrap();
    assert_eq!(c.properties.company(), None);
    assert_eq!(c.properties.email(), Some("x"));
}

/// A server where book 7 holds the contacts `ids` and every `contact/detail` answers
/// `detail`.
async fn detailing(ids: &[u64], detail: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    book_holds(&server, ids).await;
    answer(&server, "contact/detail", detail).await;
    server
}

/// A server whose `contact/edit` succeeds and whose `contact/detail` then shows `after`.
async fn edited_then(after: serde_json::Value) -> MockServer {
    let server = detailing(&[5], ok(json!({"contact": after}))).await;
    answer(&server, "contact/edit", ok(json!({"id": 5}))).await;
    server
}

/// Removes contact 5's first name and sets its last name to "Smith", through a provider of
/// book 7 on `server`.
async fn clear_first_name_of_5(server: &MockServer) -> Result<Contact, Error> {
    let patch = ContactPatch::new()
        .remove("firstName")
        .set("lastName", "Smith");
    provider(server).update(&ContactId::new("5"), &patch).await
}

/// Replaces contact 5 by `contact`, through a provider of book 7 on `server`.
async fn replace_5(server: &MockServer, contact: NewContact) -> Result<Contact, Error> {
    provider(server)
        .replace(&ContactId::new("5"), &contact)
        .await
}

#[tokio::test]
async fn a_field_the_server_does_not_clear_is_an_error_not_a_success() {
    // This server ignores "": first_name keeps its value, last_name is updated.
    let server = edited_then(json!({
        "id": 5, "phone_number": "0412345678", "first_name": "Jo", "last_name": "Smith",
        "company": null, "custom_1": null, "custom_2": null, "custom_3": null, "custom_4": null
    }))
    .await;
    let err = clear_first_name_of_5(&server).await.unwrap_err();
    let Error::Conflict { ref message } = err else {
        panic!("expected a conflict, got {err:?}")
    };
    assert!(message.contains("\"firstName\""), "{message}");
    assert!(message.contains("sent \"\" to clear it"), "{message}");
    assert!(message.contains("otherwise updated"), "{message}");
    let requests = server.received_requests().await.unwrap();
    let edit = requests
        .iter()
        .find(|r| r.url.path() == "/api/contact/edit")
        .expect("an edit was sent");
    let sent: serde_json::Value = serde_json::from_slice(&edit.body).unwrap();
    assert_eq!(sent["first_name"], "", "the removal was sent as \"\"");

    // A replace that clears the company on the same server.
    let server = edited_then(json!({
        "id": 5, "phone_number": "0412345678", "company": "ACME"
    }))
    .await;
    let err = replace_5(
        &server,
        NewContact::new().property("phoneNumber", "0412345678"),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, Error::Conflict { ref message } if message.contains("\"company\"")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_field_the_server_clears_reads_back_absent_and_succeeds() {
    for cleared in [json!(""), json!(null)] {
        let server = edited_then(json!({
            "id": 5, "phone_number": "0412345678", "first_name": cleared, "last_name": "Smith"
        }))
        .await;
        let c = clear_first_name_of_5(&server).await.unwrap();
        assert_eq!(c.properties.first_name(), None);
        assert_eq!(c.properties.last_name(), Some("Smith"));
        let replacement = NewContact::new()
            .property("phoneNumber", "0412345678")
            .property("lastName", "Smith");
        let c = replace_5(&server, replacement).await.unwrap();
        assert_eq!(c.properties.len(), 2);
    }
}

/// Atom answers `contact/detail`, `contact/edit` and `contact/delete` for a contact of any
/// book; a provider of book 7 treats one its book does not list as not there, and sends none
/// of them.
#[tokio::test]
async fn a_contact_of_another_book_is_not_found_and_nothing_is_sent_for_it() {
    let server = MockServer::start().await;
    book_holds(&server, &[1]).await;
    for call in ["contact/detail", "contact/edit", "contact/delete"] {
        posted(call)
            .respond_with(ok(
                json!({"contact": {"id": 8, "phone_number": "1"}, "id": 8}),
            ))
            .expect(0)
            .mount(&server)
            .await;
    }
    let p = provider(&server);
    let other = ContactId::new("8");
    let got = p.get(&other, &GetOptions::default()).await.unwrap_err();
    assert_eq!(got, Error::contact_not_found(&other));
    let patch = ContactPatch::new().set("company", "x");
    assert!(p.update(&other, &patch).await.unwrap_err().is_not_found());
    assert!(p.delete(&other).await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn hostile_ids_are_not_found_and_nothing_is_sent_for_them() {
    use contacts_core::AddressBookId;
    // A recording server where book 7 holds contact 1, which answers every call.
    let server = detailing(
        &[1],
        ok(json!({"contact": {"id": 1, "phone_number": "0412345678"}})),
    )
    .await;
    for endpoint in ["contact/edit", "contact/delete", "address-book/delete"] {
        answer(&server, endpoint, ok(json!({"id": 1}))).await;
    }
    let p = provider(&server);
    let books = p.address_books().expect("Atom declares address books");
    for raw in hostile_ids(&["1 ", "1.0", "0x1"], '1') {
        let id = ContactId::new(raw.clone());
        let book = AddressBookId::new(raw.clone());
        let patch = ContactPatch::new().set("company", "x");
        let replacement = NewContact::new().property("phoneNumber", "1");
        let mut outcomes = contact_outcomes(&p, &id, &patch, &replacement).await;
        outcomes.extend([
            (
                "move",
                books.move_contact(&id, &AddressBookId::new("8")).await,
            ),
            (
                "move to book",
                books.move_contact(&ContactId::new("1"), &book).await,
            ),
            ("rename book", books.rename_book(&book, "x").await.map(drop)),
            ("delete book", books.delete_book(&book).await),
        ]);
        let shown: String = raw.chars().take(12).collect();
        assert_refused(&raw, outcomes);
        let sent: Vec<String> = server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .map(|r| r.url.path().to_owned())
            .collect();
        assert_eq!(sent, Vec::<String>::new(), "{shown:?}: nothing is sent");
    }
}
