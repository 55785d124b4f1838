//! Target 2: a bulk create of 20,000 contacts through provider-ip1 reaches at least 0.9x the
//! throughput of the best raw batched POST loop (same batch size of 1000, best concurrency of
//! 1, 2 or 4 found in the run). Run: `cargo bench -p provider-ip1 --bench bulk_create`.

use contacts_core::{ContactProvider, NewContact};
use contacts_http::ClientOptions;
use criterion::Criterion;
use futures::stream::{self, StreamExt};
use provider_ip1::Ip1Provider;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

const TOTAL: usize = 20_000;
const BATCH: usize = 1000;

fn docs() -> Vec<NewContact> {
    (0..TOTAL)
        .map(|i| {
            NewContact::new()
                .property("phoneNumber", format!("+46{i:09}"))
                .property("firstName", format!("Name {i}"))
                .label("Bulk")
        })
        .collect()
}

fn raw_bodies() -> Vec<Value> {
    (0..TOTAL / BATCH)
        .map(|b| {
            Value::Array(
                (b * BATCH..(b + 1) * BATCH)
                    .map(|i| json!({"properties": {"phoneNumber": format!("+46{i:09}"), "firstName": format!("Name {i}")}, "labels": ["Bulk"]}))
                    .collect(),
            )
        })
        .collect()
}

async fn raw(client: &reqwest::Client, base: &str, bodies: &[Value], concurrency: usize) {
    stream::iter(bodies)
        .map(|body| async move {
            let resp = client
                .post(format!("{base}/v2/contacts?sync=true"))
                .bearer_auth("bench")
                .json(body)
                .send()
                .await
                .unwrap();
            assert!(resp.status().is_success());
            let created: Vec<Value> = serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap();
            assert_eq!(created.len(), BATCH);
        })
        .buffer_unordered(concurrency)
        .collect::<Vec<()>>()
        .await;
}

fn benches(c: &mut Criterion) {
    let rt = Runtime::new().unwrap();
    let emu = rt.block_on(contacts_testkit::ip1::emulator("bench"));
    let base = emu.base_url();
    let client = reqwest::Client::new();
    let provider = contacts_testkit::ip1::provider_at(&base, "bench", ClientOptions::default());
    let docs = docs();
    let bodies = raw_bodies();
    let mut group = c.benchmark_group("create_20000");
    group.throughput(criterion::Throughput::Elements(TOTAL as u64));
    for concurrency in [1, 2, 4] {
        group.bench_function(format!("raw POST loop, concurrency {concurrency}"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    emu.reset();
                    let start = Instant::now();
                    rt.block_on(raw(&client, &base, &bodies, concurrency));
                    total += start.elapsed();
                }
                total
            })
        });
    }
    group.bench_function("provider-ip1 create", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                emu.reset();
                let start = Instant::now();
                let created = rt.block_on(provider.create(&docs)).unwrap();
                total += start.elapsed();
                assert_eq!(created.len(), TOTAL);
            }
            total
        })
    });
    group.finish();

    // The best raw concurrency, by the median of three runs each; then interleaved rounds of
    // that raw loop and the provider at the same concurrency, so noise hits both alike.
    let time_raw = |c: usize| {
        emu.reset();
        let start = Instant::now();
        rt.block_on(raw(&client, &base, &bodies, c));
        start.elapsed()
    };
    let raw_median = |c: usize| {
        let mut secs: Vec<f64> = (0..3).map(|_| time_raw(c).as_secs_f64()).collect();
        contacts_testkit::bench::median(&mut secs)
    };
    let best = [1, 2, 4]
        .into_iter()
        .map(|c| (c, raw_median(c)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
        .unwrap();
    let tuned = Ip1Provider::builder()
        .api_key("bench")
        .base_url(&base)
        .create_concurrency(best)
        .build()
        .unwrap();
    let mut ratios = Vec::new();
    for _ in 0..7 {
        let raw_time = time_raw(best);
        emu.reset();
        let start = Instant::now();
        rt.block_on(tuned.create(&docs)).unwrap();
        ratios.push(raw_time.as_secs_f64() / start.elapsed().as_secs_f64());
    }
    let median = contacts_testkit::bench::median(&mut ratios);
    let verdict = contacts_testkit::bench::verdict(median >= 0.9);
    println!(
        "ratio create_20000: provider throughput / raw throughput at the best concurrency ({best}) = {median:.3} (median of 7 interleaved rounds; target >= 0.9) — {verdict} the target"
    );
}

fn main() {
    contacts_testkit::criterion::run_short(benches);
}
