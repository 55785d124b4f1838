//! Target 3 (CLI half): `contacts export` of 100,000 contacts peaks at no more than 1.5x the
//! memory of exporting 10,000. The binary runs as a child process against an in-process iP1
//! emulator; its peak resident set (`VmHWM` in `/proc/<pid>/status`, Linux) is read while it runs.
//! Run: `cargo bench -p contacts-cli --bench export_memory`.

use contacts_emulator::ip1::Ip1Emulator;
use serde_json::json;
use std::process::{Command, Stdio};
use std::time::Duration;

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Exports `n` contacts in `format` to /dev/null; returns the child's peak RSS in KiB.
fn peak_for(rt: &tokio::runtime::Runtime, n: usize, format: &str) -> u64 {
    let emu = rt
        .block_on(Ip1Emulator::builder().api_key("k").start())
        .unwrap();
    for chunk in (0..n).collect::<Vec<_>>().chunks(10_000) {
        emu.seed(chunk.iter().map(|i| json!({"properties": {"phoneNumber": format!("+46{i:09}"), "firstName": format!("Name {i}"), "note": "x"}, "labels": ["L"]})).collect());
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_contacts"))
        .args([
            "--provider",
            "ip1",
            "--base-url",
            &emu.base_url(),
            "--api-key",
            "k",
            "-q",
            "export",
            "--format",
            format,
            "--out",
            "/dev/null",
        ])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut peak = 0;
    loop {
        if let Some(kib) = vm_hwm_kib(child.id()) {
            peak = peak.max(kib);
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(child.wait().unwrap().success());
    peak
}

fn main() {
    if !contacts_testkit::bench::measuring("export_memory") {
        return;
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    for format in ["jsonl", "csv", "vcard"] {
        let small = peak_for(&rt, 10_000, format);
        let large = peak_for(&rt, 100_000, format);
        let ratio = large as f64 / small as f64;
        let verdict = contacts_testkit::bench::verdict(ratio <= 1.5);
        println!(
            "export_memory {format}: peak RSS {:.1} MiB for 10,000 contacts, {:.1} MiB for 100,000 = {ratio:.2}x (target <= 1.5x) — {verdict} the target",
            small as f64 / 1024.0,
            large as f64 / 1024.0
        );
    }
}
