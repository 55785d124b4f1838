//! Answers a well-behaved server does not give: wrong credentials, garbage XML, and a change
//! by another client landing between the provider's own read and write, a streamed answer
//! that times out between pages, a stored card too malformed to update.

use contacts_testkit::{assert_own_resource, assert_refused, contact_outcomes, hostile_ids};
use provider_carddav::testing as common;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use common::{Kind, Server};
use contacts_core::{
    ContactId, ContactPatch, ContactProvider, ContactProviderExt, ContactQuery, Error, GetOptions,
    NewContact,
};
use contacts_testkit::dav::{self, CountingProxy};
use provider_carddav::CardDavProvider;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_unauthenticated_and_never_printed() {
    let server = Server::start(Kind::Radicale);
    let provider = CardDavProvider::builder()
        .base_url(server.base_url())
        .username(common::USER)
        .password("wrong-password-77")
        .book("/alice/contacts/")
        .build()
        .unwrap();
    let err = provider
        .get(&ContactId::new("x.vcf"), &GetOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unauthenticated { .. }), "{err:?}");
    let books = CardDavProvider::builder()
        .base_url(server.base_url())
        .username(common::USER)
        .password("wrong-password-77")
        .build_books()
        .unwrap();
    let err = books.list().await.unwrap_err();
    assert!(matches!(err, Error::Unauthenticated { .. }), "{err:?}");
    for shown in [
        format!("{err:?}"),
        err.to_string(),
        format!("{provider:?}"),
        format!("{books:?}"),
    ] {
        assert!(!shown.contains("wrong-password-77"), "{shown}");
    }
}

#[tokio::test]
async fn garbage_xml_is_a_protocol_error_with_an_excerpt() {
    let router = Router::new().fallback(|| async {
        let html = "<html><body>Service temporarily broken <b>here</body>";
        dav::answer(207, "application/xml", html)
    });
    let provider = dav::fake_book(router).await;
    let err = provider
        .list_page(&ContactQuery::new(), None)
        .await
        .unwrap_err();
    let (status, message, body_excerpt) = contacts_testkit::protocol::parts(&err);
    assert_eq!(status, Some(207));
    assert!(message.contains("multistatus"), "{message}");
    assert!(
        body_excerpt.contains("Service temporarily broken"),
        "{body_excerpt}"
    );
}

/// "Another client" that, at the first `PUT` a proxy forwards, first changes the same card:
/// the change lands between the provider's read and its write.
#[derive(Clone)]
struct Race {
    fired: Arc<AtomicBool>,
    server_user: Option<(String, String)>,
}

impl Race {
    async fn interfere(&self, seen: dav::Seen, target: String) {
        if seen.method != "PUT" || self.fired.swap(true, Ordering::SeqCst) {
            return;
        }
        let client = reqwest::Client::new();
        let with_auth = |r: reqwest::RequestBuilder| match &self.server_user {
            Some((u, p)) => r.basic_auth(u, Some(p)),
            None => r,
        };
        let current = with_auth(client.get(&target))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let theirs = current.replace("FN:Ada", "FN:Ada (edited elsewhere)");
        let put = with_auth(client.put(&target))
            .header("Content-Type", "text/vcard")
            .body(theirs)
            .send()
            .await
            .unwrap();
        assert!(put.status().is_success());
    }
}

async fn race_on(kind: Kind) {
    let server = Server::start(kind);
    let books = server.books();
    let book = books.create("Race").await.unwrap();
    let direct = books.open(&book.id).unwrap();
    let created = direct
        .create_one(NewContact::new().property("firstName", "Ada"))
        .await
        .unwrap();
    let race = Race {
        fired: Arc::default(),
        server_user: (kind == Kind::Radicale)
            .then(|| (common::USER.to_owned(), common::PASSWORD.to_owned())),
    };
    let upstream = server.base_url();
    let other = race.clone();
    let proxy = CountingProxy::start_with(&server.base_url(), move |seen: dav::Seen| {
        let (other, target) = (
            other.clone(),
            format!("{}{}", upstream.trim_end_matches('/'), seen.path),
        );
        async move { other.interfere(seen, target).await }
    })
    .await;
    let through = server
        .builder()
        .base_url(proxy.url())
        .book(book.id.as_str())
        .build()
        .unwrap();
    let err = through
        .update(
            &created.id,
            &ContactPatch::new().set("lastName", "Lovelace"),
        )
        .await
        .unwrap_err();
    assert!(race.fired.load(Ordering::SeqCst), "{err:?}");
    assert!(matches!(err, Error::Conflict { .. }), "{kind:?}: {err:?}");
    // The other client's change is there; ours was not written over it.
    let after = direct
        .get(&created.id, &GetOptions::default())
        .await
        .unwrap();
    assert_eq!(after.properties.last_name(), None);
    let all: Vec<_> = futures::TryStreamExt::try_collect(direct.list(ContactQuery::new()))
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
}

contacts_testkit::on_both! {
    a_change_between_the_providers_read_and_write_is_a_conflict => race_on;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listing_goes_on_when_its_transfer_times_out_between_pages() {
    const CARDS: usize = 1_500;
    let server = Server::start(Kind::Radicale);
    let books = server.books();
    let book = books.create("Slow reader").await.unwrap();
    server.seed_radicale(book.id.as_str(), CARDS, 8_000);
    // Warm the server's cache, so the listing's first answer comes at once.
    let warm = server
        .raw("PROPFIND", &server.url(book.id.as_str()))
        .header("Depth", "1")
        .send()
        .await
        .unwrap();
    assert!(warm.status().is_success());
    let provider = server
        .builder()
        .book(book.id.as_str())
        .client_options(
            contacts_http::ClientOptions::default()
                .request_timeout(std::time::Duration::from_secs(2)),
        )
        .build()
        .unwrap();
    let query = ContactQuery::new().page_size(200);
    let mut token = None;
    let mut ids = std::collections::BTreeSet::new();
    let mut pages = 0;
    loop {
        let page = provider.list_page(&query, token).await.unwrap();
        pages += 1;
        ids.extend(page.items.into_iter().map(|c| c.id));
        token = page.next;
        if token.is_none() {
            break;
        }
        if pages == 2 {
            // The caller takes its time: the streamed answer outlives the request timeout.
            tokio::time::sleep(std::time::Duration::from_secs(3)).await;
        }
    }
    assert_eq!(ids.len(), CARDS, "every contact once, after {pages} pages");
}

/// A fake server that counts the `PUT`s it is sent (the writes) and answers every request
/// with `answer(is_put)`.
fn counting_puts(
    answer: impl Fn(bool) -> Response + Clone + Send + Sync + 'static,
) -> (Router, Arc<AtomicUsize>) {
    let puts = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&puts);
    let router = Router::new().fallback(move |request: Request| {
        let (answer, counter) = (answer.clone(), Arc::clone(&counter));
        async move {
            let is_put = request.method() == "PUT";
            if is_put {
                counter.fetch_add(1, Ordering::SeqCst);
            }
            answer(is_put)
        }
    });
    (router, puts)
}

/// A server holding a card too malformed to read (a `BEGIN` left open, no `END:VCARD`): the
/// update is refused, naming the resource, before anything is written.
#[tokio::test]
async fn an_update_of_a_card_it_cannot_read_is_refused_and_nothing_is_written() {
    let (router, puts) = counting_puts(|is_put| {
        if is_put {
            return Response::builder().status(204).body(Body::empty()).unwrap();
        }
        let unclosed = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo\r\nBEGIN:VCARD\r\n";
        let mut card = dav::answer(200, "text/vcard", unclosed);
        card.headers_mut().insert("ETag", "\"1\"".parse().unwrap());
        card
    });
    let provider = dav::fake_book(router).await;
    let err = provider
        .update(
            &ContactId::new("jo.vcf"),
            &ContactPatch::new().set("company", "ACME"),
        )
        .await
        .unwrap_err();
    let (_, message, _) = contacts_testkit::protocol::parts(&err);
    assert!(
        message.contains("\"jo.vcf\" is not a vCard") && message.contains("END:VCARD"),
        "{message}"
    );
    assert_eq!(puts.load(Ordering::SeqCst), 0, "the card was written");
}

/// A server refusing a card as too large, with `413` or with RFC 6352's `max-resource-size`
/// precondition (whatever the status), and no `max-resource-size` property to say its limit
/// first: the contact fails with `InvalidInput` naming the card's size, after one `PUT` (never
/// a retry, never a bare status).
#[tokio::test]
async fn a_card_the_server_refuses_as_too_large_names_its_size_after_one_put() {
    const PRECONDITION: &str = r#"<?xml version="1.0" encoding="utf-8"?><d:error xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><c:max-resource-size/></d:error>"#;
    for (status, body) in [(413, ""), (403, PRECONDITION), (409, PRECONDITION)] {
        let (router, puts) = counting_puts(move |is_put| {
            dav::answer(if is_put { status } else { 404 }, "application/xml", body)
        });
        let provider = dav::fake_book(router).await;
        let doc = NewContact::new()
            .property("firstName", "Ada")
            .property("note", "n".repeat(5000));
        let err = provider.create_one(doc).await.unwrap_err();
        let Error::InvalidInput { field, reason } = &err else {
            panic!("{status}: {err:?}")
        };
        assert_eq!(field, "card", "{status}");
        assert!(
            reason.contains(" bytes as a vCard, over the server's limit"),
            "{status}: {reason}"
        );
        let size: usize = reason
            .split(" is ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!(size > 5000, "{status}: {reason}");
        assert_eq!(puts.load(Ordering::SeqCst), 1, "{status}: one PUT");
    }
}

/// What a recording server saw: method and raw path with query, in order.
type Seen = Arc<std::sync::Mutex<Vec<(String, String)>>>;

/// A server that records every request (method, raw path and query) and holds nothing.
fn recording() -> (Router, Seen) {
    let seen: Seen = Arc::default();
    let log = Arc::clone(&seen);
    let router = Router::new().fallback(move |request: Request| {
        let log = Arc::clone(&log);
        async move {
            let target = request.uri().path_and_query().map_or("", |p| p.as_str());
            log.lock()
                .unwrap()
                .push((request.method().to_string(), target.to_owned()));
            StatusCode::NOT_FOUND
        }
    });
    (router, seen)
}

#[tokio::test]
async fn hostile_ids_reach_only_their_own_card_and_hostile_book_ids_nothing() {
    use contacts_core::AddressBookId;
    let (router, seen) = recording();
    let provider = dav::fake_book(router).await;
    let books = provider
        .address_books()
        .expect("CardDAV declares address books");
    for raw in hostile_ids(&[], 'x') {
        let id = ContactId::new(raw.clone());
        let patch = ContactPatch::new().set("lastName", "x");
        let replacement = NewContact::new().property("firstName", "x");
        let mut outcomes = contact_outcomes(&provider, &id, &patch, &replacement).await;
        outcomes.push((
            "move",
            books
                .move_contact(&id, &AddressBookId::new("/other/"))
                .await,
        ));
        let shown: String = raw.chars().take(12).collect();
        assert_refused(&raw, outcomes);
        let sent = std::mem::take(&mut *seen.lock().unwrap());
        if raw.contains('/') {
            assert_eq!(
                sent,
                vec![],
                "{shown:?}: servers decode %2F, so nothing is sent"
            );
        }
        for (method, target) in sent {
            assert_own_resource(&raw, "/book/", &["GET", "DELETE"], (&method, &target));
        }
    }
    // A book id is the collection's absolute path: anything else would be resolved against
    // the start URL (an empty id is the server root, or the configured book itself).
    let mut book_ids = hostile_ids(&[], 'x');
    book_ids.extend(
        [
            "/book/../",
            "/book/%2E%2E/",
            "/book/?all=1",
            "//evil.example/x/",
        ]
        .map(str::to_owned),
    );
    for raw in book_ids {
        let book = AddressBookId::new(raw.clone());
        let shown: String = raw.chars().take(20).collect();
        for (op, outcome) in [
            ("rename", books.rename_book(&book, "x").await.map(drop)),
            ("delete", books.delete_book(&book).await),
            (
                "move to",
                books.move_contact(&ContactId::new("c.vcf"), &book).await,
            ),
        ] {
            assert!(
                matches!(&outcome, Err(e) if e.is_not_found() || matches!(e, Error::InvalidInput { .. })),
                "{op} book {shown:?}: {outcome:?}"
            );
        }
        let sent = std::mem::take(&mut *seen.lock().unwrap());
        assert!(
            sent.iter().all(|(_, target)| target == "/book/c.vcf"),
            "book {shown:?}: {sent:?}"
        );
    }
}
