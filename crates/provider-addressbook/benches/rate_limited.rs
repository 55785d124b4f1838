//! Target 4: with the Atom emulator limited to 50 requests/s, a 500-contact import through
//! provider-addressbook (its client-side bucket set to the same rate) achieves at least 0.95x
//! the configured rate with zero 429 answers. A one-shot measurement (about 10 s a round), so
//! it uses its own harness rather than criterion's repeated sampling.
//! Run: `cargo bench -p provider-addressbook --bench rate_limited`.

use contacts_core::{ContactProvider, NewContact};
use contacts_emulator::RateLimit;
use contacts_http::ClientOptions;
use provider_addressbook::AddressBookProvider;
use std::time::Instant;

const RATE: f64 = 50.0;
const CONTACTS: usize = 500;
/// The server's burst, and the client's (smaller, so jitter never empties the server's bucket).
const SERVER_BURST: u32 = 10;
const CLIENT_BURST: u32 = 5;

fn main() {
    // `cargo test --benches` runs bench binaries with `--bench` absent: keep that quick.
    if !contacts_testkit::bench::measuring("rate_limited") {
        return;
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let limit = RateLimit { per_second: RATE, burst: SERVER_BURST };
        let emu = contacts_testkit::atom::limited_emulator("k", limit).await;
        let books = AddressBookProvider::builder()
            .base_url(emu.base_url())
            .api_key("k")
            .client_options(ClientOptions::default().rate_limit_per_second(RATE, CLIENT_BURST))
            .concurrency(8)
            .build_books()
            .unwrap();
        let book = books.create("Import").await.unwrap();
        let provider = books.open(&book.id).unwrap();
        let docs: Vec<NewContact> = (0..CONTACTS).map(|i| NewContact::new().property("phoneNumber", format!("04{i:08}"))).collect();
        let before = emu.stats().requests;
        let start = Instant::now();
        let created = provider.create(&docs).await.unwrap();
        let elapsed = start.elapsed();
        assert_eq!(created.len(), CONTACTS);
        let stats = emu.stats();
        let requests = stats.requests - before;
        // The client's bucket starts full: its first `burst` requests are free, the rest paced.
        let paced = requests.saturating_sub(u64::from(CLIENT_BURST)) as f64;
        let achieved = paced / elapsed.as_secs_f64();
        let ratio = achieved / RATE;
        let verdict = contacts_testkit::bench::verdict(ratio >= 0.95 && stats.count(429) == 0);
        println!(
            "rate_limited: {requests} requests for {CONTACTS} contacts in {:.2} s = {achieved:.1} requests/s after the burst, {:.3}x the configured {RATE}/s, {} answers 429 (target >= 0.95x and none) — {verdict} the target",
            elapsed.as_secs_f64(),
            ratio,
            stats.count(429)
        );
    });
}
