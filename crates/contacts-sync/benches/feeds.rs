//! A sync with nothing changed, over CardDAV, read through the change feeds: N cards (default
//! 10,000) in a Radicale (or Xandikos) book, synced one way into a fresh local store, then a
//! sync with no change timed against a full listing of the same book through the provider in
//! its largest pages (as a sync without a token lists it), in the same run: the median sync
//! against the median listing (target ≤ 0.1x). The time to list the book is what every
//! sync cost before the feeds; a no-change sync now costs one `sync-collection` `REPORT` on
//! each side.
//!
//! The same cards are written straight into either server's storage (a `PUT` each would take
//! minutes; on Xandikos, where each is a git commit, 10,000 did not finish in 8): as files
//! into Radicale's book before it serves them, in one git commit into Xandikos's book, which
//! the running server then serves. The first sync (a full listing) and the second (the local
//! store's feed giving back the first sync's own writes once) are shown, not compared.
//!
//! The server's own floor is shown beside it: a hand-written `sync-collection` `REPORT` from
//! the current token. Radicale reads every item's state to answer it, on every request, so
//! its floor grows with the book (measured: about 0.6x a listing at 10,000 cards); Xandikos
//! compares two trees (the tokens) of its git store.
//!
//! The listings are timed first, then the no-change syncs one after another, each beside the
//! floor (a no-change sync follows the sync before it, not a full listing; see `main`); the
//! ratio is the median sync against the median listing.
//!
//! Run: `cargo bench -p contacts-sync --bench feeds` (needs `bash .ci/dav-servers`;
//! `CONTACTS_BENCH_FEED_CARDS` sets N, `CONTACTS_BENCH_ROUNDS` the rounds, default 5,
//! `CONTACTS_BENCH_FEED_SERVER=xandikos` runs it on Xandikos).
//! Figures go to docs/performance.md (row 10e).

use contacts_core::{AddressBookId, ContactProvider, ContactProviderExt, ContactQuery};
use contacts_sync::{State, SyncOptions, execute, plan};
use futures::TryStreamExt;
use provider_carddav::MAX_PAGE_SIZE;
use provider_carddav::testing::{Kind, Server};
use std::time::{Duration, Instant};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Plans and executes; the number of writes planned.
async fn sync(source: &dyn ContactProvider, target: &dyn ContactProvider, state: &State) -> usize {
    let options = SyncOptions::default();
    let planned = plan(source, target, state, &options)
        .await
        .expect("the plan");
    let outcome = execute(&planned, source, target, state, &options, &mut |_| {})
        .await
        .expect("the run");
    assert!(!outcome.stopped);
    planned.writes()
}

/// `cards` cards in the book, each with a 40-character note, written straight into the
/// server's storage (a `PUT` each would take minutes): files in Radicale's book, one git
/// commit in Xandikos's.
fn seed(server: &Server, book: &AddressBookId, cards: usize) {
    match server.kind {
        Kind::Radicale => server.seed_radicale(book.as_str(), cards, 40),
        Kind::Xandikos => server.seed_xandikos(book.as_str(), cards, 40),
    }
}

/// Radicale reads and caches every card the first time it is asked for the book's cards or
/// its token, which for 10,000 cards takes longer than the provider's request timeout: both
/// are asked once here, by hand, without a timeout (not measured).
async fn warm(server: &Server, book: &str) {
    const QUERY: &str = r#"<?xml version="1.0" encoding="utf-8"?><c:addressbook-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><c:address-data/></d:prop></c:addressbook-query>"#;
    const TOKEN: &str = r#"<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:sync-token/></d:prop></d:propfind>"#;
    for (method, depth, body) in [("REPORT", "1", QUERY), ("PROPFIND", "0", TOKEN)] {
        ask(server, method, book, Some(depth), body.into()).await;
    }
}

/// Sends the XML `body` by hand as `method` to `book` (with a `Depth` header when given);
/// the answer, which must be a success, as text.
async fn ask(
    server: &Server,
    method: &str,
    book: &str,
    depth: Option<&str>,
    body: String,
) -> String {
    let mut request = server
        .raw(method, &server.url(book))
        .header("Content-Type", "application/xml; charset=utf-8");
    if let Some(depth) = depth {
        request = request.header("Depth", depth);
    }
    let answer = request
        .body(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{method}: {e}"));
    assert!(answer.status().is_success(), "{method}: {answer:?}");
    answer.text().await.expect("its body")
}

/// The server's floor: what the server takes to answer, by hand, a `sync-collection`
/// `REPORT` from the book's current token (nothing changed, so an empty answer) — the one
/// request a no-change sync cannot do without on this side. The token is asked for first,
/// not timed.
async fn floor(server: &Server, book: &str) -> Duration {
    const TOKEN: &str = r#"<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:sync-token/></d:prop></d:propfind>"#;
    let text = ask(server, "PROPFIND", book, Some("0"), TOKEN.into()).await;
    let token = text
        .split("sync-token>")
        .nth(1)
        .and_then(|t| t.split('<').next())
        .expect("a sync-token in the answer");
    let report = format!(
        r#"<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:"><d:sync-token>{token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"#
    );
    let started = Instant::now();
    ask(server, "REPORT", book, None, report).await;
    started.elapsed()
}

/// Lists the book in full, as a sync without a token does; the number of cards.
async fn list(book: &dyn ContactProvider) -> usize {
    book.list(ContactQuery::new().page_size(MAX_PAGE_SIZE))
        .try_fold(0, |n, _| async move { Ok(n + 1) })
        .await
        .expect("the listing")
}

async fn timed<T>(work: impl std::future::Future<Output = T>) -> (T, Duration) {
    let started = Instant::now();
    let value = work.await;
    (value, started.elapsed())
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let cards = env("CONTACTS_BENCH_FEED_CARDS", 10_000);
    let rounds = env("CONTACTS_BENCH_ROUNDS", 5).max(1);
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let kind = match std::env::var("CONTACTS_BENCH_FEED_SERVER").as_deref() {
            Ok("xandikos") => Kind::Xandikos,
            _ => Kind::Radicale,
        };
        let server = Server::start(kind);
        let books = server.books();
        let book = books.create("Bench").await.expect("a book");
        seed(&server, &book.id, cards);
        warm(&server, book.id.as_str()).await;
        let dav = books.open(&book.id).expect("a provider");
        let dir = tempfile::tempdir().expect("a temporary directory");
        let local = provider_sqlite::SqliteProvider::builder()
            .path(dir.path().join("local.db"))
            .build()
            .expect("the local store");
        let state = State::open(&dir.path().join("state.db")).expect("the state");

        let (written, first) = timed(sync(&dav, &local, &state)).await;
        assert_eq!(written, cards, "the first sync creates every card");
        let (written, second) = timed(sync(&dav, &local, &state)).await;
        assert_eq!(written, 0);
        println!(
            "{kind:?}: first sync of {cards} (-> fresh local store) {:.0} ms; the second (reads \
             its own writes back from the local store's feed) {:.0} ms",
            ms(first),
            ms(second)
        );

        // The listings first, then the no-change syncs one after another, each beside the
        // server's floor: a no-change sync follows the sync before it, not a full listing,
        // and right after streaming a whole book Xandikos answers its next REPORT 2-4x slower
        // than the one after (measured at 10,000: 113-363 ms against 83 ms), so one REPORT is
        // sent and not counted between the two phases.
        let mut lists = Vec::new();
        for _ in 0..rounds {
            let (listed, listing) = timed(list(&dav)).await;
            assert_eq!(listed, cards);
            lists.push(ms(listing));
        }
        floor(&server, book.id.as_str()).await;
        let (mut syncs, mut floors) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            floors.push(ms(floor(&server, book.id.as_str()).await));
            let (written, again) = timed(sync(&dav, &local, &state)).await;
            assert_eq!(written, 0, "nothing changed");
            syncs.push(ms(again));
        }
        let listing = median(lists.clone());
        let ratios: Vec<f64> = syncs.iter().map(|s| s / listing).collect();
        let floor_ratios: Vec<f64> = floors.iter().map(|f| f / listing).collect();
        let ratio = median(ratios);
        println!(
            "e. no-change sync of {cards} over CardDAV ({kind:?} -> local store, both read \
             through their feeds): {ratio:.3}x a full listing of the book (medians of {rounds}: \
             sync {:.1} ms, listing {:.0} ms; target 0.1x) — {}",
            median(syncs),
            median(lists),
            if ratio <= 0.1 { "meets" } else { "MISSES" }
        );
        println!(
            "   the server's floor (a hand-written sync-collection REPORT from the current token, \
             an empty answer): {:.1} ms = {:.3}x the listing",
            median(floors),
            median(floor_ratios)
        );
        // The server is killed here, with the runtime's tasks.
    });
}
