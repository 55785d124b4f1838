//! The change feed over real CardDAV servers: Radicale and Xandikos (from the venv
//! `bash .ci/dav-servers` makes), their requests counted by a proxy in front of them. A second sync of a book with a few
//! cards changed by another client reads those cards (one `sync-collection` `REPORT`, one
//! `addressbook-multiget` naming them), never a listing of the book; a token Radicale forgot
//! falls back to a listing that converges to what a fresh full sync gives; a two-way sync with
//! an edit on each side reads both sides through their feeds.
//!
//! A test is skipped, with a message saying how to install the server, only where the
//! server's binary is absent (and never under `CI`, which installs both). The token expiry
//! runs on Radicale only: its token age is a setting (`--storage-max-sync-token-age`).

mod common;

use common::rows;
use contacts_core::{
    AddressBookId, Contact, ContactPatch, ContactProvider, InMemoryProvider, NewContact, Standard,
};
use contacts_sync::{ConflictPolicy, Mode, State, SyncOptions, execute, plan};
use contacts_testkit::Watched;
use contacts_testkit::dav::{self, CountingProxy, Kind, Seen, Server, venv};
use provider_carddav::CardDavProvider;
use std::time::Duration;

/// Cards in the book.
const CARDS: usize = 50;
/// The length of each seeded card's note.
const NOTE: usize = 20;

/// Whether the server is installed; if not, says how to install it (the test is then
/// skipped). Under `CI` a missing binary fails the test: CI installs it, so its absence is a
/// fault there.
fn installed(kind: Kind) -> bool {
    let name = match kind {
        Kind::Radicale => "radicale",
        Kind::Xandikos => "xandikos",
    };
    let bin = venv().join("bin").join(name);
    if bin.exists() {
        return true;
    }
    let message = format!(
        "SKIPPED: {} is missing; this test needs a real {kind:?}: run `bash .ci/dav-servers` \
         (or set CONTACTS_DAV_VENV to a venv with radicale==3.9.0 and xandikos==0.4.10)",
        bin.display()
    );
    assert!(std::env::var_os("CI").is_none(), "{message}");
    eprintln!("{message}");
    false
}

/// An in-memory store counting its page reads (its feed passed through).
type Memory = Watched;

/// A server with a book of [`CARDS`] cards, and a provider of that book whose every request
/// goes through the counting proxy (the same provider for every sync: its store identity
/// names its URL). Card `i` has the number `+4670<i, 7 digits>`.
struct Rig {
    server: Server,
    book: AddressBookId,
    /// Card `i`'s name in the book (the last segment of its href, its contact id).
    names: Vec<String>,
    proxy: CountingProxy,
    counted: Standard<CardDavProvider>,
}

impl Rig {
    async fn start(kind: Kind, extra: &[&str]) -> Self {
        let server = Server::start_with(kind, extra);
        let book = server.books().create("Feed").await.unwrap().id;
        let names = match kind {
            // Written into its storage before it serves them: Radicale keeps plain files.
            Kind::Radicale => {
                server.seed_radicale(book.as_str(), CARDS, NOTE);
                (0..CARDS).map(|i| format!("card-{i:05}.vcf")).collect()
            }
            Kind::Xandikos => {
                let direct = server.builder().book(book.as_str()).build().unwrap();
                let people: Vec<NewContact> = (0..CARDS)
                    .map(|i| {
                        NewContact::new()
                            .property("phoneNumber", number(i))
                            .property("firstName", i.to_string())
                            .property("lastName", "Person")
                            .property("email", format!("p{i}@example.com"))
                    })
                    .collect();
                let made = direct.create(&people).await.unwrap();
                made.iter().map(|c| c.id.as_str().to_owned()).collect()
            }
        };
        let (proxy, counted) = dav::counted(&server, book.as_str()).await;
        Self {
            server,
            book,
            names,
            proxy,
            counted,
        }
    }

    /// Card `i`, as another client rewrites it by plain HTTP (not through the proxy): read
    /// with a `GET`, its `FN` and `N` lines given a new first name, every other line kept,
    /// written back with a `PUT`.
    async fn rewrite(&self, i: usize, first: &str) {
        let text = self.send("GET", i, None).await;
        let card: String = text
            .split_inclusive("\r\n")
            .map(|line| {
                if line.starts_with("FN:") {
                    format!("FN:{first} Person\r\n")
                } else if line.starts_with("N:") {
                    format!("N:Person;{first};;;\r\n")
                } else {
                    line.to_owned()
                }
            })
            .collect();
        assert_ne!(card, text, "the card has FN and N lines: {text}");
        self.send("PUT", i, Some(card)).await;
    }

    /// Another client deletes card `i`.
    async fn remove(&self, i: usize) {
        self.send("DELETE", i, None).await;
    }

    /// A plain HTTP request `method` of card `i` (with `card` as its vCard body, if given),
    /// past the proxy, which must succeed: the answer's text.
    async fn send(&self, method: &str, i: usize, card: Option<String>) -> String {
        let mut request = self.server.raw(method, &self.card_url(i));
        if let Some(card) = card {
            request = request
                .header("Content-Type", "text/vcard; charset=utf-8")
                .body(card);
        }
        let answer = request.send().await.unwrap();
        assert!(answer.status().is_success(), "{method}: {answer:?}");
        answer.text().await.unwrap()
    }

    fn card_url(&self, i: usize) -> String {
        self.server
            .url(&format!("{}{}", self.book.as_str(), self.names[i]))
    }

    /// The book through a provider of its own (not counted; another store identity).
    fn direct(&self) -> Standard<CardDavProvider> {
        self.server
            .builder()
            .book(self.book.as_str())
            .build()
            .unwrap()
    }
}

/// Card `i`'s number.
fn number(i: usize) -> String {
    format!("+4670{i:07}")
}

/// What a store holds, by number: first name, last name, e-mail.
type Person = [Option<String>; 4];

async fn people(p: &dyn ContactProvider) -> Vec<Person> {
    rows(p, ["phoneNumber", "firstName", "lastName", "email"]).await
}

async fn sync(
    source: &dyn ContactProvider,
    target: &dyn ContactProvider,
    state: &State,
    options: &SyncOptions,
) {
    let plan = plan(source, target, state, options).await.unwrap();
    let outcome = execute(&plan, source, target, state, options, &mut |_| {})
        .await
        .unwrap();
    assert!(!outcome.stopped);
}

/// One-way, deletions carried.
fn one_way() -> SyncOptions {
    SyncOptions {
        delete: true,
        ..SyncOptions::default()
    }
}

/// The numbers of cards `indices`.
fn numbers(indices: &[usize]) -> Vec<String> {
    indices.iter().map(|&i| number(i)).collect()
}

/// Radicale synced once into a fresh memory store (and once more, which reads the first
/// sync's own writes back from the memory store's feed); the proxy's count reset.
async fn synced(rig: &Rig, options: &SyncOptions) -> (Memory, State) {
    let memory = Memory::default();
    let state = State::in_memory().unwrap();
    sync(&rig.counted, &memory, &state, options).await;
    assert_eq!(memory.inner.len(), CARDS);
    sync(&rig.counted, &memory, &state, options).await;
    rig.proxy.take();
    memory.pages_taken();
    (memory, state)
}

fn describe(seen: &[Seen]) -> Vec<String> {
    seen.iter()
        .map(|s| format!("{} {} depth={:?}", s.method, s.path, s.depth))
        .collect()
}

impl Rig {
    /// Syncs the server (through the proxy) with `memory`, asserting that `what` holds: the
    /// book was not listed; returns what the server was asked.
    async fn sync_unlisted(
        &self,
        memory: &Memory,
        state: &State,
        options: &SyncOptions,
        what: &str,
    ) -> Vec<Seen> {
        sync(&self.counted, memory, state, options).await;
        let seen = self.proxy.take();
        assert!(
            !seen.iter().any(Seen::is_listing),
            "{what}: {:#?}",
            describe(&seen)
        );
        seen
    }
}

/// 3 of 50 cards rewritten and 1 deleted by another client: the next sync asks Radicale for
/// one `sync-collection` `REPORT` and one `addressbook-multiget` naming exactly the 3 cards —
/// no listing of the book — and the memory store gets the 3 changes and loses the deleted.
async fn a_second_sync_reads_the_changed_cards_only(kind: Kind) {
    if !installed(kind) {
        return;
    }
    let rig = Rig::start(kind, &[]).await;
    let options = one_way();
    let (memory, state) = synced(&rig, &options).await;
    for i in [3, 17, 41] {
        rig.rewrite(i, "Changed").await;
    }
    rig.remove(9).await;

    let seen = rig
        .sync_unlisted(&memory, &state, &options, &format!("{kind:?}: no listing"))
        .await;
    assert_eq!(
        seen.iter().filter(|s| s.is_sync_report()).count(),
        1,
        "one sync-collection REPORT: {:#?}",
        describe(&seen)
    );
    let multigets: Vec<&Seen> = seen.iter().filter(|s| s.is_multiget()).collect();
    assert_eq!(multigets.len(), 1, "{:#?}", describe(&seen));
    for i in [3, 17, 41] {
        assert!(
            multigets[0].body.contains(&rig.names[i]),
            "{}",
            multigets[0].body
        );
    }
    assert_eq!(
        multigets[0].body.matches("<d:href>").count(),
        3,
        "the changed cards only: {}",
        multigets[0].body
    );
    assert_eq!(
        seen.len(),
        2,
        "nothing else is asked of Radicale: {:#?}",
        describe(&seen)
    );
    assert_eq!(
        memory.pages_taken(),
        0,
        "the memory store read through its feed"
    );

    let held = people(&memory.inner).await;
    assert_eq!(held.len(), CARDS - 1, "the deleted card is gone");
    assert!(!held.iter().any(|p| p[0] == Some(number(9))));
    let changed: Vec<&Person> = held
        .iter()
        .filter(|p| p[1].as_deref() == Some("Changed"))
        .collect();
    assert_eq!(
        changed
            .iter()
            .map(|p| p[0].clone().unwrap())
            .collect::<Vec<_>>(),
        numbers(&[3, 17, 41])
    );
    assert_eq!(
        held,
        people(&rig.direct()).await,
        "the same people on both sides"
    );
}

/// With Radicale keeping tokens 1 s, a token older than that is gone once another client has
/// made Radicale record a newer one: the sync lists the book after all (its changes included)
/// and ends where a fresh full sync into an empty store ends; the token it records then
/// works, so the sync after that reads through the feed again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn radicale_an_expired_token_falls_back_to_a_listing_that_converges() {
    if !installed(Kind::Radicale) {
        return;
    }
    let rig = Rig::start(Kind::Radicale, &["--storage-max-sync-token-age", "1"]).await;
    let options = one_way();
    let (memory, state) = synced(&rig, &options).await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    rig.rewrite(5, "Late").await;
    rig.remove(6).await;
    // Another client asks for the book's token: Radicale records it and forgets older ones.
    let direct = rig.direct();
    direct.change_feed().unwrap().current_token().await.unwrap();

    sync(&rig.counted, &memory, &state, &options).await;
    let seen = rig.proxy.take();
    assert!(
        seen.iter().any(Seen::is_sync_report),
        "the feed was asked first: {:#?}",
        describe(&seen)
    );
    assert!(
        seen.iter().any(Seen::is_listing),
        "then the book was listed: {:#?}",
        describe(&seen)
    );
    let fresh = InMemoryProvider::new();
    sync(&direct, &fresh, &State::in_memory().unwrap(), &options).await;
    let expected = people(&fresh).await;
    assert_eq!(expected.len(), CARDS - 1);
    assert_eq!(people(&memory.inner).await, expected, "converged");

    rig.rewrite(7, "Again").await;
    rig.sync_unlisted(&memory, &state, &options, "incremental again")
        .await;
    assert_eq!(people(&memory.inner).await, people(&direct).await);
}

/// Two-way, an edit on each side and both sides' edits to different fields of one contact:
/// neither side is listed, every edit reaches the other side, and a sync after it plans
/// nothing.
async fn a_two_way_sync_reads_both_sides_through_their_feeds(kind: Kind) {
    if !installed(kind) {
        return;
    }
    let rig = Rig::start(kind, &[]).await;
    let options = SyncOptions {
        mode: Mode::TwoWay,
        conflict: ConflictPolicy::SourceWins,
        ..SyncOptions::default()
    };
    let (memory, state) = synced(&rig, &options).await;
    let by_number = |all: &[Contact], i: usize| {
        all.iter()
            .find(|c| c.properties.phone_number() == Some(number(i).as_str()))
            .unwrap()
            .id
            .clone()
    };
    let held = memory.inner.snapshot();
    // A card renamed on Radicale, then a card's e-mail changed in memory: cards 2 and 30
    // apart; card 12 both, its name on Radicale, its e-mail in memory.
    for (renamed, name, emailed) in [(2, "Radicale", 30), (12, "Both", 12)] {
        rig.rewrite(renamed, name).await;
        let email = format!("memory{emailed}@example.net");
        let patch = ContactPatch::new().set("email", email);
        let id = by_number(&held, emailed);
        memory.inner.update(&id, &patch).await.unwrap();
    }

    let what = format!("{kind:?} read through its feed");
    rig.sync_unlisted(&memory, &state, &options, &what).await;
    assert_eq!(memory.pages_taken(), 0, "memory read through its feed");

    let on_radicale = people(&rig.direct()).await;
    assert_eq!(people(&memory.inner).await, on_radicale);
    let row = |i: usize| {
        on_radicale
            .iter()
            .find(|p| p[0] == Some(number(i)))
            .unwrap()
            .clone()
    };
    assert_eq!(row(2)[1].as_deref(), Some("Radicale"));
    assert_eq!(row(30)[3].as_deref(), Some("memory30@example.net"));
    let both = row(12);
    assert_eq!(
        (both[1].as_deref(), both[3].as_deref()),
        (Some("Both"), Some("memory12@example.net")),
        "edits to different fields both survive"
    );
    let again = plan(&rig.counted, &memory, &state, &options).await.unwrap();
    assert!(again.is_empty(), "{again}");
}

contacts_testkit::on_both! {
    three_changed_and_one_deleted_of_fifty_cost_one_report_and_one_multiget
        => a_second_sync_reads_the_changed_cards_only;
    a_two_way_sync_with_an_edit_on_each_side_lists_neither_side
        => a_two_way_sync_reads_both_sides_through_their_feeds;
}
