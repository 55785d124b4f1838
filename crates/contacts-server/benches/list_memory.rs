//! Issue #33, item 6 (memory): the server lists 100,000 contacts of the local store in flat
//! memory: a client paging through all of them (`POST /v1/contact-queries`, the default page
//! size, each next page asked with the previous page's token) peaks the server process at no
//! more than 1.5x the same listing of 10,000.
//!
//! What is measured: the peak resident set (`VmHWM` in `/proc/<pid>/status`, Linux) of the
//! server as a process of its own, so it counts everything the server holds, SQLite's page
//! cache and the answers' buffers included, and nothing of the client's. The server is this
//! bench binary started again with `CONTACTS_BENCH_SERVE_DB` (the store's file) and
//! `CONTACTS_BENCH_SERVE_TOKENS` (the token file): it opens the store as `contacts serve`
//! would ([`contacts_server::run`] over the bare store, which the server wraps in the
//! standard layers), prints its address, and serves until its standard input closes. The
//! bench seeds each store beforehand in its own process through the store's batch `create`
//! (10,000 a batch), then pages through it as a read-only token and checks the count. The
//! server's protection is the default but for the request rate, raised out of reach (at 200
//! requests a second, the default, the 2,000 pages of 100,000 would only make the client wait).
//! Each size's peak is also printed right after the server started, before the listing, to
//! show what the listing itself added.
//!
//! Run: `cargo bench -p contacts-server --bench list_memory` (`CONTACTS_BENCH_N` sets the
//! large size, default 100,000; the small one is a tenth of it).

mod common;

use contacts_core::{ContactProvider, NewContact, Page};
use contacts_server::{Scope, TokenStore};
use contacts_testkit::bench;
use provider_sqlite::SqliteProvider;
use serde_json::json;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::Arc;

const SERVE_DB: &str = "CONTACTS_BENCH_SERVE_DB";
const SERVE_TOKENS: &str = "CONTACTS_BENCH_SERVE_TOKENS";
/// The largest batch the local store takes.
const BATCH: usize = 10_000;

fn main() {
    if let (Some(db), Some(tokens)) = (std::env::var_os(SERVE_DB), std::env::var_os(SERVE_TOKENS)) {
        serve(Path::new(&db), Path::new(&tokens));
        return;
    }
    if !bench::measuring("list_memory") {
        return;
    }
    let large = bench::env_count("CONTACTS_BENCH_N", 100_000).max(10);
    let small = large / 10;
    let (small_start, small_peak) = measure(small);
    let (large_start, large_peak) = measure(large);
    let ratio = large_peak as f64 / small_peak as f64;
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "list_memory: the server's peak RSS listing {small} contacts {:.1} MiB (at start {:.1}), \
         {large} contacts {:.1} MiB (at start {:.1}) = {ratio:.2}x (default pages of \
         POST /v1/contact-queries, local store; target <= 1.5x) — {} the target",
        mib(small_peak),
        mib(small_start),
        mib(large_peak),
        mib(large_start),
        bench::verdict(ratio <= 1.5)
    );
}

/// The child: serves the store at `db` for the tokens of `tokens` on 127.0.0.1:0, prints
/// `http://<address>` on a line, and stops when its standard input closes.
fn serve(db: &Path, tokens: &Path) {
    let rt = tokio::runtime::Runtime::new().expect("a tokio runtime");
    rt.block_on(async {
        let store = SqliteProvider::builder()
            .path(db)
            .build_bare()
            .expect("the store");
        // Unlimited: the default rate would make the client wait, not the server hold more.
        let config = common::unlimited(TokenStore::open(tokens).expect("the token file").tokens());
        let (listener, base) = common::listen().await;
        println!("{base}");
        std::io::stdout().flush().expect("stdout");
        let closed = tokio::task::spawn_blocking(|| {
            let _ = std::io::stdin().read_to_end(&mut Vec::new());
        });
        let provider: Arc<dyn ContactProvider> = Arc::new(store);
        contacts_server::run(provider, config, listener, async move {
            let _ = closed.await;
        })
        .await
        .expect("the server");
    });
}

/// Seeds a store of `n` contacts, starts the server over it as a child process, lists every
/// contact through it, and returns the child's peak RSS (KiB) after starting and after the
/// listing.
fn measure(n: usize) -> (u64, u64) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = dir.path().join("contacts.db");
    let rt = tokio::runtime::Runtime::new().expect("a tokio runtime");
    rt.block_on(seed(&db, n));
    let mut tokens = TokenStore::open(dir.path().join("tokens.json")).expect("a token file");
    let (_, secret) = tokens.add(Scope::ReadOnly, "bench").expect("a token");
    let mut child = Command::new(std::env::current_exe().expect("this bench's path"))
        .env(SERVE_DB, &db)
        .env(SERVE_TOKENS, tokens.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server process");
    let base = address(child.stdout.take().expect("its stdout"));
    let at_start = vm_hwm_kib(&child);
    let listed = rt.block_on(list_all(&base, secret.expose()));
    let peak = vm_hwm_kib(&child);
    drop(child.stdin.take());
    let status = child.wait().expect("the server's exit");
    assert!(status.success(), "the server process failed: {status}");
    assert_eq!(listed, n, "every contact listed once");
    (at_start, peak)
}

/// Person `i`: a name, a number and a label, as the other scale benches make them.
fn person(i: usize) -> NewContact {
    NewContact::new()
        .property("phoneNumber", format!("+4670{:07}", i % 10_000_000))
        .property("firstName", format!("Person {i}"))
        .label("Customer")
}

/// Writes `n` people into a new store at `db` through its batch `create`.
async fn seed(db: &Path, n: usize) {
    let store = SqliteProvider::builder()
        .path(db)
        .build_bare()
        .expect("the store");
    for start in (0..n).step_by(BATCH) {
        let batch: Vec<NewContact> = (start..(start + BATCH).min(n)).map(person).collect();
        store.create(&batch).await.expect("a batch");
    }
}

/// The first line the server prints: its base URL.
fn address(stdout: ChildStdout) -> String {
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the server's address");
    line.trim().to_owned()
}

/// Pages through every contact in default pages; returns how many were listed.
async fn list_all(base: &str, secret: &str) -> usize {
    let client = reqwest::Client::new();
    let url = format!("{base}/v1/contact-queries");
    let (mut listed, mut token) = (0, None);
    loop {
        let mut body = json!({"query": {}});
        if let Some(token) = token.take() {
            body["pageToken"] = token;
        }
        let response = client
            .post(&url)
            .bearer_auth(secret)
            .json(&body)
            .send()
            .await;
        let response = response.expect("an answer");
        assert_eq!(response.status(), 200, "a page");
        let page: Page = response.json().await.expect("a page");
        listed += page.items.len();
        match page.next {
            Some(next) => token = Some(serde_json::to_value(next).expect("a token")),
            None => return listed,
        }
    }
}

/// The peak resident set of `child` so far, in KiB.
fn vm_hwm_kib(child: &Child) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id()))
        .expect("the server's /proc status (Linux)");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM");
    line.split_whitespace()
        .nth(1)
        .and_then(|kib| kib.parse().ok())
        .expect("VmHWM in kB")
}
