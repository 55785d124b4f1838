//! Generated files of the workspace, written or checked by `cargo xtask`.
//!
//! Each generator returns `(path relative to the workspace root, content)`; [`sync`] writes
//! them ([`Mode::Write`]) or compares them with what is on disk ([`Mode::Check`]), so the same
//! code serves the developer and CI.

pub mod doc_paths;
pub mod generated;
pub mod provider_shape;
pub mod structure;

mod checks;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The workspace root, the parent of xtask's own directory: where the generated files and the
/// crates the checks read are, for the binary and its tests alike.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Whether to write generated files or only check they are current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write every file whose content differs.
    Write,
    /// Change nothing; fail with a diff if any file differs or is missing.
    Check,
}

/// One generated file: its path relative to the workspace root and its content.
pub type GeneratedFile = (String, String);

/// Writes or checks `files` below `root`. In check mode, an `Err` carries a human-readable diff
/// of every stale or missing file.
pub fn sync(root: &Path, files: &[GeneratedFile], mode: Mode) -> Result<String, String> {
    let mut stale = String::new();
    let mut written = 0;
    for (rel, content) in files {
        let path = root.join(rel);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() == Some(content.as_str()) {
            continue;
        }
        match mode {
            Mode::Write => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                }
                std::fs::write(&path, content)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                written += 1;
            }
            Mode::Check => match current {
                None => {
                    let _ = writeln!(stale, "missing: {rel}");
                }
                Some(current) => {
                    let _ = writeln!(stale, "stale: {rel}");
                    let diff = similar::TextDiff::from_lines(&current, content);
                    let _ = write!(
                        stale,
                        "{}",
                        diff.unified_diff()
                            .context_radius(2)
                            .header(&format!("{rel} (on disk)"), &format!("{rel} (generated)"))
                    );
                }
            },
        }
    }
    if stale.is_empty() {
        Ok(match mode {
            Mode::Write => format!("{written} file(s) written, {} checked", files.len()),
            Mode::Check => format!("{} generated file(s) are up to date", files.len()),
        })
    } else {
        Err(stale)
    }
}
