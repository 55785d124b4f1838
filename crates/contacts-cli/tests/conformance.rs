//! `contacts conformance` against live endpoints, as a person certifying an adapter runs it: the
//! emulator as a separate process (`contacts emulate`), the CLI binary against it over HTTP.

mod common;

use common::text;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use serde_json::Value;
use std::path::Path;
use std::process::{Child, Output};

/// `contacts emulate ip1` in its own process; killed on drop.
struct Emulator {
    child: Child,
    base: String,
    /// The data home of the emulator and of the runs against it.
    home: tempfile::TempDir,
}

impl Emulator {
    fn ip1(extra: &[&str]) -> Self {
        let home = tempfile::tempdir().unwrap();
        let args = [&["ip1", "--api-key", "cert-key"], extra].concat();
        let (child, base) = common::start_emulator(home.path(), &args);
        Self { child, base, home }
    }

    fn contacts(&self, args: &[&str]) -> Output {
        let env = common::vendor_env("ip1", &self.base, "cert-key");
        common::with_env(self.home.path(), &env, args)
    }

    /// `contacts conformance --cases CASES extra…` against this emulator.
    fn certify(&self, cases: &str, extra: &[&str]) -> Output {
        self.contacts(&[&["conformance", "--cases", cases], extra].concat())
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn seed(emu: &Emulator, n: usize) {
    for i in 0..n {
        let phone = format!("phoneNumber=+4670000{i:04}");
        let out = emu.contacts(&["create", "--set", &phone]);
        assert!(out.status.success(), "{}", text(&out));
    }
}

fn listed(emu: &Emulator) -> usize {
    let out = emu.contacts(&["--output", "json", "list"]);
    assert!(out.status.success(), "{}", text(&out));
    String::from_utf8_lossy(&out.stdout).lines().count()
}

fn report(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_non_empty_account_is_refused_without_wipe_and_left_alone() {
    let emu = Emulator::ip1(&[]);
    seed(&emu, 3);
    let out = emu.certify("4", &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("holds 3 contacts"), "{said}");
    assert!(said.contains("--wipe-account"), "{said}");
    assert_eq!(listed(&emu), 3, "nothing was deleted");
}

#[test]
fn with_wipe_a_non_empty_account_passes_every_check_and_ends_empty() {
    let emu = Emulator::ip1(&[]);
    seed(&emu, 5);
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("report.json");
    let out = emu.certify("6", &["--wipe-account", "--report", json.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("33 passed, 0 failed, 17 skipped"), "{said}");
    assert_eq!(listed(&emu), 0, "the account is left empty");
    let report = report(&json);
    assert_eq!(report["suiteVersion"], contacts_conformance::SUITE_VERSION);
    assert!(report["tool"].as_str().unwrap().starts_with("contacts "));
    assert!(report["date"].as_str().unwrap().ends_with('Z'));
    let ip1 = &report["providers"][0];
    assert_eq!(ip1["capabilities"]["labels"], true);
    for check in ip1["checks"].as_array().unwrap() {
        assert!(check["durationMs"].is_u64(), "{check}");
        if check["status"] == "skipped" {
            assert!(
                check["reason"]
                    .as_str()
                    .is_some_and(|r| r.contains("declared")),
                "a skip says which capability: {check}"
            );
        }
    }
}

#[test]
fn a_broken_server_fails_exactly_the_check_that_catches_it_in_junit_too() {
    let emu = Emulator::ip1(&["--deviation", "ignores-descending-order"]);
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("junit.xml");
    let out = emu.certify("4", &["--junit", junit.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    common::text_says(&out, "conformance failed: ip1/descending_order\n");
    let cases = junit_cases(&std::fs::read_to_string(&junit).unwrap());
    assert_eq!(cases.len(), contacts_conformance::CHECKS.len());
    let failed: Vec<&str> = cases
        .iter()
        .filter(|(_, kind)| kind == "failure")
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(failed, ["descending_order"]);
    assert_eq!(cases.iter().filter(|(_, k)| k == "skipped").count(), 17);
}

/// Each `testcase` of a JUnit file, read with a real XML parser: its name and what it holds
/// (`failure`, `skipped`, or `passed`).
fn junit_cases(xml: &str) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(xml);
    let mut cases: Vec<(String, String)> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let tag = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if tag == "testcase" {
                    let name = e
                        .try_get_attribute("name")
                        .unwrap()
                        .map(|a| {
                            a.normalized_value(XmlVersion::Explicit1_0)
                                .unwrap()
                                .into_owned()
                        })
                        .unwrap();
                    cases.push((name, "passed".into()));
                } else if tag == "failure" || tag == "skipped" {
                    cases.last_mut().expect("inside a testcase").1 = tag;
                }
            }
            Event::Eof => return cases,
            _ => {}
        }
    }
}

#[test]
fn expectations_turn_a_known_failure_into_expected_fail_and_flag_a_fixed_one() {
    let emu = Emulator::ip1(&["--deviation", "ignores-descending-order"]);
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("report.json");
    let expect = common::write_file(
        dir.path(),
        "expect.toml",
        "descending_order = \"the sandbox ignores DESC (ticket 7)\"\n",
    );
    let args = [
        "--expect",
        expect.to_str().unwrap(),
        "--report",
        json.to_str().unwrap(),
    ];
    let out = emu.certify("4", &args);
    assert!(out.status.success(), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("expected-fail"), "{said}");
    assert!(said.contains("ticket 7"), "{said}");
    let check = |report: &Value, name: &str| {
        report["providers"][0]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        check(&report(&json), "descending_order")["status"],
        "expected-fail"
    );

    // The same expectation against a server that is not broken: the entry is stale.
    let fixed = Emulator::ip1(&[]);
    let out = fixed.certify("4", &args);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("FIXED"), "{}", text(&out));
    assert_eq!(check(&report(&json), "descending_order")["status"], "fixed");

    std::fs::write(&expect, "descending_ordr = \"typo\"\n").unwrap();
    let out = fixed.certify("4", &args);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    common::text_says(&out, "not a check of this suite");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_atom_every_book_a_run_makes_is_deleted_and_kept_only_when_asked() {
    let atom = contacts_testkit::atom::emulator("atom-key").await;
    let existing = atom.create_book("Customers");
    let before = atom.books();
    let base = atom.base_url();
    let env = common::vendor_env("addressbook", &base, "atom-key");
    let home = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        // The client keeps to Atom's 10 requests/s unless told otherwise.
        let args = ["--setting", "rate_limit=0", "conformance"];
        common::with_env(home.path(), &env, &[&args[..], extra].concat())
    };
    let out = run(&["--cases", "4"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        atom.books(),
        before,
        "the account's books are as the run found them"
    );
    assert_eq!(before.first().map(|b| b.0), Some(existing));

    let out = run(&["--keep-books", "--cases", "1"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(atom.books().len() > before.len(), "--keep-books keeps them");
}
