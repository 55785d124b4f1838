//! One shape per provider crate (docs/architecture.md, "One shape per provider crate"): every
//! `crates/provider-*` keeps its builder, provider type, wire-to-model mapping, listing and
//! registration in files of the same names, and its optional capabilities in
//! `optional/<capability>.rs` named as contacts-core names the capability's module. A provider
//! added with its own names fails here, so a reader who knows one provider finds the same room
//! in every other.
//!
//! `cargo xtask structure` runs [`check`].

use crate::checks::{names_in, verdict};
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

/// Checks every `crates/provider-*` below `root`; `Err` names each missing room and each
/// capability file that is not named after one of contacts-core's.
pub fn check(root: &Path) -> Result<String, String> {
    let capabilities = file_stems(&root.join("crates/contacts-core/src/optional"));
    let mut problems = String::new();
    let mut providers = 0;
    for krate in provider_crates(root) {
        providers += 1;
        let src = root.join("crates").join(&krate).join("src");
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

/// The `provider-*` folders of `crates/`, sorted.
fn provider_crates(root: &Path) -> Vec<String> {
    let mut names = names_in(&root.join("crates"));
    names.retain(|name| name.starts_with("provider-"));
    names
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
    use crate::checks::put;

    #[test]
    fn a_provider_with_its_own_names_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
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
        std::fs::rename(src.join("wire.rs"), src.join("mapping.rs")).unwrap();
        std::fs::rename(
            src.join("optional/admin.rs"),
            src.join("optional/labels2.rs"),
        )
        .unwrap();
        std::fs::remove_file(src.join("optional/labels2.rs")).unwrap();
        assert!(check(root).is_ok());
    }

    #[test]
    fn the_workspace_providers_have_one_shape() {
        let root = crate::workspace_root();
        let providers = provider_crates(&root).len();
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
