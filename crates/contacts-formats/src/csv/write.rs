//! Writing contacts as CSV: `id`, one column per property key (sorted), `labels`.
//!
//! A key that is one of those two columns' names (or starts with `property:`) is written as
//! `property:KEY`, and a `;` or `\\` inside a label is escaped with `\\`, so that import reads
//! every key and label back as it was (see [`property_column`] and [`push_label`]).
//!
//! A CSV header names every column before the first row, but the keys are only known once
//! every contact has been read. Rather than reading the account twice (twice the requests,
//! and a key added between the two readings would be lost), the rows are written as they
//! come to a temporary spool with the columns known so far, and [`CsvExport::finish`] writes
//! the header and then the spool. Rows written before a key first appeared are re-read and
//! written with the empty cell they lack; the others are copied as they are, which is all of
//! them when the first contact already has every key.

use super::columns::{ID_COLUMN, LABELS_COLUMN, property_column, push_label};
use contacts_core::Contact;
use std::io::{self, Read, Seek, SeekFrom, Write};
use tempfile::SpooledTempFile;

/// How much of the spool stays in memory before it moves to an unnamed temporary file in
/// the system's temporary directory: a small export never touches the disk, a large one
/// holds no more than this in memory.
const SPOOL_IN_MEMORY: usize = 1 << 20;

/// Where a CSV export failed.
#[derive(Debug)]
pub enum CsvFailure {
    /// Writing or reading back the temporary spool of rows.
    Spool(io::Error),
    /// Writing the output.
    Output(io::Error),
}

/// The spool, counting what it was given (the CSV writer does not say where it is).
struct Spool {
    file: SpooledTempFile,
    written: u64,
}

impl Write for Spool {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// A CSV writer for contacts whose columns are learned as the contacts come (see the module).
pub struct CsvExport<W: Write> {
    out: W,
    rows: csv::Writer<Spool>,
    /// The property keys seen so far, sorted, each with the segment it first appeared in.
    keys: Vec<(String, usize)>,
    /// Where each segment of the spool starts. A segment's rows have the columns of the keys
    /// that appeared in it or before; a new segment starts when a contact brings new keys.
    segments: Vec<u64>,
    /// The labels cell, kept between rows so a row costs no allocation.
    labels: String,
}

impl<W: Write> CsvExport<W> {
    /// An export to `out`; nothing is written to it before [`finish`](Self::finish).
    pub fn new(out: W) -> Self {
        Self {
            out,
            // Rows get longer as keys appear; `finish` evens them out.
            rows: csv::WriterBuilder::new().flexible(true).from_writer(Spool {
                file: SpooledTempFile::new(SPOOL_IN_MEMORY),
                written: 0,
            }),
            keys: Vec::new(),
            segments: vec![0],
            labels: String::new(),
        }
    }

    fn column(&self, key: &str) -> Result<usize, usize> {
        self.keys.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// Whether every key of `contact` has a column: one walk of both sorted lists.
    fn has_columns(&self, contact: &Contact) -> bool {
        let mut columns = self.keys.iter();
        contact
            .properties
            .keys()
            .all(|key| columns.any(|(column, _)| column == key))
    }

    /// Spools one contact; a key it lacks is an empty cell.
    pub fn write(&mut self, contact: &Contact) -> Result<(), CsvFailure> {
        if !self.has_columns(contact) {
            self.add_keys(contact)?;
        }
        self.labels.clear();
        for (i, label) in contact.labels.iter().enumerate() {
            if i > 0 {
                self.labels.push(';');
            }
            push_label(label, &mut self.labels);
        }
        // Columns and properties are both sorted by key, and every property has a column:
        // one walk fills the cells.
        let mut properties = contact.properties.iter().peekable();
        let cells = self.keys.iter().map(move |(column, _)| {
            properties
                .next_if(|(key, _)| key == column)
                .map_or("", |(_, value)| value)
        });
        let record = std::iter::once(contact.id.as_str())
            .chain(cells)
            .chain(std::iter::once(self.labels.as_str()));
        self.rows.write_record(record).map_err(spool_error)
    }

    /// Starts a segment (unless the current one has no rows yet) and adds the contact's new
    /// keys to it.
    fn add_keys(&mut self, contact: &Contact) -> Result<(), CsvFailure> {
        self.rows.flush().map_err(CsvFailure::Spool)?;
        let at = self.rows.get_ref().written;
        if self.segments.last().is_some_and(|&start| start < at) {
            self.segments.push(at);
        }
        let segment = self.segments.len() - 1;
        for key in contact.properties.keys() {
            if let Err(i) = self.column(key) {
                self.keys.insert(i, (key.to_owned(), segment));
            }
        }
        Ok(())
    }

    /// Writes the header and every spooled row to the output, flushes it, and gives it back.
    pub fn finish(self) -> Result<W, CsvFailure> {
        let Self {
            mut out,
            rows,
            keys,
            segments,
            ..
        } = self;
        let spool = rows
            .into_inner()
            .map_err(|e| CsvFailure::Spool(e.into_error()))?;
        let mut file = spool.file;
        file.seek(SeekFrom::Start(0)).map_err(CsvFailure::Spool)?;
        {
            let mut writer = csv::Writer::from_writer(&mut out);
            let header = std::iter::once(ID_COLUMN.into())
                .chain(keys.iter().map(|(k, _)| property_column(k)))
                .chain(std::iter::once(LABELS_COLUMN.into()));
            let header: Vec<std::borrow::Cow<'_, str>> = header.collect();
            writer
                .write_record(header.iter().map(|c| c.as_ref()))
                .map_err(output_error)?;
            for (segment, bounds) in segments.windows(2).enumerate() {
                let part = (&mut file).take(bounds[1] - bounds[0]);
                widen(part, &keys, segment, &mut writer)?;
            }
            writer.flush().map_err(CsvFailure::Output)?;
        }
        // The last segment, to the end of the spool, has every column: its bytes are the
        // output's.
        copy(&mut file, &mut out)?;
        out.flush().map_err(CsvFailure::Output)?;
        Ok(out)
    }
}

/// Copies spooled bytes to the output, telling a failure to read from one to write.
fn copy(mut from: impl Read, to: &mut impl Write) -> Result<(), CsvFailure> {
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let read = from.read(&mut buffer).map_err(CsvFailure::Spool)?;
        if read == 0 {
            return Ok(());
        }
        to.write_all(&buffer[..read]).map_err(CsvFailure::Output)?;
    }
}

/// Re-reads the rows of `segment` (which have the columns of the keys seen by then) and
/// writes them with every column, empty where the key appeared later.
fn widen<W: Write>(
    part: impl Read,
    keys: &[(String, usize)],
    segment: usize,
    writer: &mut csv::Writer<W>,
) -> Result<(), CsvFailure> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(part);
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(spool_error)? {
        let mut cells = record.iter();
        let id = cells.next().unwrap_or("");
        let mut row = vec![id];
        for (_, seen) in keys {
            row.push(if *seen <= segment {
                cells.next().unwrap_or("")
            } else {
                ""
            });
        }
        row.push(cells.next().unwrap_or(""));
        writer.write_record(&row).map_err(output_error)?;
    }
    Ok(())
}

fn spool_error(e: csv::Error) -> CsvFailure {
    CsvFailure::Spool(e.into())
}

fn output_error(e: csv::Error) -> CsvFailure {
    CsvFailure::Output(e.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::{Labels, NewContact, Properties};

    fn contact(id: &str, props: &[(&str, &str)], labels: &[&str]) -> Contact {
        let mut doc = NewContact::new();
        doc.properties = props.iter().copied().collect::<Properties>();
        doc.labels = labels.iter().copied().collect::<Labels>();
        Contact::from_new(id, doc)
    }

    fn export(contacts: &[Contact]) -> String {
        let mut out = Vec::new();
        let mut csv = CsvExport::new(&mut out);
        for c in contacts {
            csv.write(c).unwrap();
        }
        csv.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn keys_that_appear_late_get_their_columns_and_earlier_rows_an_empty_cell() {
        let text = export(&[
            contact(
                "1",
                &[("phoneNumber", "+461"), ("note", "a,\"b\"\nc")],
                &["L"],
            ),
            contact("2", &[("phoneNumber", "+462")], &[]),
            contact(
                "3",
                &[("email", "e@x"), ("phoneNumber", "+463")],
                &["A", "B"],
            ),
            contact("4", &[("zip", "1")], &[]),
            contact("5", &[("email", "f@x")], &[]),
        ]);
        assert_eq!(
            text,
            "id,email,note,phoneNumber,zip,labels\n\
             1,,\"a,\"\"b\"\"\nc\",+461,,L\n\
             2,,,+462,,\n\
             3,e@x,,+463,,A;B\n\
             4,,,,1,\n\
             5,f@x,,,,\n"
        );
    }

    #[test]
    fn the_same_keys_throughout_are_one_segment_and_nothing_is_re_read() {
        let contacts: Vec<Contact> = (0..2000)
            .map(|i| contact(&i.to_string(), &[("phoneNumber", "+46")], &[]))
            .collect();
        let mut csv = CsvExport::new(Vec::new());
        for c in &contacts {
            csv.write(c).unwrap();
        }
        assert_eq!(csv.segments, vec![0]);
        let text = export(&contacts);
        assert_eq!(text.lines().count(), 2001);
        assert!(text.starts_with("id,phoneNumber,labels\n0,+46,\n"));
    }

    #[test]
    fn keys_named_like_the_export_s_columns_and_labels_with_separators_are_escaped() {
        let text = export(&[contact(
            "1",
            &[
                ("id", "x"),
                ("labels", "y"),
                ("property:z", "z"),
                ("a", "b"),
            ],
            &["c;d", "e\\f"],
        )]);
        assert_eq!(
            text,
            "id,a,property:id,property:labels,property:property:z,labels\n\
             1,b,x,y,z,c\\;d;e\\\\f\n"
        );
    }

    #[test]
    fn no_contacts_is_a_header_alone() {
        assert_eq!(export(&[]), "id,labels\n");
    }

    #[test]
    fn a_small_export_stays_in_memory() {
        let mut csv = CsvExport::new(Vec::new());
        let note = "x".repeat(100);
        for i in 0..5000 {
            csv.write(&contact(&i.to_string(), &[("note", &note)], &[]))
                .unwrap();
        }
        // ~0.5 MiB of rows: under the 1 MiB kept in memory.
        csv.rows.flush().unwrap();
        assert!(!csv.rows.get_ref().file.is_rolled());
        for i in 0..5000 {
            csv.write(&contact(&i.to_string(), &[("note", &note)], &[]))
                .unwrap();
        }
        csv.rows.flush().unwrap();
        assert!(csv.rows.get_ref().file.is_rolled(), "over 1 MiB: on disk");
    }

    #[test]
    fn a_large_spool_moves_to_disk_and_reads_back_whole() {
        // More than the in-memory part, with a key that appears at the very end.
        let long = "x".repeat(1000);
        let mut contacts: Vec<Contact> = (0..1500)
            .map(|i| contact(&i.to_string(), &[("note", &long)], &[]))
            .collect();
        contacts.push(contact("last", &[("email", "e@x")], &[]));
        let text = export(&contacts);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(
            reader.headers().unwrap(),
            vec!["id", "email", "note", "labels"]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1501);
        assert_eq!(&rows[0], vec!["0", "", long.as_str(), ""]);
        assert_eq!(&rows[1500], vec!["last", "e@x", "", ""]);
    }
}
