//! The committed schemas are current, and the check notices a hand edit.

use xtask::{GeneratedFile, Mode, generated, sync, workspace_root};

/// A fresh directory with `files` written into it as `cargo xtask` writes them into the
/// tree: the checkout a test then edits by hand to see the check notice.
fn written(files: &[GeneratedFile]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    sync(dir.path(), files, Mode::Write).unwrap();
    dir
}

#[test]
fn committed_schemas_are_up_to_date() {
    if let Err(diff) = sync(&workspace_root(), &generated::schema_files(), Mode::Check) {
        panic!("docs/schemas is stale; run `cargo xtask schema`\n{diff}");
    }
}

#[test]
fn committed_man_pages_are_up_to_date() {
    let pages = generated::man_pages();
    if let Err(diff) = sync(&workspace_root(), &pages, Mode::Check) {
        panic!("docs/man is stale; run `cargo xtask man`\n{diff}");
    }
    let gone = generated::stale_man_pages(&workspace_root(), &pages);
    assert!(gone.is_empty(), "pages of commands that are gone: {gone:?}");
    let main = &pages
        .iter()
        .find(|(path, _)| path == "docs/man/contacts.1")
        .expect("the tool's own page")
        .1;
    assert!(main.contains(".TH contacts 1"), "{main}");
    assert!(main.contains("completions"), "every subcommand is listed");
}

#[test]
fn every_page_a_man_page_points_at_is_generated() {
    let pages = generated::man_pages();
    let paths: Vec<&str> = pages.iter().map(|(path, _)| path.as_str()).collect();
    let mut referenced = 0;
    for (path, text) in &pages {
        // clap_mangen names a subcommand's page `contacts\-list(1)` in roff.
        for (at, _) in text.match_indices("(1)") {
            let start = text[..at]
                .rfind(|c: char| c.is_whitespace())
                .map_or(0, |i| i + 1);
            let name = text[start..at].replace("\\-", "-");
            if !name.starts_with("contacts-") {
                continue;
            }
            referenced += 1;
            let page = format!("docs/man/{name}.1");
            assert!(
                paths.contains(&page.as_str()),
                "{path} points at {name}(1): {paths:?}"
            );
        }
    }
    assert!(
        referenced >= 20,
        "only {referenced} references to subcommand pages"
    );
    for page in [
        "contacts-list.1",
        "contacts-books-create.1",
        "contacts-emulate.1",
    ] {
        assert!(
            paths.contains(&format!("docs/man/{page}").as_str()),
            "{paths:?}"
        );
    }
}

#[test]
fn the_man_pages_say_what_conformance_runs_with_no_provider() {
    let pages = generated::man_pages();
    for name in ["docs/man/contacts.1", "docs/man/contacts-conformance.1"] {
        let (_, text) = pages.iter().find(|(path, _)| path == name).unwrap();
        assert!(
            text.contains("memory, sqlite, ip1 and addressbook"),
            "{name}:\n{text}"
        );
    }
}

#[test]
fn the_man_page_check_names_a_page_of_a_command_that_is_gone() {
    let pages = generated::man_pages();
    let dir = written(&pages);
    assert!(generated::stale_man_pages(dir.path(), &pages).is_empty());
    std::fs::write(dir.path().join("docs/man/contacts-frobnicate.1"), ".TH x").unwrap();
    assert_eq!(
        generated::stale_man_pages(dir.path(), &pages),
        ["docs/man/contacts-frobnicate.1"]
    );
}

#[test]
fn committed_provider_matrix_is_up_to_date() {
    if let Err(diff) = sync(
        &workspace_root(),
        &[generated::providers_file()],
        Mode::Check,
    ) {
        panic!("docs/providers.md is stale; run `cargo xtask providers`\n{diff}");
    }
    let (_, matrix) = generated::providers_file();
    let row = |name: &str| {
        matrix
            .lines()
            .find(|l| l.starts_with(&format!("| {name} |")))
    };
    assert_eq!(
        row("capability"),
        Some("| capability | `memory` | `sqlite` | `ip1` | `addressbook` | `carddav` | `remote` |")
    );
    // Atom's address-book API has no labels; every other provider keeps them.
    assert_eq!(
        row("labels"),
        Some("| labels | yes | yes | yes | no | yes | yes |")
    );
}

#[test]
fn check_fails_after_a_hand_edit_and_passes_after_regenerating() {
    let files = generated::schema_files();
    let dir = written(&files);
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
