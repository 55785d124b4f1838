//! What the checks share: the workspace's crates, the names in a folder, and the answer a
//! check gives.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A crate of the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member {
    /// The package's name (`contacts-core`).
    pub(crate) name: String,
    /// Its folder below the workspace root (`crates/contacts-core`).
    pub(crate) dir: PathBuf,
}

/// The workspace's crates: the `[workspace] members` of the root `Cargo.toml` below `root`,
/// sorted by folder, as `cargo metadata --no-deps` reads them (its globs and `exclude`
/// applied as cargo applies them). A folder with a `Cargo.toml` that the workspace does not
/// list is no crate of it.
pub(crate) fn workspace_members(root: &Path) -> Result<Vec<Member>, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(root.join("Cargo.toml"))
        .output()
        .map_err(|e| format!("cannot run `cargo metadata`: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`cargo metadata` cannot read the workspace at {}: {}",
            root.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("`cargo metadata` wrote what is not its JSON: {e}"))?;
    let base = Path::new(metadata["workspace_root"].as_str().unwrap_or_default());
    let ids: BTreeSet<&str> = metadata["workspace_members"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_str)
        .collect();
    let mut members: Vec<Member> = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|package| package["id"].as_str().is_some_and(|id| ids.contains(id)))
        .filter_map(|package| {
            let manifest = Path::new(package["manifest_path"].as_str()?);
            let dir = manifest.parent()?.strip_prefix(base).ok()?;
            Some(Member {
                name: package["name"].as_str()?.to_owned(),
                dir: dir.to_path_buf(),
            })
        })
        .collect();
    members.sort_by(|a, b| a.dir.cmp(&b.dir));
    Ok(members)
}

/// The names of the entries of `dir`, sorted; none when it cannot be read (a check then
/// reports what it misses instead of failing to start).
pub(crate) fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A check's answer: the `problems` it found (one a line) as the error, or, with none, the
/// summary `passed` writes.
pub(crate) fn verdict(problems: String, passed: impl FnOnce() -> String) -> Result<String, String> {
    if problems.is_empty() {
        Ok(passed())
    } else {
        Err(problems)
    }
}

/// Writes `text` to `root/rel`, creating its folders: how the checks' tests lay out a
/// workspace.
#[cfg(test)]
pub(crate) fn put(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// Lays out a workspace below `root` whose root `Cargo.toml` lists `members`, each member
/// folder a package named after it with a `src/lib.rs`: how the checks' tests make the crates
/// [`workspace_members`] reads.
#[cfg(test)]
pub(crate) fn put_workspace(root: &Path, members: &[&str]) {
    let listed: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let manifest = format!("[workspace]\nmembers = [{}]\n", listed.join(", "));
    put(root, "Cargo.toml", &manifest);
    for member in members {
        put_crate(root, member);
    }
}

/// Writes a package named after the folder `dir` (its `Cargo.toml` and an empty
/// `src/lib.rs` where there is none) below `root`.
#[cfg(test)]
pub(crate) fn put_crate(root: &Path, dir: &str) {
    let name = dir.rsplit('/').next().unwrap_or(dir);
    let manifest = format!("[package]\nname = {name:?}\nversion = \"0.1.0\"\nedition = \"2024\"\n");
    put(root, &format!("{dir}/Cargo.toml"), &manifest);
    if !root.join(dir).join("src/lib.rs").exists() {
        put(root, &format!("{dir}/src/lib.rs"), "");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crate_folder_not_in_members_is_no_member() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        put_workspace(root, &["crates/b", "crates/a", "tools"]);
        put_crate(root, "crates/old");
        let members = workspace_members(root).unwrap();
        let dirs: Vec<&Path> = members.iter().map(|m| m.dir.as_path()).collect();
        let expected = ["crates/a", "crates/b", "tools"].map(Path::new);
        assert_eq!(dirs, expected);
        assert_eq!(members[0].name, "a");
    }

    #[test]
    fn the_workspace_members_are_its_crates() {
        let members = workspace_members(&crate::workspace_root()).unwrap();
        let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
        for name in ["contacts-core", "provider-ip1", "xtask"] {
            assert!(names.contains(&name), "{name} in {names:?}");
        }
    }

    #[test]
    fn a_workspace_cargo_cannot_read_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = workspace_members(dir.path()).unwrap_err();
        assert!(err.contains("cargo metadata"), "{err}");
    }
}
