//! Issue #33, item 6 (speed): the server answers small GETs at no less than 0.5x the
//! requests per second of a bare axum handler returning the same bytes.
//!
//! In one run, side by side: 64 concurrent keep-alive clients (one `reqwest` client, a pool
//! of 64 connections) GET one small contact (`GET /v1/contacts/{id}` with a read-only token)
//! from [`contacts_server::run`] over the local store (provider-sqlite on a temporary file,
//! opened bare: the server wraps it in the standard layers itself, as it does every
//! provider), and from a bare axum handler on the same kind of listener (127.0.0.1:0)
//! answering the same body with the same content type. Rounds alternate between the two
//! (and two more series: the server with its access log written, see below, and the server
//! over the in-memory store, which shows the server's own share apart from the store's),
//! each round starting with another series; each series' figure is the median of its rounds.
//!
//! The server runs with its default protection but one setting: the request rate. Its
//! default (200 a second per token, bursts of 400) is a limit this bench would measure
//! instead of the server, so it is raised out of reach; the limiter still runs on every
//! request, as do the token check (a SHA-256 per request), the concurrency limit (64), the
//! body limit and the access log's middleware.
//!
//! A `fmt` subscriber at `info`, writing to a sink, is installed for the whole run, but its
//! filter lets events through only during the access-log series: in the others the access
//! log's event and the standard layers' spans are refused at their call sites, as under
//! `contacts`' default log level (warnings only); in that series every request formats its
//! access line and the provider's span: what serving with the access log on costs.
//!
//! Client and servers share the machine's cores, and the client's own cost is the same for
//! every series, so the ratio flatters the server somewhat (with the client elsewhere it
//! would be lower). Beside each rate the bench prints the process's CPU time a request
//! (client and server), with its own verdict: other builds on the machine move it far less
//! than they move the wall clock. Last, the local store's own `get` (no HTTP) with 64 tasks
//! and with one, to tell the store's share from the server's.
//!
//! Run: `cargo bench -p contacts-server --bench small_get` (`CONTACTS_BENCH_ROUNDS`, default
//! 11; `CONTACTS_BENCH_REQUESTS`, requests per round, default 12,800;
//! `CONTACTS_BENCH_ONLY=server` loads the server alone for a while, for `perf`).

mod common;

use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use contacts_core::{ContactProvider, InMemoryProvider, NewContact};
use contacts_server::{Scope, TokenStore};
use contacts_testkit::bench;
use futures::stream::{self, StreamExt};
use provider_sqlite::SqliteProvider;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tracing_subscriber::Layer as _;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

const CLIENTS: usize = 64;

/// Whether the sink subscriber formats events and spans: on only during the access-log
/// series, so the other two run as without a subscriber (the filter says no at each site).
static LOGGING: AtomicBool = AtomicBool::new(false);

/// One GET of a series: the URL and the `Authorization` value (the bare handler ignores it;
/// it is sent to both so both requests are the same size).
struct Target {
    url: String,
    authorization: String,
}

fn main() {
    if !bench::measuring("small_get") {
        return;
    }
    install_sink_subscriber();
    let rounds = bench::env_count("CONTACTS_BENCH_ROUNDS", 11).max(1);
    let requests = bench::env_count("CONTACTS_BENCH_REQUESTS", 12_800).max(CLIENTS);
    let rt = tokio::runtime::Runtime::new().expect("a tokio runtime");
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (server, stop, store) = start_server(dir.path()).await;
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(CLIENTS)
            .build()
            .expect("a reqwest client");
        let (content_type, body) = fetch(&client, &server).await;
        if std::env::var("CONTACTS_BENCH_ONLY").is_ok_and(|only| only == "server") {
            for _ in 0..rounds * 3 {
                round(&client, &server, requests).await;
            }
            return;
        }
        let bare = start_bare(content_type.clone(), body.clone()).await;
        let (again_type, again_body) = fetch(&client, &bare).await;
        assert_eq!(
            (again_type, again_body),
            (content_type, body.clone()),
            "the same answer"
        );
        let (memory, stop_memory) = serve_one_contact(
            Arc::new(InMemoryProvider::new()),
            &dir.path().join("m.json"),
        )
        .await;
        let targets = [&bare, &server, &server, &memory];
        let [bare, ours, logged, memory] = interleave(&client, targets, rounds, requests).await;
        let _ = (stop.send(()), stop_memory.send(()));
        report(ours, logged, bare, body.len(), rounds);
        println!(
            "small_get over the in-memory store (the server's own share, no SQLite, no store \
             thread): {:.0} requests/s = {:.2}x the bare handler; {:.1} µs CPU a request = {:.2}x",
            memory.0,
            memory.0 / bare.0,
            memory.1,
            bare.1 / memory.1
        );
        let id = server.url.rsplit('/').next().unwrap_or_default().to_owned();
        for tasks in [CLIENTS, 1] {
            let alone = store_alone(&store, &id, requests, tasks, rounds).await;
            println!(
                "small_get: the local store's own get (standard layers, {tasks} concurrent \
                 tasks, no HTTP): {alone:.1} µs CPU a get (median of {rounds} rounds)"
            );
        }
    });
}

/// Runs `rounds` rounds of each target (0: bare, 1: the server, 2: the server with the
/// access log written, 3: the server over the in-memory store); each series' medians.
async fn interleave(
    client: &reqwest::Client,
    targets: [&Target; 4],
    rounds: usize,
    requests: usize,
) -> [(f64, f64); 4] {
    let mut series: [Series; 4] = Default::default();
    for i in 0..rounds {
        // Each round starts with another series, so a drift of the machine's load favours
        // none of them.
        for s in (0..4).map(|s| (s + i) % 4) {
            LOGGING.store(s == 2, Ordering::Relaxed);
            let cpu = cpu_seconds();
            let took = round(client, targets[s], requests).await;
            series[s].wall.push(requests as f64 / took.as_secs_f64());
            series[s]
                .cpu
                .push((cpu_seconds() - cpu) * 1e6 / requests as f64);
        }
        LOGGING.store(false, Ordering::Relaxed);
    }
    series.map(Series::medians)
}

/// A series' rounds: requests a second (wall clock), and CPU microseconds a request of this
/// whole process (client and servers; the bench process is the only one the rounds run in).
#[derive(Default)]
struct Series {
    wall: Vec<f64>,
    cpu: Vec<f64>,
}

impl Series {
    /// The medians: requests a second, CPU µs a request.
    fn medians(mut self) -> (f64, f64) {
        (median(&mut self.wall), median(&mut self.cpu))
    }
}

/// Prints the figures and the verdicts: the target is the wall-clock ratio; the CPU a
/// request (client included, so the same client cost sits on both sides) is judged beside
/// it, since other work on the machine moves it much less than it moves the wall clock: on
/// a loaded machine the server's extra threads (the store's own thread) win it a larger
/// share of the cores than the bare handler gets, which flatters the wall-clock ratio.
fn report(ours: (f64, f64), logged: (f64, f64), bare: (f64, f64), bytes: usize, rounds: usize) {
    let ratio = ours.0 / bare.0;
    println!(
        "small_get: GET /v1/contacts/{{id}} ({bytes} bytes) from the server over the local store \
         {:.0} requests/s, a bare axum handler returning the same bytes {:.0} requests/s with \
         {CLIENTS} concurrent clients = {ratio:.2}x (medians of {rounds} interleaved rounds; \
         target >= 0.5x) — {} the target",
        ours.0,
        bare.0,
        bench::verdict(ratio >= 0.5)
    );
    let by_cpu = bare.1 / ours.1;
    println!(
        "small_get CPU (client and server, this process): {:.1} µs a request against {:.1} µs \
         bare = {by_cpu:.2}x the bare handler's requests per CPU-second (what the wall-clock \
         ratio tends to on a quiet machine; target >= 0.5x) — {} the target by CPU",
        ours.1,
        bare.1,
        bench::verdict(by_cpu >= 0.5)
    );
    println!(
        "small_get with the access log written (fmt subscriber at info, into a sink): \
         {:.0} requests/s = {:.2}x the bare handler; {:.1} µs CPU a request = {:.2}x",
        logged.0,
        logged.0 / bare.0,
        logged.1,
        bare.1 / logged.1
    );
}

/// The CPU time (user and system, every thread) this process has used, from
/// `/proc/self/stat` (Linux; in clock ticks of 1/100 s, hence rounds of thousands of requests).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat (Linux)");
    // The fields after the command name (which may hold spaces) in parentheses.
    let fields: Vec<&str> = stat[stat.rfind(')').expect("a stat line") + 2..]
        .split_whitespace()
        .collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks: f64 = fields[11..13]
        .iter()
        .map(|f| f.parse::<f64>().expect("a tick count"))
        .sum();
    ticks / 100.0
}

/// A `fmt` subscriber at `info` writing into a sink, formatting only while [`LOGGING`] is on.
fn install_sink_subscriber() {
    let filter = tracing_subscriber::filter::filter_fn(|meta| {
        LOGGING.load(Ordering::Relaxed) && *meta.level() <= tracing::Level::INFO
    });
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::sink)
                .with_filter(filter),
        )
        .init();
}

/// The local store with one small contact, served by [`contacts_server::run`] on
/// 127.0.0.1:0 for a read-only token; the shutdown sender stops it.
async fn start_server(dir: &std::path::Path) -> (Target, Stop, Arc<dyn ContactProvider>) {
    let store: Arc<dyn ContactProvider> = Arc::new(
        SqliteProvider::builder()
            .path(dir.join("contacts.db"))
            .build_bare()
            .expect("the local store"),
    );
    let (target, stop) = serve_one_contact(Arc::clone(&store), &dir.join("tokens.json")).await;
    (target, stop, store)
}

/// `requests` calls of the store's own `get` (in the standard layers, as the server calls
/// it) from `tasks` concurrent tasks, no HTTP, `rounds` times: the median CPU microseconds a get.
async fn store_alone(
    store: &Arc<dyn ContactProvider>,
    id: &str,
    requests: usize,
    tasks: usize,
    rounds: usize,
) -> f64 {
    let store = contacts_core::layer::standard(Arc::clone(store));
    let (id, options) = (
        contacts_core::ContactId::new(id),
        contacts_core::GetOptions::default(),
    );
    let mut samples = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let cpu = cpu_seconds();
        stream::iter(0..requests)
            .map(|_| async {
                std::hint::black_box(store.get(&id, &options).await.expect("the contact"));
            })
            .buffer_unordered(tasks)
            .collect::<Vec<()>>()
            .await;
        samples.push((cpu_seconds() - cpu) * 1e6 / requests as f64);
    }
    median(&mut samples)
}

/// Stops a server started by [`serve_one_contact`] when sent (or dropped).
type Stop = tokio::sync::oneshot::Sender<()>;

/// Writes one small contact into `provider` and serves it on 127.0.0.1:0 for a read-only
/// token kept in the token file `tokens`.
async fn serve_one_contact(
    provider: Arc<dyn ContactProvider>,
    tokens: &std::path::Path,
) -> (Target, Stop) {
    let person = NewContact::new()
        .property("firstName", "Ada")
        .property("lastName", "Lovelace")
        .property("phoneNumber", "+46701234567")
        .label("VIP");
    let id = provider
        .create(&[person])
        .await
        .expect("one contact")
        .remove(0)
        .id;
    let mut tokens = TokenStore::open(tokens).expect("a token file");
    let (_, secret) = tokens.add(Scope::ReadOnly, "bench").expect("a token");
    let config = common::unlimited(tokens.tokens());
    let (listener, base) = common::listen().await;
    let url = format!("{base}/v1/contacts/{id}");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(contacts_server::run(
        provider,
        config,
        listener,
        async move {
            let _ = stopped.await;
        },
    ));
    let authorization = format!("Bearer {}", secret.expose());
    (Target { url, authorization }, stop)
}

/// A bare axum handler on 127.0.0.1:0 answering `body` as `content_type`.
async fn start_bare(content_type: String, body: Bytes) -> Target {
    let (listener, base) = common::listen().await;
    let url = format!("{base}/v1/contacts/1");
    let app = axum::Router::new().route(
        "/v1/contacts/{id}",
        axum::routing::get(move || {
            let (content_type, body) = (content_type.clone(), body.clone());
            async move { ([(CONTENT_TYPE, content_type)], body) }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    Target {
        url,
        authorization: "Bearer cts_not_checked".to_owned(),
    }
}

/// One answer of `target`: its content type and body (asserting a 200).
async fn fetch(client: &reqwest::Client, target: &Target) -> (String, Bytes) {
    let response = send(client, target).await;
    let content_type = response.headers()[CONTENT_TYPE.as_str()]
        .to_str()
        .expect("a text content type")
        .to_owned();
    (content_type, response.bytes().await.expect("the body"))
}

async fn send(client: &reqwest::Client, target: &Target) -> reqwest::Response {
    let response = client
        .get(&target.url)
        .header("authorization", &target.authorization)
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), 200, "{}", target.url);
    response
}

/// `requests` GETs of `target` from [`CLIENTS`] concurrent tasks; the time they took.
async fn round(client: &reqwest::Client, target: &Target, requests: usize) -> Duration {
    let started = Instant::now();
    stream::iter(0..requests)
        .map(|_| async {
            let body = send(client, target).await.bytes().await.expect("the body");
            std::hint::black_box(body);
        })
        .buffer_unordered(CLIENTS)
        .collect::<Vec<()>>()
        .await;
    started.elapsed()
}

/// The median of a sample (sorted in place).
fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}
