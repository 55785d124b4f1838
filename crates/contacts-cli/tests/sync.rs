//! `contacts sync` through the built binary: iP1 contacts in mixed number formats, one number
//! twice, synced into an Atom address book; a second run plans nothing; a change on iP1
//! arrives on Atom on the third.

use contacts_emulator::RateLimit;
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_emulator::ip1::Ip1Emulator;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn contacts(data_home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_contacts"))
        .args(args)
        .env_remove("CONTACTS_PROVIDER")
        .env_remove("CONTACTS_BASE_URL")
        .env_remove("CONTACTS_API_KEY")
        .env_remove("CONTACTS_ADDRESS_BOOK")
        .env_remove("CONTACTS_DB")
        .env_remove("CONTACTS_PROFILE")
        .env_remove("CONTACTS_CONFIG")
        .env("XDG_DATA_HOME", data_home)
        .output()
        .expect("the binary runs")
}

#[track_caller]
fn ok(o: Output) -> String {
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert!(o.status.success(), "{out}\n{err}");
    out.into_owned()
}

/// Writes a config with profiles `ip1` and `atom` (no rate limit) and returns its path.
fn config(dir: &Path, ip1: &Ip1Emulator, atom: &AddressBookEmulator, book: &str) -> String {
    let path = dir.join("config.toml");
    let text = format!(
        "[profiles.ip1]\nprovider = \"ip1\"\nbase_url = \"{}\"\napi_key = \"vendor-key\"\nregion = \"SE\"\n\n\
         [profiles.atom]\nprovider = \"addressbook\"\nbase_url = \"{}\"\napi_key = \"atom\"\n\
         address_book = \"{book}\"\nregion = \"SE\"\nrate_limit = 0\n",
        ip1.base_url(),
        atom.base_url()
    );
    std::fs::write(&path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path.display().to_string()
}

fn list(home: &Path, cfg: &str, profile: &str) -> Vec<Value> {
    ok(contacts(
        home,
        &[
            "--config",
            cfg,
            "--profile",
            profile,
            "--output",
            "json",
            "list",
        ],
    ))
    .lines()
    .map(|l| serde_json::from_str(l).unwrap())
    .collect()
}

fn sync(home: &Path, cfg: &str, state: &str) -> Value {
    let args = [
        "--config",
        cfg,
        "-q",
        "--output",
        "json",
        "sync",
        "ip1",
        "atom",
        "--map",
        "email=custom1",
        "--state",
        state,
    ];
    serde_json::from_str(ok(contacts(home, &args)).trim()).unwrap()
}

fn count(plan: &Value, action: &str) -> usize {
    plan["plan"]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["action"] == action)
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn ip1_into_atom_then_nothing_then_the_change() {
    let home = tempfile::tempdir().unwrap();
    let ip1 = Ip1Emulator::builder()
        .api_key("vendor-key")
        .start()
        .await
        .unwrap();
    let atom = AddressBookEmulator::builder()
        .api_key("atom")
        .rate_limit(RateLimit::unlimited())
        .start()
        .await
        .unwrap();
    let book = atom.create_book("Main").to_string();
    let cfg = config(home.path(), &ip1, &atom, &book);
    let state = home.path().join("ip1-atom.db").display().to_string();
    let mut ids = Vec::new();
    for (phone, name) in [
        ("+46701234567", "Ada"),
        ("46702222222", "Bob"),
        ("+46703333333", "Cy"),
        ("46703333333", "Cy twin"),
    ] {
        let args = [
            "--config",
            &cfg,
            "--profile",
            "ip1",
            "--output",
            "json",
            "create",
            "--set",
            &format!("phoneNumber={phone}"),
            "--set",
            &format!("firstName={name}"),
            "--set",
            "email=x@example.com",
        ];
        let created: Value = serde_json::from_str(ok(contacts(home.path(), &args)).trim()).unwrap();
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    let first = sync(home.path(), &cfg, &state);
    assert_eq!(count(&first, "create"), 2, "{first:#}");
    assert_eq!(
        first["plan"]["skips"].as_array().unwrap().len(),
        2,
        "the duplicate is reported: {first:#}"
    );
    let on_atom = list(home.path(), &cfg, "atom");
    assert_eq!(on_atom.len(), 2);
    assert!(
        on_atom
            .iter()
            .all(|c| c["properties"]["custom1"] == "x@example.com"),
        "{on_atom:?}"
    );

    let second = sync(home.path(), &cfg, &state);
    assert!(
        second["plan"]["actions"].as_array().unwrap().is_empty(),
        "{second:#}"
    );

    let update = [
        "--config",
        &cfg,
        "--profile",
        "ip1",
        "update",
        &ids[0],
        "--set",
        "firstName=Ada Lovelace",
    ];
    ok(contacts(home.path(), &update));
    let third = sync(home.path(), &cfg, &state);
    assert_eq!(
        (count(&third, "update"), count(&third, "create")),
        (1, 0),
        "{third:#}"
    );
    let on_atom = list(home.path(), &cfg, "atom");
    assert!(
        on_atom
            .iter()
            .any(|c| c["properties"]["firstName"] == "Ada Lovelace"),
        "{on_atom:?}"
    );

    // The state file is this pair's: another pair is refused.
    let other = contacts(
        home.path(),
        &["--config", &cfg, "sync", "ip1", "local", "--state", &state],
    );
    assert_eq!(other.status.code(), Some(1));
    let err = String::from_utf8_lossy(&other.stderr);
    assert!(err.contains("belongs to the pair ip1 -> atom"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_writes_nothing_and_prints_the_plan() {
    let home = tempfile::tempdir().unwrap();
    let ip1 = Ip1Emulator::builder()
        .api_key("vendor-key")
        .start()
        .await
        .unwrap();
    let atom = AddressBookEmulator::builder()
        .api_key("atom")
        .rate_limit(RateLimit::unlimited())
        .start()
        .await
        .unwrap();
    let book = atom.create_book("Main").to_string();
    let cfg = config(home.path(), &ip1, &atom, &book);
    let create = [
        "--config",
        &cfg,
        "--profile",
        "ip1",
        "create",
        "--set",
        "phoneNumber=+46701234567",
    ];
    ok(contacts(home.path(), &create));
    let out = ok(contacts(
        home.path(),
        &["--config", &cfg, "sync", "ip1", "atom", "--dry-run"],
    ));
    assert!(
        out.contains("dry run") && out.contains("create on target"),
        "{out}"
    );
    assert!(list(home.path(), &cfg, "atom").is_empty());
    assert!(
        !home.path().join("contacts").join("sync").exists(),
        "no state file in a dry run"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn two_way_with_the_local_store_carries_a_local_contact_to_ip1() {
    let home = tempfile::tempdir().unwrap();
    let ip1 = Ip1Emulator::builder()
        .api_key("vendor-key")
        .start()
        .await
        .unwrap();
    let atom = AddressBookEmulator::builder()
        .api_key("atom")
        .rate_limit(RateLimit::unlimited())
        .start()
        .await
        .unwrap();
    let book = atom.create_book("Main").to_string();
    let cfg = config(home.path(), &ip1, &atom, &book);
    ok(contacts(
        home.path(),
        &[
            "--config",
            &cfg,
            "--profile",
            "ip1",
            "create",
            "--set",
            "phoneNumber=+46701234567",
        ],
    ));
    ok(contacts(
        home.path(),
        &[
            "-q",
            "create",
            "--set",
            "phoneNumber=+46709876543",
            "--set",
            "firstName=Local",
        ],
    ));
    let args = [
        "--config",
        &cfg,
        "-q",
        "--output",
        "json",
        "sync",
        "ip1",
        "local",
        "--two-way",
        "--region",
        "SE",
    ];
    let first: Value = serde_json::from_str(ok(contacts(home.path(), &args)).trim()).unwrap();
    assert_eq!(count(&first, "create"), 2, "{first:#}");
    assert_eq!(first["outcome"]["created"], 2, "{first:#}");
    let on_ip1 = list(home.path(), &cfg, "ip1");
    assert!(
        on_ip1
            .iter()
            .any(|c| c["properties"]["firstName"] == "Local"),
        "{on_ip1:?}"
    );
    let again: Value = serde_json::from_str(ok(contacts(home.path(), &args)).trim()).unwrap();
    assert!(
        again["plan"]["actions"].as_array().unwrap().is_empty(),
        "{again:#}"
    );
    assert!(
        home.path().join("contacts/sync/ip1--local.db").exists(),
        "one state file per pair"
    );
}
