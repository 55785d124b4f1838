//! Target 5: each emulator serves at least 10,000 GET-like requests per second to 64 concurrent
//! clients on the 2-core machine, so it is never the bottleneck of the other benchmarks.
//! Client and server share the machine, so the figure is a lower bound for the server.
//! Run: `cargo bench -p contacts-emulator --bench throughput`.

// criterion's macros generate undocumented functions.
#![allow(missing_docs)]

use contacts_emulator::RateLimit;
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_emulator::ip1::Ip1Emulator;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use futures::stream::{self, StreamExt};
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

const CLIENTS: usize = 64;
const PER_ROUND: usize = 6400;

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
        rates.sort_by(f64::total_cmp);
        let median = rates[2];
        let verdict = if median >= 10_000.0 {
            "meets"
        } else {
            "MISSES"
        };
        println!(
            "throughput {name}: {median:.0} requests/s with {CLIENTS} concurrent clients (median of 5 rounds; target >= 10000) — {verdict} the target"
        );
    }
}

criterion_group! {
    name = throughput;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(5)).warm_up_time(Duration::from_secs(1));
    targets = benches
}
criterion_main!(throughput);
