//! vCard in and out: one reader and one writer for the workspace.
//!
//! Reading goes through [`read`] (a whole `.vcf` file, each card or the error naming its
//! number and line) or [`read_one`] (a CardDAV resource); [`cards`] cuts a file into its
//! cards lazily, for a caller reading them one at a time ([`CardText::read`]), and
//! [`cards_in`] does the same for a file being read from a stream; [`read_in`] reads a stream's
//! cards a chunk at a time on one thread per core (what `contacts import` uses). Writing goes
//! through [`write()`], in
//! the card's own version unless the caller needs another (a 2.1 card is written as 3.0,
//! the oldest version CardDAV and current programs accept).
//!
//! A caller working on a vCard's text line by line (provider-carddav's line editor) reads its
//! lines as the reader does: [`Delimiter`] tells a `BEGIN:`/`END:` line, [`split_content_line`]
//! and [`head_name`] take a content line apart.

mod cards;
mod convert;
#[cfg(test)]
mod differential;
mod direct;
mod parallel;
mod read_in;
pub(crate) mod read_repairs;
mod split;
mod stream;
mod write_repairs;

use crate::FormatError;
pub use cards::{CardText, Cards, cards};
pub use read_in::{ReadIn, read_in};
pub use split::{Delimiter, head_name, split_content_line};
pub use stream::{CardsIn, cards_in};

use calcard::vcard::{VCard, VCardVersion};
use calcard::{Entry, Parser};
use contacts_core::Card;

/// A vCard version the writer can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// vCard 3.0 (RFC 2426).
    V3,
    /// vCard 4.0 (RFC 6350).
    V4,
}

impl Version {
    /// The version a card read from a vCard of `text` (`2.1`, `3.0`, `4.0`) is written in:
    /// 4.0 stays 4.0, anything older becomes 3.0, and a card never read from a vCard is 4.0.
    pub fn of_card(card: &Card) -> Version {
        match card.vcard.version().map(str::trim) {
            Some("4.0") | None => Version::V4,
            Some(_) => Version::V3,
        }
    }

    fn calcard(self) -> VCardVersion {
        match self {
            Version::V3 => VCardVersion::V3_0,
            Version::V4 => VCardVersion::V4_0,
        }
    }
}

/// A card read from a file, with where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadCard {
    /// Which card of the file, from 1.
    pub index: usize,
    /// The line of its `BEGIN:VCARD`, from 1.
    pub line: usize,
    /// The card.
    pub card: Card,
}

/// Reads every card of a `.vcf` file (2.1, 3.0 or 4.0; folded lines, quoted-printable and
/// base64 values, several cards). Each entry is a card or the error naming its number, line
/// and reason, so one malformed card does not stop the others.
///
/// A large file (from 512 KiB) is read on several threads, one per core (at most 8): the
/// file is cut into cards on the calling thread, and runs of cards are read side by side;
/// the result is the same, in the same order. [`cards`] reads on the calling thread alone.
pub fn read(text: &str) -> Vec<Result<ReadCard, FormatError>> {
    // Cut first, so the result (a card is about 600 bytes) is allocated once, at its size.
    let cut: Vec<_> = cards(text).collect();
    match parallel::threads(text.len()) {
        0 | 1 => cut.into_iter().map(read_card).collect(),
        threads => parallel::read(cut, threads, read_card),
    }
}

fn read_card(card: Result<CardText<'_>, FormatError>) -> Result<ReadCard, FormatError> {
    let card = card?;
    Ok(ReadCard {
        card: card.read()?,
        index: card.index,
        line: card.line,
    })
}

/// Reads the single card of `text` (a CardDAV resource). Text holding several cards is read
/// as its first, and `more` says how many followed, for the caller to warn about.
pub fn read_one(text: &str) -> Result<(Card, usize), FormatError> {
    let mut cards = cards(text);
    let first = cards.next().ok_or_else(|| FormatError::Card {
        card: 1,
        line: 1,
        reason: "no BEGIN:VCARD in the text".into(),
    })??;
    Ok((first.read()?, cards.count()))
}

impl CardText<'_> {
    /// Parses the card into the model; an error names the card and the line it is about.
    pub fn read(&self) -> Result<Card, FormatError> {
        parse_card(self).map_err(|(line, reason)| FormatError::Card {
            card: self.index,
            line,
            reason,
        })
    }
}

/// Parses one card; an error is the line it is about and what to fix.
fn parse_card(card: &CardText<'_>) -> Result<Card, (usize, String)> {
    let text = read_repairs::dashed_dates(&card.text);
    let mut parser = Parser::new(&text);
    let vcard = match parser.entry() {
        Entry::VCard(vcard) => vcard,
        Entry::InvalidLine(line) => {
            return Err((card.line, format!("cannot read the line {line:?}")));
        }
        Entry::Eof => return Err((card.line, "an empty card".into())),
        other => return Err((card.line, format!("not a vCard ({other:?})"))),
    };
    all_properties_read(card, &vcard)?;
    convert::to_card(vcard).map_err(|reason| (card.line, reason))
}

/// calcard skips what it cannot read (a property without a name, a line it does not
/// understand) without a word. Every property the file holds must have come through, else
/// the card is an error naming the first one that did not.
fn all_properties_read(card: &CardText<'_>, vcard: &VCard) -> Result<(), (usize, String)> {
    let mut parsed = vcard.entries.iter().map(|e| e.name.as_str());
    for property in &card.properties {
        let name = property.name.in_text(&card.text);
        if parsed.next().is_some_and(|p| p.eq_ignore_ascii_case(name)) {
            continue;
        }
        let name = name.to_ascii_uppercase();
        return Err((
            property.line,
            format!(
                "the {name} property cannot be read (check its parameters and value, or \
                 remove the line)"
            ),
        ));
    }
    Ok(())
}

/// Writes `card` as a vCard, in `version` or else the card's own ([`Version::of_card`]).
/// Properties and parameters the model keeps from another vCard (groups such as `item1.TEL`
/// with its `X-ABLABEL`, `X-` properties) are written back as they were.
pub fn write(card: &Card, version: Option<Version>) -> Result<String, FormatError> {
    write_with(card, version, UriCommas::Plain)
}

/// How the comma of a vCard 4.0 `data:` URI (an inline photo) is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UriCommas {
    /// As the URI has it (RFC 6350 §6.2.4: a URI is not text): what programs reading 4.0
    /// expect.
    #[default]
    Plain,
    /// Escaped as in text (`base64\,`), for a store that parses every value with 3.0's text
    /// rules and cuts a URI at an unescaped comma (Radicale, which lists only vCard 3.0 as
    /// supported); calcard, and so [`read`], take either form.
    Escaped,
}

/// [`write`](fn@write), choosing how a 4.0 `data:` URI's comma is written.
pub fn write_with(
    card: &Card,
    version: Option<Version>,
    commas: UriCommas,
) -> Result<String, FormatError> {
    let version = version.unwrap_or_else(|| Version::of_card(card));
    let plain = commas == UriCommas::Plain;
    let mut vcard =
        convert::to_vcard(card, version == Version::V4, plain).map_err(FormatError::Write)?;
    drop_derived_pointers(&mut vcard, version);
    let mut out = String::new();
    vcard
        .write_to(&mut out, version.calcard())
        .map_err(|_| FormatError::Write("the writer failed".into()))?;
    Ok(out)
}

/// What `vcard` reads back as, written in `version`.
fn read_back(vcard: &VCard, version: Version) -> Option<Card> {
    let mut text = String::new();
    vcard.write_to(&mut text, version.calcard()).ok()?;
    read(&text).into_iter().next()?.ok().map(|read| read.card)
}

/// calcard writes a title's link to its organisation as `JSPROP;JSPTR=titles/k2/organizationId`
/// even where reading the vCard links them by itself (a `ROLE` beside the one `ORG`): other
/// programs would show it as an unknown property the original card never had. Such a pointer
/// is left out when the card reads back the same without it.
fn drop_derived_pointers(vcard: &mut VCard, version: Version) {
    let is_title_pointer = |entry: &calcard::vcard::VCardEntry| {
        entry.name == calcard::vcard::VCardProperty::Jsprop
            && entry.params.iter().any(|p| {
                p.name == calcard::vcard::VCardParameterName::Jsptr
                    && matches!(&p.value, calcard::vcard::VCardParameterValue::Text(t) if t.starts_with("titles/"))
            })
    };
    let mut at = vcard.entries.len();
    while at > 0 {
        at -= 1;
        if !is_title_pointer(&vcard.entries[at]) {
            continue;
        }
        let mut without = vcard.clone();
        without.entries.remove(at);
        let same =
            read_back(&without, version).is_some_and(|w| Some(w) == read_back(vcard, version));
        if same {
            vcard.entries.remove(at);
        }
    }
}
