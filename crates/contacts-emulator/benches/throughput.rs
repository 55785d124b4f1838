//! Target 5: each emulator serves at least 10,000 GET-like requests per second to 64 concurrent
//! clients on the 2-core machine, so it is never the bottleneck of the other benchmarks.
//! Client and server share the machine, so the figure is a lower bound for the server.
//!
//! Target 7, as ratios measured side by side in the same run:
//! (a) a 1000-contact iP1 page fetched over a keep-alive client takes at most 3x the time of
//! `serde_json::to_vec` of the same page built in the bench (the floor any server pays);
//! (b) small GETs (`/v2/contacts/{id}`, 64 concurrent clients) reach at least 0.5x the
//! requests per second of a bare axum handler returning the same bytes.
//!
//! Run: `cargo bench -p contacts-emulator --bench throughput`.

use contacts_emulator::RateLimit;
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_emulator::ip1::Ip1Emulator;
use contacts_testkit::bench::{median, verdict};
use criterion::{Criterion, Throughput};
use futures::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

const CLIENTS: usize = 64;
const PER_ROUND: usize = 6400;
const PAGE: usize = 1000;

/// A contact as iP1 renders it, owned: the data the bench serializes as the baseline of (a).
#[derive(Serialize, Deserialize)]
struct PageContact {
    id: String,
    labels: Vec<String>,
    #[serde(rename = "ownerId")]
    owner_id: String,
    properties: BTreeMap<String, String>,
}

/// The seed document of contact `i` of the page.
fn seed_doc(i: usize) -> serde_json::Value {
    json!({
        "properties": {
            "phoneNumber": format!("+4670{i:07}"),
            "firstName": format!("First {i}"),
            "lastName": format!("Last {i}"),
            "company": "Bench AB",
        },
        "labels": ["customers", "bench"],
    })
}

/// Target 7a: the page over HTTP against `serde_json::to_vec` of the same page, interleaved
/// rounds, median time of each.
fn page_against_to_vec(rt: &Runtime, client: &reqwest::Client) {
    let emu = rt
        .block_on(Ip1Emulator::builder().api_key("k").start())
        .unwrap();
    let ids = emu.seed((0..PAGE).map(seed_doc).collect());
    let page: Vec<PageContact> = emu
        .contacts()
        .into_iter()
        .map(|c| serde_json::from_value(c).unwrap())
        .collect();
    assert_eq!(page.len(), ids.len());
    let url = format!("{}/v2/contacts?limit={PAGE}", emu.base_url());
    let fetch = || async {
        let resp = client.get(&url).bearer_auth("k").send().await.unwrap();
        assert!(resp.status().is_success());
        resp.bytes().await.unwrap().len()
    };
    let local = serde_json::to_vec(&page).unwrap().len();
    let remote = rt.block_on(fetch());
    let (mut serialize, mut http) = (Vec::new(), Vec::new());
    let deadline = Instant::now() + Duration::from_secs(20);
    for _ in 0..200 {
        if Instant::now() > deadline {
            break;
        }
        let start = Instant::now();
        std::hint::black_box(serde_json::to_vec(&page).unwrap());
        serialize.push(start.elapsed().as_secs_f64());
        let start = Instant::now();
        std::hint::black_box(rt.block_on(fetch()));
        http.push(start.elapsed().as_secs_f64());
    }
    let (serialize, http) = (median(&mut serialize), median(&mut http));
    let ratio = http / serialize;
    println!(
        "page ip1: {PAGE} contacts ({remote} bytes) over keep-alive HTTP {:.3} ms, serde_json::to_vec of the same page ({local} bytes) {:.3} ms = {ratio:.2}x (median of interleaved runs; target <= 3x) — {} the target",
        http * 1e3,
        serialize * 1e3,
        verdict(ratio <= 3.0)
    );
}

/// Target 7b: the emulator's small GET against a bare axum handler answering the same bytes,
/// same client and concurrency, interleaved rounds.
fn small_get_against_bare_axum(rt: &Runtime, client: &reqwest::Client, ip1_url: &str) {
    let body = rt.block_on(async {
        let resp = client.get(ip1_url).bearer_auth("k").send().await.unwrap();
        resp.bytes().await.unwrap()
    });
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let bare_url = format!("http://{}/fixed", listener.local_addr().unwrap());
    let app = axum::Router::new().route(
        "/fixed",
        axum::routing::get(move || {
            let body = body.clone();
            async move { ([("content-type", "application/json; charset=utf-8")], body) }
        }),
    );
    let server = rt.spawn(async move { axum::serve(listener, app).await });
    let get_ip1 = |c: &reqwest::Client| c.get(ip1_url).bearer_auth("k");
    let get_bare = |c: &reqwest::Client| c.get(&bare_url).bearer_auth("k");
    let (mut emulator, mut bare) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        emulator.push(PER_ROUND as f64 / rt.block_on(round(client, &get_ip1)).as_secs_f64());
        bare.push(PER_ROUND as f64 / rt.block_on(round(client, &get_bare)).as_secs_f64());
    }
    server.abort();
    let (emulator, bare) = (median(&mut emulator), median(&mut bare));
    let ratio = emulator / bare;
    println!(
        "small GET ip1: emulator {emulator:.0} requests/s, bare axum handler {bare:.0} requests/s with {CLIENTS} concurrent clients = {ratio:.2}x (median of 5 interleaved rounds; target >= 0.5x) — {} the target",
        verdict(ratio >= 0.5)
    );
}

/// Sends `PER_ROUND` requests from 64 concurrent tasks; returns the elapsed time.
async fn round(
    client: &reqwest::Client,
    make: &(dyn Fn(&reqwest::Client) -> reqwest::RequestBuilder + Sync),
) -> Duration {
    let start = Instant::now();
    stream::iter(0..PER_ROUND)
        .map(|_| async {
            let resp = make(client).send().await.unwrap();
            assert!(resp.status().is_success(), "{}", resp.status());
            resp.bytes().await.unwrap();
        })
        .buffer_unordered(CLIENTS)
        .collect::<Vec<()>>()
        .await;
    start.elapsed()
}

fn benches(c: &mut Criterion) {
    let rt = Runtime::new().unwrap();
    let ip1 = rt
        .block_on(Ip1Emulator::builder().api_key("k").start())
        .unwrap();
    let id = ip1.seed(vec![json!({"properties": {"phoneNumber": "+46701234567", "firstName": "Bench"}, "labels": ["A"]})]).remove(0);
    let atom = rt
        .block_on(
            AddressBookEmulator::builder()
                .api_key("k")
                .rate_limit(RateLimit::unlimited())
                .start(),
        )
        .unwrap();
    let book = atom.create_book("B");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .unwrap();
    let ip1_url = format!("{}/v2/contacts/{id}", ip1.base_url());
    let atom_url = format!("{}/api/address-book/detail", atom.base_url());
    let ip1_page_url = ip1_url.clone();
    let get_ip1 = move |c: &reqwest::Client| c.get(&ip1_url).bearer_auth("k");
    let post_atom = move |c: &reqwest::Client| {
        c.post(&atom_url)
            .bearer_auth("k")
            .json(&json!({"id": book}))
    };

    let mut group = c.benchmark_group("emulator_64_clients");
    group.throughput(Throughput::Elements(PER_ROUND as u64));
    group.bench_function("ip1 GET /v2/contacts/{id}", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| rt.block_on(round(&client, &get_ip1)))
                .sum()
        })
    });
    group.bench_function("atom POST /api/address-book/detail", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| rt.block_on(round(&client, &post_atom)))
                .sum()
        })
    });
    group.finish();

    page_against_to_vec(&rt, &client);
    small_get_against_bare_axum(&rt, &client, &ip1_page_url);

    for (name, make) in [
        (
            "ip1",
            &get_ip1 as &(dyn Fn(&reqwest::Client) -> reqwest::RequestBuilder + Sync),
        ),
        ("atom", &post_atom),
    ] {
        let mut rates: Vec<f64> = (0..5)
            .map(|_| PER_ROUND as f64 / rt.block_on(round(&client, make)).as_secs_f64())
            .collect();
        let rate = median(&mut rates);
        println!(
            "throughput {name}: {rate:.0} requests/s with {CLIENTS} concurrent clients (median of 5 rounds; target >= 10000) — {} the target",
            verdict(rate >= 10_000.0)
        );
    }
}

fn main() {
    contacts_testkit::criterion::run_short(benches);
}
