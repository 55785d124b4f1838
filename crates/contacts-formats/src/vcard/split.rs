//! Cutting a `.vcf` file into its cards before parsing, so that a malformed card is reported
//! by its number and line and the cards around it still come in.
//!
//! calcard parses leniently: a line without a colon is skipped and a card missing its
//! `END:VCARD` swallows the next one. A person importing 2,000 cards needs to hear which card
//! was broken and where, so the file is cut here first, with the line of every card and of
//! every property kept: after parsing, the properties calcard returned are checked against
//! this list ([`Chunk::properties`]), so a property it could not read is an error naming its
//! line instead of a silent drop.

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
    /// Every property of the card (`BEGIN`/`END` left out) in order: the line it starts on
    /// and its name, upper-case, without its group.
    pub properties: Vec<(usize, String)>,
}

fn is(line: &str, what: &str) -> bool {
    line.trim().eq_ignore_ascii_case(what)
}

/// The property line being read: where it starts, and its head (group, name and parameters)
/// unfolded up to the colon that starts the value. A head may be folded (`ADR;LABEL="…";T` /
/// ` YPE=work:…`), so it is only judged once the line is complete.
struct Logical<'a> {
    line: usize,
    /// Its first line, the start of which an error shows (borrowed: most lines are fine).
    shown: &'a str,
    head: String,
    /// Whether the colon has been seen.
    complete: bool,
    /// The value is quoted-printable and its last physical line ended in `=`: the next line
    /// continues it without the usual leading space (vCard 2.1).
    soft_break: bool,
}

impl<'a> Logical<'a> {
    fn new(line: usize, text: &'a str) -> Logical<'a> {
        let mut logical = Logical {
            line,
            shown: text,
            head: String::new(),
            complete: false,
            soft_break: false,
        };
        logical.extend(text);
        logical
    }

    /// Adds a physical line (its fold marker removed) to the property.
    fn extend(&mut self, text: &str) {
        if !self.complete {
            match head_end(&self.head, text) {
                Some(end) => {
                    self.head.push_str(&text[..end]);
                    self.complete = true;
                }
                None => self.head.push_str(text),
            }
        }
        // Checked in this order because nearly no line ends in `=`.
        self.soft_break = text.ends_with('=')
            && self.complete
            && self
                .head
                .as_bytes()
                .windows(16)
                .any(|w| w.eq_ignore_ascii_case(b"QUOTED-PRINTABLE"));
    }

    /// The property's name, upper-case and without its group, or why the line is not a
    /// property.
    fn name(&self) -> Result<String, String> {
        let shown: String = self.shown.chars().take(40).collect();
        if !self.complete {
            return Err(format!(
                "{shown:?} is not a property: a line is NAME:value, and a line continuing the \
                 one before starts with a space (add the missing space or colon)"
            ));
        }
        let name_end = self.head.find([';', ':']).unwrap_or(self.head.len());
        let full = &self.head[..name_end];
        let name = full.rsplit_once('.').map_or(full, |(_, name)| name);
        let group_ok = full
            .rsplit_once('.')
            .is_none_or(|(group, _)| valid_name(group));
        if !valid_name(name) || !group_ok {
            return Err(format!(
                "{shown:?} does not start with a property name (letters, digits and '-', \
                 optionally after a group such as item1.)"
            ));
        }
        Ok(name.to_ascii_uppercase())
    }
}

/// Where the head ends in `text` (the colon starting the value), given the head so far: a
/// colon inside a quoted parameter value does not count.
fn head_end(head_so_far: &str, text: &str) -> Option<usize> {
    let mut quoted = head_so_far.matches('"').count() % 2 == 1;
    for (at, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return Some(at),
            _ => {}
        }
    }
    None
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// An open card being collected.
struct Open<'a> {
    chunk: Chunk,
    /// The property being read.
    current: Option<Logical<'a>>,
    /// A problem found inside the card; the card is reported and not parsed.
    problem: Option<(usize, String)>,
}

impl<'a> Open<'a> {
    fn new(card: usize, line: usize, text: &str) -> Open<'a> {
        Open {
            chunk: Chunk {
                card,
                line,
                text: format!("{text}\r\n"),
                properties: Vec::new(),
            },
            current: None,
            problem: None,
        }
    }

    /// Ends the property being read: its name is listed, or the card's problem noted.
    fn close_property(&mut self) {
        let Some(logical) = self.current.take() else {
            return;
        };
        match logical.name() {
            Ok(name) => self.chunk.properties.push((logical.line, name)),
            Err(reason) => {
                if self.problem.is_none() {
                    self.problem = Some((logical.line, reason));
                }
            }
        }
    }

    /// Reads one physical line inside the card.
    fn line(&mut self, line: &'a str, line_no: usize) {
        self.chunk.text.push_str(line);
        self.chunk.text.push_str("\r\n");
        if let Some(current) = self.current.as_mut() {
            if current.soft_break {
                current.extend(line);
                return;
            }
            if let Some(rest) = line.strip_prefix([' ', '\t']) {
                current.extend(rest);
                return;
            }
        }
        if line.trim().is_empty() {
            // An empty line ends the property (vCard 2.1 ends a base64 value so).
            self.close_property();
            return;
        }
        self.close_property();
        self.current = Some(Logical::new(line_no, line));
    }

    fn finish(mut self) -> Result<Chunk, FormatError> {
        self.close_property();
        match self.problem {
            Some((line, reason)) => Err(problem(&self.chunk, line, reason)),
            None => Ok(self.chunk),
        }
    }
}

/// Cuts `text` into cards: each is its text, or the error that names it and its line.
pub(crate) fn split(text: &str) -> Vec<Result<Chunk, FormatError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut open: Option<Open<'_>> = None;
    let mut cards = 0;
    for (index, raw) in text.split('\n').enumerate() {
        let line_no = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if is(line, "BEGIN:VCARD") {
            if let Some(card) = open.take() {
                let reason = format!(
                    "no END:VCARD before the next card's BEGIN:VCARD at line {line_no} \
                     (add END:VCARD where this card ends)"
                );
                out.push(Err(problem(&card.chunk, card.chunk.line, reason)));
            }
            cards += 1;
            open = Some(Open::new(cards, line_no, line));
            continue;
        }
        let Some(card) = open.as_mut() else {
            if !line.trim().is_empty() {
                out.push(Err(FormatError::Card {
                    card: cards + 1,
                    line: line_no,
                    reason: "text outside BEGIN:VCARD … END:VCARD (remove it, or add the \
                             BEGIN:VCARD it belongs after)"
                        .into(),
                }));
            }
            continue;
        };
        if is(line, "END:VCARD") {
            card.chunk.text.push_str(line);
            card.chunk.text.push_str("\r\n");
            out.extend(open.take().map(Open::finish));
            continue;
        }
        card.line(line, line_no);
    }
    if let Some(card) = open {
        let reason =
            "no END:VCARD: the file ends inside the card (add END:VCARD at its end)".to_owned();
        out.push(Err(problem(&card.chunk, card.chunk.line, reason)));
    }
    out
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
        assert!(
            err.starts_with("card 1 (line 1): no END:VCARD: the file ends inside the card"),
            "{err}"
        );
    }

    #[test]
    fn a_head_folded_before_its_colon_is_one_property() {
        let text = "BEGIN:VCARD\r\nADR;LABEL=\"a\\nb: c\";T\r\n YPE=work:;;x;;;;\r\nEND:VCARD\r\n";
        let chunk = split(text).remove(0).unwrap();
        assert_eq!(chunk.properties, [(2, "ADR".to_owned())]);
    }

    #[test]
    fn quoted_printable_soft_breaks_continue_over_many_lines() {
        let text = "BEGIN:VCARD\r\nNOTE;ENCODING=QUOTED-PRINTABLE:=41=\r\n=42=\r\n=43\r\n\
                    item1.TEL:1\r\nEND:VCARD\r\n";
        let chunk = split(text).remove(0).unwrap();
        assert_eq!(
            chunk.properties,
            [(2, "NOTE".to_owned()), (5, "TEL".to_owned())]
        );
    }

    #[test]
    fn a_line_without_a_property_name_is_an_error() {
        let err = split("BEGIN:VCARD\r\nFN:A\r\n:orphan value\r\nEND:VCARD\r\n")
            .remove(0)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "card 1 (line 3): \":orphan value\" does not start with a property name"
            ),
            "{err}"
        );
    }
}
