//! The change feed (`sync-collection`, RFC 6578) on both real servers, as applications get the
//! provider (standard layers): what was written and deleted since a token and nothing else,
//! what it costs on the wire (a counting proxy), expired and foreign tokens.

use axum::Router;
use axum::extract::Request;
use contacts_core::optional::{ChangeFeed, ChangeToken};
use contacts_core::{
    AddressBookId, ContactId, ContactPatch, ContactProvider, ContactProviderExt, Error, NewContact,
    Standard,
};
use contacts_testkit::dav::{self, Kind, Server};
use provider_carddav::{AddressBooks, CardDavProvider};
use std::sync::{Arc, Mutex};

/// A fresh book and its provider, in the standard layers.
async fn fresh(
    server: &Server,
    name: &str,
) -> (AddressBooks, AddressBookId, Standard<CardDavProvider>) {
    let books = server.books();
    let book = books.create(name).await.unwrap();
    let provider = books.open(&book.id).unwrap();
    (books, book.id, provider)
}

fn feed(provider: &Standard<CardDavProvider>) -> &dyn ChangeFeed {
    provider
        .change_feed()
        .expect("the capability is declared and the standard layers carry it")
}

fn sorted(ids: impl IntoIterator<Item = impl AsRef<str>>) -> Vec<String> {
    let mut ids: Vec<String> = ids.into_iter().map(|i| i.as_ref().to_owned()).collect();
    ids.sort_unstable();
    ids
}

fn people(names: &[&str]) -> Vec<NewContact> {
    names
        .iter()
        .map(|n| NewContact::new().property("firstName", *n))
        .collect()
}

/// Created, updated (twice), deleted and moved to another book since the token: each
/// written contact once, as it is now; the deleted and the moved as gone; nothing else.
async fn lists_what_changed_since_the_token(kind: Kind) {
    let server = Server::start(kind);
    let (books, _, p) = fresh(&server, "Feed").await;
    let other = books.create("Other").await.unwrap();
    assert!(p.capabilities().change_feed);
    let made = p
        .create(&people(&["Ada", "Bob", "Cy", "Di"]))
        .await
        .unwrap();
    let token = feed(&p).current_token().await.unwrap();
    let quiet = feed(&p).changes_since(&token).await.unwrap();
    assert!(
        quiet.changed.is_empty() && quiet.deleted.is_empty(),
        "{kind:?}: nothing was written since current_token: {quiet:?}"
    );

    for name in ["Lovelace", "King"] {
        let patch = ContactPatch::new().set("lastName", name);
        p.update(&made[0].id, &patch).await.unwrap();
    }
    p.delete(&made[1].id).await.unwrap();
    p.address_books()
        .unwrap()
        .move_contact(&made[2].id, &other.id)
        .await
        .unwrap();
    let eve = p
        .create_one(NewContact::new().property("firstName", "Eve"))
        .await
        .unwrap();

    let changes = feed(&p).changes_since(&token).await.unwrap();
    let changed = sorted(changes.changed.iter().map(|c| c.id.as_str()));
    assert_eq!(
        changed,
        sorted([made[0].id.as_str(), eve.id.as_str()]),
        "{kind:?}"
    );
    let ada = changes.changed.iter().find(|c| c.id == made[0].id).unwrap();
    assert_eq!(ada.properties.last_name(), Some("King"), "as it is now");
    assert_eq!(ada.address_book.as_ref(), made[0].address_book.as_ref());
    assert_eq!(
        sorted(changes.deleted.iter().map(ContactId::as_str)),
        sorted([made[1].id.as_str(), made[2].id.as_str()]),
        "{kind:?}: the deleted and the moved are gone from this book"
    );
    let later = feed(&p).changes_since(&changes.token).await.unwrap();
    assert!(
        later.changed.is_empty() && later.deleted.is_empty(),
        "{kind:?}: {later:?}"
    );
}

/// `current_token` is one `PROPFIND Depth: 0` that asks for no card; 3 cards written and 1
/// deleted of 30 cost one `sync-collection` `REPORT` and one `addressbook-multiget` naming
/// exactly those 3 — not a listing of the book.
async fn a_few_changes_cost_one_report_and_one_multiget(kind: Kind) {
    const CARDS: usize = 30;
    let server = Server::start(kind);
    let (_, book, direct) = fresh(&server, "Counted").await;
    let names: Vec<String> = (0..CARDS).map(|i| format!("Person {i}")).collect();
    let made = direct
        .create(&people(
            &names.iter().map(String::as_str).collect::<Vec<_>>(),
        ))
        .await
        .unwrap();
    let (proxy, counted) = dav::counted(&server, book.as_str()).await;

    let token = feed(&counted).current_token().await.unwrap();
    let seen = proxy.take();
    assert_eq!(seen.len(), 1, "{kind:?}: {seen:#?}");
    assert_eq!(seen[0].method, "PROPFIND");
    assert_eq!(seen[0].depth.as_deref(), Some("0"));
    assert!(
        seen[0].body.contains("sync-token") && !seen[0].body.contains("address-data"),
        "{}",
        seen[0].body
    );

    for i in [3, 17] {
        let patch = ContactPatch::new().set("lastName", format!("Changed {i}"));
        direct.update(&made[i].id, &patch).await.unwrap();
    }
    direct.delete(&made[9].id).await.unwrap();
    let new = direct
        .create_one(NewContact::new().property("firstName", "New"))
        .await
        .unwrap();

    let changes = feed(&counted).changes_since(&token).await.unwrap();
    assert_eq!(
        sorted(changes.changed.iter().map(|c| c.id.as_str())),
        sorted([made[3].id.as_str(), made[17].id.as_str(), new.id.as_str()])
    );
    assert_eq!(changes.deleted, [made[9].id.clone()]);
    let seen = proxy.take();
    let methods: Vec<&str> = seen.iter().map(|s| s.method.as_str()).collect();
    assert_eq!(methods, ["REPORT", "REPORT"], "{kind:?}: {seen:#?}");
    assert!(seen[0].body.contains("sync-collection"), "{}", seen[0].body);
    assert!(!seen[0].body.contains("address-data"), "{}", seen[0].body);
    assert!(
        seen[1].body.contains("addressbook-multiget"),
        "{}",
        seen[1].body
    );
    assert_eq!(
        seen[1].body.matches("<d:href>").count(),
        3,
        "only the changed cards are fetched: {}",
        seen[1].body
    );
}

/// Two books in the same state: servers issue them the same token (Radicale's and Xandikos's
/// tokens are hashes of the state), so only the book carried in the token tells one from the
/// other. A token of another book, of another provider, or no token at all is `InvalidInput`.
async fn a_token_of_another_book_is_refused(kind: Kind) {
    let server = Server::start(kind);
    let (_, first_id, first) = fresh(&server, "First").await;
    let (_, _, second) = fresh(&server, "Second").await;
    let token = feed(&first).current_token().await.unwrap();
    let err = feed(&second).changes_since(&token).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, reason }
            if field == "change_token" && reason.contains(first_id.as_str())),
        "{kind:?}: {err:?}"
    );
    for bad in [
        "",
        "mem1-changes:x:1",
        "http://radicale.org/ns/sync/abc",
        "garbage",
    ] {
        let err = feed(&first)
            .changes_since(&ChangeToken::new(bad))
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidInput { field, .. } if field == "change_token"),
            "{kind:?} {bad:?}: {err:?}"
        );
    }
}

/// A token in the server's own format that the server never issued, for a book: what each
/// server answers (Radicale `403`, Xandikos `412`, both with `DAV:valid-sync-token`) is
/// `ExpiredToken`, and a fresh token works.
async fn an_unknown_server_token_is_expired(kind: Kind) {
    let server = Server::start(kind);
    let (_, book, p) = fresh(&server, "Unknown").await;
    let made_up = match kind {
        Kind::Radicale => format!("http://radicale.org/ns/sync/{}", "0".repeat(64)),
        Kind::Xandikos => "0".repeat(40),
    };
    let token = ChangeToken::new(format!("carddav-sync:{}:{made_up}", book.as_str()));
    let err = feed(&p).changes_since(&token).await.unwrap_err();
    assert!(err.is_expired_token(), "{kind:?}: {err:?}");
    assert!(err.to_string().contains(&made_up), "{err}");
    let fresh_token = feed(&p).current_token().await.unwrap();
    assert!(feed(&p).changes_since(&fresh_token).await.is_ok());
}

contacts_testkit::on_both! {
    lists_what_was_written_and_deleted_since_the_token => lists_what_changed_since_the_token;
    three_changes_of_thirty_cost_one_report_and_one_multiget => a_few_changes_cost_one_report_and_one_multiget;
    a_token_of_another_book_or_provider_is_invalid_input => a_token_of_another_book_is_refused;
    a_token_the_server_never_issued_is_expired => an_unknown_server_token_is_expired;
}

/// A token Radicale really forgot: with `max_sync_token_age` at 1 s, a token older than that
/// is deleted when the book's next token is recorded; asking from it is `ExpiredToken`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn radicale_a_token_it_forgot_is_expired() {
    let server = Server::start_with(Kind::Radicale, &["--storage-max-sync-token-age", "1"]);
    let (_, _, p) = fresh(&server, "Forgetful").await;
    p.create_one(NewContact::new().property("firstName", "Ada"))
        .await
        .unwrap();
    let old = feed(&p).current_token().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    p.create_one(NewContact::new().property("firstName", "Bob"))
        .await
        .unwrap();
    // Recording the new token is when Radicale deletes the old one.
    let new = feed(&p).current_token().await.unwrap();
    assert_ne!(new, old);
    let err = feed(&p).changes_since(&old).await.unwrap_err();
    assert!(err.is_expired_token(), "{err:?}");
    assert_eq!(err.kind(), "expired_token");
    let quiet = feed(&p).changes_since(&new).await.unwrap();
    assert!(
        quiet.changed.is_empty() && quiet.deleted.is_empty(),
        "{quiet:?}"
    );
}

/// A server answering every request with `answer(method, body)`: the exact bodies of the
/// RFCs, and answers the real servers do not give.
async fn fake(
    answer: impl Fn(&str, &str) -> (u16, String) + Clone + Send + Sync + 'static,
) -> Standard<CardDavProvider> {
    let router = Router::new().fallback(move |request: Request| {
        let answer = answer.clone();
        async move {
            let method = request.method().to_string();
            let body = axum::body::to_bytes(request.into_body(), usize::MAX)
                .await
                .unwrap();
            let (status, text) = answer(&method, &String::from_utf8_lossy(&body));
            dav::answer(status, "application/xml; charset=utf-8", text)
        }
    });
    dav::fake_book(router).await
}

const DAV_ERROR: &str = r#"<?xml version="1.0" encoding="utf-8"?><D:error xmlns:D="DAV:">"#;

/// RFC 6578 §3.2: a refused token is the `DAV:valid-sync-token` precondition, with 403 or 409
/// (or, as Xandikos, 412): `ExpiredToken`. The same statuses naming something else are not
/// taken for an expired token; a server without the report (RFC 3253's
/// `DAV:supported-report`, or a bare `501`) is `Unsupported`.
#[tokio::test]
async fn a_refusal_is_read_from_its_body_not_guessed_from_its_status() {
    let token = ChangeToken::new("carddav-sync:/book/:http://example.com/sync/7");
    let cases: [(u16, String, &str); 7] = [
        (
            403,
            format!("{DAV_ERROR}<D:valid-sync-token/></D:error>"),
            "expired_token",
        ),
        (
            409,
            format!("{DAV_ERROR}<D:valid-sync-token/></D:error>"),
            "expired_token",
        ),
        (
            412,
            format!("{DAV_ERROR}<D:valid-sync-token/></D:error>"),
            "expired_token",
        ),
        (
            403,
            format!("{DAV_ERROR}<D:need-privileges/></D:error>"),
            "permission_denied",
        ),
        (409, String::new(), "conflict"),
        (
            403,
            format!("{DAV_ERROR}<D:supported-report/></D:error>"),
            "unsupported",
        ),
        (501, String::new(), "unsupported"),
    ];
    for (status, body, kind) in cases {
        let answer = body.clone();
        let p = fake(move |_, _| (status, answer.clone())).await;
        let err = feed(&p).changes_since(&token).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{status} {body}: {err:?}");
    }
}

/// A book whose `PROPFIND` has no `DAV:sync-token` (RFC 6578 §4: the property of every
/// collection that offers the report) has no feed: `Unsupported` from `current_token`.
#[tokio::test]
async fn a_book_without_a_sync_token_has_no_feed() {
    let p = fake(|_, _| {
        (
            207,
            r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/book/</D:href><D:propstat><D:prop><D:sync-token/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat></D:response></D:multistatus>"#.into(),
        )
    })
    .await;
    let err = feed(&p).current_token().await.unwrap_err();
    assert!(err.is_unsupported(), "{err:?}");
    assert!(err.to_string().contains("sync-collection"), "{err}");
}

/// RFC 6578 §3.6: a server may cut its answer short (a `507` for the book itself) with a token
/// to go on from; the feed asks again until the answer is whole, and a member the second part
/// says is gone is not listed as changed.
#[tokio::test]
async fn a_truncated_answer_is_followed_to_its_end() {
    const CARD: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x\r\nFN:X\r\nN:X;;;;\r\nEND:VCARD\r\n";
    let reports = Arc::new(Mutex::new(Vec::new()));
    let seen = reports.clone();
    let p = fake(move |method, body| {
        let member = |name: &str| {
            format!(r#"<D:response><D:href>/book/{name}</D:href><D:propstat><D:prop><D:getetag>"e-{name}"</D:getetag></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"#)
        };
        let gone = |name: &str| {
            format!("<D:response><D:href>/book/{name}</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response>")
        };
        let ms = |inner: String| format!(r#"<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">{inner}</D:multistatus>"#);
        assert_eq!(method, "REPORT");
        seen.lock().unwrap().push(body.to_owned());
        if body.contains("addressbook-multiget") {
            let cards: String = ["a.vcf", "c.vcf"]
                .iter()
                .filter(|n| body.contains(&format!("/book/{n}")))
                .map(|n| format!(r#"<D:response><D:href>/book/{n}</D:href><D:propstat><D:prop><D:getetag>"e"</D:getetag><C:address-data>{}</C:address-data></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"#, CARD.replace("UID:x", &format!("UID:{n}"))))
                .collect();
            return (207, ms(cards));
        }
        if body.contains("<d:sync-token>t1</d:sync-token>") {
            let cut = "<D:response><D:href>/book/</D:href><D:status>HTTP/1.1 507 Insufficient Storage</D:status></D:response>";
            (207, ms(format!("{}{}{cut}<D:sync-token>t2</D:sync-token>", member("a.vcf"), member("b.vcf"))))
        } else if body.contains("<d:sync-token>t2</d:sync-token>") {
            (207, ms(format!("{}{}<D:sync-token>t3</D:sync-token>", gone("b.vcf"), member("c.vcf"))))
        } else {
            (500, String::new())
        }
    })
    .await;
    let changes = feed(&p)
        .changes_since(&ChangeToken::new("carddav-sync:/book/:t1"))
        .await
        .unwrap();
    assert_eq!(
        sorted(changes.changed.iter().map(|c| c.id.as_str())),
        ["a.vcf", "c.vcf"]
    );
    assert_eq!(changes.deleted, [ContactId::new("b.vcf")]);
    assert_eq!(changes.token.as_str(), "carddav-sync:/book/:t3");
    let reports = reports.lock().unwrap();
    assert_eq!(
        reports.len(),
        3,
        "two sync reports and one multiget: {reports:#?}"
    );
    assert!(!reports[2].contains("b.vcf"), "{}", reports[2]);
}

/// The feed reaches callers however the provider is built: the registry, the builder and
/// `AddressBooks::open` all wrap it in the standard layers, which keep a declared capability
/// (nothing is asked of the server to build one).
#[test]
fn every_way_of_building_the_provider_carries_the_feed() {
    let mut registry = contacts_core::Registry::new();
    provider_carddav::register(&mut registry);
    let config = contacts_core::ProviderConfig::new()
        .with("base_url", "http://127.0.0.1:9/")
        .with("address_book", "/alice/contacts/");
    let built = registry.build("carddav", &config).unwrap();
    assert!(built.capabilities().change_feed);
    assert!(built.change_feed().is_some());
    let builder = CardDavProvider::builder()
        .base_url("http://127.0.0.1:9/")
        .book("/alice/contacts/");
    assert!(builder.clone().build().unwrap().change_feed().is_some());
    let books = builder.build_books().unwrap();
    let opened = books.open(&AddressBookId::new("/alice/contacts/")).unwrap();
    assert!(opened.change_feed().is_some());
}
