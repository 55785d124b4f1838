//! The iP1 emulator over plain HTTP: every endpoint and documented behaviour.

use contacts_emulator::ip1::Ip1Emulator;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

mod common;
use common::Api;

/// What a request got: its status, headers and JSON answer (`Null` when empty).
type Answer = (StatusCode, reqwest::header::HeaderMap, Value);

impl Api<Ip1Emulator> {
    async fn start() -> Self {
        Ip1Emulator::builder()
            .api_key("key")
            .import_delay(Duration::from_millis(30))
            .start()
            .await
            .unwrap()
            .into()
    }

    fn url(&self, path: &str) -> String {
        format!("{}/v2{path}", self.emu.base_url())
    }

    fn req(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, self.url(path)).bearer_auth("key")
    }

    async fn json(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Answer {
        let mut req = self.req(method, path);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, headers, value)
    }

    /// `GET path`.
    async fn get(&self, path: &str) -> Answer {
        self.json(reqwest::Method::GET, path, None).await
    }

    /// `POST path` with the JSON `body`.
    async fn post(&self, path: &str, body: Value) -> Answer {
        self.json(reqwest::Method::POST, path, Some(body)).await
    }

    /// `DELETE path`.
    async fn delete(&self, path: &str) -> Answer {
        self.json(reqwest::Method::DELETE, path, None).await
    }

    /// Contact `id` as read with its metadata (`?meta`).
    async fn read_meta(&self, id: &str) -> Value {
        let path = format!("/contacts/{id}?meta");
        self.get(&path).await.2
    }

    /// Creates one contact of `phone_number` synchronously and reads it back with its
    /// metadata: how the emulator reads a number.
    async fn created_with_meta(&self, phone_number: &str) -> Value {
        let doc = json!({"properties": {"phoneNumber": phone_number}});
        let (_, _, created) = self.post("/contacts?sync", doc).await;
        self.read_meta(created["id"].as_str().unwrap()).await
    }
}

fn next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    let link = headers.get("link")?.to_str().ok()?;
    link.split(", ")
        .find(|l| l.ends_with("rel=\"next\""))
        .map(|l| l[1..l.find('>').unwrap()].to_owned())
}

#[tokio::test]
async fn walking_next_links_visits_1050_contacts_once_in_11_pages() {
    let api = Api::start().await;
    let docs: Vec<Value> = (0..1050)
        .map(|i| json!({"properties": {"n": i.to_string()}}))
        .collect();
    api.emu.seed(docs);
    let mut url = api.url("/contacts?limit=100");
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let resp = api.http.get(&url).bearer_auth("key").send().await.unwrap();
        assert_eq!(resp.status(), 200);
        let next = next_link(resp.headers());
        let link = resp.headers()["link"].to_str().unwrap().to_owned();
        assert!(
            link.contains("rel=\"self\"")
                && link.contains("rel=\"first\"")
                && link.contains("rel=\"last\""),
            "{link}"
        );
        let page: Vec<Value> = resp.json().await.unwrap();
        pages += 1;
        seen.extend(
            page.into_iter()
                .map(|c| c["id"].as_str().unwrap().to_owned()),
        );
        match next {
            Some(n) => {
                assert!(
                    n.starts_with(&api.emu.base_url()),
                    "links use the request's own scheme and host: {n}"
                );
                url = n;
            }
            None => break,
        }
    }
    assert_eq!(pages, 11);
    assert_eq!(seen.len(), 1050);
    assert_eq!(seen.iter().collect::<BTreeSet<_>>().len(), 1050);
}

#[tokio::test]
async fn desc_is_asc_reversed_and_bad_pagination_is_a_problem() {
    let api = Api::start().await;
    api.emu.seed(
        (0..7)
            .map(|i| json!({"properties": {"n": i.to_string()}}))
            .collect(),
    );
    let (_, _, asc) = api.get("/contacts?order=ASC").await;
    let (_, headers, desc) = api.get("/contacts?order=DESC").await;
    let mut desc = desc.as_array().unwrap().clone();
    desc.reverse();
    assert_eq!(&desc, asc.as_array().unwrap());
    assert!(headers["link"].to_str().unwrap().contains("order=DESC"));
    for bad in ["limit=0", "limit=5000", "start=-1", "order=SIDEWAYS"] {
        let resp = api
            .req(reqwest::Method::GET, &format!("/contacts?{bad}"))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400, "{bad}");
        assert_eq!(resp.headers()["content-type"], "application/problem+json");
        let body: Value = resp.json().await.unwrap();
        assert!(
            body["detail"]
                .as_str()
                .unwrap()
                .contains("Pagination or path parameters invalid"),
            "{body}"
        );
        assert_eq!(body["status"], 400);
        assert!(
            body.get("title").is_some()
                && body.get("type").is_some()
                && body.get("instance").is_some()
        );
    }
}

#[tokio::test]
async fn sync_import_returns_ids_background_import_becomes_visible_and_1001_is_refused() {
    let api = Api::start().await;
    let (status, _, created) = api
        .post(
            "/contacts?sync",
            json!([{"properties": {"phoneNumber": "+46701234567"}, "labels": ["Coworker"]}]),
        )
        .await;
    assert_eq!(status, 200);
    let id = created[0]["id"].as_str().unwrap();
    assert_eq!(id.len(), 24);
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(
        created[0]["labels"],
        json!(["Coworker", "all"]),
        "the system label `all` on every contact"
    );
    assert!(created[0]["ownerId"].is_string());

    let (status, _, body) = api
        .post("/contacts", json!([{"properties": {"n": "bg"}}]))
        .await;
    assert_eq!(status, 202);
    assert_eq!(body, Value::Null, "no ids for a background import");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (_, _, list) = api.get("/contacts?properties%5Bn%5D=bg").await;
        if list.as_array().unwrap().len() == 1 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the background import never became visible"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let many: Vec<Value> = (0..1001)
        .map(|i| json!({"properties": {"n": i.to_string()}}))
        .collect();
    let (status, _, body) = api.post("/contacts?sync=1", Value::Array(many)).await;
    assert_eq!(status, 400);
    assert!(body["detail"].as_str().unwrap().contains("1000"), "{body}");
    assert_eq!(
        api.emu.contacts().len(),
        2,
        "nothing of the refused import was stored"
    );
}

#[tokio::test]
async fn get_patch_put_delete_and_validation() {
    let api = Api::start().await;
    let id = api.emu.seed(vec![json!({"properties": {"phoneNumber": "+46701234567", "email": "a@b", "company": "X"}, "labels": ["A", "B"]})]).remove(0);
    let (status, _, c) = api.get(&format!("/contacts/{id}")).await;
    assert_eq!(status, 200);
    assert!(c.get("metadata").is_none(), "metadata only with `meta`");
    let c = api.read_meta(&id).await;
    let meta = &c["metadata"]["phoneNumber"];
    assert_eq!(meta["isPossiblePhoneNumber"], "true");
    assert_eq!(meta["isValidPhoneNumber"], "true");
    assert_eq!(meta["phoneNumberType"], "MOBILE");
    assert_eq!(meta["parsedMSISDN"], "46701234567");
    assert_eq!(meta["isBlocked"], "false");

    let (status, _, c) = api
        .json(
            reqwest::Method::PATCH,
            &format!("/contacts/{id}"),
            Some(json!({"properties": {"email": null, "firstName": "Ic"}})),
        )
        .await;
    assert_eq!(status, 200);
    assert!(c["properties"].get("email").is_none(), "null removes");
    assert_eq!(c["properties"]["company"], "X", "absent keys untouched");
    assert_eq!(c["properties"]["firstName"], "Ic");
    assert_eq!(c["labels"], json!(["A", "B", "all"]));

    let (status, _, c) = api
        .json(
            reqwest::Method::PUT,
            &format!("/contacts/{id}"),
            Some(json!({"properties": {"phoneNumber": "+46701234568"}})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(c["properties"], json!({"phoneNumber": "+46701234568"}));
    assert_eq!(c["labels"], json!(["all"]), "PUT replaces the labels too");

    let (status, _, body) = api
        .json(
            reqwest::Method::PATCH,
            &format!("/contacts/{id}"),
            Some(json!({"properties": {"age": 42}})),
        )
        .await;
    assert_eq!(status, 400);
    assert!(body["errors"]["properties.age"].is_array(), "{body}");
    let (status, _, body) = api
        .post(
            "/contacts?sync",
            json!([{"properties": {"ok": "1"}}, {"properties": {"n": true}}]),
        )
        .await;
    assert_eq!(status, 400);
    assert!(body["errors"]["[1].properties.n"].is_array(), "{body}");

    let (status, _, _) = api.delete(&format!("/contacts/{id}")).await;
    assert_eq!(status, 200);
    for method in [
        reqwest::Method::GET,
        reqwest::Method::DELETE,
        reqwest::Method::PATCH,
        reqwest::Method::PUT,
    ] {
        let body = if method == reqwest::Method::GET || method == reqwest::Method::DELETE {
            None
        } else {
            Some(json!({"properties": {}}))
        };
        let (status, headers, body) = api
            .json(method.clone(), &format!("/contacts/{id}"), body)
            .await;
        assert_eq!(status, 404, "{method}");
        assert_eq!(headers["content-type"], "application/problem+json");
        assert_eq!(body["status"], 404);
    }
}

#[tokio::test]
async fn filters_mass_delete_summary_labels_and_blacklist() {
    let api = Api::start().await;
    let ids = api.emu.seed(vec![
        json!({"properties": {"phoneNumber": "+46701234567", "email": "a@x.se"}, "labels": ["Coworker"]}),
        json!({"properties": {"phoneNumber": "+46701234568"}, "labels": ["Sales"]}),
        json!({"properties": {"phoneNumber": "+46701234569", "email": "c@x.se"}}),
    ]);
    let count = |v: &Value| v.as_array().unwrap().len();
    let (_, _, v) = api.get("/contacts?labels=Coworker").await;
    assert_eq!(count(&v), 1);
    let (_, _, v) = api.get("/contacts?labels=Coworker&labels=Sales").await;
    assert_eq!(count(&v), 2, "several labels are OR-ed (documented choice)");
    let (_, _, v) = api.get("/contacts?properties%5Bemail%5D=c%40x.se").await;
    assert_eq!(count(&v), 1);

    let (status, _, _) = api
        .post("/blacklist", json!({"msisdn": "46701234568"}))
        .await;
    assert_eq!(status, 200);
    let (_, _, v) = api
        .get("/contacts?metadata%5BphoneNumber.isBlocked%5D=true")
        .await;
    assert_eq!(count(&v), 1);
    assert_eq!(v[0]["id"], ids[1].as_str());
    let (_, _, v) = api.get("/blacklist").await;
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(v[0]["msisdn"], "46701234568", "the documented entry: {v}");
    // One number at a time, in this order: read, add, remove, read again.
    for (method, path, expected) in [
        (reqwest::Method::GET, "/blacklist/46701234568", 200),
        (reqwest::Method::PUT, "/blacklist/46700000000", 200),
        (reqwest::Method::DELETE, "/blacklist/46700000000", 200),
        (reqwest::Method::GET, "/blacklist/46700000000", 404),
    ] {
        let status = api.json(method.clone(), path, None).await.0;
        assert_eq!(status, expected, "{method} {path}");
    }

    let (status, _, v) = api
        .post("/labels/Campaign/contacts", json!([ids[0], ids[2]]))
        .await;
    assert_eq!(status, 200);
    assert_eq!(v, json!({"labelName": "Campaign", "usageCount": 2}));
    let (_, _, summary) = api.get("/contacts/meta").await;
    assert_eq!(summary["totalCount"], 3);
    assert!(
        summary["labels"]
            .as_array()
            .unwrap()
            .contains(&json!({"labelName": "all", "usageCount": 3}))
    );
    let email = summary["properties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["propertyName"] == "email")
        .unwrap();
    assert_eq!(email["usageCount"], 2);
    assert_eq!(email["maxLength"], 6);
    assert_eq!(email["minLength"], 6);
    assert_eq!(email["averageLength"], 6);
    let (_, _, v) = api.delete("/labels/Campaign").await;
    assert_eq!(v, json!({"labelName": "Campaign", "usageCount": 2}));
    let (_, _, v) = api.get("/contacts?labels=Campaign").await;
    assert_eq!(count(&v), 0, "the label is gone, the contacts stay");
    assert_eq!(api.emu.contacts().len(), 3);

    let (status, _, deleted) = api.delete("/contacts?labels=Sales").await;
    assert_eq!(status, 200);
    assert_eq!(
        count(&deleted),
        1,
        "mass delete returns the deleted contacts"
    );
    let (_, _, deleted) = api.delete("/contacts").await;
    assert_eq!(
        count(&deleted),
        2,
        "no filter deletes every contact, as documented"
    );
    assert!(api.emu.contacts().is_empty());
}

#[tokio::test]
async fn a_wrong_key_is_401_and_bad_bodies_are_400_or_413_then_it_keeps_serving() {
    let api = Api::start().await;
    let resp = api
        .http
        .get(api.url("/contacts"))
        .bearer_auth("nope")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["statusCode"], 401);
    assert_eq!(
        api.http
            .get(api.url("/contacts"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );

    let resp = api
        .req(reqwest::Method::POST, "/contacts?sync")
        .header("content-type", "application/json")
        .body("[{\"properties\":")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
    let big = vec![b'['; contacts_emulator::MAX_BODY_BYTES + 10];
    let resp = api
        .req(reqwest::Method::POST, "/contacts?sync")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 413);
    let (status, _, _) = api.post("/contacts?sync", json!({"not": "an array"})).await;
    assert_eq!(status, 400);
    let (status, _, v) = api.get("/contacts").await;
    assert_eq!(status, 200, "still serving");
    assert_eq!(v, json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundreds_of_concurrent_connections_are_served() {
    let api = Api::start().await;
    api.emu.seed(vec![json!({"properties": {"n": "1"}})]);
    let tasks: Vec<_> = (0..300)
        .map(|_| {
            // A client per task: 300 separate connections.
            let url = api.url("/contacts");
            tokio::spawn(async move {
                Client::new()
                    .get(url)
                    .bearer_auth("key")
                    .send()
                    .await
                    .map(|r| r.status())
            })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap(), 200);
    }
    assert_eq!(api.emu.stats().count(200), 300);
}

#[tokio::test]
async fn the_vendors_csharp_sample_posts_one_object_and_gets_one_object() {
    let api = Api::start().await;
    // The body of the document's C# sample, key with a trailing blank included.
    let sample = json!({
        "properties": {"phoneNumber": "46712345678", "email": "icarus@example.com",
                       "firstName": "Icarus", "lastName ": "Sol", "department": "Sales"},
        "labels": ["Coworker", "Sales"]
    });
    let (status, _, created) = api.post("/contacts?sync", sample.clone()).await;
    assert_eq!(status, 200);
    assert!(
        created.is_object(),
        "an object in, an object out: {created}"
    );
    assert_eq!(created["properties"]["phoneNumber"], "46712345678");
    assert_eq!(created["properties"]["lastName "], "Sol");
    assert_eq!(created["labels"], json!(["Coworker", "Sales", "all"]));
    let id = created["id"].as_str().unwrap();

    // Its digits-only number is read as international.
    let read = api.read_meta(id).await;
    let meta = &read["metadata"]["phoneNumber"];
    assert_eq!(meta["parsedMSISDN"], "46712345678", "{meta}");
    assert_eq!(meta["isPossiblePhoneNumber"], "true", "{meta}");
    assert_eq!(meta["isValidPhoneNumber"], "true", "{meta}");
    assert_eq!(meta["phoneNumberType"], "MOBILE", "{meta}");
    let plus = api.created_with_meta("+46712345678").await;
    assert_eq!(
        plus["metadata"], read["metadata"],
        "46712345678 reads exactly as +46712345678"
    );
    // A Swedish mobile number, digits only: valid, MOBILE.
    let mobile = api.created_with_meta("46701234567").await;
    let meta = &mobile["metadata"]["phoneNumber"];
    assert_eq!(meta["isValidPhoneNumber"], "true", "{meta}");
    assert_eq!(meta["phoneNumberType"], "MOBILE", "{meta}");
    assert_eq!(meta["parsedMSISDN"], "46701234567", "{meta}");

    // Without sync the single object is accepted (202, no ids) and imported in the background.
    let (status, _, body) = api.post("/contacts", sample).await;
    assert_eq!(status, 202);
    assert_eq!(body, Value::Null, "no ids for a background import");
    let deadline = Instant::now() + Duration::from_secs(5);
    while api.emu.contacts().len() < 4 {
        assert!(Instant::now() < deadline, "the import never became visible");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // An invalid single object names its field without an index.
    let (status, _, problem) = api
        .post("/contacts?sync", json!({"properties": {"age": 7}}))
        .await;
    assert_eq!(status, 400);
    assert!(problem["errors"]["properties.age"].is_array(), "{problem}");
}

#[tokio::test]
async fn post_to_a_contact_deletes_it_as_documented_and_a_wrong_method_is_a_problem() {
    let api = Api::start().await;
    let ids = api.emu.seed(vec![
        json!({"properties": {"n": "1"}}),
        json!({"properties": {"n": "2"}}),
    ]);
    let (status, _, deleted) = api
        .json(
            reqwest::Method::POST,
            &format!("/contacts/{}", ids[0]),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(deleted["id"], ids[0].as_str());
    let (status, _, _) = api.get(&format!("/contacts/{}", ids[0])).await;
    assert_eq!(status, 404, "gone after POST");
    let (status, _, _) = api.delete(&format!("/contacts/{}", ids[1])).await;
    assert_eq!(status, 200, "DELETE deletes too");
    assert!(api.emu.contacts().is_empty());

    for (method, path) in [
        (reqwest::Method::PUT, "/contacts".to_owned()),
        (reqwest::Method::PATCH, "/contacts/meta".to_owned()),
        (reqwest::Method::GET, "/labels/x/contacts".to_owned()),
    ] {
        let resp = api.req(method.clone(), &path).send().await.unwrap();
        assert_eq!(resp.status(), 405, "{method} {path}");
        assert_eq!(
            resp.headers()["content-type"],
            "application/problem+json",
            "{method} {path}"
        );
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["status"], 405);
        assert_eq!(body["title"], "Method Not Allowed");
    }
}
