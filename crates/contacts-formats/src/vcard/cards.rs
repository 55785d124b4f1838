//! A `.vcf` file's cards one by one, before parsing: [`cards`] cuts a file held in memory,
//! lending each card's text from it, and [`CardText::read`] reads one card into the model.

use super::split::{Found, LineKind, Property, Splitter};
use crate::FormatError;
use std::borrow::Cow;

/// One card of a file, cut out but not yet parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardText<'a> {
    /// Which card of the file, from 1.
    pub index: usize,
    /// The line of its `BEGIN:VCARD`, from 1.
    pub line: usize,
    /// Its lines from `BEGIN:VCARD` to `END:VCARD`, each ended with CRLF: lent from the
    /// file where its lines already are, copied where they end in a bare LF.
    pub text: Cow<'a, str>,
    /// Its properties, as the cutting found them, for the check after parsing.
    pub(crate) properties: Vec<Property>,
}

impl CardText<'_> {
    /// The card's text, owned, for keeping after the file it was cut from.
    pub fn into_owned(self) -> CardText<'static> {
        CardText {
            index: self.index,
            line: self.line,
            text: Cow::Owned(self.text.into_owned()),
            properties: self.properties,
        }
    }

    pub(crate) fn new(found: Found, text: Cow<'_, str>) -> CardText<'_> {
        CardText {
            index: found.card,
            line: found.line,
            text,
            properties: found.properties,
        }
    }
}

/// The cards of a `.vcf` file, lazily, in order: each card's number, line and text, or the
/// error naming the card and line where it is malformed (no `END:VCARD`, a line that is not
/// a property, text between cards). A malformed card does not stop the ones after it.
///
/// ```
/// use contacts_formats::vcard;
///
/// let file = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n\
///             BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob\r\nno colon\r\nEND:VCARD\r\n";
/// let mut cards = vcard::cards(file);
/// let ada = cards.next().unwrap().unwrap();
/// assert_eq!((ada.index, ada.line), (1, 1));
/// assert!(ada.text.ends_with("FN:Ada\r\nEND:VCARD\r\n"));
/// let card = ada.read().unwrap();
/// assert_eq!(card.name.unwrap().full.as_deref(), Some("Ada"));
/// let bob = cards.next().unwrap().unwrap_err();
/// assert!(bob.to_string().starts_with("card 2 (line 8): \"no colon\" is not a property"));
/// assert!(cards.next().is_none());
/// ```
pub fn cards(text: &str) -> Cards<'_> {
    let file = text.strip_prefix('\u{feff}').unwrap_or(text);
    Cards {
        file,
        at: Some(0),
        line: 0,
        splitter: Splitter::default(),
        start: 0,
        copy: None,
    }
}

/// The iterator of [`cards`].
pub struct Cards<'a> {
    file: &'a str,
    /// Where the next line starts; `None` once the last was read.
    at: Option<usize>,
    /// The lines read.
    line: usize,
    splitter: Splitter,
    /// Where the open card starts.
    start: usize,
    /// The open card's text, where a line of it ends in a bare LF (or the file's end).
    copy: Option<String>,
}

impl std::fmt::Debug for Cards<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cards")
            .field("at", &self.at)
            .field("line", &self.line)
            .finish_non_exhaustive()
    }
}

impl<'a> Cards<'a> {
    /// The next line: its text (without its line break), where it starts, where the next
    /// starts, and whether it ended in CRLF.
    fn next_line(&mut self) -> Option<(&'a str, usize, usize, bool)> {
        let at = self.at?;
        let rest = &self.file[at..];
        self.line += 1;
        let (raw, next) = match rest.find('\n') {
            Some(nl) => (&rest[..nl], Some(at + nl + 1)),
            None => (rest, None),
        };
        self.at = next;
        let line = raw.strip_suffix('\r');
        let crlf = line.is_some() && next.is_some();
        Some((
            line.unwrap_or(raw),
            at,
            next.unwrap_or(self.file.len()),
            crlf,
        ))
    }

    /// Keeps `line` in the open card's text: nothing to do while the card's lines are the
    /// file's, a copy from the first line ending otherwise.
    fn keep(&mut self, line: &str, line_start: usize, crlf: bool) {
        if self.copy.is_none() && !crlf {
            let mut copy = String::with_capacity(line_start - self.start + line.len() + 64);
            copy.push_str(&self.file[self.start..line_start]);
            self.copy = Some(copy);
        }
        if let Some(copy) = self.copy.as_mut() {
            copy.push_str(line);
            copy.push_str("\r\n");
        }
    }
}

impl<'a> Iterator for Cards<'a> {
    type Item = Result<CardText<'a>, FormatError>;

    fn next(&mut self) -> Option<Self::Item> {
        while let Some((line, start, end, crlf)) = self.next_line() {
            match self.splitter.line(line, self.line) {
                LineKind::Nothing => {}
                LineKind::Stray(error) => return Some(Err(error)),
                LineKind::Begin(unfinished) => {
                    self.start = start;
                    self.copy = None;
                    self.keep(line, start, crlf);
                    if let Some(error) = unfinished {
                        return Some(Err(error));
                    }
                }
                LineKind::Inside => self.keep(line, start, crlf),
                LineKind::End(found) => {
                    self.keep(line, start, crlf);
                    let text = match self.copy.take() {
                        Some(copy) => Cow::Owned(copy),
                        None => Cow::Borrowed(&self.file[self.start..end]),
                    };
                    return Some(found.map(|found| CardText::new(found, text)));
                }
            }
        }
        self.splitter.finish().map(Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vcard::split::Name;

    fn names(card: &CardText<'_>) -> Vec<(usize, String)> {
        card.properties
            .iter()
            .map(|p| (p.line, p.name.in_text(&card.text).to_ascii_uppercase()))
            .collect()
    }

    fn one(text: &str) -> CardText<'_> {
        cards(text).next().unwrap().unwrap()
    }

    #[test]
    fn broken_cards_are_named_by_number_and_line_and_the_others_kept() {
        let text = "BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:B\r\nBEGIN:VCARD\r\n\
                    FN:C\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:D\r\nno colon here\r\nEND:VCARD\r\n\
                    BEGIN:VCARD\r\nN;ENCODING=QUOTED-PRINTABLE:a=\r\nb;c\r\nEND:VCARD\r\n";
        let cards: Vec<_> = cards(text).collect();
        assert_eq!(cards.len(), 5);
        assert_eq!(cards[0].as_ref().unwrap().index, 1);
        let err = cards[1].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("card 2 (line 4): no END:VCARD"), "{err}");
        assert_eq!(cards[2].as_ref().unwrap().index, 3);
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
        let err = cards("BEGIN:VCARD\nFN:A\n").next().unwrap().unwrap_err();
        assert!(
            err.to_string()
                .starts_with("card 1 (line 1): no END:VCARD: the file ends inside the card"),
            "{err}"
        );
    }

    #[test]
    fn a_head_folded_before_its_colon_is_one_property() {
        let text = "BEGIN:VCARD\r\nADR;LABEL=\"a\\nb: c\";T\r\n YPE=work:;;x;;;;\r\nEND:VCARD\r\n";
        assert_eq!(names(&one(text)), [(2, "ADR".to_owned())]);
    }

    #[test]
    fn a_name_folded_inside_itself_is_kept_unfolded() {
        let text = "BEGIN:VCARD\r\nX-SHOE\r\n -SIZE;TYPE=x:38\r\nEND:VCARD\r\n";
        let card = one(text);
        assert_eq!(
            card.properties[0].name,
            Name::Unfolded("X-SHOE-SIZE".into())
        );
        assert_eq!(names(&card), [(2, "X-SHOE-SIZE".to_owned())]);
    }

    #[test]
    fn quoted_printable_soft_breaks_continue_over_many_lines() {
        let text = "BEGIN:VCARD\r\nNOTE;ENCODING=QUOTED-PRINTABLE:=41=\r\n=42=\r\n=43\r\n\
                    item1.TEL:1\r\nEND:VCARD\r\n";
        assert_eq!(
            names(&one(text)),
            [(2, "NOTE".to_owned()), (5, "TEL".to_owned())]
        );
    }

    #[test]
    fn a_line_without_a_property_name_is_an_error() {
        let err = cards("BEGIN:VCARD\r\nFN:A\r\n:orphan value\r\nEND:VCARD\r\n")
            .next()
            .unwrap()
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "card 1 (line 3): \":orphan value\" does not start with a property name"
            ),
            "{err}"
        );
    }

    #[test]
    fn cards_in_crlf_files_are_lent_and_others_copied_with_crlf() {
        let crlf =
            "\u{feff}BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n";
        let both: Vec<_> = cards(crlf).map(Result::unwrap).collect();
        assert!(matches!(both[0].text, Cow::Borrowed(_)));
        assert_eq!(both[1].text, "BEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n");
        assert!(matches!(both[1].text, Cow::Borrowed(_)));
        let mixed = "BEGIN:VCARD\r\nFN:A\nitem1.TEL:1\r\nEND:VCARD";
        let card = one(mixed);
        assert!(matches!(card.text, Cow::Owned(_)));
        assert_eq!(
            card.text,
            "BEGIN:VCARD\r\nFN:A\r\nitem1.TEL:1\r\nEND:VCARD\r\n"
        );
        assert_eq!(names(&card), [(2, "FN".to_owned()), (3, "TEL".to_owned())]);
        assert_eq!(card.read().unwrap().phones.len(), 1);
    }
}
