//! The Atom emulator's deviations: another plausible answer where the vendor's documentation
//! is silent, chosen on purpose (see `AddressBookDeviation`).

use contacts_emulator::RateLimit;
use contacts_emulator::addressbook::{AddressBookDeviation, AddressBookEmulator};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// An emulator with no rate limit (the vendor's would make a test wait) and `deviation`.
async fn start(deviation: Option<AddressBookDeviation>) -> AddressBookEmulator {
    let builder = AddressBookEmulator::builder().rate_limit(RateLimit::unlimited());
    match deviation {
        Some(d) => builder.deviation(d),
        None => builder,
    }
    .start()
    .await
    .unwrap()
}

async fn call(emu: &AddressBookEmulator, endpoint: &str, body: Value) -> (StatusCode, Value) {
    let resp = Client::new()
        .post(format!("{}/api/{endpoint}", emu.base_url()))
        .bearer_auth(emu.api_key())
        .json(&body)
        .send()
        .await
        .unwrap();
    (resp.status(), resp.json().await.unwrap())
}

/// Every call about an id that names nothing, with the thing it names.
fn unknown_id_calls(book: i64) -> Vec<(&'static str, Value, &'static str)> {
    vec![
        ("contact/detail", json!({"id": "99"}), "Contact"),
        (
            "contact/edit",
            json!({"id": 99, "first_name": "x"}),
            "Contact",
        ),
        ("contact/delete", json!({"id": 99}), "Contact"),
        (
            "contact/new",
            json!({"group_id": 98, "phone_number": "0412345678"}),
            "Address book",
        ),
        (
            "contact/edit",
            json!({"id": 1, "group_id": 98}),
            "Address book",
        ),
        ("address-book/detail", json!({"id": 98}), "Address book"),
        (
            "address-book/edit",
            json!({"id": 98, "name": "x"}),
            "Address book",
        ),
        ("address-book/delete", json!({"id": 98}), "Address book"),
        // Sanity: the book that exists is found.
        ("address-book/detail", json!({"id": book}), ""),
    ]
}

#[tokio::test]
async fn an_unknown_id_is_a_server_error_with_the_deviation_and_404_without() {
    for (deviation, status, code) in [
        (
            Some(AddressBookDeviation::UnknownIdAnswered500),
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
        ),
        (None, StatusCode::NOT_FOUND, "not_found"),
    ] {
        let emu = start(deviation).await;
        let book = emu.create_book("Friends");
        let (created, _) = call(
            &emu,
            "contact/new",
            json!({"group_id": book, "phone_number": "0412345678"}),
        )
        .await;
        assert_eq!(created, StatusCode::OK);
        for (endpoint, body, what) in unknown_id_calls(book) {
            let (got, answer) = call(&emu, endpoint, body.clone()).await;
            if what.is_empty() {
                assert_eq!(got, StatusCode::OK, "{endpoint} {body}: {answer}");
                continue;
            }
            assert_eq!(got, status, "{deviation:?} {endpoint} {body}: {answer}");
            assert_eq!(
                answer,
                json!({"status": "error", "error": code, "message": format!("{what} not found.")}),
                "{deviation:?} {endpoint} {body}"
            );
        }
        // Nothing about an unknown id changed anything.
        assert_eq!(emu.contacts_in(book).len(), 1);
        assert_eq!(emu.books().len(), 1);
        // An unknown endpoint names no id: it stays 404 either way.
        let (got, _) = call(&emu, "contact/nothing", json!({})).await;
        assert_eq!(got, StatusCode::NOT_FOUND, "{deviation:?}");
        emu.shutdown().await;
    }
}

/// What the vendor's address-book page shows, beyond the contacts document: a list call sent
/// with no body at all, and an edit whose name is optional.
#[tokio::test]
async fn a_bodiless_list_and_a_nameless_edit_are_answered_as_the_public_page_shows() {
    let emu = start(None).await;
    let book = emu.create_book("Friends");
    // `curl -X POST "{{api_url}}/api/address-book/list" -H "Authorization: Bearer …"`.
    let resp = Client::new()
        .post(format!("{}/api/address-book/list", emu.base_url()))
        .bearer_auth(emu.api_key())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let listed: Value = resp.json().await.unwrap();
    assert_eq!(
        listed,
        json!({"status": "success", "result": [{"id": book, "name": "Friends"}]})
    );
    // "namestringoptional": without a name the book keeps its own.
    let (status, edited) = call(&emu, "address-book/edit", json!({"id": book})).await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(
        edited["result"],
        json!({"id": book.to_string(), "name": "Friends"})
    );
    let (status, _) = call(&emu, "address-book/edit", json!({"id": book, "name": 5})).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a name that is not a string"
    );
    emu.shutdown().await;
}
