//! Cutting a `.vcf` file into its cards before parsing, so that a malformed card is reported
//! by its number and line and the cards around it still come in.
//!
//! calcard parses leniently: a line without a colon is skipped and a card missing its
//! `END:VCARD` swallows the next one. A person importing 2,000 cards needs to hear which card
//! was broken and where, so the file is cut here first, with the line of every card and of
//! every property kept: after parsing, the properties calcard returned are checked against
//! this list ([`Found::properties`]), so a property it could not read is an error naming its
//! line instead of a silent drop.
//!
//! [`Splitter`] is fed one line at a time and keeps no text of its own: the caller keeps the
//! card's text (a slice of the file where it can, see [`super::cards`]), and a property's name
//! is kept as where it is in that text ([`Name::At`]), so cutting a file allocates nothing
//! per line and nothing per property.

use crate::FormatError;

/// A property's name as the cutting found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Name {
    /// Bytes `start..end` of the card's text, its lines each ended with CRLF (nearly every
    /// name: it is on the property's first line).
    At(usize, usize),
    /// A name folded across lines, unfolded (rare, and so owned).
    Unfolded(String),
}

impl Name {
    /// The name's text, in `text`, the card's text it was found in.
    pub(crate) fn in_text<'t>(&'t self, text: &'t str) -> &'t str {
        match self {
            Name::At(start, end) => text.get(*start..*end).unwrap_or_default(),
            Name::Unfolded(name) => name,
        }
    }
}

/// A property of a card: the line it starts on, and its name without its group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Property {
    pub line: usize,
    pub name: Name,
}

/// A card the cutting found whole.
#[derive(Debug)]
pub(crate) struct Found {
    /// Which card of the file, from 1.
    pub card: usize,
    /// The line of its `BEGIN:VCARD`, from 1.
    pub line: usize,
    /// Every property of the card (`BEGIN`/`END` left out), in order.
    pub properties: Vec<Property>,
}

/// A line that begins or ends a component: a card's `BEGIN:VCARD` and `END:VCARD`, or those
/// of a component nested in a card (vCard 2.1's `AGENT` card, a `BEGIN:X-ABC` block).
///
/// ```
/// use contacts_formats::vcard::Delimiter;
/// assert_eq!(Delimiter::of("begin:vcard "), Some(Delimiter::Begin("vcard")));
/// assert_eq!(Delimiter::of("\rEND:X-ABC\r\n"), Some(Delimiter::End("X-ABC")));
/// assert!(Delimiter::of("BEGIN:VCARD\r\n").is_some_and(Delimiter::is_vcard));
/// assert_eq!(Delimiter::of("FN:Begin"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter<'a> {
    /// `BEGIN:<component>`.
    Begin(&'a str),
    /// `END:<component>`.
    End(&'a str),
}

impl<'a> Delimiter<'a> {
    /// The delimiter `line` is, as [`read`](super::read) and [`cards`](super::cards) read
    /// one: `BEGIN` or `END` in any case, a colon and the component's name, between any white
    /// space at either end of the line (so `BEGIN:VCARD ` begins a card, and a line break
    /// left on the line does not count). `None` for any other line.
    pub fn of(line: &'a str) -> Option<Self> {
        let (verb, component) = line.trim().split_once(':')?;
        if verb.eq_ignore_ascii_case("BEGIN") {
            Some(Delimiter::Begin(component))
        } else if verb.eq_ignore_ascii_case("END") {
            Some(Delimiter::End(component))
        } else {
            None
        }
    }

    /// The component it begins or ends, as written.
    pub fn component(self) -> &'a str {
        match self {
            Delimiter::Begin(component) | Delimiter::End(component) => component,
        }
    }

    /// Whether it begins or ends a card (`VCARD`, in any case).
    pub fn is_vcard(self) -> bool {
        self.component().eq_ignore_ascii_case("VCARD")
    }

    /// Whether it is `other`, the component's name compared in any case.
    fn eq_ignore_ascii_case(self, other: Delimiter<'_>) -> bool {
        match (self, other) {
            (Delimiter::Begin(a), Delimiter::Begin(b)) | (Delimiter::End(a), Delimiter::End(b)) => {
                a.eq_ignore_ascii_case(b)
            }
            _ => false,
        }
    }
}

/// Whether `line` is `what` ([`Delimiter::of`]). Nearly every line ends in an ASCII letter or
/// digit other than the last of `what`'s component (the `D` of `VCARD`) and is told apart by
/// its last byte, without trimming it.
pub(crate) fn is(line: &str, what: Delimiter<'_>) -> bool {
    let last = what.component().as_bytes().last();
    match line.as_bytes().last() {
        Some(b)
            if b.is_ascii()
                && !matches!(b, b'\t'..=b'\r' | b' ')
                && last.is_some_and(|last| !b.eq_ignore_ascii_case(last)) =>
        {
            false
        }
        _ => Delimiter::of(line).is_some_and(|found| found.eq_ignore_ascii_case(what)),
    }
}

/// A content line's head (group, name and parameters) and its value, split at the first
/// colon outside a double-quoted parameter value (RFC 6350 §3.3); `None` for a line without
/// one. `line` is one logical line, unfolded, its line break removed.
///
/// ```
/// use contacts_formats::vcard::split_content_line;
/// let line = r#"item1.X-ABLABEL;X-NOTE="a:b":Work"#;
/// assert_eq!(split_content_line(line), Some((r#"item1.X-ABLABEL;X-NOTE="a:b""#, "Work")));
/// assert_eq!(split_content_line("NOTE"), None);
/// ```
pub fn split_content_line(line: &str) -> Option<(&str, &str)> {
    let at = head_end(false, line)?;
    Some((&line[..at], &line[at + 1..]))
}

/// The group and the property name of a content line's head ([`split_content_line`]): the
/// name is what comes before the parameters, after the group's dot. Both as written: neither
/// checked nor case-folded.
///
/// ```
/// use contacts_formats::vcard::head_name;
/// assert_eq!(head_name("item1.TEL;TYPE=cell"), (Some("item1"), "TEL"));
/// assert_eq!(head_name("fn"), (None, "fn"));
/// ```
pub fn head_name(head: &str) -> (Option<&str>, &str) {
    let full = &head[..head.find(';').unwrap_or(head.len())];
    match full.rsplit_once('.') {
        Some((group, name)) => (Some(group), name),
        None => (None, full),
    }
}

/// The head (group, name and parameters) of a property not yet complete: it was folded
/// before the colon that starts the value (`ADR;LABEL="…";T` / ` YPE=work:…`).
struct OpenHead {
    /// The head so far, unfolded.
    so_far: String,
    /// The length of its first line's part.
    first_len: usize,
    /// The start of its first line, which an error shows.
    shown: String,
}

/// The property line being read.
struct Logical {
    line: usize,
    /// Where its first line starts in the card's text.
    start: usize,
    /// `None` once the head is complete.
    open: Option<OpenHead>,
    /// Its parameters say `QUOTED-PRINTABLE`.
    quoted_printable: bool,
    /// The value is quoted-printable and its last physical line ended in `=`: the next line
    /// continues it without the usual leading space (vCard 2.1).
    soft_break: bool,
}

/// The first 40 characters of a line, which an error about it shows.
fn shown(line: &str) -> String {
    line.chars().take(40).collect()
}

/// Where the head ends in `text` (the colon starting the value), given whether a quoted
/// parameter value is open: a colon inside one does not count.
fn head_end(mut quoted: bool, text: &str) -> Option<usize> {
    for (at, b) in text.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b':' if !quoted => return Some(at),
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

/// Whether a head names `QUOTED-PRINTABLE`, in any case: looked for around its `-`s, which
/// few heads have, so most heads are passed over at the speed of a byte search.
fn says_quoted_printable(head: &str) -> bool {
    let bytes = head.as_bytes();
    let mut from = 0;
    while let Some(at) = bytes[from..].iter().position(|&b| b == b'-') {
        let dash = from + at;
        if dash >= 6
            && bytes
                .get(dash - 6..dash + 10)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"QUOTED-PRINTABLE"))
        {
            return true;
        }
        from = dash + 1;
    }
    false
}

/// The name in a complete `head`: where it starts and ends, or why the line is not a
/// property (`shown` is the start of its first line).
fn name_in(head: &str, shown: impl FnOnce() -> String) -> Result<(usize, usize), String> {
    let (group, name) = head_name(head);
    if !valid_name(name) || !group.is_none_or(valid_name) {
        return Err(format!(
            "{:?} does not start with a property name (letters, digits and '-', optionally \
             after a group such as item1.)",
            shown()
        ));
    }
    let start = group.map_or(0, |group| group.len() + 1);
    Ok((start, start + name.len()))
}

/// An open card being collected.
struct Open {
    found: Found,
    /// The length of the card's text so far, each line ended with CRLF.
    len: usize,
    /// The property being read.
    current: Option<Logical>,
    /// A problem found inside the card; the card is reported and not parsed.
    problem: Option<(usize, String)>,
}

impl Open {
    fn new(card: usize, line: usize, text: &str) -> Open {
        Open {
            found: Found {
                card,
                line,
                // Most cards have fewer properties: the list is not grown one by one.
                properties: Vec::with_capacity(16),
            },
            len: text.len() + 2,
            current: None,
            problem: None,
        }
    }

    fn note(&mut self, line: usize, reason: String) {
        if self.problem.is_none() {
            self.problem = Some((line, reason));
        }
    }

    /// Starts a property at `text`, which begins at `start` of the card's text.
    fn begin_property(&mut self, line: usize, start: usize, text: &str) {
        let mut logical = Logical {
            line,
            start,
            open: None,
            quoted_printable: false,
            soft_break: false,
        };
        match head_end(false, text) {
            Some(end) => self.complete(&mut logical, &text[..end], || shown(text)),
            None => {
                logical.open = Some(OpenHead {
                    so_far: text.to_owned(),
                    first_len: text.len(),
                    shown: shown(text),
                })
            }
        }
        logical.soft_break = text.ends_with('=') && logical.quoted_printable;
        self.current = Some(logical);
    }

    /// The head of `logical` is complete: its name is listed, or the card's problem noted.
    fn complete(&mut self, logical: &mut Logical, head: &str, shown: impl FnOnce() -> String) {
        logical.quoted_printable = says_quoted_printable(head);
        match name_in(head, shown) {
            Ok((start, end)) => {
                let name = Name::At(logical.start + start, logical.start + end);
                self.found.properties.push(Property {
                    line: logical.line,
                    name,
                });
            }
            Err(reason) => self.note(logical.line, reason),
        }
    }

    /// Adds a physical line (its fold marker removed) to the property being read.
    fn extend(&mut self, mut logical: Logical, text: &str) {
        if let Some(mut open) = logical.open.take() {
            let quoted = open.so_far.bytes().filter(|&b| b == b'"').count() % 2 == 1;
            match head_end(quoted, text) {
                Some(end) => {
                    open.so_far.push_str(&text[..end]);
                    self.complete_folded(&mut logical, open);
                }
                None => {
                    open.so_far.push_str(text);
                    logical.open = Some(open);
                }
            }
        }
        logical.soft_break =
            text.ends_with('=') && logical.open.is_none() && logical.quoted_printable;
        self.current = Some(logical);
    }

    /// [`Open::complete`] for a head that was folded: a name wholly on the first line is
    /// found there, one folded itself is kept unfolded.
    fn complete_folded(&mut self, logical: &mut Logical, open: OpenHead) {
        let OpenHead {
            so_far,
            first_len,
            shown,
        } = open;
        self.complete(logical, &so_far, || shown);
        let folded_name = so_far.find(';').unwrap_or(so_far.len()) > first_len;
        if let Some(Property { name, .. }) = self.found.properties.last_mut()
            && folded_name
            && let Name::At(start, end) = *name
        {
            let (start, end) = (start - logical.start, end - logical.start);
            *name = Name::Unfolded(so_far[start..end].to_owned());
        }
    }

    /// Ends the property being read: a head never completed is the card's problem.
    fn close_property(&mut self) {
        let Some(logical) = self.current.take() else {
            return;
        };
        if let Some(open) = logical.open {
            self.note(
                logical.line,
                format!(
                    "{:?} is not a property: a line is NAME:value, and a line continuing the \
                     one before starts with a space (add the missing space or colon)",
                    open.shown
                ),
            );
        }
    }

    /// Reads one physical line inside the card.
    fn line(&mut self, line: &str, line_no: usize) {
        let start = self.len;
        self.len += line.len() + 2;
        if let Some(current) = self.current.take() {
            if current.soft_break {
                return self.extend(current, line);
            }
            if let Some(rest) = line.strip_prefix([' ', '\t']) {
                return self.extend(current, rest);
            }
            self.current = Some(current);
        }
        self.close_property();
        if !line.trim().is_empty() {
            self.begin_property(line_no, start, line);
        }
        // An empty line ends the property (vCard 2.1 ends a base64 value so).
    }

    fn finish(mut self) -> Result<Found, FormatError> {
        self.close_property();
        match self.problem {
            Some((line, reason)) => Err(problem(self.found.card, line, reason)),
            None => Ok(self.found),
        }
    }
}

/// What a line was, for the caller keeping the card's text.
#[derive(Debug)]
pub(crate) enum LineKind {
    /// A blank line between cards.
    Nothing,
    /// Text outside any card.
    Stray(FormatError),
    /// A card begins at this line; the error is the card before it, left without its end.
    Begin(Option<FormatError>),
    /// A line of the open card.
    Inside,
    /// The open card ends with this line.
    End(Result<Found, FormatError>),
}

/// Cuts a file into cards, fed its lines (without their line breaks) one by one.
#[derive(Default)]
pub(crate) struct Splitter {
    cards: usize,
    open: Option<Open>,
}

impl Splitter {
    /// Reads line `line_no` (from 1) of the file.
    pub(crate) fn line(&mut self, line: &str, line_no: usize) -> LineKind {
        if is(line, Delimiter::Begin("VCARD")) {
            let unfinished = self.open.take().map(|card| {
                let reason = format!(
                    "no END:VCARD before the next card's BEGIN:VCARD at line {line_no} \
                     (add END:VCARD where this card ends)"
                );
                problem(card.found.card, card.found.line, reason)
            });
            self.cards += 1;
            self.open = Some(Open::new(self.cards, line_no, line));
            return LineKind::Begin(unfinished);
        }
        let Some(card) = self.open.as_mut() else {
            if line.trim().is_empty() {
                return LineKind::Nothing;
            }
            return LineKind::Stray(FormatError::Card {
                card: self.cards + 1,
                line: line_no,
                reason: "text outside BEGIN:VCARD … END:VCARD (remove it, or add the \
                         BEGIN:VCARD it belongs after)"
                    .into(),
            });
        };
        if is(line, Delimiter::End("VCARD")) {
            return LineKind::End(self.open.take().map_or_else(
                || Err(problem(self.cards, line_no, "no open card".into())),
                Open::finish,
            ));
        }
        card.line(line, line_no);
        LineKind::Inside
    }

    /// How many cards have begun so far.
    pub(crate) fn cards(&self) -> usize {
        self.cards
    }

    /// The line of the open card's `BEGIN:VCARD`, if a card is open.
    pub(crate) fn open_line(&self) -> Option<usize> {
        self.open.as_ref().map(|card| card.found.line)
    }

    /// Forgets the open card (its lines cannot be read): the lines up to the next
    /// `BEGIN:VCARD` are the caller's to skip.
    pub(crate) fn abandon(&mut self) {
        self.open = None;
    }

    /// The file has ended: the card left open, if any, is an error.
    pub(crate) fn finish(&mut self) -> Option<FormatError> {
        let card = self.open.take()?;
        let reason =
            "no END:VCARD: the file ends inside the card (add END:VCARD at its end)".to_owned();
        Some(problem(card.found.card, card.found.line, reason))
    }
}

fn problem(card: usize, line: usize, reason: String) -> FormatError {
    FormatError::Card { card, line, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_delimiter_told_by_its_last_byte_is_the_one_read_whole() {
        let lines = [
            "BEGIN:VCARD",
            "begin:vcard ",
            "\rEND:VCARD\t",
            "END:VCARD",
            "BEGIN:VCARDS",
            "BEGIN: VCARD",
            "BEGIN:X-CARD",
            "FN:Rd",
            "BEGIN:VCARD\u{a0}",
            "",
        ];
        for line in lines {
            for what in [Delimiter::Begin("VCARD"), Delimiter::End("VCARD")] {
                let read = Delimiter::of(line).is_some_and(|d| d.eq_ignore_ascii_case(what));
                assert_eq!(is(line, what), read, "{line:?} {what:?}");
            }
        }
        assert!(is("begin:vcard ", Delimiter::Begin("VCARD")));
        assert!(!is("BEGIN: VCARD", Delimiter::Begin("VCARD")));
    }

    #[test]
    fn quoted_printable_is_found_in_any_case_and_place_of_a_head() {
        assert!(says_quoted_printable("NOTE;ENCODING=QUOTED-PRINTABLE"));
        assert!(says_quoted_printable(
            "item1.ADR;quoted-printable;CHARSET=UTF-8"
        ));
        assert!(says_quoted_printable("X-A-B;Quoted-Printable"));
        assert!(!says_quoted_printable("X-QUOTED-PRINT;TYPE=x"));
        assert!(!says_quoted_printable("-PRINTABLE"));
        assert!(!says_quoted_printable("TEL;TYPE=WORK,VOICE"));
    }
}
