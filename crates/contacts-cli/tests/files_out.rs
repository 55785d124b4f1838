//! `contacts export --out FILE` writes FILE whole or not at all, never creates directories, and
//! writes nothing its own import or a vCard reader would read differently.

mod common;

use serde_json::Value;
use std::path::Path;
use std::process::Output;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

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
        entries(&out_dir),
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
    assert_eq!(entries(&out_dir), ["backup.jsonl"]);
}

/// A local store holding the contacts of `jsonl`.
fn store_with(dir: &Path, name: &str, jsonl: &str) -> String {
    let db = dir.join(name).display().to_string();
    let file = dir.join(format!("{name}.jsonl"));
    std::fs::write(&file, jsonl).unwrap();
    common::ok(common::contacts(
        dir,
        &["--db", &db, "import", &file.display().to_string()],
    ));
    db
}

fn list(dir: &Path, db: &str) -> Vec<Value> {
    common::ok(common::contacts(
        dir,
        &["--db", db, "list", "--output", "json"],
    ))
    .lines()
    .map(|l| serde_json::from_str(l).unwrap())
    .collect()
}

#[test]
fn csv_export_round_trips_keys_named_like_its_columns_and_labels_with_separators() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with(
        dir.path(),
        "first.db",
        "{\"properties\":{\"phoneNumber\":\"+46701234567\",\"id\":\"crm-7\",\"labels\":\"x\",\
         \"property:z\":\"z\"},\"labels\":[\"c;d\",\"back\\\\slash\",\"plain\"]}\n",
    );
    let csv = dir.path().join("out.csv").display().to_string();
    common::ok(common::contacts(
        dir.path(),
        &["--db", &db, "export", "--format", "csv", "--out", &csv],
    ));
    let second = dir.path().join("second.db").display().to_string();
    common::ok(common::contacts(
        dir.path(),
        &["--db", &second, "import", &csv],
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
    let dir = tempfile::tempdir().unwrap();
    let db = store_with(
        dir.path(),
        "c.db",
        "{\"properties\":{\"firstName\":\"Ada\",\"note\":\"bell\\u0007here\"}}\n",
    );
    let id = list(dir.path(), &db)[0]["id"].as_str().unwrap().to_owned();
    let vcf = dir.path().join("out.vcf");
    let out = common::contacts(
        dir.path(),
        &[
            "--db",
            &db,
            "export",
            "--format",
            "vcard",
            "--out",
            &vcf.display().to_string(),
        ],
    );
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
