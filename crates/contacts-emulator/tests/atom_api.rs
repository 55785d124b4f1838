//! The Atom emulator over plain HTTP: every endpoint, ids as strings, the envelope, 403, 429.

use contacts_emulator::RateLimit;
use contacts_emulator::addressbook::AddressBookEmulator;
use reqwest::StatusCode;
use serde_json::{Value, json};

mod common;
use common::Api;

impl Api<AddressBookEmulator> {
    async fn start(limit: RateLimit) -> Self {
        AddressBookEmulator::builder()
            .api_key("tok")
            .rate_limit(limit)
            .start()
            .await
            .unwrap()
            .into()
    }

    /// A POST to `endpoint` with `token` as the bearer, its body still to set.
    fn post(&self, endpoint: &str, token: &str) -> reqwest::RequestBuilder {
        self.http
            .post(format!("{}/api/{endpoint}", self.emu.base_url()))
            .bearer_auth(token)
    }

    async fn call(&self, endpoint: &str, body: Value) -> (StatusCode, Value) {
        let resp = self.post(endpoint, "tok").json(&body).send().await.unwrap();
        (resp.status(), resp.json().await.unwrap())
    }

    async fn ok(&self, endpoint: &str, body: Value) -> Value {
        let (status, v) = self.call(endpoint, body).await;
        assert_eq!(status, 200, "{endpoint}: {v}");
        assert_eq!(v["status"], "success", "{v}");
        v["result"].clone()
    }
}

#[tokio::test]
async fn address_books_and_contacts_end_to_end() {
    let api = Api::start(RateLimit::unlimited()).await;
    let book = api.ok("address-book/new", json!({"name": "Friends"})).await;
    assert_eq!(book["name"], "Friends");
    let book_id = book["id"].as_u64().expect("an integer id");
    let other = api.ok("address-book/new", json!({"name": "Work"})).await["id"]
        .as_u64()
        .unwrap();
    let renamed = api
        .ok(
            "address-book/edit",
            json!({"id": other.to_string(), "name": "Office"}),
        )
        .await;
    assert_eq!(
        renamed,
        json!({"id": other.to_string(), "name": "Office"}),
        "edit answers the id as a string"
    );
    let list = api.ok("address-book/list", json!({})).await;
    assert_eq!(
        list,
        json!([{"id": book_id, "name": "Friends"}, {"id": other, "name": "Office"}])
    );

    let created = api
        .ok("contact/new", json!({"group_id": book_id.to_string(), "phone_number": "0412345678", "first_name": "John", "last_name": "Doe", "company": "ABC", "custom_1": "c1"}))
        .await;
    let id = created["id"]
        .as_u64()
        .expect("contact/new answers an integer id");
    let detail = api
        .ok("contact/detail", json!({"id": id.to_string()}))
        .await;
    let contact = &detail["contact"];
    assert_eq!(contact["id"], id);
    assert_eq!(contact["phone_number"], "0412345678", "stored as given");
    assert_eq!(contact["company"], "ABC");
    assert_eq!(contact["custom_2"], Value::Null, "unset fields are null");
    assert!(
        contact.get("group_id").is_none(),
        "detail has no group_id, as documented"
    );

    let abbreviated = api.ok("address-book/detail", json!({"id": book_id})).await;
    assert_eq!(
        abbreviated["contacts"],
        json!([{"id": id, "first_name": "John", "last_name": "Doe", "phone_number": "0412345678"}])
    );

    let edited = api
        .ok(
            "contact/edit",
            json!({"id": id, "first_name": "Jane", "company": ""}),
        )
        .await;
    assert_eq!(edited, json!({"id": id}));
    let contact = api.ok("contact/detail", json!({"id": id})).await["contact"].clone();
    assert_eq!(contact["first_name"], "Jane");
    assert_eq!(
        contact["company"],
        Value::Null,
        "an empty string clears a field"
    );
    assert_eq!(contact["last_name"], "Doe");
    let (status, v) = api
        .call("contact/edit", json!({"id": id, "phone_number": ""}))
        .await;
    assert_eq!(
        (status.as_u16(), v["error"].as_str()),
        (400, Some("invalid_request"))
    );

    api.ok("contact/edit", json!({"id": id, "group_id": other}))
        .await;
    assert_eq!(
        api.ok("address-book/detail", json!({"id": book_id})).await["contacts"],
        json!([])
    );
    assert_eq!(
        api.emu.contacts_in(other as i64).len(),
        1,
        "edit with group_id moves the contact"
    );

    assert_eq!(
        api.ok("contact/delete", json!({"id": id})).await,
        json!({"id": id})
    );
    let (status, v) = api.call("contact/detail", json!({"id": id})).await;
    assert_eq!(status, 404);
    assert_eq!(
        v,
        json!({"status": "error", "error": "not_found", "message": "Contact not found."})
    );
    let (status, _) = api.call("contact/delete", json!({"id": id})).await;
    assert_eq!(status, 404);

    api.ok(
        "contact/new",
        json!({"group_id": other, "phone_number": "1"}),
    )
    .await;
    api.ok("address-book/delete", json!({"id": other})).await;
    assert_eq!(api.emu.books().len(), 1);
    assert!(
        api.emu.contacts_in(other as i64).is_empty(),
        "a deleted book takes its contacts along"
    );
}

#[tokio::test]
async fn missing_fields_bad_ids_and_bodies_are_4xx_envelopes_and_it_keeps_serving() {
    let api = Api::start(RateLimit::unlimited()).await;
    let book = api.emu.create_book("B");
    let cases = [
        ("contact/new", json!({"phone_number": "1"})),
        ("contact/new", json!({"group_id": book})),
        (
            "contact/new",
            json!({"group_id": "abc", "phone_number": "1"}),
        ),
        ("contact/new", json!({"group_id": book, "phone_number": 5})),
        ("address-book/new", json!({})),
        ("contact/detail", json!({})),
    ];
    for (endpoint, body) in cases {
        let (status, v) = api.call(endpoint, body.clone()).await;
        assert_eq!(status, 400, "{endpoint} {body}: {v}");
        assert_eq!(v["status"], "error");
        assert_eq!(v["error"], "invalid_request");
    }
    let (status, v) = api
        .call("contact/new", json!({"group_id": 999, "phone_number": "1"}))
        .await;
    assert_eq!(
        (status.as_u16(), v["error"].as_str()),
        (404, Some("not_found"))
    );

    let new = api.post("contact/new", "tok");
    let resp = new.body("{not json").send().await.unwrap();
    assert_eq!(resp.status(), 400);
    assert_eq!(resp.json::<Value>().await.unwrap()["error"], "invalid_json");
    let big = vec![b' '; contacts_emulator::MAX_BODY_BYTES + 1];
    let resp = api
        .post("contact/new", "tok")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 413);
    assert_eq!(
        resp.json::<Value>().await.unwrap()["error"],
        "payload_too_large"
    );
    let url = format!("{}/api/contact/new", api.emu.base_url());
    let resp = api.http.get(&url).bearer_auth("tok").send().await.unwrap();
    assert_eq!(resp.status(), 405, "every call is a POST");
    let nothing = api.post("nothing", "tok").json(&json!({}));
    let resp = nothing.send().await.unwrap();
    assert_eq!(resp.status(), 404);
    api.ok(
        "contact/new",
        json!({"group_id": book, "phone_number": "1"}),
    )
    .await;
}

#[tokio::test]
async fn a_wrong_token_is_403_not_401() {
    let api = Api::start(RateLimit::unlimited()).await;
    let list = api.post("address-book/list", "wrong").json(&json!({}));
    let resp = list.send().await.unwrap();
    assert_eq!(resp.status(), 403);
    let v: Value = resp.json().await.unwrap();
    assert_eq!(v["status"], "error");
    assert_eq!(v["error"], "authentication_failed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_past_the_limit_gets_429_with_retry_after_in_whole_seconds() {
    let api = Api::start(RateLimit {
        per_second: 2.0,
        burst: 5,
    })
    .await;
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..12 {
        let list = api.post("address-book/list", "tok").json(&json!({}));
        let resp = list.send().await.unwrap();
        statuses.push(resp.status().as_u16());
        if resp.status() == 429 {
            retry_after = resp
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_owned());
            let v: Value = resp.json().await.unwrap();
            assert_eq!(v["error"], "rate_limited");
        }
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        5,
        "the burst passes: {statuses:?}"
    );
    assert!(
        statuses.iter().filter(|s| **s == 429).count() >= 6,
        "{statuses:?}"
    );
    let secs: u64 = retry_after
        .expect("Retry-After on 429")
        .parse()
        .expect("whole seconds");
    assert!(secs >= 1);
    assert_eq!(
        api.emu.stats().count(429),
        statuses.iter().filter(|s| **s == 429).count() as u64
    );
    api.emu.set_rate_limit(RateLimit::unlimited());
    api.ok("address-book/list", json!({})).await;
}
