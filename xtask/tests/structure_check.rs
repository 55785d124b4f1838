//! The workspace keeps its shape rules, and the check notices when they are broken.

use xtask::structure::{MAX_FN_LINES, check};
use xtask::workspace_root;

#[test]
fn the_workspace_has_no_long_function_and_no_import_circle() {
    if let Err(problems) = check(&workspace_root()) {
        panic!("run `cargo xtask structure`:\n{problems}");
    }
}

#[test]
fn a_circle_between_siblings_and_a_long_function_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("crates/demo/src");
    std::fs::create_dir_all(src.join("nested")).unwrap();
    let members = "[workspace]\nmembers = [\"crates/demo\"]\n";
    std::fs::write(dir.path().join("Cargo.toml"), members).unwrap();
    std::fs::write(dir.path().join("crates/demo/Cargo.toml"), package("demo")).unwrap();
    let write = |rel: &str, text: &str| std::fs::write(src.join(rel), text).unwrap();
    write(
        "lib.rs",
        "mod a;\nmod b;\nmod nested;\npub use a::Alpha;\npub struct Root;\n",
    );
    // a -> b through the root's re-export of b's item, b -> a through a path.
    write("a.rs", "pub struct Alpha(crate::Beta);\n");
    write(
        "b.rs",
        "pub struct Beta;\npub fn make() -> crate::a::Alpha { crate::a::Alpha(Beta) }\n",
    );
    // A parent and its child importing each other are one unit, not a circle.
    write("nested/mod.rs", "mod child;\npub use child::Child;\n");
    let long_body = "    let _x = 1;\n".repeat(MAX_FN_LINES);
    write(
        "nested/child.rs",
        &format!("use super::Child as _;\npub struct Child;\npub fn long() {{\n{long_body}}}\n"),
    );
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    std::fs::write(src.join("lib.rs"), format!("{lib}pub use b::Beta;\n")).unwrap();

    let problems = check(dir.path()).unwrap_err();
    for named in [
        "import circle between modules a <-> b",
        "nested/child.rs:3: fn long is 82 lines",
    ] {
        assert!(problems.contains(named), "no `{named}` in:\n{problems}");
    }
    assert!(!problems.contains("nested <-> "), "{problems}");
    assert_eq!(problems.lines().count(), 2, "{problems}");
}

/// The manifest of a package named `name`.
fn package(name: &str) -> String {
    format!("[package]\nname = {name:?}\nversion = \"0.1.0\"\nedition = \"2024\"\n")
}

#[test]
fn a_crate_folder_not_in_members_is_not_counted() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("Cargo.toml", "[workspace]\nmembers = [\"crates/kept\"]\n");
    write("crates/kept/Cargo.toml", &package("kept"));
    write("crates/kept/src/lib.rs", "pub fn short() {}\n");
    // A crate folder the workspace does not list, with a function far over the limit.
    let long_body = "    let _x = 1;\n".repeat(MAX_FN_LINES * 2);
    write("crates/old/Cargo.toml", &package("old"));
    write(
        "crates/old/src/lib.rs",
        &format!("pub fn long() {{\n{long_body}}}\n"),
    );

    let summary = check(root).unwrap();
    assert!(summary.starts_with("1 crate(s)"), "{summary}");
}
