//! Ids and names that a URL, a path or a number parser would misread, sent through the remote
//! provider to a recording server that holds nothing: each reaches only its own resource (one
//! segment right under its collection, or that resource's `/move`, `/add`, `/remove`), or
//! nothing is sent for it: an id no path can carry (empty, `.`, `..`) is refused before any
//! request, so `..` never reaches the service document or another route.

use contacts_core::{
    AddressBookId, Capabilities, ContactId, ContactPatch, ContactProvider, Error, NewContact,
};
use contacts_http::{ClientOptions, RetryPolicy};
use contacts_protocol::{PROBLEM_CONTENT_TYPE, Problem, ServiceDocument};
use contacts_testkit::{assert_own_resource, assert_refused, contact_outcomes, hostile_ids};
use provider_remote::RemoteProvider;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The collections whose members the provider addresses by an id or a name.
const COLLECTIONS: [&str; 4] = [
    "/v1/contacts/",
    "/v1/books/",
    "/v1/labels/",
    "/v1/blocklist/",
];

/// A server whose service document declares books, label administration and the blocklist,
/// and which answers every other request `notFound`.
async fn empty_server() -> MockServer {
    let server = MockServer::start().await;
    let mut capabilities = Capabilities::full();
    capabilities.address_books = true;
    capabilities.address_book_admin = true;
    capabilities.label_admin = true;
    capabilities.blocklist = true;
    let document = ServiceDocument::new("recorder", capabilities, None);
    Mock::given(method("GET"))
        .and(path("/v1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(document))
        .mount(&server)
        .await;
    let problem = Problem::from_error(&Error::not_found("nothing here"));
    let body = serde_json::to_vec(&problem).unwrap();
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_raw(body, PROBLEM_CONTENT_TYPE))
        .with_priority(10)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn hostile_ids_reach_only_their_own_resource_or_nothing() {
    let server = empty_server().await;
    let remote = RemoteProvider::builder()
        .base_url(server.uri())
        .token("tk-1")
        .client_options(ClientOptions::default().retry(RetryPolicy::disabled()))
        .connect()
        .await
        .expect("the remote provider connects");
    let books = remote.address_books().expect("books declared");
    let labels = remote.label_admin().expect("label admin declared");
    let blocklist = remote.blocklist().expect("blocklist declared");
    let (home, known) = (AddressBookId::new("1"), [ContactId::new("1")]);
    let patch = ContactPatch::new().set("email", "x@example.com");
    let replacement = NewContact::new().property("firstName", "Ada");
    for raw in hostile_ids(&[], '7') {
        let sent_before = server.received_requests().await.unwrap().len();
        let id = ContactId::new(raw.clone());
        let book = AddressBookId::new(raw.clone());
        let mut outcomes = contact_outcomes(&remote, &id, &patch, &replacement).await;
        outcomes.extend([
            ("move_contact", books.move_contact(&id, &home).await),
            ("rename_book", books.rename_book(&book, "B").await.map(drop)),
            ("delete_book", books.delete_book(&book).await),
            ("add_label", labels.add_label(&raw, &known).await),
            ("remove_label", labels.remove_label(&raw, &known).await),
            ("delete_label", labels.delete_label(&raw).await),
            ("check_number", blocklist.check_number(&raw).await.map(drop)),
            ("block_number", blocklist.block_number(&raw).await),
            ("unblock_number", blocklist.unblock_number(&raw).await),
        ]);
        assert_refused(&raw, outcomes);
        let sent = server.received_requests().await.unwrap();
        for request in &sent[sent_before..] {
            let (method, target) = (request.method.as_str(), request.url.path());
            let resource = ["/move", "/add", "/remove"]
                .iter()
                .find_map(|sub| target.strip_suffix(sub))
                .filter(|_| method == "POST")
                .unwrap_or(target);
            let collection = COLLECTIONS
                .iter()
                .find(|c| resource.starts_with(*c))
                .unwrap_or_else(|| panic!("{method} {target}: outside every collection"));
            let methods = ["GET", "PATCH", "PUT", "DELETE", "POST"];
            assert_own_resource(&raw, collection, &methods, (method, resource));
            assert_eq!(request.url.query(), None, "{method} {target}");
        }
    }
}
