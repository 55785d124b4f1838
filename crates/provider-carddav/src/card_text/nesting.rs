//! Components nested inside a card, and cards after the first, as real-world files have them:
//! vCard 2.1's `AGENT:` followed by a whole embedded `BEGIN:VCARD` … `END:VCARD`, or a stray
//! `BEGIN:X-…` block. calcard ends the card at a nested `BEGIN`, so every line after it (a
//! `TEL` included) was dropped; the reader gets the card without the nested blocks instead,
//! and is told how many cards the resource holds at its top level.

use contacts_formats::vcard::Delimiter;
use std::borrow::Cow;

/// A resource's text for the reader, and how many cards it holds at its top level.
#[derive(Debug)]
pub(crate) struct Shape<'a> {
    /// The text without the lines of components nested inside a card (borrowed when there
    /// are none: the usual card costs no copy).
    pub text: Cow<'a, str>,
    /// `BEGIN:VCARD` lines at the top level.
    pub cards: usize,
}

/// `text` without the components nested inside a card (see the module docs). A folded line
/// (one starting with a space or a tab) goes with the line it continues; a line opens or
/// closes a component as the reader reads it ([`Delimiter::of`]: in any case, between any
/// white space, so `\rEND:VCARD` ends a card and `BEGIN:VCARD ` begins one), and the cards
/// counted are the ones the reader finds.
pub(crate) fn flatten(text: &str) -> Shape<'_> {
    let mut depth = 0usize;
    let mut cards = 0;
    let mut kept = String::new();
    let mut dropped_any = false;
    let mut dropping = false;
    for line in text.split_inclusive('\n') {
        let continues = line.starts_with([' ', '\t']);
        if !continues {
            dropping = match Delimiter::of(line) {
                Some(begin @ Delimiter::Begin(_)) => {
                    depth += 1;
                    if depth == 1 && begin.is_vcard() {
                        cards += 1;
                    }
                    depth > 1
                }
                Some(Delimiter::End(_)) => {
                    let nested = depth > 1;
                    depth = depth.saturating_sub(1);
                    nested
                }
                None => depth > 1,
            };
        }
        if dropping {
            dropped_any = true;
        } else {
            kept.push_str(line);
        }
    }
    let text = if dropped_any {
        Cow::Owned(kept)
    } else {
        Cow::Borrowed(text)
    };
    Shape { text, cards }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`flatten`] keeps of `text`, whether it had to copy it, and the cards it counts.
    fn flat(text: &str) -> (String, bool, usize) {
        let shape = flatten(text);
        let copied = matches!(shape.text, Cow::Owned(_));
        (shape.text.into_owned(), copied, shape.cards)
    }

    #[test]
    fn nested_components_go_and_top_level_cards_are_counted() {
        let agent = "BEGIN:VCARD\r\nVERSION:2.1\r\nAGENT:\r\nBEGIN:VCARD\r\nFN:B\r\n TAIL\r\nTEL:+2\r\nEND:VCARD\r\nTEL:+1\r\nEND:VCARD\r\n";
        let kept = "BEGIN:VCARD\r\nVERSION:2.1\r\nAGENT:\r\nTEL:+1\r\nEND:VCARD\r\n";
        assert_eq!(flat(agent), (kept.to_owned(), true, 1));
        let two = "BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\nbegin:vcard\r\nFN:B\r\nend:vcard\r\n";
        assert_eq!(flat(two), (two.to_owned(), false, 2), "nothing nested");
    }

    #[test]
    fn a_card_begun_with_trailing_white_space_is_counted_as_the_reader_counts_it() {
        // `BEGIN:VCARD ` begins a card for the reader (contacts-formats trims the line): it
        // is a card here too, not a component nested in nothing, and the count agrees.
        let two = "BEGIN:VCARD \r\nFN:A\r\nEND:VCARD\r\nBEGIN:VCARD\t\r\nFN:B\r\nEND:VCARD \r\n";
        assert_eq!(flat(two), (two.to_owned(), false, 2), "nothing nested");
        assert_eq!(contacts_formats::vcard::read(two).len(), 2);
        // A card nested in one begun so is still set aside.
        let agent = "BEGIN:VCARD \r\nAGENT:\r\nBEGIN:VCARD \r\nTEL:+2\r\nEND:VCARD \r\nTEL:+1\r\nEND:VCARD\r\n";
        let kept = "BEGIN:VCARD \r\nAGENT:\r\nTEL:+1\r\nEND:VCARD\r\n";
        assert_eq!(flat(agent), (kept.to_owned(), true, 1));
    }
}
