//! A `.vcf` file's cards as it is read, from any [`BufRead`]: one card's text in memory at a
//! time, so a file of any size (a phone's export with every photo) is imported in the memory
//! of its largest card.

use super::CardText;
use super::split::{Delimiter, LineKind, Splitter, is};
use crate::FormatError;
use std::borrow::Cow;
use std::io::{BufRead, Read};

/// The cards of the `.vcf` file `input`, read lazily (see [`CardsIn`]). A card larger than
/// `max_card` bytes is an error and skipped, so a file that is not a vCard file (no
/// `END:VCARD`, or binary) is not read into memory whole.
///
/// ```
/// use contacts_formats::vcard;
///
/// let file = "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEND:VCARD\n";
/// let card = vcard::cards_in(file.as_bytes(), 1 << 20).next().unwrap().unwrap();
/// assert_eq!((card.index, card.line), (1, 1));
/// assert_eq!(card.read().unwrap().name.unwrap().full.as_deref(), Some("Ada"));
/// ```
pub fn cards_in<R: BufRead>(input: R, max_card: usize) -> CardsIn<R> {
    CardsIn {
        input,
        max_card,
        line: 0,
        splitter: Splitter::default(),
        text: String::new(),
        skipping: false,
        buffer: Vec::new(),
        done: false,
    }
}

/// The iterator of [`cards_in`]: each card's number, line and text (owned), or the error by
/// card and line, as [`super::cards`] gives them; besides, a line that is not UTF-8 or that
/// cannot be read, and a card over the size limit, are errors of their card.
pub struct CardsIn<R> {
    input: R,
    max_card: usize,
    /// The lines read.
    line: usize,
    splitter: Splitter,
    /// The open card's text, its lines each ended with CRLF.
    text: String,
    /// The open card was given up (too large, or a line not UTF-8): its lines are skipped up
    /// to its `END:VCARD` or the next `BEGIN:VCARD`.
    skipping: bool,
    buffer: Vec<u8>,
    done: bool,
}

impl<R> std::fmt::Debug for CardsIn<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardsIn")
            .field("line", &self.line)
            .field("max_card", &self.max_card)
            .finish_non_exhaustive()
    }
}

impl<R: BufRead> CardsIn<R> {
    fn error(&self, line: usize, reason: String) -> FormatError {
        FormatError::Card {
            card: self.splitter.cards().max(1),
            line,
            reason,
        }
    }

    /// Reads the next line into `self.buffer`, without its line break: `None` at the end of
    /// the file. The buffer is kept from line to line (a line costs no allocation).
    fn next_line(&mut self) -> Option<Result<(), FormatError>> {
        self.buffer.clear();
        let limit = self.max_card as u64 + 1;
        match (&mut self.input)
            .take(limit)
            .read_until(b'\n', &mut self.buffer)
        {
            Ok(0) => return None,
            Ok(n) if n as u64 == limit && self.buffer.last() != Some(&b'\n') => {
                // A line longer than any card may be: the rest of it is not read into
                // memory (its card is too large and skipped), and it stays one line.
                // A character cut at the limit is not a wrong encoding.
                if let Err(e) = std::str::from_utf8(&self.buffer)
                    && e.error_len().is_none()
                {
                    self.buffer.truncate(e.valid_up_to());
                }
                if let Err(e) = self.skip_rest_of_line() {
                    self.done = true;
                    let at = self.line + 1;
                    return Some(Err(self.error(at, format!("cannot read the file: {e}"))));
                }
            }
            Ok(_) => {}
            Err(e) => {
                self.done = true;
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
        Some(Ok(()))
    }

    /// Why `line` is not text.
    fn not_utf8(&self, line: &[u8], error: std::str::Utf8Error) -> FormatError {
        let byte = line[error.valid_up_to()];
        let hint = crate::csv::not_utf8_hint(byte);
        self.error(self.line, format!("line {} is {hint}", self.line))
    }

    /// Reads past the end of the current line without keeping it.
    fn skip_rest_of_line(&mut self) -> std::io::Result<()> {
        loop {
            let chunk = self.input.fill_buf()?;
            if chunk.is_empty() {
                return Ok(());
            }
            match chunk.iter().position(|&b| b == b'\n') {
                Some(at) => {
                    self.input.consume(at + 1);
                    return Ok(());
                }
                None => {
                    let all = chunk.len();
                    self.input.consume(all);
                }
            }
        }
    }

    /// Gives up the open card: its lines are skipped to its end.
    fn give_up(&mut self) {
        self.splitter.abandon();
        self.text = String::new();
        self.skipping = true;
    }

    /// Keeps `line` in the open card's text; an error if the card grew too large.
    fn keep(&mut self, line: &str) -> Option<FormatError> {
        self.text.push_str(line);
        self.text.push_str("\r\n");
        if self.text.len() <= self.max_card {
            return None;
        }
        let start = self.splitter.open_line().unwrap_or(self.line);
        self.give_up();
        let reason = format!(
            "the card is larger than {} MiB, the most a card may be; is this a vCard file?",
            self.max_card / (1024 * 1024)
        );
        Some(self.error(start, reason))
    }

    /// Reads one line: a card or an error when there is one.
    fn take(&mut self, line: &str) -> Option<Result<CardText<'static>, FormatError>> {
        if self.skipping {
            if is(line, Delimiter::End("VCARD")) {
                self.skipping = false;
                return None;
            }
            if !is(line, Delimiter::Begin("VCARD")) {
                return None;
            }
            self.skipping = false;
        }
        match self.splitter.line(line, self.line) {
            LineKind::Nothing => None,
            LineKind::Stray(error) => Some(Err(error)),
            LineKind::Begin(unfinished) => {
                self.text.clear();
                let too_large = self.keep(line);
                unfinished.or(too_large).map(Err)
            }
            LineKind::Inside => self.keep(line).map(Err),
            LineKind::End(found) => {
                if let Some(error) = self.keep(line) {
                    return Some(Err(error));
                }
                // Copied at its size: the open card's buffer keeps its capacity for the next.
                let text = Cow::Owned(self.text.clone());
                Some(found.map(|found| CardText::new(found, text)))
            }
        }
    }
}

impl<R: BufRead> Iterator for CardsIn<R> {
    type Item = Result<CardText<'static>, FormatError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let Some(read) = self.next_line() else {
                self.done = true;
                break;
            };
            let buffer = std::mem::take(&mut self.buffer);
            let taken = match read
                .and_then(|()| std::str::from_utf8(&buffer).map_err(|e| self.not_utf8(&buffer, e)))
            {
                Ok(line) => self.take(line),
                Err(error) => {
                    if self.splitter.open_line().is_some() {
                        self.give_up();
                    }
                    Some(Err(error))
                }
            };
            self.buffer = buffer;
            if taken.is_some() {
                return taken;
            }
        }
        self.splitter.finish().map(Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_gives_the_cards_and_errors_the_text_splitter_gives() {
        let text = "BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\nstray\nBEGIN:VCARD\r\nFN:B\r\n\
                    BEGIN:VCARD\r\nVERSION:4.0\r\nX-LONG\r\n -NAME:1\r\nno colon\r\nEND:VCARD\r\n\
                    BEGIN:VCARD\r\nVERSION:4.0\r\nTEL:1\r\nEND:VCARD";
        let streamed: Vec<_> = cards_in(text.as_bytes(), 1 << 20).collect();
        let cut: Vec<_> = super::super::cards(text)
            .map(|c| c.map(CardText::into_owned))
            .collect();
        assert_eq!(streamed.len(), 5, "{streamed:?}");
        assert_eq!(streamed, cut);
    }

    #[test]
    fn a_card_over_the_limit_is_an_error_and_skipped_to_its_end() {
        let big = "X".repeat(3000);
        let text = format!(
            "BEGIN:VCARD\r\nFN:A\r\nNOTE:{big}\r\nTEL:1\r\nEND:VCARD\r\n\
             BEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n"
        );
        let read: Vec<_> = cards_in(text.as_bytes(), 2048).collect();
        assert_eq!(read.len(), 2, "{read:?}");
        let err = read[0].as_ref().unwrap_err().to_string();
        assert!(
            err.starts_with("card 1 (line 1): the card is larger than 0 MiB"),
            "{err}"
        );
        let b = read[1].as_ref().unwrap();
        assert_eq!((b.index, b.line), (2, 6));
        assert_eq!(b.text, "BEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n");
    }
}
