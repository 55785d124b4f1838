//! [`Scratch`]: the listed contacts' contents, written out of memory while a sync runs.
//!
//! A sync must see every contact of both sides before it can plan (pairing by number needs
//! all the numbers), and a first sync writes every contact of the source, so the contents
//! live as long as the run. Held in memory they made the peak grow by ~1.3 KiB a contact;
//! here each contact's packed text is appended to a small buffer that goes to an anonymous
//! temporary file (removed by the system when the sync drops it, even after a crash) once it
//! holds [`SPILL_AT`] bytes. Memory then keeps only offsets, and the file is read back a
//! contact at a time (planning an update) or a batch at a time (executing creates). The
//! kernel's page cache serves those reads; it is not the process's memory.
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

/// Where a text was put: (offset, length) in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Span {
    pub(crate) at: u64,
    pub(crate) len: u32,
}

/// Texts appended in order and read back by [`Span`].
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

    /// Appends `text`; where it went.
    pub(crate) fn push(&mut self, text: &str) -> Result<Span, SyncError> {
        let len = u32::try_from(text.len()).map_err(|_| {
            SyncError::Scratch(format!(
                "a contact of {} bytes is more than a sync carries (4 GiB)",
                text.len()
            ))
        })?;
        let at = self.spilled + self.tail.len() as u64;
        self.tail.extend_from_slice(text.as_bytes());
        if self.tail.len() >= SPILL_AT {
            self.spill()
                .map_err(|e| self.error("cannot write to", &e))?;
        }
        Ok(Span { at, len })
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

    /// The text at `span`.
    pub(crate) fn get(&self, span: Span) -> Result<String, SyncError> {
        let bytes = match span.at.checked_sub(self.spilled) {
            Some(offset) => {
                let start = usize::try_from(offset).unwrap_or(usize::MAX);
                let end = start.saturating_add(span.len as usize);
                self.tail
                    .get(start..end)
                    .map(<[u8]>::to_vec)
                    .ok_or_else(|| {
                        SyncError::Scratch(format!("no contact stored at {span:?} (a bug)"))
                    })?
            }
            None => self
                .read_at(span)
                .map_err(|e| self.error("cannot read from", &e))?,
        };
        String::from_utf8(bytes)
            .map_err(|e| SyncError::Scratch(format!("a stored contact is not UTF-8: {e} (a bug)")))
    }

    /// [`Scratch::get`] where a failure is kept for [`Scratch::failure`] (planning reads
    /// through interfaces that cannot fail; the plan fails at its end instead).
    pub(crate) fn get_or_note(&self, span: Span) -> Option<String> {
        self.get(span)
            .map_err(|e| {
                let mut failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
                failed.get_or_insert_with(|| e.to_string());
            })
            .ok()
    }

    /// The first failure [`Scratch::get_or_note`] kept.
    pub(crate) fn failure(&self) -> Option<SyncError> {
        let failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
        failed.clone().map(SyncError::Scratch)
    }

    fn read_at(&self, span: Span) -> io::Result<Vec<u8>> {
        let mut bytes = vec![0; span.len as usize];
        self.read_into(&mut bytes, span.at)?;
        Ok(bytes)
    }

    /// Fills `buf` from the file at `at` (positional: readers never share a cursor).
    fn read_into(&self, buf: &mut [u8], at: u64) -> io::Result<()> {
        let file = self
            .file
            .as_ref()
            .ok_or_else(|| io::Error::other("the scratch file is missing"))?;
        read_exact_at(file, buf, at)
    }

    /// A reader for many texts in order of appending: the file is read in large chunks.
    pub(crate) fn reader(&self) -> Reader<'_> {
        Reader {
            scratch: self,
            chunk: Vec::new(),
            chunk_at: 0,
        }
    }
}

/// Bytes a [`Reader`] reads from the file at once.
const CHUNK: usize = 256 * 1024;

/// Reads texts of a [`Scratch`], a chunk of the file at a time: reading them in the order
/// they were appended costs one read per chunk, any other order still works.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    scratch: &'a Scratch,
    chunk: Vec<u8>,
    chunk_at: u64,
}

impl Reader<'_> {
    /// The text at `span`.
    pub(crate) fn get(&mut self, span: Span) -> Result<String, SyncError> {
        let scratch = self.scratch;
        let end = span.at + u64::from(span.len);
        if span.at >= scratch.spilled || end > scratch.spilled {
            return scratch.get(span);
        }
        let held = self.chunk_at + self.chunk.len() as u64;
        if span.at < self.chunk_at || end > held {
            let len = (scratch.spilled - span.at).min(CHUNK.max(span.len as usize) as u64);
            self.chunk.resize(len as usize, 0);
            self.chunk_at = span.at;
            scratch
                .read_into(&mut self.chunk, span.at)
                .map_err(|e| scratch.error("cannot read from", &e))?;
        }
        let start = (span.at - self.chunk_at) as usize;
        let bytes = self.chunk[start..start + span.len as usize].to_vec();
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
