//! What a test of a file writer starts from and asks of a directory: a file already there
//! (the earlier version a failed write must leave as it was), and which names the directory
//! holds, so that a leftover temporary file (or a file written where none should be) fails.

use std::path::{Path, PathBuf};

/// A fresh directory holding the file `name` with `text`, and that file's path: the earlier
/// version a writer replaces whole or not at all. The directory lives as long as the
/// returned guard.
///
/// ```
/// let (_dir, path) = contacts_testkit::files::holding("backup.jsonl", "old\n");
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
/// ```
///
/// # Panics
/// When the directory or the file cannot be written: a test's temporary directory always can.
pub fn holding(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (dir, path)
}

/// The names of the entries of `dir`, sorted: after a file is written whole or not at all, its
/// directory holds the target alone.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("b.csv"), "").unwrap();
/// std::fs::write(dir.path().join("a.csv"), "").unwrap();
/// assert_eq!(contacts_testkit::files::dir_entries(dir.path()), ["a.csv", "b.csv"]);
/// ```
///
/// # Panics
/// When `dir` cannot be read: a test's own directory always can.
pub fn dir_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}
