//! [`Scratch`]: the listed contacts' contents, written out of memory while a sync runs.
//!
//! A sync must see every contact of both sides before it can plan (pairing by number needs
//! all the numbers), and a first sync writes every contact of the source, so the contents
//! live as long as the run. Held in memory they made the peak grow by ~1.3 KiB a contact;
//! here each contact's packed text is appended to a small buffer that goes to an anonymous
//! temporary file (removed by the system when the sync drops it, even after a crash) once it
//! holds [`SPILL_AT`] bytes. Memory keeps only each text's offset, and the file is read back a
//! contact at a time (planning an update) or a chunk at a time (running the plan's creates,
//! in the order they were listed). The kernel's page cache serves those reads; it is not the
//! process's memory.
//!
//! The file goes into the state file's directory when there is one (contacts stay where the
//! user keeps their sync data), otherwise into the system's temporary directory.

use crate::SyncError;
use std::fs::File;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Mutex;

/// Bytes buffered before they go to the file: small syncs never create one.
pub(crate) const SPILL_AT: usize = 64 * 1024;

/// Bytes a [`Reader`] reads from the file at once when reading in order.
const CHUNK: usize = 256 * 1024;

/// Bytes a [`Reader`] reads at once elsewhere (a page of the file).
const SMALL: usize = 4 * 1024;

/// Each text is stored as its length (4 bytes, little-endian) and its bytes.
const PREFIX: u64 = 4;

/// Texts appended in order and read back by their offset.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// Where the file goes (`None`: the system's temporary directory).
    dir: Option<PathBuf>,
    /// The file, once anything spilled.
    file: Option<File>,
    /// Bytes in the file.
    spilled: u64,
    /// Bytes appended after them.
    tail: Vec<u8>,
    /// The first reading failure (reads take `&self`; see [`Scratch::failure`]).
    failed: Mutex<Option<String>>,
}

impl Scratch {
    /// An empty scratch whose file (if any) goes into `dir`.
    pub(crate) fn new(dir: Option<PathBuf>) -> Self {
        Self {
            dir,
            ..Self::default()
        }
    }

    fn error(&self, doing: &str, e: &io::Error) -> SyncError {
        let place = self
            .dir
            .as_ref()
            .map_or_else(std::env::temp_dir, Clone::clone);
        SyncError::Scratch(format!(
            "{doing} the sync's scratch file in {}: {e} (it holds the listed contacts while \
             the sync runs; check free space and permissions there)",
            place.display()
        ))
    }

    /// Appends `text`; its offset.
    pub(crate) fn push(&mut self, text: &str) -> Result<u64, SyncError> {
        let len = u32::try_from(text.len()).map_err(|_| {
            SyncError::Scratch(format!(
                "a contact of {} bytes is more than a sync carries (4 GiB)",
                text.len()
            ))
        })?;
        let at = self.spilled + self.tail.len() as u64;
        self.tail.extend_from_slice(&len.to_le_bytes());
        self.tail.extend_from_slice(text.as_bytes());
        if self.tail.len() >= SPILL_AT {
            self.spill()
                .map_err(|e| self.error("cannot write to", &e))?;
        }
        Ok(at)
    }

    fn spill(&mut self) -> io::Result<()> {
        let file = match &mut self.file {
            Some(file) => file,
            None => {
                let file = match &self.dir {
                    Some(dir) => tempfile::tempfile_in(dir)?,
                    None => tempfile::tempfile()?,
                };
                self.file.insert(file)
            }
        };
        file.write_all(&self.tail)?;
        self.spilled += self.tail.len() as u64;
        self.tail.clear();
        Ok(())
    }

    /// The text at `at` (one contact: two small reads when it is in the file).
    pub(crate) fn get(&self, at: u64) -> Result<String, SyncError> {
        self.reader_with(SMALL).get(at)
    }

    /// [`Scratch::get`] where a failure is kept for [`Scratch::failure`] (planning reads
    /// through interfaces that cannot fail; the plan fails at its end instead).
    pub(crate) fn get_or_note(&self, at: u64) -> Option<String> {
        self.get(at).map_err(|e| self.note(e.to_string())).ok()
    }

    /// Keeps `failure` for [`Scratch::failure`] (the first one counts).
    pub(crate) fn note(&self, failure: String) {
        let mut failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
        failed.get_or_insert(failure);
    }

    /// The first failure [`Scratch::get_or_note`] kept.
    pub(crate) fn failure(&self) -> Option<SyncError> {
        let failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
        failed.clone().map(SyncError::Scratch)
    }

    /// Fills `buf` from the file at `at` (positional: readers never share a cursor).
    fn read_into(&self, buf: &mut [u8], at: u64) -> io::Result<()> {
        let file = self
            .file
            .as_ref()
            .ok_or_else(|| io::Error::other("the scratch file is missing"))?;
        read_exact_at(file, buf, at)
    }

    /// The file, once anything spilled (tests damage it).
    #[cfg(test)]
    pub(crate) fn file_for_tests(&self) -> Option<&File> {
        self.file.as_ref()
    }

    /// A reader for many texts in the order they were appended: the file is read a chunk
    /// at a time.
    pub(crate) fn reader(&self) -> Reader<'_> {
        self.reader_with(CHUNK)
    }

    fn reader_with(&self, chunk_size: usize) -> Reader<'_> {
        Reader {
            scratch: self,
            chunk: Vec::new(),
            chunk_at: 0,
            chunk_size,
            read: 0,
            reads: 0,
        }
    }
}

/// Reads texts of a [`Scratch`], a chunk of the file at a time: reading them in the order
/// they were appended costs one read per chunk, any other order still works.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    scratch: &'a Scratch,
    chunk: Vec<u8>,
    chunk_at: u64,
    chunk_size: usize,
    /// Bytes read from the file so far, and in how many reads.
    read: u64,
    reads: usize,
}

impl Reader<'_> {
    /// `len` bytes at `at`, from the tail or through the chunk.
    fn bytes(&mut self, at: u64, len: usize) -> Result<&[u8], SyncError> {
        let scratch = self.scratch;
        let missing = || SyncError::Scratch(format!("no contact stored at byte {at} (a bug)"));
        let end = at.checked_add(len as u64).ok_or_else(missing)?;
        if at >= scratch.spilled {
            let start = usize::try_from(at - scratch.spilled).map_err(|_| missing())?;
            return scratch.tail.get(start..start + len).ok_or_else(missing);
        }
        if end > scratch.spilled {
            return Err(missing());
        }
        let held = self.chunk_at + self.chunk.len() as u64;
        if at < self.chunk_at || end > held {
            // Reading on from the window (in the order of appending): a large chunk. Anywhere
            // else (a plan in id order over a listing in another order): a small one, so
            // scattered reads do not copy a large chunk each.
            let onward = !self.chunk.is_empty() && at >= self.chunk_at && at <= held;
            let window = if onward {
                self.chunk_size
            } else {
                SMALL.min(self.chunk_size)
            };
            let size = (scratch.spilled - at).min(window.max(len) as u64);
            self.chunk.resize(size as usize, 0);
            self.chunk_at = at;
            self.read += size;
            self.reads += 1;
            scratch
                .read_into(&mut self.chunk, at)
                .map_err(|e| scratch.error("cannot read from", &e))?;
        }
        let start = (at - self.chunk_at) as usize;
        Ok(&self.chunk[start..start + len])
    }

    /// The text at `at`.
    pub(crate) fn get(&mut self, at: u64) -> Result<String, SyncError> {
        let prefix = self.bytes(at, PREFIX as usize)?;
        let len = u32::from_le_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]) as usize;
        let bytes = self.bytes(at + PREFIX, len)?.to_vec();
        String::from_utf8(bytes)
            .map_err(|e| SyncError::Scratch(format!("a stored contact is not UTF-8: {e} (a bug)")))
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut at: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, at)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the texts and however many spill to the file, each reads back as
        /// appended: one at a time, through a reader in order, and in reverse order.
        #[test]
        fn texts_read_back_as_appended(
            texts in prop::collection::vec(".{0,40}", 0..200),
            big in prop::collection::vec(0usize..3, 0..200),
        ) {
            let mut scratch = Scratch::new(None);
            let texts: Vec<String> = texts
                .into_iter()
                .zip(big.into_iter().chain(std::iter::repeat(0)))
                // Some texts larger than a spill, so the file and the tail both hold some.
                .map(|(t, b)| if b == 2 { t.repeat(2000) } else { t })
                .collect();
            let at: Vec<u64> = texts.iter().map(|t| scratch.push(t).unwrap()).collect();
            let mut reader = scratch.reader();
            for (t, a) in texts.iter().zip(&at) {
                prop_assert_eq!(&reader.get(*a).unwrap(), t);
                prop_assert_eq!(&scratch.get(*a).unwrap(), t);
            }
            let mut reader = scratch.reader();
            for (t, a) in texts.iter().zip(&at).rev() {
                prop_assert_eq!(&reader.get(*a).unwrap(), t);
            }
            prop_assert!(scratch.failure().is_none());
        }
    }

    #[test]
    fn reading_in_order_reads_large_chunks_and_scattered_reads_small_ones() {
        let mut scratch = Scratch::new(None);
        let text = "p11:phoneNumberp12:+46700000001p9:firstNamep12:Person 12345";
        let at: Vec<u64> = (0..20_000).map(|_| scratch.push(text).unwrap()).collect();
        let file = scratch.spilled;
        assert!(file > 4 * CHUNK as u64);
        let mut reader = scratch.reader();
        for a in &at {
            reader.get(*a).unwrap();
        }
        // Once through the file, give or take a chunk, a chunk at a time.
        let (read, reads) = (reader.read, reader.reads);
        assert!(
            read >= file && read <= file + CHUNK as u64,
            "{read} of {file}"
        );
        assert!(reads <= file as usize / (256 * 1024) + 2, "{reads} reads");
        let mut reader = scratch.reader();
        let scattered: Vec<u64> = (0..at.len())
            .step_by(97)
            .map(|i| at[(i * 7919) % at.len()])
            .collect();
        for a in &scattered {
            reader.get(*a).unwrap();
        }
        assert!(
            reader.reads >= scattered.len() / 2,
            "{} reads",
            reader.reads
        );
        assert!(
            reader.read <= (scattered.len() * SMALL) as u64,
            "{} bytes for {} scattered reads",
            reader.read,
            scattered.len()
        );
    }

    #[test]
    fn small_listings_stay_in_memory() {
        let mut scratch = Scratch::new(None);
        let text = "x".repeat(300);
        let at: Vec<u64> = (0..200).map(|_| scratch.push(&text).unwrap()).collect();
        assert!(scratch.file.is_none() && scratch.spilled == 0);
        assert_eq!(scratch.get(at[199]).unwrap(), text);
    }

    #[test]
    fn large_listings_go_to_a_file_in_the_given_directory() {
        let dir = tempfile::tempdir().unwrap();
        let mut scratch = Scratch::new(Some(dir.path().to_path_buf()));
        let text = "p11:phoneNumberp12:+46700000001".repeat(10);
        let at: Vec<u64> = (0..1000).map(|_| scratch.push(&text).unwrap()).collect();
        assert!(scratch.spilled > 0 && scratch.tail.len() < SPILL_AT);
        assert!(scratch.file.is_some());
        assert_eq!(scratch.get(at[0]).unwrap(), text);
        assert_eq!(scratch.get(at[999]).unwrap(), text);
    }

    #[test]
    fn a_wrong_offset_is_an_error_not_a_panic() {
        let mut scratch = Scratch::new(None);
        let at = scratch.push("abc").unwrap();
        assert_eq!(scratch.get(at).unwrap(), "abc");
        assert!(matches!(scratch.get(at + 100), Err(SyncError::Scratch(_))));
        assert!(scratch.get_or_note(u64::MAX).is_none());
        assert!(scratch.failure().is_some());
    }
}
