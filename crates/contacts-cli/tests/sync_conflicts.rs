//! Conflicts a person (or a script) resolves, through the built binary: a two-way sync between
//! two local stores lists a field changed differently on both sides in a file
//! (`--conflicts-to`), `sync resolve` records the choice, `--resolutions` applies it; a choice
//! made for values that changed since is not applied; `--conflict ask` is refused where
//! nobody can answer. Labels renamed between iP1 and a local store's categories
//! (`--label-map`) both ways.

mod common;

use common::{config_file, contacts, ok};
use serde_json::Value;
use std::path::Path;

/// A config with two local stores, `phone` and `office`, in `dir`.
fn two_stores(dir: &Path) -> String {
    let text = format!(
        "[profiles.phone]\nprovider = \"sqlite\"\npath = \"{0}/phone.db\"\n\n\
         [profiles.office]\nprovider = \"sqlite\"\npath = \"{0}/office.db\"\n",
        dir.display()
    );
    config_file(dir, &text)
}

/// `contacts --config CFG -q --profile P args…`, asserting success.
fn on(home: &Path, cfg: &str, profile: &str, args: &[&str]) -> String {
    let mut all = vec!["--config", cfg, "-q", "--profile", profile];
    all.extend_from_slice(args);
    ok(contacts(home, &all))
}

/// `contacts --config CFG -q --output json sync phone office --two-way --state S extra…`.
fn sync(home: &Path, cfg: &str, extra: &[&str]) -> std::process::Output {
    let state = home.join("s.db").display().to_string();
    let mut all = common::sync_json_args(cfg, "phone", "office", &state);
    all.push("--two-way");
    all.extend_from_slice(extra);
    contacts(home, &all)
}

fn office_contact(home: &Path, cfg: &str) -> Value {
    let listed = on(home, cfg, "office", &["--output", "json", "list"]);
    serde_json::from_str(listed.lines().next().unwrap()).unwrap()
}

/// Ada synced to both stores, then her company changed on both (differently), her e-mail on
/// the phone, her last name in the office.
fn conflicting(home: &Path, cfg: &str) {
    on(
        home,
        cfg,
        "phone",
        &[
            "create",
            "--set",
            "phoneNumber=+46701234567",
            "--set",
            "company=Analytical",
        ],
    );
    ok(sync(home, cfg, &[]));
    on(
        home,
        cfg,
        "phone",
        &[
            "update",
            "1",
            "--set",
            "company=Analytical Engines",
            "--set",
            "email=ada@x.se",
        ],
    );
    on(
        home,
        cfg,
        "office",
        &[
            "update",
            "1",
            "--set",
            "company=Babbage & Co",
            "--set",
            "lastName=Lovelace",
        ],
    );
}

/// A data home whose two stores (see [`two_stores`]) are in conflict over Ada (see
/// [`conflicting`]), and the config naming them.
fn in_conflict() -> (tempfile::TempDir, String) {
    let home = tempfile::tempdir().unwrap();
    let cfg = two_stores(home.path());
    conflicting(home.path(), &cfg);
    (home, cfg)
}

/// The two-way sync with `--conflicts-to conflicts.json` (in `home`): the file and the run.
fn conflicts_to_file(home: &Path, cfg: &str) -> (std::path::PathBuf, std::process::Output) {
    let file = home.join("conflicts.json");
    let listed = sync(home, cfg, &["--conflicts-to", file.to_str().unwrap()]);
    (file, listed)
}

#[test]
fn a_conflict_is_written_resolved_by_a_script_and_applied_field_by_field() {
    let (home, cfg) = in_conflict();
    let (file, listed) = conflicts_to_file(home.path(), &cfg);
    let path = file.to_str().unwrap();
    assert_eq!(listed.status.code(), Some(3), "a conflict is left: exit 3");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let conflicts = written["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{written:#}");
    assert_eq!(conflicts[0]["field"], "company");
    assert_eq!(conflicts[0]["source"], "Analytical Engines");
    assert_eq!(conflicts[0]["target"], "Babbage & Co");
    assert_eq!(conflicts[0]["take"], Value::Null);

    ok(contacts(
        home.path(),
        &[
            "-q", "sync", "resolve", path, "--take", "target", "--field", "company",
        ],
    ));
    let chosen: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(chosen["conflicts"][0]["take"], "target");

    let run: Value =
        serde_json::from_str(ok(sync(home.path(), &cfg, &["--resolutions", path])).trim()).unwrap();
    assert_eq!(
        run["plan"]["conflicts"].as_array().unwrap().len(),
        0,
        "{run:#}"
    );
    let merged = office_contact(home.path(), &cfg);
    let props = &merged["properties"];
    assert_eq!(props["company"], "Babbage & Co", "{merged}");
    assert_eq!(props["email"], "ada@x.se", "the phone's edit survives");
    assert_eq!(props["lastName"], "Lovelace", "the office's edit survives");
    let phone: Value =
        serde_json::from_str(on(home.path(), &cfg, "phone", &["--output", "json", "list"]).trim())
            .unwrap();
    assert_eq!(phone["properties"], *props, "both sides agree");
}

#[test]
fn a_choice_made_for_values_changed_since_is_not_applied() {
    let (home, cfg) = in_conflict();
    let (file, _) = conflicts_to_file(home.path(), &cfg);
    let path = file.to_str().unwrap();
    ok(contacts(
        home.path(),
        &["-q", "sync", "resolve", path, "--take", "source"],
    ));
    // The phone's company changes again after the person chose it.
    on(
        home.path(),
        &cfg,
        "phone",
        &["update", "1", "--set", "company=Difference Engines"],
    );
    let run = sync(home.path(), &cfg, &["--resolutions", path]);
    assert_eq!(run.status.code(), Some(3), "still in conflict");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("not applying the choice for company"),
        "{stderr}"
    );
    assert_eq!(
        office_contact(home.path(), &cfg)["properties"]["company"],
        "Babbage & Co"
    );
}

#[test]
fn ask_is_refused_without_a_terminal_and_resolutions_belong_to_their_sides() {
    let (home, cfg) = in_conflict();
    let asked = sync(home.path(), &cfg, &["--conflict", "ask"]);
    assert_eq!(asked.status.code(), Some(2), "a usage error");
    let stderr = String::from_utf8_lossy(&asked.stderr);
    assert!(stderr.contains("--conflicts-to FILE"), "{stderr}");
    assert_eq!(
        office_contact(home.path(), &cfg)["properties"]["company"],
        "Babbage & Co"
    );

    let (file, _) = conflicts_to_file(home.path(), &cfg);
    let path = file.to_str().unwrap();
    let wrong = contacts(
        home.path(),
        &[
            "--config",
            &cfg,
            "-q",
            "sync",
            "office",
            "phone",
            "--two-way",
            "--resolutions",
            path,
        ],
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("holds conflicts of `sync phone office`")
    );
    let none = contacts(
        home.path(),
        &[
            "-q", "sync", "resolve", path, "--take", "source", "--field", "nickname",
        ],
    );
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("fields: company"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_ip1_label_is_a_renamed_category_of_the_local_store_both_ways() {
    let home = tempfile::tempdir().unwrap();
    let ip1 = contacts_testkit::ip1::emulator("vendor-key").await;
    let text = format!(
        "[profiles.ip1]\nprovider = \"ip1\"\nbase_url = \"{}\"\napi_key = \"vendor-key\"\n\n\
         [profiles.book]\nprovider = \"sqlite\"\npath = \"{}/book.db\"\n",
        ip1.base_url(),
        home.path().display()
    );
    let cfg = config_file(home.path(), &text);
    let cfg = cfg.as_str();
    on(
        home.path(),
        cfg,
        "ip1",
        &[
            "create",
            "--set",
            "phoneNumber=+46701234567",
            "--label",
            "VIP",
            "--label",
            "Friends",
        ],
    );
    let state = home.path().join("s.db").display().to_string();
    let run = |extra: &[&str]| {
        let mut all = vec![
            "--config",
            cfg,
            "-q",
            "sync",
            "ip1",
            "book",
            "--two-way",
            "--state",
            &state,
            "--label-map",
            "VIP=Important",
        ];
        all.extend_from_slice(extra);
        ok(contacts(home.path(), &all))
    };
    run(&[]);
    let card: Value =
        serde_json::from_str(on(home.path(), cfg, "book", &["--output", "json", "list"]).trim())
            .unwrap();
    let keywords: Vec<&str> = card["card"]["keywords"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keywords, ["Friends", "Important"], "{card}");
    // A category removed in the book is removed on iP1; the renamed one stays under its iP1 name.
    let id = card["id"].as_str().unwrap();
    on(
        home.path(),
        cfg,
        "book",
        &["update", id, "--remove-label", "Friends"],
    );
    run(&[]);
    let on_ip1: Value =
        serde_json::from_str(on(home.path(), cfg, "ip1", &["--output", "json", "list"]).trim())
            .unwrap();
    assert_eq!(on_ip1["labels"], serde_json::json!(["VIP"]), "{on_ip1}");
}
