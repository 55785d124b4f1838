//! Opening an input (an import's file, the file of `create --card`): a regular file, a named
//! pipe or stdin (never a directory or a device, which would never end), decoded to UTF-8.
//!
//! Without `--encoding`, a byte-order mark decides: UTF-8's is dropped, UTF-16 (LE or BE, as
//! Excel's "Unicode Text" writes it) is decoded. Bytes that are not UTF-8 are not guessed at
//! (Windows-1252, Latin-2 and others read the same bytes as different letters, so a wrong
//! guess would change names in silence): they are an error that suggests
//! `--encoding windows-1252`.

use contacts_formats::csv::not_utf8_hint;
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Bytes read ahead of the parsers; also how much of the start is looked at to tell the format.
const BUFFER: usize = 64 * 1024;

/// The encodings `--encoding` accepts (`utf-16` without a byte-order mark is little-endian,
/// as Windows writes it).
pub const ENCODINGS: [&str; 3] = ["utf-8", "utf-16", "windows-1252"];

/// An opened, decoded input.
pub struct Source {
    /// Its first line, or more (up to 64 KiB): what the format is told from. `reader` reads
    /// it again.
    pub start: Vec<u8>,
    /// UTF-8 text (or, without `--encoding` and without a byte-order mark, the bytes as they
    /// are, which the parsers check).
    pub reader: Box<dyn BufRead + Send>,
    /// What was found out on the way, for stderr (`UTF-16LE, from its byte-order mark`).
    pub note: Option<String>,
}

/// Opens `path` (`-`: stdin) and decodes it as `encoding` says (see the module).
pub fn open(path: &Path, encoding: Option<&str>) -> Result<Source, String> {
    let name = path.display();
    let raw: Box<dyn Read + Send> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        check_kind(path)?;
        Box::new(std::fs::File::open(path).map_err(|e| format!("{name}: {e}"))?)
    };
    let mut raw = BufReader::with_capacity(BUFFER, raw);
    let start = raw
        .fill_buf()
        .map_err(|e| format!("{name}: cannot read it: {e}"))?;
    let bom = Encoding::for_bom(start).map(|(encoding, _)| encoding);
    let chosen = match encoding {
        None => bom,
        Some("utf-8") => Some(UTF_8),
        Some("utf-16") => Some(bom.filter(|e| *e == UTF_16BE).unwrap_or(UTF_16LE)),
        Some("windows-1252") => Some(WINDOWS_1252),
        Some(other) => {
            return Err(format!(
                "unknown encoding {other:?}; use one of {}",
                ENCODINGS.join(", ")
            ));
        }
    };
    let note = match (encoding, chosen) {
        (None, Some(found)) if found != UTF_8 => Some(format!(
            "{name}: reading it as {}, from its byte-order mark",
            found.name()
        )),
        _ => None,
    };
    if chosen.is_none() {
        // No mark, nothing asked: UTF-8 bytes as they are; say early when they are not.
        not_utf8(start).map_or(Ok(()), |(line, byte)| {
            Err(not_utf8_message(&name, line, byte))
        })?;
    }
    let decoded = DecodeReaderBytesBuilder::new()
        .encoding(chosen)
        .bom_override(encoding.is_none() || encoding == Some("utf-16"))
        .utf8_passthru(true)
        .strip_bom(true)
        .build(raw);
    let mut decoded = decoded;
    let start = first_line(&mut decoded).map_err(|e| format!("{name}: cannot read it: {e}"))?;
    let reader = std::io::Cursor::new(start.clone()).chain(decoded);
    Ok(Source {
        start,
        reader: Box::new(BufReader::with_capacity(BUFFER, reader)),
        note,
    })
}

/// How much of a JSON file is read before its format is told.
const JSON_START: usize = 8 * 1024;

/// Reads until the first line with text in it is whole (for JSON, the first 8 KiB) (or [`BUFFER`] bytes, or the end):
/// a decoder hands out a few bytes at first, too few to tell a format or a separator by.
fn first_line(input: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut start = Vec::with_capacity(1024);
    let mut chunk = [0; 4096];
    while start.len() < BUFFER {
        let read = match input.read(&mut chunk) {
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if read == 0 {
            break;
        }
        start.extend_from_slice(&chunk[..read]);
        let text = start.trim_ascii_start();
        // JSON is told apart (a JSContact card from a contact document) by its first
        // object's members, which a pretty-printed file puts on the lines after `[` and `{`.
        let json = matches!(text.first(), Some(b'[' | b'{')) && text.len() < JSON_START;
        if !json && text.contains(&b'\n') || start.len() > 1024 && text.is_empty() {
            break;
        }
    }
    Ok(start)
}

/// Refuses what is not a regular file or a named pipe: reading a directory or a device such
/// as `/dev/zero` never ends.
fn check_kind(path: &Path) -> Result<(), String> {
    let name = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("{name}: {e}"))?;
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Ok(());
        }
    }
    let what = if kind.is_dir() {
        "a directory"
    } else {
        "a device or socket, not a file"
    };
    Err(format!(
        "{name} is {what}; give a file, a named pipe, or - for stdin"
    ))
}

/// The line and byte of the first byte that is not UTF-8 in `start` (a sequence cut off at
/// its end is not counted: the rest may follow).
pub fn not_utf8(start: &[u8]) -> Option<(u64, u8)> {
    let err = std::str::from_utf8(start).err()?;
    err.error_len()?;
    let at = err.valid_up_to();
    let line = 1 + start[..at].iter().filter(|&&b| b == b'\n').count() as u64;
    Some((line, start[at]))
}

/// What to say of a file that is not UTF-8.
pub fn not_utf8_message(name: &impl std::fmt::Display, line: u64, byte: u8) -> String {
    format!("{name}: line {line} is {}", not_utf8_hint(byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_byte_that_is_not_utf8_is_found_by_line() {
        assert_eq!(not_utf8(b"a,b\nM\xfcller,1\n"), Some((2, 0xFC)));
        assert_eq!(not_utf8("a,b\nMüller".as_bytes()), None);
        // Cut off in the middle of `ü`: more may follow.
        assert_eq!(not_utf8(&"Mü".as_bytes()[..2]), None);
    }
}
