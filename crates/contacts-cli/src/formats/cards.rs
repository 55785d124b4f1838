//! Reading card files (vCard, JSContact) into import rows, one card per row, each named by
//! its number in the file and the line it starts on.
//!
//! A `.vcf` file is read by the workspace's one vCard reader as it streams in
//! ([`contacts_formats::vcard::read_in`]: cut into cards on this thread, each half megabyte of
//! cards read on one thread per core), so a file of any size is read a chunk at a time. The
//! card's number and line are those of the whole file, so a malformed card is reported as a
//! person finds it in their editor.

use contacts_core::NewContact;
use contacts_formats::FormatError;
use contacts_formats::csv::{Row, RowError};
use contacts_formats::vcard::{self, ReadIn};
use std::io::{BufRead, Read};

/// The largest card read: far more than a card with a few photos; a file without
/// `END:VCARD` lines (or a binary file) is not read into memory whole.
pub const MAX_CARD: usize = 32 * 1024 * 1024;

/// The cards of a vCard file as rows, lazily (see the module).
pub struct VcardRows<R: BufRead> {
    cards: ReadIn<R>,
}

impl<R: BufRead> VcardRows<R> {
    /// Reads lazily from `input`.
    pub fn new(input: R) -> Self {
        Self {
            cards: vcard::read_in(input, MAX_CARD),
        }
    }
}

/// A card reader's error as an import row's.
fn row_error(error: FormatError) -> RowError {
    match error {
        FormatError::Card { card, line, reason } => RowError {
            line: line as u64,
            card: Some(card as u64),
            message: reason,
        },
        other => RowError {
            line: 0,
            card: None,
            message: other.to_string(),
        },
    }
}

impl<R: BufRead> Iterator for VcardRows<R> {
    type Item = Result<Row, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(match self.cards.next()? {
            Ok(read) => Ok(Row {
                line: read.line as u64,
                card: Some(read.index as u64),
                contact: NewContact::from_card(read.card),
            }),
            Err(error) => Err(row_error(error)),
        })
    }
}

/// The cards of a JSContact file (a Card object, or a JSON array of them) as rows, read by
/// the workspace's one JSContact reader ([`contacts_formats::jscontact::read_in`]); or why the
/// file cannot be read as JSON.
pub fn jscontact_rows(input: impl Read) -> Result<Vec<Result<Row, RowError>>, String> {
    let cards = contacts_formats::jscontact::read_in(input).map_err(reason)?;
    Ok(cards
        .into_iter()
        .enumerate()
        .map(|(i, element)| {
            let (line, card) = (element.line, Some(i as u64 + 1));
            match element.card {
                Ok(read) => Ok(Row {
                    line,
                    card,
                    contact: NewContact::from_card(read),
                }),
                Err(e) => Err(RowError {
                    line,
                    card,
                    message: format!("not a JSContact Card (RFC 9553): {}", reason(e)),
                }),
            }
        })
        .collect())
}

/// What is wrong, without the place a JSContact error names (an import row names it).
fn reason(error: FormatError) -> String {
    match error {
        FormatError::JsContact { reason, .. } => reason,
        other => other.to_string(),
    }
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
        let first = rows[0].as_ref().unwrap_err().to_string();
        assert!(
            first.starts_with("card 1 (line 1): text outside BEGIN:VCARD … END:VCARD"),
            "{first}"
        );
        let second = rows[1].as_ref().unwrap_err().to_string();
        assert!(
            second.starts_with("card 1 (line 2): no END:VCARD: the file ends inside the card"),
            "{second}"
        );
    }

    #[test]
    fn a_card_with_a_line_not_in_utf8_is_one_error_and_the_next_card_reads() {
        let mut file = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nNOTE:caf".to_vec();
        file.extend_from_slice(b"\xe9\r\nTEL:1\r\nEND:VCARD\r\n");
        file.extend_from_slice(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:B\r\nEND:VCARD\r\n");
        let rows: Vec<_> = VcardRows::new(&file[..]).collect();
        assert_eq!(rows.len(), 2, "{rows:?}");
        let err = rows[0].as_ref().unwrap_err();
        assert_eq!((err.card, err.line), (Some(1), 4), "{err}");
        assert!(err.message.contains("not UTF-8 (byte 0xE9)"), "{err}");
        let second = rows[1].as_ref().unwrap();
        assert_eq!((second.card, second.line), (Some(2), 7));
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
