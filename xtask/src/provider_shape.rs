//! One shape per provider crate (docs/architecture.md, "One shape per provider crate"): every
//! `crates/provider-*` keeps its builder, provider type, wire-to-model mapping, listing and
//! registration in files of the same names, and its optional capabilities in
//! `optional/<capability>.rs` named as contacts-core names the capability's module. A provider
//! added with its own names fails here, so a reader who knows one provider finds the same room
//! in every other.
//!
//! `cargo xtask structure` runs [`check`].

use crate::checks::{Member, names_in, verdict, workspace_members};
use std::fmt::Write as _;
use std::path::Path;

/// The rooms every provider crate has, in `src/`.
pub const COMMON_ROOMS: [&str; 6] = [
    "lib.rs",
    "builder.rs",
    "provider.rs",
    "mapping.rs",
    "listing.rs",
    "register.rs",
];

/// Checks every workspace crate in `crates/provider-*` below `root` (a folder there that the
/// workspace does not list is none); `Err` names each missing room and each capability file
/// that is not named after one of contacts-core's, or why the crates cannot be read.
pub fn check(root: &Path) -> Result<String, String> {
    let capabilities = file_stems(&root.join("crates/contacts-core/src/optional"));
    let mut problems = String::new();
    let mut providers = 0;
    for member in provider_crates(root)? {
        providers += 1;
        let krate = &member.name;
        let src = root.join(&member.dir).join("src");
        for room in COMMON_ROOMS {
            if !src.join(room).is_file() {
                let _ = writeln!(
                    problems,
                    "{krate}: no src/{room} (a room every provider has)"
                );
            }
        }
        for stem in file_stems(&src.join("optional")) {
            if stem != "mod" && !capabilities.contains(&stem) {
                let _ = writeln!(
                    problems,
                    "{krate}: src/optional/{stem}.rs is not named after a capability of \
                     contacts-core's `optional` ({})",
                    capabilities.join(", ")
                );
            }
        }
    }
    verdict(problems, || {
        format!(
            "{providers} provider crate(s) in one shape ({})",
            COMMON_ROOMS.join(", ")
        )
    })
}

/// The provider crates: the workspace's crates ([`workspace_members`]) in `crates/provider-*`,
/// sorted.
fn provider_crates(root: &Path) -> Result<Vec<Member>, String> {
    let mut members = workspace_members(root)?;
    members.retain(|member| {
        member.dir.parent() == Some(Path::new("crates"))
            && member
                .dir
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("provider-"))
    });
    Ok(members)
}

/// The names without `.rs` of the Rust files in `dir` (none when it does not exist), sorted.
fn file_stems(dir: &Path) -> Vec<String> {
    names_in(dir)
        .into_iter()
        .filter_map(|name| name.strip_suffix(".rs").map(str::to_owned))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{put, put_crate, put_workspace};

    #[test]
    fn a_provider_with_its_own_names_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        put_workspace(root, &["crates/provider-x"]);
        // A provider folder the workspace does not list is not checked.
        put_crate(root, "crates/provider-old");
        put(root, "crates/contacts-core/src/optional/labels.rs", "");
        for room in COMMON_ROOMS.iter().filter(|r| **r != "mapping.rs") {
            put(root, &format!("crates/provider-x/src/{room}"), "");
        }
        for file in ["wire.rs", "optional/labels.rs", "optional/admin.rs"] {
            put(root, &format!("crates/provider-x/src/{file}"), "");
        }
        let src = root.join("crates/provider-x/src");
        let problems = check(root).unwrap_err();
        for named in [
            "provider-x: no src/mapping.rs",
            "src/optional/admin.rs is not named after a capability",
        ] {
            assert!(problems.contains(named), "no `{named}` in:\n{problems}");
        }
        assert!(!problems.contains("labels.rs"), "{problems}");
        assert!(!problems.contains("provider-old"), "{problems}");
        std::fs::rename(src.join("wire.rs"), src.join("mapping.rs")).unwrap();
        std::fs::rename(
            src.join("optional/admin.rs"),
            src.join("optional/labels2.rs"),
        )
        .unwrap();
        std::fs::remove_file(src.join("optional/labels2.rs")).unwrap();
        let summary = check(root).unwrap();
        assert!(summary.starts_with("1 provider crate(s)"), "{summary}");
    }

    #[test]
    fn the_workspace_providers_have_one_shape() {
        let root = crate::workspace_root();
        let providers = provider_crates(&root).unwrap().len();
        assert!(
            providers >= 5,
            "ip1, addressbook, carddav, sqlite, remote: {providers}"
        );
        let summary = check(&root).unwrap();
        assert!(
            summary.starts_with(&format!("{providers} provider crate(s)")),
            "{summary}"
        );
    }
}
