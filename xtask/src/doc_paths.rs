//! The map stays true: every path the architecture document and the README name exists, and
//! the README's crate table and the architecture document's crate table hold exactly the
//! workspace's crates. A file renamed or a crate added without its row fails here, not in a
//! newcomer's first hour.
//!
//! A path is a relative link target (`](docs/sync.md)`) or a word in backticks that looks like
//! a file or folder: it contains a `/` or ends in a file extension, and holds only the
//! characters paths here use (so `provider-<name>/` and `a::b` are not paths). Link targets are
//! read from the document's folder. Words in backticks are often shortened
//! (`layer/checked_optional.rs`, `validate.rs`): one names a real file when some file or folder
//! of the workspace ends with it at a `/`.
//!
//! `cargo xtask structure` runs [`check`] after the structure rules.

use crate::checks::{verdict, workspace_members};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

/// The documents whose paths must exist.
pub const DOCUMENTS: [&str; 2] = ["docs/architecture.md", "README.md"];

/// Folders the documents name that exist only once a script has run (the CardDAV servers'
/// virtual environment, build output): named, never checked.
const MADE_BY_SCRIPTS: [&str; 2] = [".dav-venv", "target"];

/// Extensions that make a word in backticks a file name.
const EXTENSIONS: [&str; 8] = [".rs", ".md", ".toml", ".json", ".yml", ".sh", ".py", ".vcf"];

/// Checks [`DOCUMENTS`] below `root`; `Err` lists every dead path and every crate of the
/// workspace (a member of its `Cargo.toml`) missing from (or left over in) a crate table, one
/// per line, or why the members cannot be read.
pub fn check(root: &Path) -> Result<String, String> {
    let files = workspace_files(root);
    let crates = workspace_crates(root)?;
    let mut problems = String::new();
    let mut named = 0;
    for document in DOCUMENTS {
        let text = std::fs::read_to_string(root.join(document))
            .map_err(|e| format!("{document}: cannot be read: {e}"))?;
        let base = Path::new(document).parent().unwrap_or(Path::new(""));
        for (line, target) in links(&text) {
            named += 1;
            if !root.join(base).join(&target).exists() {
                let _ = writeln!(
                    problems,
                    "{document}:{line}: link to a missing path: {target}"
                );
            }
        }
        for (line, word) in code_paths(&text) {
            named += 1;
            if !names_a_file(&files, &word) {
                let _ = writeln!(
                    problems,
                    "{document}:{line}: no such file or folder: `{word}`"
                );
            }
        }
    }
    for document in ["README.md", "docs/architecture.md"] {
        let text = std::fs::read_to_string(root.join(document)).unwrap_or_default();
        table_problems(
            &mut problems,
            &format!("{document}'s crate table"),
            &table_crates(&text, "| crate |"),
            &crates,
        );
    }
    verdict(problems, || {
        format!(
            "{named} path(s) named in {} exist; the crate tables list the {} crates",
            DOCUMENTS.join(" and "),
            crates.len()
        )
    })
}

fn table_problems(
    problems: &mut String,
    table: &str,
    listed: &BTreeSet<String>,
    crates: &BTreeSet<String>,
) {
    for missing in crates.difference(listed) {
        let _ = writeln!(problems, "{table} has no row for the crate {missing}");
    }
    for extra in listed.difference(crates) {
        let _ = writeln!(
            problems,
            "{table} lists {extra}, which is not a workspace crate"
        );
    }
}

/// Every file and folder below `root` (workspace-relative, `/`-separated), leaving out git's
/// own folder and [`MADE_BY_SCRIPTS`].
fn workspace_files(root: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == ".git" || MADE_BY_SCRIPTS.contains(&name.as_str()) {
                continue;
            }
            let path = entry.path();
            if let Ok(rel) = path.strip_prefix(root) {
                out.insert(rel.to_string_lossy().replace('\\', "/"));
            }
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    out
}

/// The names of the workspace's crates ([`workspace_members`]).
fn workspace_crates(root: &Path) -> Result<BTreeSet<String>, String> {
    let members = workspace_members(root)?;
    Ok(members.into_iter().map(|member| member.name).collect())
}

/// Whether `word` is a workspace file or folder, or the end of one at a `/`.
fn names_a_file(files: &BTreeSet<String>, word: &str) -> bool {
    let word = word.trim_end_matches('/');
    let word = word.strip_prefix("./").unwrap_or(word);
    let first = word.split('/').next().unwrap_or_default();
    MADE_BY_SCRIPTS.contains(&first)
        || files.contains(word)
        || files.iter().any(|f| f.ends_with(&format!("/{word}")))
}

/// The relative link targets of a Markdown text, with their lines (anchors and web links
/// left out; a `#fragment` cut off).
fn links(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            let Some(end) = rest.find(')') else { break };
            let target = rest[..end].split('#').next().unwrap_or_default();
            if !target.is_empty() && !target.contains("://") && !target.starts_with("mailto:") {
                out.push((n + 1, target.to_owned()));
            }
            rest = &rest[end..];
        }
    }
    out
}

/// The words in backticks that look like paths (see the module), with their lines. Fenced
/// code blocks are left out: they hold commands and code, not the map.
fn code_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fenced = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        for (i, word) in line.split('`').enumerate() {
            if i % 2 == 1 && looks_like_path(word) {
                out.push((n + 1, word.to_owned()));
            }
        }
    }
    out
}

fn looks_like_path(word: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/');
    if word.is_empty() || !word.chars().all(allowed) || word.starts_with('/') {
        return false;
    }
    let has_extension = EXTENSIONS
        .iter()
        .any(|e| word.ends_with(e) && word.len() > e.len());
    has_extension || (word.contains('/') && word.chars().any(|c| c.is_ascii_alphabetic()))
}

/// The crate names of a Markdown table whose header starts with `header`: the first cell of
/// each row, a link text or a word in backticks.
fn table_crates(text: &str, header: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with(header) {
            inside = true;
            continue;
        }
        if !inside {
            continue;
        }
        if !line.starts_with('|') {
            break;
        }
        let first = line.split('|').nth(1).unwrap_or_default();
        if let Some(name) = first.split('`').nth(1).filter(|n| !n.starts_with("---")) {
            out.insert(name.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{put, put_crate, put_workspace};

    #[test]
    fn words_that_look_like_paths_are_told_from_code() {
        for path in [
            "docs/sync.md",
            "layer/checked_optional.rs",
            "validate.rs",
            "crates/x/",
        ] {
            assert!(looks_like_path(path), "{path}");
        }
        for code in [
            "a::b",
            "provider-<name>/",
            "1/2",
            "Result<T>",
            "--check",
            "x.rs y",
        ] {
            assert!(!looks_like_path(code), "{code}");
        }
    }

    #[test]
    fn a_renamed_file_is_a_dead_path_and_a_shortened_one_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        put_workspace(root, &["crates/a", "xtask"]);
        // A crate folder the workspace does not list is no crate of it.
        put_crate(root, "crates/old");
        put(root, "crates/a/src/layer/checked.rs", "");
        put(
            root,
            "docs/architecture.md",
            "| crate | role |\n|---|---|\n| `a` | x |\n| `xtask` | y |\n\n\
             `layer/checked.rs` and `layer/gone.rs`, [sync](sync.md)\n",
        );
        put(
            root,
            "README.md",
            "| crate | what |\n|---|---|\n| [`a`](crates/a) | x |\n| [`b`](crates/b) | y |\n",
        );
        let problems = check(root).unwrap_err();
        for named in [
            "docs/architecture.md:6: no such file or folder: `layer/gone.rs`",
            "docs/architecture.md:6: link to a missing path: sync.md",
            "README.md's crate table has no row for the crate xtask",
            "README.md's crate table lists b, which is not a workspace crate",
        ] {
            assert!(problems.contains(named), "no `{named}` in:\n{problems}");
        }
        assert!(!problems.contains("checked.rs"), "{problems}");
        assert!(!problems.contains("crate old"), "{problems}");
        assert!(
            problems.contains("README.md:4: link to a missing path: crates/b"),
            "{problems}"
        );
    }
}
