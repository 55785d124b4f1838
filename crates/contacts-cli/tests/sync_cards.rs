//! `contacts sync` between two local stores holding whole cards: `--max-card-bytes` fails the
//! card over the limit alone, naming its size, and the rest is synced; `--photos drop` writes
//! the card without its photo and says so.

mod common;

use base64::Engine;
use common::{Store, config_file, contacts};
use serde_json::Value;

/// A vCard 4.0 with an inline photo of about `bytes` bytes.
fn card_with_photo(bytes: usize) -> String {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend((0..bytes).map(|i| (i * 7 % 251) as u8));
    let photo = base64::engine::general_purpose::STANDARD.encode(&png);
    format!(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:6d1f8a52-1111-4a2b-9c3d-0123456789ab\r\n\
         FN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\nTEL:+46701110001\r\n\
         PHOTO:data:image/png;base64,{photo}\r\nEND:VCARD\r\n"
    )
}

#[test]
fn a_card_over_max_card_bytes_fails_alone_and_photos_drop_carries_it_without_the_photo() {
    let source = Store::new();
    let target = Store::new();
    let card = source.file("ada.vcf", card_with_photo(30_000));
    common::ok(source.run(&["create", "--card", &card]));
    common::ok(source.run(&[
        "create",
        "--set",
        "phoneNumber=+46701110002",
        "--set",
        "firstName=Bo",
    ]));
    let home = tempfile::tempdir().unwrap();
    let cfg = config_file(
        home.path(),
        &format!(
            "[profiles.a]\nprovider = \"sqlite\"\npath = \"{}\"\n\n\
             [profiles.b]\nprovider = \"sqlite\"\npath = \"{}\"\n",
            source.db, target.db
        ),
    );
    let state = home.path().join("a-b.state").display().to_string();
    let sync = |extra: &[&str]| {
        let mut args = common::sync_json_args(&cfg, "a", "b", &state);
        args.extend_from_slice(extra);
        contacts(home.path(), &args)
    };

    let out = sync(&["--max-card-bytes", "5000"]);
    assert_eq!(out.status.code(), Some(1), "a contact failed: exit 1");
    let run: Value = serde_json::from_slice(&out.stdout).unwrap();
    let failed = run["outcome"]["failed"].to_string();
    assert!(
        failed.contains("over --max-card-bytes 5000") && failed.contains("--photos link or drop"),
        "{run:#}"
    );
    let copied = target.listed();
    assert_eq!(copied.len(), 1, "the other contact is synced: {copied:#?}");
    assert_eq!(copied[0]["properties"]["firstName"], "Bo");

    let out = sync(&["--max-card-bytes", "5000", "--photos", "drop"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        run.to_string().contains("not carried"),
        "the dropped photo is noted: {run:#}"
    );
    let ada = target
        .listed()
        .into_iter()
        .find(|c| c["properties"]["firstName"] == "Ada")
        .expect("Ada arrived");
    assert_eq!(
        ada["card"]["uid"],
        "urn:uuid:6d1f8a52-1111-4a2b-9c3d-0123456789ab"
    );
    assert!(ada["card"].get("media").is_none(), "no photo: {ada:#}");
    assert_eq!(ada["card"]["phones"].as_object().map(|p| p.len()), Some(1));
}
