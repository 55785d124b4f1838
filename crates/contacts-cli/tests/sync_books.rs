//! `contacts sync ip1 atom --label-book source:VIP`: iP1's VIP contacts kept in step with an
//! Atom address book (both emulators on 127.0.0.1:0), through the built binary.

mod common;

use common::{config_file, contacts, ok};
use serde_json::Value;
use std::path::Path;

/// Runs `contacts --config CFG ARGS…` and reads its JSON output, one value a line.
fn json(home: &Path, cfg: &str, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["--config", cfg, "-q", "--output", "json"];
    all.extend_from_slice(args);
    ok(contacts(home, &all))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The actions a `sync` run planned.
fn actions(run: &[Value]) -> Vec<Value> {
    run[0]["plan"]["actions"].as_array().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn vip_contacts_and_only_they_are_the_atom_book_both_ways() {
    let ip1 = contacts_testkit::ip1::emulator("vendor-key").await;
    let atom = contacts_testkit::atom::emulator("atom").await;
    let book = atom.create_book("VIP");
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let text = format!(
        "[profiles.ip1]\nprovider = \"ip1\"\nbase_url = \"{}\"\napi_key = \"vendor-key\"\n\
         region = \"SE\"\n\n[profiles.vip-book]\nprovider = \"addressbook\"\nbase_url = \"{}\"\n\
         api_key = \"atom\"\naddress_book = \"{book}\"\nregion = \"SE\"\nrate_limit = 0\n",
        ip1.base_url(),
        atom.base_url()
    );
    let cfg = config_file(home, &text);
    let state = home.join("state.db").display().to_string();
    for (number, name, labels) in [
        ("+46701000001", "Ada", &["VIP", "Friends"][..]),
        ("+46701000002", "Bob", &["Friends"][..]),
    ] {
        let (phone, first) = (format!("phoneNumber={number}"), format!("firstName={name}"));
        let mut args = vec![
            "--profile",
            "ip1",
            "create",
            "--set",
            &phone,
            "--set",
            &first,
        ];
        for label in labels {
            args.extend(["--label", label]);
        }
        json(home, &cfg, &args);
    }
    let sync = [
        "sync",
        "ip1",
        "vip-book",
        "--two-way",
        "--label-book",
        "source:VIP",
        "--state",
        &state,
    ];
    let first = json(home, &cfg, &sync);
    assert_eq!(actions(&first).len(), 1, "{first:#?}");
    let in_book: Vec<String> = atom
        .contacts_in(book)
        .iter()
        .map(|c| c["first_name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(in_book, ["Ada"]);
    // Created in the book: arrives on iP1 with VIP.
    let created = [
        "--profile",
        "vip-book",
        "create",
        "--set",
        "phoneNumber=+46701000003",
        "--set",
        "firstName=Cleo",
    ];
    json(home, &cfg, &created);
    let second = json(home, &cfg, &sync);
    assert_eq!(actions(&second).len(), 1, "{second:#?}");
    let listed = json(home, &cfg, &["--profile", "ip1", "list"]);
    let cleo = listed
        .iter()
        .find(|c| c["properties"]["firstName"] == "Cleo");
    assert_eq!(cleo.unwrap()["labels"], serde_json::json!(["VIP"]));
    // Nothing more to do.
    let third = json(home, &cfg, &sync);
    assert!(actions(&third).is_empty(), "{third:#?}");
    // A wrong side is a usage error naming the flag.
    let mut bad = sync.to_vec();
    bad[5] = "VIP";
    let out = contacts(home, &[&["--config", &cfg][..], &bad].concat());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("source:LABEL"));
}
