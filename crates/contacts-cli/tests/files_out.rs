//! `contacts export --out FILE` writes FILE whole or not at all, never creates directories, and
//! writes nothing its own import or a vCard reader would read differently.

mod common;

use common::{export_args, on_db, stderr};
use contacts_testkit::files::dir_entries;
use serde_json::Value;
use std::path::Path;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_export_leaves_the_previous_file_untouched_and_no_temporary_file() {
    let emulator = contacts_testkit::ip1::emulator("right-key").await;
    let base = emulator.base_url();
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("backups");
    std::fs::create_dir(&out_dir).unwrap();
    let backup = out_dir.join("backup.jsonl");
    std::fs::write(&backup, "{\"id\":\"1\"}\n").unwrap();
    let backup_arg = backup.display().to_string();
    let export = |key: &str, out: &str| {
        common::contacts(
            dir.path(),
            &[
                "--provider",
                "ip1",
                "--base-url",
                &base,
                "--api-key",
                key,
                "export",
                "--out",
                out,
            ],
        )
    };
    let out = tokio::task::block_in_place(|| export("wrong-key", &backup_arg));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&backup).unwrap(),
        "{\"id\":\"1\"}\n",
        "the previous backup is as it was"
    );
    assert_eq!(
        dir_entries(&out_dir),
        ["backup.jsonl"],
        "no temporary file left"
    );

    // A directory that does not exist is not created.
    let missing = dir.path().join("no/such/dir/backup.jsonl");
    let out = tokio::task::block_in_place(|| export("right-key", &missing.display().to_string()));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    assert!(!dir.path().join("no").exists());

    // A successful export replaces the file.
    let out = tokio::task::block_in_place(|| export("right-key", &backup_arg));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), "");
    assert_eq!(dir_entries(&out_dir), ["backup.jsonl"]);
}

/// A new directory with a local store holding the contacts of `jsonl`, and the store's path.
fn store_with(name: &str, jsonl: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(name).display().to_string();
    let file = common::write_file(dir.path(), &format!("{name}.jsonl"), jsonl);
    common::ok(on_db(dir.path(), &db, &["import", file.to_str().unwrap()]));
    (dir, db)
}

/// Every contact of the store at `db`, as `list --output json` gives them.
fn list(dir: &Path, db: &str) -> Vec<Value> {
    common::json_lines(&common::ok(on_db(dir, db, &["list", "--output", "json"])))
}

#[test]
fn csv_export_round_trips_keys_named_like_its_columns_and_labels_with_separators() {
    let (dir, db) = store_with(
        "first.db",
        "{\"properties\":{\"phoneNumber\":\"+46701234567\",\"id\":\"crm-7\",\"labels\":\"x\",\
         \"property:z\":\"z\"},\"labels\":[\"c;d\",\"back\\\\slash\",\"plain\"]}\n",
    );
    let csv = dir.path().join("out.csv");
    common::ok(on_db(dir.path(), &db, &export_args("csv", &csv)));
    let second = dir.path().join("second.db").display().to_string();
    common::ok(on_db(
        dir.path(),
        &second,
        &["import", csv.to_str().unwrap()],
    ));
    let before = &list(dir.path(), &db)[0];
    let after = &list(dir.path(), &second)[0];
    assert_eq!(after["properties"], before["properties"]);
    assert_eq!(after["labels"], before["labels"]);
    assert_eq!(
        after["labels"],
        serde_json::json!(["back\\slash", "c;d", "plain"])
    );
}

#[test]
fn vcard_export_refuses_control_characters_naming_the_contact() {
    let (dir, db) = store_with(
        "c.db",
        "{\"properties\":{\"firstName\":\"Ada\",\"note\":\"bell\\u0007here\"}}\n",
    );
    let id = list(dir.path(), &db)[0]["id"].as_str().unwrap().to_owned();
    let vcf = dir.path().join("out.vcf");
    let out = on_db(dir.path(), &db, &export_args("vcard", &vcf));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "contact {id}: note holds the control character U+0007"
        )),
        "{err}"
    );
    assert!(!vcf.exists(), "no half-written card file");
}
