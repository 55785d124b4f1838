//! Files written whole or not at all.
//!
//! A command that writes a file the user keeps (`export --out backup.jsonl`, a sync report)
//! must not leave it half-written or emptied when it fails halfway (a wrong API key, a lost
//! connection, a full disk): the previous file is often the only good copy. [`AtomicFile`]
//! writes to a temporary file in the same directory (so the final rename stays on one file
//! system and is atomic) and renames it over the target only on [`AtomicFile::commit`];
//! dropped without a commit, the temporary file is removed and the target is untouched.
//!
//! A target that exists and is not a regular file (a FIFO, `/dev/stdout`, `/dev/null`) cannot
//! be replaced by a rename and is written directly. Directories are never created: a missing
//! one is an error naming the path.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// A file being written; see the module.
#[derive(Debug)]
pub struct AtomicFile {
    target: PathBuf,
    out: Out,
}

#[derive(Debug)]
enum Out {
    /// The temporary file, renamed over the target on commit.
    Temporary(NamedTempFile),
    /// The target itself (not a regular file: no rename possible).
    Direct(File),
}

impl AtomicFile {
    /// Starts writing `target`. Fails (naming nothing; the caller names the path) when its
    /// directory does not exist or cannot be written.
    pub fn create(target: &Path) -> io::Result<Self> {
        // A symlink (to a backup kept elsewhere) is written through: the file it points at is
        // replaced, the link stays a link.
        let resolved = match std::fs::symlink_metadata(target) {
            Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(target)?,
            _ => target.to_owned(),
        };
        let target = resolved.as_path();
        let existing = std::fs::metadata(target).ok();
        if let Some(meta) = existing.as_ref().filter(|m| !m.is_file()) {
            if meta.is_dir() {
                return Err(io::Error::new(
                    io::ErrorKind::IsADirectory,
                    "is a directory",
                ));
            }
            let file = std::fs::OpenOptions::new().write(true).open(target)?;
            return Ok(Self {
                target: target.to_owned(),
                out: Out::Direct(file),
            });
        }
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        if !dir.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("the directory {} does not exist", dir.display()),
            ));
        }
        let temp = tempfile::Builder::new()
            .prefix(".contacts-")
            .suffix(".partial")
            .tempfile_in(dir)?;
        if let Some(meta) = existing {
            // The new file keeps the old one's permissions (a private backup stays private).
            temp.as_file().set_permissions(meta.permissions())?;
        }
        Ok(Self {
            target: target.to_owned(),
            out: Out::Temporary(temp),
        })
    }

    /// Flushes the data to disk and puts the file in place of the target.
    pub fn commit(self) -> io::Result<()> {
        match self.out {
            Out::Direct(mut file) => file.flush(),
            Out::Temporary(mut temp) => {
                temp.flush()?;
                temp.as_file().sync_all()?;
                temp.persist(&self.target).map_err(|e| e.error)?;
                sync_dir(&self.target);
                Ok(())
            }
        }
    }
}

/// Flushes the directory of `file` to disk, so the rename itself survives a crash (where the
/// platform allows opening a directory; elsewhere the rename is as durable as it gets).
fn sync_dir(file: &Path) {
    let dir = match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.out {
            Out::Temporary(temp) => temp.write(buf),
            Out::Direct(file) => file.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.out {
            Out::Temporary(temp) => temp.flush(),
            Out::Direct(file) => file.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use contacts_testkit::files::{dir_entries, holding};

    #[test]
    fn the_target_changes_only_on_commit_and_no_temporary_file_stays() {
        let (dir, target) = holding("backup.jsonl", "old\n");
        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(b"half").unwrap();
        drop(file);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");
        assert_eq!(dir_entries(dir.path()), ["backup.jsonl"]);
        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(b"new\n").unwrap();
        file.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new\n");
        assert_eq!(dir_entries(dir.path()), ["backup.jsonl"]);
    }

    #[test]
    fn a_missing_directory_is_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("no/such/dir/out.csv");
        let err = AtomicFile::create(&target).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert!(!dir.path().join("no").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_target_is_written_through_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("backups");
        std::fs::create_dir(&real).unwrap();
        let kept = real.join("contacts.csv");
        std::fs::write(&kept, "old\n").unwrap();
        let link = dir.path().join("latest.csv");
        std::os::unix::fs::symlink(&kept, &link).unwrap();
        let mut file = AtomicFile::create(&link).unwrap();
        file.write_all(b"new\n").unwrap();
        file.commit().unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "new\n");
        assert_eq!(dir_entries(&real), ["contacts.csv"]);
    }
}
