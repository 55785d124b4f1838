//! What a 1000-contact page costs the client (issue #16 item 8, the export's page): a raw
//! reqwest GET of the page with its body read and discarded, the provider's request alone
//! (`list_page_deferred`), decoding that page into `Contact`s (`PendingPage::into_page`), and
//! both together (`list_page`), through the standard layers, against the iP1 emulator, with
//! the contacts of the export bench. Rounds are interleaved; medians and quartiles are printed.
//! The process uses the system allocator (the `contacts` binary uses mimalloc).
//! Run: `cargo bench -p provider-ip1 --bench page_decode` (`CONTACTS_BENCH_ROUNDS` sets the
//! rounds, default 200).

use contacts_core::{ContactProvider, ContactQuery};
use contacts_http::ClientOptions;
use serde_json::json;
use std::hint::black_box;
use std::time::{Duration, Instant};

const PAGE: usize = 1000;

/// "median [first quartile–third quartile]" in µs.
fn summary(mut samples: Vec<Duration>) -> String {
    samples.sort();
    let at = |q: usize| samples[(samples.len() - 1) * q / 4].as_secs_f64() * 1e6;
    format!("{:.0} µs [{:.0}–{:.0}]", at(2), at(1), at(3))
}

fn main() {
    if !contacts_testkit::bench::measuring("page_decode") {
        return;
    }
    let rounds = contacts_testkit::bench::env_count("CONTACTS_BENCH_ROUNDS", 200);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let emu = rt.block_on(contacts_testkit::ip1::emulator("k"));
    emu.seed((0..PAGE).map(|i| json!({"properties": {"phoneNumber": format!("+46{i:09}"), "firstName": format!("Name {i}"), "note": "x"}, "labels": ["L"]})).collect());
    let base = emu.base_url();
    let url = format!("{base}/v2/contacts?start=0&limit={PAGE}&order=ASC");
    let raw = reqwest::Client::new();
    let provider = contacts_testkit::ip1::provider_at(&base, "k", ClientOptions::default());
    let query = ContactQuery::new().page_size(PAGE as u32);
    let (mut raw_get, mut fetch, mut decode, mut both) = (vec![], vec![], vec![], vec![]);
    for round in 0..rounds + 10 {
        let start = Instant::now();
        let body = rt.block_on(async {
            let resp = raw.get(&url).bearer_auth("k").send().await.unwrap();
            resp.bytes().await.unwrap()
        });
        let raw_time = start.elapsed();
        assert!(body.len() > 100_000);
        black_box(body);

        let start = Instant::now();
        let pending = rt
            .block_on(provider.list_page_deferred(&query, None))
            .unwrap();
        let fetch_time = start.elapsed();
        let start = Instant::now();
        let page = pending.into_page().unwrap();
        let decode_time = start.elapsed();
        assert_eq!(page.items.len(), PAGE);
        drop(black_box(page));

        let start = Instant::now();
        let page = rt.block_on(provider.list_page(&query, None)).unwrap();
        let both_time = start.elapsed();
        drop(black_box(page));
        // The first rounds warm the connections and the allocator.
        if round >= 10 {
            raw_get.push(raw_time);
            fetch.push(fetch_time);
            decode.push(decode_time);
            both.push(both_time);
        }
    }
    println!(
        "page_decode: one page of {PAGE} contacts, {rounds} interleaved rounds, median [quartiles]"
    );
    println!(
        "  raw GET, body read and discarded:    {}",
        summary(raw_get)
    );
    println!("  list_page_deferred (request only):   {}", summary(fetch));
    println!("  into_page (decoding the page):       {}", summary(decode));
    println!("  list_page (request and decoding):    {}", summary(both));
}
