//! `contacts dedupe` through the built binary: on the local store (cards: a second e-mail is
//! kept beside the first) and on the iP1 emulator through a profile (flat: a second e-mail is
//! reported and the group left without --allow-loss); a dry run and a run without --yes write
//! nothing; `--output json` gives the plan; a second run finds nothing.

mod common;

use common::{Store, config_file, contacts, ok};
use contacts_emulator::ip1::Ip1Emulator;
use serde_json::Value;
use std::path::Path;
use std::process::Output;

/// Three people on the local store: Ada twice (one number in two spellings, two e-mails), Bob.
fn seed_local(store: &Store) {
    let create = |args: &[&str]| {
        let mut all = vec!["create"];
        all.extend_from_slice(args);
        ok(store.run(&all));
    };
    create(&[
        "--set",
        "phoneNumber=+46701234567",
        "--set",
        "firstName=Ada",
        "--label",
        "VIP",
    ]);
    create(&[
        "--set",
        "phoneNumber=+46709999999",
        "--set",
        "firstName=Bob",
    ]);
    create(&[
        "--set",
        "phoneNumber=070-123 45 67",
        "--set",
        "email=ada@work.se",
        "--set",
        "company=Analytical",
        "--label",
        "Maths",
    ]);
}

/// The report of `--output json dedupe args…`, run by `run` (which must succeed).
#[track_caller]
fn json_report(run: impl Fn(&[&str]) -> Output, args: &[&str]) -> Value {
    let out = ok(run(&[&["--output", "json", "dedupe"], args].concat()));
    serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn a_dry_run_and_a_run_without_yes_write_nothing() {
    let store = Store::new();
    seed_local(&store);
    let out = ok(store.run(&["dedupe", "--region", "SE", "--dry-run"]));
    assert!(
        out.starts_with("dry run: 1 group of duplicates among 3 contacts"),
        "{out}"
    );
    assert!(out.contains("same number +46701234567: 1, 3"), "{out}");
    assert_eq!(store.listed().len(), 3);
    // Not a terminal, no --yes: the plan, then exit 2 and nothing changed.
    let refused = store.run(&["dedupe", "--region", "SE"]);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("pass --yes"), "{err}");
    assert!(String::from_utf8_lossy(&refused.stdout).contains("keep "));
    assert_eq!(store.listed().len(), 3);
}

#[test]
fn output_json_is_the_plan_as_one_object() {
    let store = Store::new();
    seed_local(&store);
    let dry_run = ["local", "--region", "SE", "--dry-run"];
    let report = json_report(|args| store.run(args), &dry_run);
    assert_eq!(report["dryRun"], true);
    assert_eq!(report["outcome"], Value::Null);
    let plan = &report["plan"];
    assert_eq!(plan["contacts"], 3);
    let group = &plan["groups"][0];
    // Contact 3 holds more values (number, e-mail, company), so it is kept.
    assert_eq!(group["kept"], "3", "{group:#}");
    assert_eq!(group["mergedAway"], serde_json::json!(["1"]));
    assert_eq!(group["matches"][0]["rule"], "sameNumber");
    assert_eq!(group["matches"][0]["number"], "+46701234567");
    assert_eq!(
        group["matches"][0]["contacts"],
        serde_json::json!(["1", "3"])
    );
    assert_eq!(
        group["write"]["kind"], "replace",
        "a store of cards: {group:#}"
    );
    let added: Vec<(&str, &str)> = group["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["field"].as_str().unwrap(), v["value"].as_str().unwrap()))
        .collect();
    assert!(added.contains(&("label", "VIP")), "{added:?}");
    assert!(added.contains(&("name", "Ada")), "{added:?}");
    assert_eq!(group["notKept"], serde_json::json!([]));
}

#[test]
fn yes_merges_on_the_local_store_keeping_both_e_mails_then_finds_nothing() {
    let store = Store::new();
    seed_local(&store);
    let second = ["update", "1", "--set", "email=ada@home.se"];
    ok(store.run(&second));
    let out = ok(store.run(&["dedupe", "--region", "SE", "--yes"]));
    assert!(out.contains("merged away 1 contact"), "{out}");
    let listed = store.listed();
    assert_eq!(listed.len(), 2, "{listed:#?}");
    // Contacts 1 and 3 hold three values each: the one listed first is kept.
    let ada = listed
        .iter()
        .find(|c| c["id"] == "1")
        .expect("the kept contact");
    assert_eq!(ada["properties"]["firstName"], "Ada");
    assert_eq!(ada["properties"]["company"], "Analytical");
    assert_eq!(
        ada["properties"]["email"], "ada@home.se",
        "the kept value stays"
    );
    assert_eq!(ada["labels"], serde_json::json!(["Maths", "VIP"]));
    let emails: Vec<&str> = ada["card"]["emails"]
        .as_object()
        .unwrap()
        .values()
        .map(|e| e["address"].as_str().unwrap())
        .collect();
    assert_eq!(emails.len(), 2, "both e-mails kept: {emails:?}");
    assert!(emails.contains(&"ada@work.se"), "{emails:?}");
    let again = ok(store.run(&["dedupe", "--region", "SE", "--yes"]));
    assert!(
        again.starts_with("no duplicates among 2 contacts"),
        "{again}"
    );
}

fn ip1_config(dir: &Path, ip1: &Ip1Emulator) -> String {
    let text = format!(
        "[profiles.ip1]\nprovider = \"ip1\"\nbase_url = \"{}\"\napi_key = \"vendor-key\"\nregion = \"SE\"\n",
        ip1.base_url()
    );
    config_file(dir, &text)
}

#[tokio::test(flavor = "multi_thread")]
async fn on_the_ip1_emulator_a_second_e_mail_is_reported_and_merged_only_with_allow_loss() {
    let home = tempfile::tempdir().unwrap();
    let ip1 = contacts_testkit::ip1::emulator("vendor-key").await;
    let cfg = ip1_config(home.path(), &ip1);
    let run = |args: &[&str]| {
        let mut all = vec!["--config", cfg.as_str()];
        all.extend_from_slice(args);
        contacts(home.path(), &all)
    };
    let ip1_args = ["--profile", "ip1", "create", "--set"];
    for doc in [
        ["phoneNumber=0701234567", "email=ada@x.se"],
        ["phoneNumber=+46 70 123 45 67", "email=ada@work.se"],
    ] {
        let mut args = ip1_args.to_vec();
        args.extend([doc[0], "--set", doc[1]]);
        ok(run(&args));
    }
    let plan = ok(run(&["dedupe", "ip1", "--dry-run"]));
    assert!(plan.contains("same number +46701234567"), "{plan}");
    assert!(
        plan.contains("not kept: email ada@work.se from contact"),
        "{plan}"
    );
    let left = run(&["dedupe", "ip1", "--yes"]);
    assert_eq!(left.status.code(), Some(3), "{left:?}");
    assert!(String::from_utf8_lossy(&left.stderr).contains("--allow-loss"));
    let listed = ok(run(&["--profile", "ip1", "--output", "json", "list"]));
    assert_eq!(listed.lines().count(), 2, "left as it was: {listed}");
    let report = json_report(run, &["ip1", "--yes", "--allow-loss"]);
    assert_eq!(report["dryRun"], false);
    assert_eq!(
        report["outcome"]["merges"].as_array().unwrap().len(),
        1,
        "{report:#}"
    );
    assert!(
        report["outcome"]["merges"][0]["storeIdentity"].is_string(),
        "{report:#}"
    );
    let listed = ok(run(&["--profile", "ip1", "--output", "json", "list"]));
    assert_eq!(listed.lines().count(), 1, "{listed}");
    let again = ok(run(&["dedupe", "ip1", "--yes"]));
    assert!(
        again.starts_with("no duplicates among 1 contact"),
        "{again}"
    );
}

/// Ada on the local store twice, under two numbers with one e-mail address (the first holds
/// more values: it is kept).
fn seed_twice(store: &Store) {
    ok(store.run(&[
        "create",
        "--set",
        "phoneNumber=+46701111111",
        "--set",
        "email=ada@x.se",
        "--set",
        "firstName=Ada",
        "--set",
        "company=Analytical",
    ]));
    ok(store.run(&[
        "create",
        "--set",
        "phoneNumber=+46702222222",
        "--set",
        "email=ada@x.se",
    ]));
}

/// A store holding Ada twice (see [`seed_twice`]) and a config whose profile `office` is
/// another local store, to sync with.
fn twice_with_an_office() -> (Store, String) {
    let store = Store::new();
    seed_twice(&store);
    let office = store.path("office.db").display().to_string();
    let cfg = config_file(
        store.dir.path(),
        &format!("[profiles.office]\nprovider = \"sqlite\"\npath = {office:?}\n"),
    );
    (store, cfg)
}

/// `contacts --config CFG -q sync FROM TO --two-way extra…`, asserting success.
fn two_way(store: &Store, cfg: &str, [from, to]: [&str; 2], extra: &[&str]) {
    let args = ["--config", cfg, "-q", "sync", from, to, "--two-way"];
    ok(store.run(&[&args[..], extra].concat()));
}

/// `dedupe --yes extra…`, asserting it succeeded and recorded its merges in one state file.
#[track_caller]
fn merge_recorded(store: &Store, extra: &[&str]) {
    let merged = store.run(&[&["dedupe", "--yes"], extra].concat());
    let said = common::stderr(&merged);
    ok(merged);
    assert!(
        said.contains("recorded the merges in 1 sync state file"),
        "{said}"
    );
}

#[test]
fn a_dedupe_is_recorded_so_a_sync_does_not_bring_the_merged_away_contact_back() {
    let (store, cfg) = twice_with_an_office();
    let sync = || two_way(&store, &cfg, ["local", "office"], &[]);
    sync();
    let default_state = store.path("contacts/sync/local--office.db");
    assert!(default_state.exists());
    // A mistyped --state is refused before anything is merged.
    let missing = store.path("nowhere.db").display().to_string();
    let refused = store.run(&["dedupe", "--yes", "--state", &missing]);
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert_eq!(store.listed().len(), 2);
    merge_recorded(&store, &[]);
    assert_eq!(store.listed().len(), 1);
    sync();
    let listed = store.listed();
    assert_eq!(
        listed.len(),
        1,
        "the merged-away contact came back: {listed:?}"
    );
    sync();
    assert_eq!(store.listed().len(), 1);
}

#[test]
fn a_state_file_given_with_state_takes_the_record_too() {
    let (store, cfg) = twice_with_an_office();
    let state = store.path("pair.db").display().to_string();
    let sync = || two_way(&store, &cfg, ["office", "local"], &["--state", &state]);
    sync();
    merge_recorded(&store, &["--state", &state]);
    sync();
    assert_eq!(store.listed().len(), 1);
}
