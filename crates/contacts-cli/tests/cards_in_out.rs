//! Cards in and out through the CLI: the `.vcf` exports of Apple Contacts, Google Contacts and
//! Android, vCard 4.0 and JSContact files import (each card whole where the provider stores
//! cards; its flat view and a list of what was not carried where it does not), malformed cards
//! are named by number and line, exports write each contact's card with a UID of its own, and
//! a vCard export imported again gives the same contacts.

mod common;

use common::{Store, stderr, stdout};
use contacts_emulator::ip1::Ip1Emulator;
use serde_json::Value;
use std::path::Path;
use std::process::Output;

/// A fixture of contacts-formats' real-world-shaped files.
fn fixture(name: &str) -> String {
    common::crate_file(&format!("../contacts-formats/tests/data/vcf/{name}"))
}

/// Every stored contact, by first name (or company).
fn contacts_of(store: &Store) -> Vec<Value> {
    let mut all = store.listed();
    all.sort_by_key(|c| name_of(c).to_owned());
    all
}

/// The stored contact called `name`.
fn named(store: &Store, name: &str) -> Value {
    contacts_of(store)
        .into_iter()
        .find(|c| name_of(c) == name)
        .unwrap_or_else(|| panic!("no contact {name}"))
}

fn name_of(c: &Value) -> &str {
    let p = &c["properties"];
    p["firstName"]
        .as_str()
        .or(p["company"].as_str())
        .or(p["phoneNumber"].as_str())
        .unwrap_or("")
}

/// The numbers of a stored contact's card, as written.
fn phones(c: &Value) -> Vec<String> {
    c["card"]["phones"]
        .as_object()
        .map(|m| {
            m.values()
                .map(|p| p["number"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn inline_photos(c: &Value) -> usize {
    c["card"]["media"].as_object().map_or(0, |m| {
        m.values()
            .filter(|m| m["kind"] == "photo" && m["uri"].as_str().unwrap().starts_with("data:"))
            .count()
    })
}

#[test]
fn vcf_exports_of_apple_google_and_android_come_into_the_local_store_whole() {
    let store = Store::new();
    for (file, count) in [
        ("apple_contacts_3.0.vcf", 3),
        ("google_contacts_3.0.vcf", 3),
        ("android_2.1.vcf", 4),
        ("vcard_4.0_rich.vcf", 2),
    ] {
        let said = common::ok_for(file, store.run(&["import", &fixture(file)]));
        let created = format!("created {count} contacts; 0 rows failed");
        assert!(said.starts_with(&created), "{file}: {said}");
    }
    assert_eq!(contacts_of(&store).len(), 12);
    let linnea = named(&store, "Linnea");
    assert_eq!(linnea["properties"]["lastName"], "Bergström");
    assert_eq!(phones(&linnea), ["+46 70 123 45 67", "+46 70 123 45 68"]);
    assert_eq!(linnea["properties"]["phoneNumber"], "+46 70 123 45 67");
    assert_eq!(inline_photos(&linnea), 1);
    assert_eq!(linnea["labels"], serde_json::json!(["Friends", "Work"]));
    let bakery = named(&store, "Fjällbacka Bageri AB");
    assert_eq!(inline_photos(&bakery), 1);
    let asa = named(&store, "Åsa");
    assert_eq!(asa["properties"]["lastName"], "Öberg");
    assert_eq!(phones(&asa).len(), 3);
    assert_eq!(inline_photos(&asa), 1, "a 2.1 photo with a bare type");
    let priya = named(&store, "Priya");
    assert_eq!(phones(&priya), ["+1 212-555-0142"]);
    let karin = named(&store, "Karin");
    assert_eq!(
        karin["card"]["vCard"]["properties"][0],
        serde_json::json!(["version", {}, "unknown", "4.0"]),
        "{karin}"
    );
    // `get --output json` shows the whole card.
    let id = karin["id"].as_str().unwrap();
    let got: Value =
        serde_json::from_str(&common::ok(store.run(&["get", id, "--output", "json"]))).unwrap();
    assert_eq!(got["card"], karin["card"]);
}

#[test]
fn a_malformed_card_is_named_by_number_and_line_and_the_others_are_imported() {
    let store = Store::new();
    let out = store.run(&["import", &fixture("malformed_mixed.vcf")]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).starts_with("created 3 contacts; 1 card failed"),
        "{}",
        stdout(&out)
    );
    let err = stderr(&out);
    assert!(err.contains("card 2 (line 14): "), "{err}");
    assert!(err.contains("1 card was not stored (card 2)"), "{err}");
    let names: Vec<String> = contacts_of(&store)
        .iter()
        .map(|c| name_of(c).to_owned())
        .collect();
    assert_eq!(names, ["Hannah", "Nils", "Ravi"]);
}

#[test]
fn jscontact_cards_import_whole_and_export_as_an_array_of_cards() {
    let store = Store::new();
    common::ok(store.run(&["import", &fixture("jscontact_cards.json")]));
    let amara = named(&store, "Amara");
    assert_eq!(phones(&amara).len(), 2);
    let out = common::ok(store.run(&["export", "--format", "jscontact"]));
    let cards: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(cards.len(), 2);
    assert!(cards.iter().all(|c| c["@type"] == "Card"), "{out}");
    let fixture: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("jscontact_cards.json")).unwrap())
            .unwrap();
    let mut uids: Vec<&str> = cards.iter().map(|c| c["uid"].as_str().unwrap()).collect();
    let mut theirs: Vec<&str> = fixture
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["uid"].as_str().unwrap())
        .collect();
    uids.sort_unstable();
    theirs.sort_unstable();
    assert_eq!(uids, theirs, "a card's own UID is kept");
}

/// The cards of a vCard export, as JSON, in the order written.
fn exported_cards(store: &Store) -> Vec<Value> {
    let text = common::ok(store.run(&["export", "--format", "vcard"]));
    contacts_formats::vcard::read(&text)
        .into_iter()
        .map(|card| serde_json::to_value(card.unwrap().card).unwrap())
        .collect()
}

#[test]
fn a_vcard_export_imported_again_gives_the_same_contacts() {
    let first = Store::new();
    for file in [
        "apple_contacts_3.0.vcf",
        "android_2.1.vcf",
        "vcard_4.0_rich.vcf",
    ] {
        common::ok(first.run(&["import", &fixture(file)]));
    }
    common::ok(first.run(&["create", "--set", "firstName=Flat", "--set", "shoeSize=38"]));
    let vcf = first.path("all.vcf");
    common::ok(first.run(&common::export_args("vcard", &vcf)));
    let text = std::fs::read_to_string(&vcf).unwrap();
    assert!(text.contains("VERSION:3.0\r\n") && text.contains("VERSION:4.0\r\n"));
    let second = Store::new();
    common::ok(second.run(&["import", vcf.to_str().unwrap()]));
    let strip = |c: &mut Value| {
        c.as_object_mut().unwrap().remove("id");
        // A 2.1 card is written as 3.0 (no program here writes 2.1): the version it was read
        // from is the one thing that changes.
        if let Some(props) = c
            .pointer_mut("/card/vCard/properties")
            .and_then(Value::as_array_mut)
        {
            for p in props
                .iter_mut()
                .filter(|p| p[0] == "version" && p[3] == "2.1")
            {
                p[3] = "3.0".into();
            }
        }
    };
    let (again, before) = (contacts_of(&second), contacts_of(&first));
    assert_eq!(again.len(), before.len());
    for (mut again, mut before) in again.into_iter().zip(before) {
        strip(&mut again);
        strip(&mut before);
        if before.get("card").is_none() {
            // A flat contact comes back as the card of its properties: the same flat view.
            let card = again
                .as_object_mut()
                .unwrap()
                .remove("card")
                .expect("a card");
            assert!(card["uid"].is_string(), "{card}");
        }
        assert_eq!(again, before);
    }
    assert_eq!(exported_cards(&second), exported_cards(&first));
}

fn uids(store: &Store) -> Vec<String> {
    exported_cards(store)
        .iter()
        .map(|c| c["uid"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn two_stores_never_export_a_contact_with_the_same_uid_and_each_always_the_same() {
    let (a, b) = (Store::new(), Store::new());
    for store in [&a, &b] {
        common::ok(store.run(&["create", "--set", "phoneNumber=+46701234567"]));
    }
    let (first, second) = (uids(&a), uids(&b));
    assert_eq!(
        contacts_of(&a)[0]["id"],
        contacts_of(&b)[0]["id"],
        "both are contact 1"
    );
    assert!(first[0].starts_with("urn:uuid:"), "{first:?}");
    assert_ne!(first, second);
    assert_eq!(first, uids(&a), "the same UID at every export");
}

#[test]
fn match_phone_updates_the_contacts_a_card_file_made() {
    let store = Store::new();
    let file = fixture("google_contacts_3.0.vcf");
    common::ok(store.run(&["import", &file]));
    let out = common::ok(store.run(&["import", "--match", "phone", &file]));
    assert!(out.contains("created 0 contacts; updated 3"), "{out}");
    assert_eq!(contacts_of(&store).len(), 3);
    assert_eq!(phones(&named(&store, "Maja")).len(), 2);
}

const ONE_CARD: &str = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n\
    TEL;PREF=1:+44 7700 900001\r\nTEL:+44 7700 900002\r\n\
    PHOTO:https://example.com/ada.jpg\r\nBDAY:18151210\r\nEND:VCARD\r\n";

#[test]
fn create_from_a_card_file_keeps_the_card_and_get_shows_it() {
    let store = Store::new();
    let card = store.path("ada.vcf");
    std::fs::write(&card, ONE_CARD).unwrap();
    let created: Value = serde_json::from_str(&common::ok(store.run(&[
        "create",
        "--card",
        card.to_str().unwrap(),
        "--label",
        "VIP",
        "--output",
        "json",
    ])))
    .unwrap();
    let id = created["id"].as_str().unwrap();
    let got: Value =
        serde_json::from_str(&common::ok(store.run(&["get", id, "--output", "json"]))).unwrap();
    assert_eq!(got["properties"]["phoneNumber"], "+44 7700 900001");
    assert_eq!(phones(&got).len(), 2);
    assert_eq!(got["card"]["keywords"]["VIP"], true);
    assert!(got["card"]["anniversaries"].is_object(), "{got}");
    // A file of several cards is refused, naming how to import them.
    let two = store.path("two.vcf");
    std::fs::write(&two, format!("{ONE_CARD}{ONE_CARD}")).unwrap();
    let out = store.run(&["create", "--card", two.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("holds 2 cards"), "{}", stderr(&out));
}

/// `text` as Windows writes "Unicode" text (Outlook's vCard export, Notepad): UTF-16LE with
/// its byte-order mark.
fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

#[test]
fn create_from_a_card_file_with_a_byte_order_mark_or_in_utf16_reads_the_card() {
    let store = Store::new();
    let zoe = ONE_CARD.replace("Ada", "Zoë");
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(zoe.as_bytes());
    let json = r#"{"@type": "Card", "version": "1.0", "name": {"components": [
        {"kind": "given", "value": "Zoë"}]}, "phones": {"p1": {"number": "+44 7700 900001"},
        "p2": {"number": "+44 7700 900002"}}}"#;
    for (file, bytes) in [
        ("bom.vcf", with_bom),
        ("outlook.vcf", utf16le_with_bom(&zoe)),
        ("card.json", utf16le_with_bom(json)),
    ] {
        let path = store.path(file);
        std::fs::write(&path, bytes).unwrap();
        let out = store.run(&[
            "create",
            "--card",
            path.to_str().unwrap(),
            "--output",
            "json",
        ]);
        let created: Value = serde_json::from_str(&common::ok_for(file, out)).unwrap();
        let id = created["id"].as_str().unwrap();
        let got: Value =
            serde_json::from_str(&common::ok(store.run(&["get", id, "--output", "json"]))).unwrap();
        assert_eq!(got["properties"]["firstName"], "Zoë", "{file}: {got}");
        assert_eq!(phones(&got).len(), 2, "{file}: {got}");
    }
}

/// iP1 on its emulator, and the binary run against it.
async fn ip1() -> (Ip1Emulator, tempfile::TempDir) {
    let emu = contacts_testkit::ip1::emulator("cards-key").await;
    (emu, tempfile::tempdir().unwrap())
}

fn run_ip1(emu: &Ip1Emulator, dir: &Path, args: &[&str]) -> Output {
    common::contacts(dir, &common::ip1_args(&emu.base_url(), "cards-key", args))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rich_vcf_into_a_flat_provider_lists_what_was_not_carried_per_card() {
    let (emu, dir) = ip1().await;
    let out = run_ip1(
        &emu,
        dir.path(),
        &["import", &fixture("apple_contacts_3.0.vcf")],
    );
    assert_eq!(out.status.code(), Some(1), "a partial success");
    assert!(
        stdout(&out).starts_with("created 3 contacts; 0 rows failed; 3 cards not carried whole"),
        "{}",
        stdout(&out)
    );
    let err = stderr(&out);
    let first = err
        .lines()
        .find(|l| l.starts_with("card 1 (line 1): not carried: "))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(first.contains("phone +46 70 123 45 68"), "{first}");
    assert!(first.contains("photo"), "{first}");
    assert!(
        err.contains("3 cards were stored without what the provider cannot hold"),
        "{err}"
    );
    let listed = common::ok(run_ip1(&emu, dir.path(), &["list", "--output", "json"]));
    let contacts: Vec<Value> = listed
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(contacts.len(), 3);
    assert!(contacts.iter().all(|c| c.get("card").is_none()));
    assert!(
        contacts
            .iter()
            .any(|c| c["properties"]["phoneNumber"] == "+46 70 123 45 67"
                || c["properties"]["phoneNumber"] == "+46701234567"),
        "{listed}"
    );
    // One card to create: refused by the Checked layer, nothing sent.
    let card = common::write_file(dir.path(), "ada.vcf", ONE_CARD);
    let out = run_ip1(
        &emu,
        dir.path(),
        &["create", "--card", card.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("whole cards"), "{}", stderr(&out));
}
