//! What the checks share: the names in a folder, and the answer a check gives.

use std::path::Path;

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
