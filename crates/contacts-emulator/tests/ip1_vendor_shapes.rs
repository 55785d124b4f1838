//! The iP1 emulator against the vendor's public pages: the blacklist entry as documented, and
//! the deviations that reproduce what a real deployment may do where the pages are silent or
//! disagree (links without filters, DELETE unmatched behind the API gateway).

use contacts_emulator::ip1::{Ip1Deviation, Ip1Emulator};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

async fn start(deviations: &[Ip1Deviation]) -> Ip1Emulator {
    let builder = deviations
        .iter()
        .fold(Ip1Emulator::builder().api_key("key"), |b, d| {
            b.deviation(*d)
        });
    builder.start().await.unwrap()
}

async fn call(
    emu: &Ip1Emulator,
    method: Method,
    path_or_url: &str,
    body: Option<Value>,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let url = if path_or_url.starts_with("http") {
        path_or_url.to_owned()
    } else {
        format!("{}/v2{path_or_url}", emu.base_url())
    };
    let mut request = Client::new().request(method, url).bearer_auth("key");
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let text = response.text().await.unwrap();
    (
        status,
        headers,
        serde_json::from_str(&text).unwrap_or(Value::Null),
    )
}

/// `POST /v2/blacklist` with `entry`: the status and the answer.
async fn post_blacklist(emu: &Ip1Emulator, entry: Value) -> (StatusCode, Value) {
    let (status, _, answer) = call(emu, Method::POST, "/blacklist", Some(entry)).await;
    (status, answer)
}

/// `YYYY-MM-DDTHH:MM:SS.mmm`, no zone, as the vendor's example `2019-11-01T16:32:18.253`.
fn is_vendor_timestamp(v: &Value) -> bool {
    let Some(s) = v.as_str() else { return false };
    let shape = "dddd-dd-ddTdd:dd:dd.ddd";
    s.len() == shape.len()
        && s.chars().zip(shape.chars()).all(|(c, want)| match want {
            'd' => c.is_ascii_digit(),
            other => c == other,
        })
}

#[tokio::test]
async fn the_blacklist_answers_and_takes_the_documented_entry() {
    let emu = start(&[]).await;
    // "Add or update an entry PUT /v2/blacklist/{msisdn}", as the vendor's sample sends it:
    // no body.
    let (status, _, entry) = call(&emu, Method::PUT, "/blacklist/46703541190", None).await;
    assert_eq!(status, 200);
    assert_eq!(entry["msisdn"], "46703541190", "{entry}");
    assert!(is_vendor_timestamp(&entry["created"]), "{entry}");
    assert!(
        entry.get("phoneNumber").is_none(),
        "no invented field: {entry}"
    );

    let (status, posted) = post_blacklist(&emu, json!({"msisdn": "46701234567"})).await;
    assert_eq!(status, 200, "{posted}");
    assert_eq!(posted["msisdn"], "46701234567");

    let (_, _, list) = call(&emu, Method::GET, "/blacklist", None).await;
    let numbers: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["msisdn"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["46701234567", "46703541190"]);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|e| is_vendor_timestamp(&e["created"]))
    );

    let (status, _, again) = call(&emu, Method::PUT, "/blacklist/46703541190", None).await;
    assert_eq!(status, 200);
    assert_eq!(
        again["created"], entry["created"],
        "an update keeps when it was added"
    );
    let (status, _, one) = call(&emu, Method::GET, "/blacklist/46703541190", None).await;
    assert_eq!(
        (status, &one["msisdn"]),
        (StatusCode::OK, &json!("46703541190"))
    );

    // The old invented body is not the documented entry: refused, naming the field.
    let (status, problem) = post_blacklist(&emu, json!({"phoneNumber": "+46700000000"})).await;
    assert_eq!(status, 400);
    assert!(problem["errors"].get("msisdn").is_some(), "{problem}");
    let (status, _, _) = call(&emu, Method::GET, "/blacklist/1234567890123456", None).await;
    assert_eq!(status, 400, "more than 15 digits is no MSISDN");
}

#[tokio::test]
async fn links_drop_filters_like_the_vendors_example_when_asked() {
    let emu = start(&[Ip1Deviation::LinksDropFilters]).await;
    let docs: Vec<Value> = (0..5)
        .map(|i| json!({"properties": {"phoneNumber": format!("+4670000000{i}")}, "labels": if i % 2 == 0 { json!(["Even"]) } else { json!([]) }}))
        .collect();
    emu.seed(docs);
    let (status, headers, page) = call(
        &emu,
        Method::GET,
        "/contacts?labels=Even&limit=2&meta=true",
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(page.as_array().unwrap().len(), 2);
    let link = headers["link"].to_str().unwrap();
    let next = link
        .split(", ")
        .find(|l| l.ends_with("rel=\"next\""))
        .map(|l| l[1..l.find('>').unwrap()].to_owned())
        .expect("a next link");
    assert!(
        next.ends_with("/v2/contacts?start=2&limit=2&order=ASC"),
        "{next}"
    );
    assert!(!link.contains("labels") && !link.contains("meta"), "{link}");
    // Followed as it is, the link lists the unfiltered collection.
    let (_, _, second) = call(&emu, Method::GET, &next, None).await;
    let phones: Vec<&str> = second
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["properties"]["phoneNumber"].as_str().unwrap())
        .collect();
    assert_eq!(phones, ["+46700000002", "+46700000003"]);

    // Without the deviation, links keep the filters.
    let emu = start(&[]).await;
    emu.seed(vec![
        json!({"properties": {"n": "1"}, "labels": ["Even"]});
        3
    ]);
    let (_, headers, _) = call(&emu, Method::GET, "/contacts?labels=Even&limit=2", None).await;
    assert!(headers["link"].to_str().unwrap().contains("labels=Even"));
}

#[tokio::test]
async fn an_unmatched_method_is_a_gateway_404_when_asked_and_post_still_deletes() {
    let emu = start(&[Ip1Deviation::UnmatchedMethodNotFound]).await;
    let ids = emu.seed(vec![json!({"properties": {"n": "1"}})]);
    let path = format!("/contacts/{}", ids[0]);
    let (status, _, body) = call(&emu, Method::DELETE, &path, None).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["statusCode"], 404, "the gateway's shape: {body}");
    assert_eq!(emu.contacts().len(), 1, "DELETE deleted nothing");
    let (status, _, _) = call(&emu, Method::GET, &path, None).await;
    assert_eq!(status, 200, "the contact is there");
    let (status, _, body) = call(&emu, Method::PATCH, "/contacts/meta", None).await;
    assert_eq!(
        (status, &body["statusCode"]),
        (StatusCode::NOT_FOUND, &json!(404))
    );
    let (status, _, deleted) = call(&emu, Method::POST, &path, None).await;
    assert_eq!(status, 200);
    assert_eq!(deleted["id"], ids[0].as_str());
    assert!(emu.contacts().is_empty());

    // Without the deviation DELETE deletes and a wrong method is 405.
    let emu = start(&[]).await;
    let ids = emu.seed(vec![json!({"properties": {"n": "1"}})]);
    let (status, _, _) = call(&emu, Method::DELETE, &format!("/contacts/{}", ids[0]), None).await;
    assert_eq!(status, 200);
    let (status, _, _) = call(&emu, Method::PATCH, "/contacts/meta", None).await;
    assert_eq!(status, 405);
}
