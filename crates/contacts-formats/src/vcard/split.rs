//! Cutting a `.vcf` file into its cards before parsing, so that a malformed card is reported
//! by its number and line and the cards around it still come in.
//!
//! calcard parses leniently: a line without a colon is skipped and a card missing its
//! `END:VCARD` swallows the next one. A person importing 2,000 cards needs to hear which card
//! was broken and where, so the file is cut here first, with the line of every card kept.

use crate::FormatError;

/// The text of one card, with where it starts in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chunk {
    /// Which card of the file, from 1.
    pub card: usize,
    /// The line of its `BEGIN:VCARD`, from 1.
    pub line: usize,
    /// Its lines from `BEGIN:VCARD` to `END:VCARD`, joined with CRLF.
    pub text: String,
}

fn is(line: &str, what: &str) -> bool {
    line.trim().eq_ignore_ascii_case(what)
}

/// Whether `line` ends a quoted-printable value with a soft line break, so the next line
/// continues it without the usual leading space (vCard 2.1).
fn soft_break(line: &str) -> bool {
    let name = line.split(':').next().unwrap_or("");
    line.ends_with('=') && name.to_ascii_uppercase().contains("QUOTED-PRINTABLE")
}

/// An open card being collected.
struct Open {
    chunk: Chunk,
    /// The last line that began a property (for quoted-printable continuations).
    last: String,
    /// A problem found inside the card; the card is reported and not parsed.
    problem: Option<(usize, String)>,
}

/// Cuts `text` into cards: each is its text, or the error that names it and its line.
pub(crate) fn split(text: &str) -> Vec<Result<Chunk, FormatError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut open: Option<Open> = None;
    let mut cards = 0;
    for (index, raw) in text.split('\n').enumerate() {
        let line_no = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if is(line, "BEGIN:VCARD") {
            if let Some(card) = open.take() {
                let reason =
                    format!("no END:VCARD before the next card's BEGIN:VCARD at line {line_no}");
                out.push(Err(problem(&card.chunk, card.chunk.line, reason)));
            }
            cards += 1;
            open = Some(Open {
                chunk: Chunk {
                    card: cards,
                    line: line_no,
                    text: format!("{line}\r\n"),
                },
                last: String::new(),
                problem: None,
            });
            continue;
        }
        let Some(card) = open.as_mut() else {
            if !line.trim().is_empty() {
                out.push(Err(FormatError::Card {
                    card: cards + 1,
                    line: line_no,
                    reason: "text outside BEGIN:VCARD … END:VCARD".into(),
                }));
            }
            continue;
        };
        card.chunk.text.push_str(line);
        card.chunk.text.push_str("\r\n");
        if is(line, "END:VCARD") {
            let done = open.take().map(finish);
            out.extend(done);
            continue;
        }
        check_line(card, line, line_no);
    }
    if let Some(card) = open {
        let reason = "no END:VCARD: the file ends inside the card".to_owned();
        out.push(Err(problem(&card.chunk, card.chunk.line, reason)));
    }
    out
}

/// Notes the first malformed line of a card.
fn check_line(card: &mut Open, line: &str, line_no: usize) {
    let continued = line.starts_with([' ', '\t']);
    if continued || line.trim().is_empty() {
        return;
    }
    if soft_break(&card.last) {
        card.last = line.to_owned();
        return;
    }
    if !line.contains(':') && card.problem.is_none() {
        let shown: String = line.chars().take(40).collect();
        card.problem = Some((
            line_no,
            format!(
                "{shown:?} is not a property (a line is NAME:value, continued lines start with a space)"
            ),
        ));
    }
    card.last = line.to_owned();
}

fn finish(card: Open) -> Result<Chunk, FormatError> {
    match card.problem {
        Some((line, reason)) => Err(problem(&card.chunk, line, reason)),
        None => Ok(card.chunk),
    }
}

fn problem(chunk: &Chunk, line: usize, reason: String) -> FormatError {
    FormatError::Card {
        card: chunk.card,
        line,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_cards_are_named_by_number_and_line_and_the_others_kept() {
        let text = "BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:B\r\nBEGIN:VCARD\r\n\
                    FN:C\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:D\r\nno colon here\r\nEND:VCARD\r\n\
                    BEGIN:VCARD\r\nN;ENCODING=QUOTED-PRINTABLE:a=\r\nb;c\r\nEND:VCARD\r\n";
        let cards = split(text);
        assert_eq!(cards.len(), 5);
        assert_eq!(cards[0].as_ref().unwrap().card, 1);
        let err = cards[1].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("card 2 (line 4): no END:VCARD"), "{err}");
        assert_eq!(cards[2].as_ref().unwrap().card, 3);
        let err = cards[3].as_ref().unwrap_err().to_string();
        assert!(
            err.starts_with("card 4 (line 11): \"no colon here\""),
            "{err}"
        );
        assert!(
            cards[4].is_ok(),
            "a quoted-printable soft break continues the value"
        );
    }

    #[test]
    fn a_file_ending_inside_a_card_says_so() {
        let cards = split("BEGIN:VCARD\nFN:A\n");
        let err = cards[0].as_ref().unwrap_err().to_string();
        assert_eq!(
            err,
            "card 1 (line 1): no END:VCARD: the file ends inside the card"
        );
    }
}
