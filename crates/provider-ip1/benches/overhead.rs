//! Target 1: `get` and `list_page` (100 contacts) through provider-ip1 cost at most 1.10x a
//! minimal hand-written reqwest + serde_json call making the same request to the same emulator.
//!
//! Criterion measures each side; `ratio` then times both interleaved in the same run and prints
//! the ratio, so machine noise cancels. Run: `cargo bench -p provider-ip1 --bench overhead`.

// criterion's macros generate undocumented functions.
#![allow(missing_docs)]

use contacts_core::{ContactId, ContactProvider, ContactQuery, GetOptions, Standard};
use contacts_emulator::ip1::Ip1Emulator;
use contacts_http::ClientOptions;
use criterion::{Criterion, criterion_group, criterion_main};
use provider_ip1::Ip1Provider;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

/// What the hand-written baseline decodes: the same document, typed.
#[derive(Deserialize)]
#[allow(dead_code)]
struct RawContact {
    id: String,
    #[serde(default)]
    properties: BTreeMap<String, String>,
    #[serde(default)]
    labels: Vec<String>,
}

struct Setup {
    rt: Runtime,
    _emu: Ip1Emulator,
    base: String,
    raw: reqwest::Client,
    provider: Standard<Ip1Provider>,
    id: ContactId,
}

fn setup() -> Setup {
    let rt = Runtime::new().unwrap();
    let emu = rt.block_on(contacts_testkit::ip1::emulator("bench"));
    let docs = (0..100)
        .map(|i| json!({"properties": {"phoneNumber": format!("+4670{i:07}"), "firstName": format!("Name {i}"), "email": format!("n{i}@example.com")}, "labels": ["Bench"]}))
        .collect();
    let id = ContactId::new(emu.seed(docs).remove(0));
    let base = emu.base_url();
    let provider = contacts_testkit::ip1::provider_at(&base, "bench", ClientOptions::default());
    Setup {
        rt,
        _emu: emu,
        base,
        raw: reqwest::Client::new(),
        provider,
        id,
    }
}

async fn raw_get(s: &Setup) -> RawContact {
    let resp = s
        .raw
        .get(format!("{}/v2/contacts/{}", s.base, s.id))
        .bearer_auth("bench")
        .send()
        .await
        .unwrap();
    serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap()
}

async fn raw_list(s: &Setup) -> Vec<RawContact> {
    let resp = s
        .raw
        .get(format!(
            "{}/v2/contacts?start=0&limit=100&order=ASC",
            s.base
        ))
        .bearer_auth("bench")
        .send()
        .await
        .unwrap();
    let _link = resp.headers().get("link").cloned();
    serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap()
}

fn benches(c: &mut Criterion) {
    let s = setup();
    let query = ContactQuery::new().page_size(100);
    let mut get = c.benchmark_group("get");
    get.bench_function("raw reqwest+serde_json", |b| {
        b.to_async(&s.rt)
            .iter(|| async { black_box(raw_get(&s).await) })
    });
    get.bench_function("provider-ip1", |b| {
        b.to_async(&s.rt).iter(|| async {
            black_box(s.provider.get(&s.id, &GetOptions::default()).await.unwrap())
        })
    });
    get.finish();
    let mut list = c.benchmark_group("list_page_100");
    list.bench_function("raw reqwest+serde_json", |b| {
        b.to_async(&s.rt)
            .iter(|| async { black_box(raw_list(&s).await) })
    });
    list.bench_function("provider-ip1", |b| {
        b.to_async(&s.rt)
            .iter(|| async { black_box(s.provider.list_page(&query, None).await.unwrap()) })
    });
    list.finish();
    ratios(&s, &query);
}

/// Interleaved rounds of both sides; the ratio of the medians of per-round times.
fn ratios(s: &Setup, query: &ContactQuery) {
    let rounds = 30;
    let per_round = 100;
    let (mut get_ratio, mut list_ratio) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let time = |f: &mut dyn FnMut()| {
            let start = Instant::now();
            f();
            start.elapsed()
        };
        let raw = time(&mut || {
            s.rt.block_on(async {
                for _ in 0..per_round {
                    black_box(raw_get(s).await);
                }
            })
        });
        let ours = time(&mut || {
            s.rt.block_on(async {
                for _ in 0..per_round {
                    black_box(s.provider.get(&s.id, &GetOptions::default()).await.unwrap());
                }
            })
        });
        get_ratio.push(ours.as_secs_f64() / raw.as_secs_f64());
        let raw = time(&mut || {
            s.rt.block_on(async {
                for _ in 0..per_round / 10 {
                    black_box(raw_list(s).await);
                }
            })
        });
        let ours = time(&mut || {
            s.rt.block_on(async {
                for _ in 0..per_round / 10 {
                    black_box(s.provider.list_page(query, None).await.unwrap());
                }
            })
        });
        list_ratio.push(ours.as_secs_f64() / raw.as_secs_f64());
    }
    report("get", get_ratio, 1.10);
    report("list_page(100)", list_ratio, 1.10);
}

fn report(what: &str, mut ratios: Vec<f64>, target: f64) {
    let median = contacts_testkit::bench::median(&mut ratios);
    let verdict = contacts_testkit::bench::verdict(median <= target);
    println!(
        "ratio {what}: provider / raw = {median:.3} (median of {} interleaved rounds; target <= {target}) — {verdict} the target",
        ratios.len()
    );
}

criterion_group! {
    name = overhead;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = benches
}
criterion_main!(overhead);
