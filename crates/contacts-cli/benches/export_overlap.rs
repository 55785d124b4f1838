//! Target 8: `contacts export` of 50,000 contacts from the iP1 emulator takes at most 1.2x the
//! time of fetching the same pages without decoding them (raw GETs following the `Link`
//! headers, bodies read and discarded), measured side by side in the same run.
//!
//! The export runs the CLI binary as a child process (`--out /dev/null`) against an in-process
//! emulator. The raw baseline runs the same way: this bench binary started again as a child
//! process that walks the pages and exits, so both sides pay for starting a process, a runtime
//! and an HTTP client (about 3 ms here, a tenth of the walk), and the ratio measures what the
//! export adds to the fetching. The raw walk in this process (no process start) is printed
//! too, as is exporting an empty account (the CLI's start-up and one request). Rounds are
//! interleaved; medians are compared.
//!
//! Run: `cargo bench -p contacts-cli --bench export_overlap`. `CONTACTS_BENCH_ROUNDS` sets the
//! rounds (default 31: single rounds on a shared two-core machine spread by ±40%);
//! `CONTACTS_BENCH_ONLY=jsonl,csv` runs only the formats named. The spread printed is the
//! ratio's range over the rounds, each round's export against the same round's raw walk.

use contacts_emulator::ip1::Ip1Emulator;
use contacts_testkit::bench;
use serde_json::json;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CONTACTS: usize = 50_000;
const PAGE: usize = 1000;
const ROUNDS: usize = 31;
/// Set (to the emulator's base URL) in the child process that walks the pages raw.
const RAW_WALK: &str = "CONTACTS_BENCH_RAW_WALK";

/// The `rel="next"` target of a `Link` header, if any.
fn next_link(link: &str) -> Option<&str> {
    link.split(", <").find_map(|part| {
        let (url, rel) = part.trim_start_matches('<').split_once('>')?;
        rel.contains("rel=\"next\"").then_some(url)
    })
}

/// Raw GETs from the first page along the `Link` headers; returns (pages, elapsed).
async fn raw_walk(client: &reqwest::Client, base: &str) -> (usize, Duration) {
    let start = Instant::now();
    let mut url = format!("{base}/v2/contacts?start=0&limit={PAGE}&order=ASC");
    let mut pages = 0;
    loop {
        let resp = client.get(&url).bearer_auth("k").send().await.unwrap();
        assert!(resp.status().is_success(), "{}", resp.status());
        let next = resp
            .headers()
            .get("link")
            .and_then(|l| l.to_str().ok())
            .and_then(next_link)
            .map(str::to_owned);
        std::hint::black_box(resp.bytes().await.unwrap());
        pages += 1;
        match next {
            Some(next) => url = next,
            None => return (pages, start.elapsed()),
        }
    }
}

/// The raw walk in a child process (this bench binary, see [`RAW_WALK`]), start to exit.
fn raw_child(base: &str) -> Duration {
    let start = Instant::now();
    let status = Command::new(std::env::current_exe().unwrap())
        .env(RAW_WALK, base)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    start.elapsed()
}

/// `contacts export --format <format> --out /dev/null` as a child process.
fn export(base: &str, format: &str) -> Duration {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_contacts"))
        .args([
            "--provider",
            "ip1",
            "--base-url",
            base,
            "--api-key",
            "k",
            "-q",
        ])
        .args(["export", "--format", format, "--out", "/dev/null"])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    start.elapsed()
}

/// The smallest and largest of each round's export time over its raw walk.
fn ratio_range(exported: &[f64], raw: &[f64]) -> (f64, f64) {
    let ratios = exported.iter().zip(raw).map(|(e, r)| e / r);
    ratios.fold((f64::MAX, 0.0), |(lo, hi), r| (lo.min(r), hi.max(r)))
}

fn main() {
    if let Ok(base) = std::env::var(RAW_WALK) {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let (pages, _) = rt.block_on(raw_walk(&reqwest::Client::new(), &base));
        assert_eq!(pages, CONTACTS / PAGE);
        return;
    }
    if !bench::measuring("export_overlap") {
        return;
    }
    let rounds = bench::env_count("CONTACTS_BENCH_ROUNDS", ROUNDS);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let emu = rt
        .block_on(Ip1Emulator::builder().api_key("k").start())
        .unwrap();
    for chunk in (0..CONTACTS).collect::<Vec<_>>().chunks(10_000) {
        emu.seed(chunk.iter().map(|i| json!({"properties": {"phoneNumber": format!("+46{i:09}"), "firstName": format!("Name {i}"), "note": "x"}, "labels": ["L"]})).collect());
    }
    let base = emu.base_url();
    let client = reqwest::Client::new();
    let empty = rt
        .block_on(Ip1Emulator::builder().api_key("k").start())
        .unwrap();
    let (pages, _) = rt.block_on(raw_walk(&client, &base));
    assert_eq!(pages, CONTACTS / PAGE);
    let only = std::env::var("CONTACTS_BENCH_ONLY").unwrap_or_default();
    for format in ["jsonl", "csv", "vcard"] {
        if !only.is_empty() && !only.split(',').any(|f| f == format) {
            continue;
        }
        let (mut raw, mut inside, mut walk, mut exported) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            raw.push(raw_child(&base).as_secs_f64());
            inside.push(rt.block_on(raw_walk(&client, &base)).1.as_secs_f64());
            walk.push(export(&empty.base_url(), format).as_secs_f64());
            exported.push(export(&base, format).as_secs_f64());
        }
        // Every format reads each page once (csv writes its header at the end).
        let (lo, hi) = ratio_range(&exported, &raw);
        let [raw, inside, walk, exported] =
            [raw, inside, walk, exported].map(|mut seconds| bench::median(&mut seconds));
        let ratio = exported / raw;
        let inside_ratio = exported / inside;
        let verdict = bench::verdict(ratio <= 1.2);
        println!(
            "export_overlap {format}: {CONTACTS} contacts in {pages} pages — export {:.1} ms, raw GETs {:.1} ms (a child process, as the export) = {ratio:.2}x raw (medians of {rounds} interleaved rounds; per round {lo:.2}x–{hi:.2}x; target <= 1.2x) — {verdict} the target. For scale: raw GETs in the bench's own process {:.1} ms ({inside_ratio:.2}x), an empty account exported {:.1} ms",
            exported * 1e3,
            raw * 1e3,
            inside * 1e3,
            walk * 1e3,
        );
    }
}
