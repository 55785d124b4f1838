//! Fault injection: fractions as configured, deterministic from the seed; the binary.

use contacts_emulator::ip1::Ip1Emulator;
use contacts_emulator::{FaultConfig, FaultPhase};
use reqwest::{Client, Method, RequestBuilder};
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `path` of the emulator (`/v2/…`), with the key the tests start it with.
fn request(
    http: &Client,
    method: reqwest::Method,
    emu: &Ip1Emulator,
    path: &str,
) -> RequestBuilder {
    http.request(method, format!("{}{path}", emu.base_url()))
        .bearer_auth("k")
}

/// Lists contacts `n` times: the statuses, 0 where the connection was dropped.
async fn run(emu: &Ip1Emulator, n: usize) -> Vec<u16> {
    let http = Client::new();
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let status = match request(&http, Method::GET, emu, "/v2/contacts")
            .send()
            .await
        {
            Ok(resp) => {
                let status = resp.status().as_u16();
                // A dropped connection shows up while reading the body.
                if resp.bytes().await.is_ok() {
                    status
                } else {
                    0
                }
            }
            Err(_) => 0,
        };
        out.push(status);
    }
    out
}

#[tokio::test]
async fn the_injected_fraction_is_what_was_configured_and_repeats_with_the_seed() {
    let emu = Ip1Emulator::builder()
        .api_key("k")
        .faults(FaultConfig {
            error_rate: 0.2,
            ..FaultConfig::seeded(42)
        })
        .start()
        .await
        .unwrap();
    let first = run(&emu, 1000).await;
    let errors = first.iter().filter(|s| (500..600).contains(*s)).count();
    assert!(
        (150..=250).contains(&errors),
        "{errors} of 1000 answered 5xx at a 0.2 error rate"
    );
    assert_eq!(first.iter().filter(|s| **s == 200).count(), 1000 - errors);
    assert_eq!(emu.stats().faults, errors as u64);
    emu.set_faults(FaultConfig {
        error_rate: 0.2,
        ..FaultConfig::seeded(42)
    });
    let again = run(&emu, 1000).await;
    assert_eq!(first, again, "the same seed gives the same sequence");
}

#[tokio::test]
async fn throttling_drops_latency_and_errors_after_the_work() {
    let emu = Ip1Emulator::builder().api_key("k").start().await.unwrap();
    emu.set_faults(FaultConfig {
        rate_limit_rate: 1.0,
        retry_after_secs: 3,
        ..FaultConfig::seeded(1)
    });
    let list = request(&Client::new(), Method::GET, &emu, "/v2/contacts");
    let resp = list.send().await.unwrap();
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.headers()["retry-after"], "3");

    emu.set_faults(FaultConfig {
        drop_rate: 1.0,
        ..FaultConfig::seeded(1)
    });
    assert_eq!(
        run(&emu, 3).await,
        vec![0, 0, 0],
        "dropped connections reach the client as errors"
    );

    emu.set_faults(FaultConfig {
        latency: Duration::from_millis(150),
        ..FaultConfig::seeded(1)
    });
    let start = Instant::now();
    assert_eq!(run(&emu, 1).await, vec![200]);
    assert!(start.elapsed() >= Duration::from_millis(150));

    // One create per phase, in this order: the contacts stored after each.
    for (phase, n, stored, what) in [
        (
            FaultPhase::After,
            "1",
            1,
            "an error after the work: the contact was stored anyway",
        ),
        (
            FaultPhase::Before,
            "2",
            1,
            "an error before the work stores nothing",
        ),
    ] {
        emu.set_faults(FaultConfig {
            error_rate: 1.0,
            error_phase: phase,
            ..FaultConfig::seeded(1)
        });
        let create = request(&Client::new(), Method::POST, &emu, "/v2/contacts?sync");
        let resp = create
            .json(&json!([{"properties": {"n": n}}]))
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_server_error(), "{what}: {}", resp.status());
        emu.set_faults(FaultConfig::none());
        assert_eq!(emu.contacts().len(), stored, "{what}");
    }
}

#[test]
fn the_binary_prints_its_base_url_first_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_contacts-emulator"))
        .args(["addressbook", "--api-key", "bin-key", "--rate-limit", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line.trim().to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let status = rt.block_on(async {
        Client::new()
            .post(format!("{base}/api/address-book/list"))
            .bearer_auth("bin-key")
            .json(&json!({}))
            .send()
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status, 200);
    child.kill().unwrap();
    child.wait().unwrap();
}
