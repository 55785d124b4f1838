//! The committed schemas are current, and the check notices a hand edit.

use std::path::PathBuf;
use xtask::{Mode, generated, sync};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

#[test]
fn committed_schemas_are_up_to_date() {
    if let Err(diff) = sync(&root(), &generated::schema_files(), Mode::Check) {
        panic!("docs/schemas is stale; run `cargo xtask schema`\n{diff}");
    }
}

#[test]
fn committed_man_page_is_up_to_date() {
    if let Err(diff) = sync(&root(), &[generated::man_page()], Mode::Check) {
        panic!("docs/man/contacts.1 is stale; run `cargo xtask man`\n{diff}");
    }
    let (_, page) = generated::man_page();
    assert!(page.contains(".TH contacts 1"), "{page}");
    assert!(page.contains("completions"), "every subcommand is listed");
}

#[test]
fn committed_provider_matrix_is_up_to_date() {
    if let Err(diff) = sync(&root(), &[generated::providers_file()], Mode::Check) {
        panic!("docs/providers.md is stale; run `cargo xtask providers`\n{diff}");
    }
    let (_, matrix) = generated::providers_file();
    assert!(
        matrix.contains("| labels | yes | yes | yes | no |"),
        "{matrix}"
    );
}

#[test]
fn check_fails_after_a_hand_edit_and_passes_after_regenerating() {
    let dir = tempfile::tempdir().unwrap();
    let files = generated::schema_files();
    sync(dir.path(), &files, Mode::Write).unwrap();
    assert!(sync(dir.path(), &files, Mode::Check).is_ok());

    let contact = dir.path().join("docs/schemas/Contact.json");
    let edited = std::fs::read_to_string(&contact)
        .unwrap()
        .replace("\"ownerId\"", "\"ownerID\"");
    std::fs::write(&contact, edited).unwrap();
    let diff = sync(dir.path(), &files, Mode::Check).unwrap_err();
    assert!(diff.contains("stale: docs/schemas/Contact.json"), "{diff}");
    assert!(diff.contains("-    \"ownerID\""), "{diff}");

    std::fs::remove_file(dir.path().join("docs/schemas/Page.json")).unwrap();
    let diff = sync(dir.path(), &files, Mode::Check).unwrap_err();
    assert!(diff.contains("missing: docs/schemas/Page.json"), "{diff}");

    sync(dir.path(), &files, Mode::Write).unwrap();
    assert!(sync(dir.path(), &files, Mode::Check).is_ok());
}

#[test]
fn the_binary_exits_non_zero_with_a_hint_when_stale() {
    // The real binary against the real tree must pass; a broken tree is covered above.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["schema", "--check"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["schema", "--bogus"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
