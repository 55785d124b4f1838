//! The CLI against real CardDAV servers (Radicale with a password, Xandikos without, from
//! `bash .ci/dav-servers`): a `carddav` profile creates and lists the account's books,
//! imports, lists and exports contacts, and `contacts sync book ip1` moves the book's people
//! to the iP1 emulator keyed by number; a second run writes nothing.

mod common;

use common::{config_file, contacts, ok};
use contacts_emulator::ip1::Ip1Emulator;
use provider_carddav::testing::{Kind, PASSWORD, Server, USER};
use serde_json::Value;
use std::path::Path;

/// Profiles `book` (the server's account, book "Team"; Radicale's with its password) and
/// `ip1` (the emulator).
fn profiles(dir: &Path, dav: &Server, ip1: &Ip1Emulator) -> String {
    let login = match dav.kind {
        Kind::Radicale => format!("username = \"{USER}\"\napi_key = \"{PASSWORD}\"\n"),
        Kind::Xandikos => String::new(),
    };
    let text = format!(
        "[profiles.book]\nprovider = \"carddav\"\nbase_url = \"{}\"\n{login}\
         address_book = \"Team\"\nregion = \"SE\"\n\n\
         [profiles.ip1]\nprovider = \"ip1\"\nbase_url = \"{}\"\napi_key = \"vendor-key\"\n\
         region = \"SE\"\n",
        dav.base_url(),
        ip1.base_url()
    );
    config_file(dir, &text)
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn numbers(contacts: &[Value]) -> Vec<String> {
    let mut numbers: Vec<String> = contacts
        .iter()
        .map(|c| c["properties"]["phoneNumber"].as_str().unwrap().to_owned())
        .collect();
    numbers.sort();
    numbers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_radicale_book_is_managed_exported_and_synced_to_ip1() {
    book_managed_exported_and_synced(Kind::Radicale).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_xandikos_book_is_managed_exported_and_synced_to_ip1() {
    book_managed_exported_and_synced(Kind::Xandikos).await;
}

async fn book_managed_exported_and_synced(kind: Kind) {
    let dav = Server::start(kind);
    let ip1 = contacts_testkit::ip1::emulator("vendor-key").await;
    let home = tempfile::tempdir().unwrap();
    let cfg = profiles(home.path(), &dav, &ip1);
    let book = |args: &[&str]| {
        let mut all = vec!["--config", &cfg, "--profile", "book", "-q"];
        all.extend_from_slice(args);
        contacts(home.path(), &all)
    };

    // The account's books: created and listed through the profile.
    ok(book(&["books", "create", "Team"]));
    let listed = ok(book(&["books", "list"]));
    assert!(listed.contains("Team"), "{listed}");

    // Import, list and export through the book.
    let csv = common::write_file(
        home.path(),
        "people.csv",
        "phoneNumber,firstName,lastName,email,labels\n\
         +46701110001,Ada,Lovelace,ada@example.com,VIP\n\
         0701110002,Bo,Ek,,\n\
         +46 70 111 00 03,Cy,Berg,cy@example.com,VIP;Sales\n",
    );
    let imported = ok(book(&["import", csv.to_str().unwrap()]));
    assert!(imported.contains("created 3 contacts"), "{imported}");
    let people = json_lines(&ok(book(&["--output", "json", "list"])));
    assert_eq!(people.len(), 3, "{people:#?}");
    let ada = people
        .iter()
        .find(|c| c["properties"]["firstName"] == "Ada")
        .expect("Ada is listed");
    assert_eq!(ada["properties"]["email"], "ada@example.com");
    assert_eq!(ada["labels"], serde_json::json!(["VIP"]));
    let vcf = home.path().join("book.vcf");
    ok(book(&common::export_args("vcard", &vcf)));
    let exported = std::fs::read_to_string(&vcf).unwrap();
    assert_eq!(exported.matches("BEGIN:VCARD").count(), 3, "{exported}");
    assert!(exported.contains("FN:Ada Lovelace"), "{exported}");

    // The book's people onto iP1, keyed by number; a second run writes nothing.
    let state = home.path().join("book-ip1.state");
    let sync = || {
        let args = common::sync_json_args(&cfg, "book", "ip1", state.to_str().unwrap());
        let run = ok(contacts(home.path(), &args));
        serde_json::from_str::<Value>(run.trim()).unwrap()
    };
    let first = sync();
    let on_ip1 = json_lines(&ok(contacts(
        home.path(),
        &[
            "--config",
            &cfg,
            "--profile",
            "ip1",
            "--output",
            "json",
            "list",
        ],
    )));
    assert_eq!(on_ip1.len(), 3, "{first:#}");
    assert_eq!(numbers(&on_ip1).len(), 3);
    let cy = on_ip1
        .iter()
        .find(|c| c["properties"]["firstName"] == "Cy")
        .expect("Cy arrived");
    assert_eq!(cy["properties"]["email"], "cy@example.com");
    let second = sync();
    let plan = &second["plan"];
    assert!(
        plan["actions"].as_array().unwrap().is_empty()
            && plan["conflicts"].as_array().unwrap().is_empty(),
        "a second run plans nothing: {plan:#}"
    );
}
