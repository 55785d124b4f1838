//! Reading card files (vCard, JSContact) into import rows, one card per row, each named by
//! its number in the file and the line it starts on.
//!
//! A `.vcf` file is cut into its cards here as it is read, and each card is handed to the
//! workspace's one vCard reader ([`contacts_formats::vcard::read`]) alone, so a file of any
//! size is read one card at a time. The card's number and line are those of the whole file,
//! so a malformed card is reported as a person finds it in their editor.

use contacts_core::{Card, NewContact};
use contacts_formats::FormatError;
use contacts_formats::csv::{Row, RowError};
use std::io::{BufRead, Read};

/// The largest card read: far more than a card with a few photos; a file without
/// `END:VCARD` lines (or a binary file) is not read into memory whole.
pub const MAX_CARD: usize = 32 * 1024 * 1024;

/// The cards of a vCard file as rows, lazily (see the module).
pub struct VcardRows<R: BufRead> {
    input: R,
    /// Lines read so far.
    line: u64,
    /// Cards begun so far.
    cards: u64,
    /// The card being collected: its first line and its text.
    open: Option<(u64, String)>,
    /// The card being collected is too large: skip to its end.
    too_large: bool,
    buffer: Vec<u8>,
    done: bool,
}

impl<R: BufRead> VcardRows<R> {
    /// Reads lazily from `input`.
    pub fn new(input: R) -> Self {
        Self {
            input,
            line: 0,
            cards: 0,
            open: None,
            too_large: false,
            buffer: Vec::new(),
            done: false,
        }
    }

    fn error(&self, line: u64, message: impl Into<String>) -> RowError {
        RowError {
            line,
            card: Some(self.cards.max(1)),
            message: message.into(),
        }
    }

    /// Reads the next line (without its line break): `None` at the end.
    fn next_line(&mut self) -> Option<Result<String, RowError>> {
        self.buffer.clear();
        let limit = (MAX_CARD + 1) as u64;
        match (&mut self.input)
            .take(limit)
            .read_until(b'\n', &mut self.buffer)
        {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) => {
                let at = self.line + 1;
                return Some(Err(self.error(at, format!("cannot read the file: {e}"))));
            }
        }
        self.line += 1;
        while self
            .buffer
            .last()
            .is_some_and(|b| matches!(b, b'\n' | b'\r'))
        {
            self.buffer.pop();
        }
        Some(
            String::from_utf8(std::mem::take(&mut self.buffer)).map_err(|e| {
                let byte = e.as_bytes()[e.utf8_error().valid_up_to()];
                let hint = contacts_formats::csv::not_utf8_hint(byte);
                self.error(self.line, format!("line {} is {hint}", self.line))
            }),
        )
    }

    /// Handles one line: a finished card or an error when there is one.
    fn take(&mut self, line: String) -> Option<Result<Row, RowError>> {
        let is = |what: &str| line.trim().eq_ignore_ascii_case(what);
        if is("BEGIN:VCARD") {
            let unfinished = self.open.take().map(|(start, _)| RowError {
                line: start,
                card: Some(self.cards),
                message: format!(
                    "no END:VCARD before the next card's BEGIN:VCARD at line {}",
                    self.line
                ),
            });
            self.cards += 1;
            self.too_large = false;
            self.open = Some((self.line, format!("{line}\r\n")));
            return unfinished.map(Err);
        }
        let Some((start, text)) = self.open.as_mut() else {
            if line.trim().is_empty() {
                return None;
            }
            let card = self.cards + 1;
            let message = "text outside BEGIN:VCARD … END:VCARD".to_owned();
            return Some(Err(RowError {
                line: self.line,
                card: Some(card),
                message,
            }));
        };
        let start = *start;
        if !self.too_large {
            text.push_str(&line);
            text.push_str("\r\n");
        }
        if !self.too_large && text.len() > MAX_CARD {
            self.too_large = true;
            text.clear();
            let message = format!(
                "the card is larger than {} MiB, the most a card may be; is this a vCard file?",
                MAX_CARD / (1024 * 1024)
            );
            return Some(Err(self.error(start, message)));
        }
        if !is("END:VCARD") {
            return None;
        }
        let (start, text) = self.open.take()?;
        if std::mem::take(&mut self.too_large) {
            return None;
        }
        Some(self.parse(start, &text))
    }

    /// The card of `text`, which starts at line `start` of the file.
    fn parse(&self, start: u64, text: &str) -> Result<Row, RowError> {
        let read = contacts_formats::vcard::read(text).into_iter().next();
        match read {
            Some(Ok(read)) => Ok(Row {
                line: start,
                card: Some(self.cards),
                contact: NewContact::from_card(read.card),
            }),
            Some(Err(FormatError::Card { line, reason, .. })) => {
                Err(self.error(start + line as u64 - 1, reason))
            }
            Some(Err(other)) => Err(self.error(start, other.to_string())),
            None => Err(self.error(start, "an empty card")),
        }
    }
}

impl<R: BufRead> Iterator for VcardRows<R> {
    type Item = Result<Row, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let Some(line) = self.next_line() else {
                self.done = true;
                let (start, _) = self.open.take()?;
                if self.too_large {
                    return None;
                }
                let message = "no END:VCARD: the file ends inside the card";
                return Some(Err(self.error(start, message)));
            };
            let line = match line {
                Ok(line) => line,
                Err(e) => {
                    // The card is not read; the next BEGIN:VCARD starts afresh.
                    self.open = None;
                    return Some(Err(e));
                }
            };
            if let Some(row) = self.take(line) {
                return Some(row);
            }
        }
        None
    }
}

/// The cards of a JSContact file (a Card object, or a JSON array of them) as rows; or why the
/// file cannot be read as JSON.
pub fn jscontact_rows(input: impl Read) -> Result<Vec<Result<Row, RowError>>, String> {
    let items = contacts_formats::jsonl::array::elements(input, "JSContact cards")?;
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, (line, value))| {
            let card = Some(i as u64 + 1);
            match serde_json::from_value::<Card>(value) {
                Ok(read) => Ok(Row {
                    line,
                    card,
                    contact: NewContact::from_card(read),
                }),
                Err(e) => Err(RowError {
                    line,
                    card,
                    message: format!("not a JSContact Card (RFC 9553): {e}"),
                }),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Result<Row, RowError>> {
        VcardRows::new(text.as_bytes()).collect()
    }

    #[test]
    fn cards_and_their_errors_are_numbered_as_in_the_whole_file() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nN:;A;;;\r\nEND:VCARD\r\n\
                    BEGIN:VCARD\r\nVERSION:3.0\r\nFN:B\r\n\
                    BEGIN:VCARD\r\nVERSION:3.0\r\nFN:C\r\nno colon\r\nEND:VCARD\r\n\
                    \r\nBEGIN:VCARD\nVERSION:4.0\nFN:D\nTEL:+46701234567\nEND:VCARD\n";
        let rows = rows(text);
        assert_eq!(rows.len(), 4, "{rows:?}");
        let first = rows[0].as_ref().unwrap();
        assert_eq!((first.card, first.line), (Some(1), 1));
        assert_eq!(first.contact.properties.first_name(), Some("A"));
        let err = rows[1].as_ref().unwrap_err().to_string();
        assert!(
            err.starts_with(
                "card 2 (line 6): no END:VCARD before the next card's BEGIN:VCARD at line 9"
            ),
            "{err}"
        );
        let err = rows[2].as_ref().unwrap_err();
        assert_eq!((err.card, err.line), (Some(3), 12), "{err}");
        let last = rows[3].as_ref().unwrap();
        assert_eq!((last.card, last.line), (Some(4), 15));
        assert_eq!(last.contact.properties.phone_number(), Some("+46701234567"));
        assert!(last.contact.card.is_some());
    }

    #[test]
    fn a_file_ending_inside_a_card_or_text_outside_cards_is_named() {
        let rows = rows("hello\nBEGIN:VCARD\nFN:A\n");
        assert_eq!(
            rows[0].as_ref().unwrap_err().to_string(),
            "card 1 (line 1): text outside BEGIN:VCARD … END:VCARD"
        );
        assert_eq!(
            rows[1].as_ref().unwrap_err().to_string(),
            "card 1 (line 2): no END:VCARD: the file ends inside the card"
        );
    }

    #[test]
    fn jscontact_cards_are_numbered_and_a_bad_one_named() {
        let text = "[\n {\"@type\":\"Card\",\"version\":\"1.0\",\"name\":{\"components\":\
                    [{\"kind\":\"given\",\"value\":\"Ada\"}]}},\n {\"@type\":\"Nope\"}\n]";
        let rows = jscontact_rows(text.as_bytes()).unwrap();
        let first = rows[0].as_ref().unwrap();
        assert_eq!(first.contact.properties.first_name(), Some("Ada"));
        let err = rows[1].as_ref().unwrap_err();
        assert_eq!((err.card, err.line), (Some(2), 3));
    }
}
