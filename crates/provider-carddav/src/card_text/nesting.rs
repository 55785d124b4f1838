//! Components nested inside a card, and cards after the first, as real-world files have them:
//! vCard 2.1's `AGENT:` followed by a whole embedded `BEGIN:VCARD` … `END:VCARD`, or a stray
//! `BEGIN:X-…` block. calcard ends the card at a nested `BEGIN`, so every line after it (a
//! `TEL` included) was dropped; the reader gets the card without the nested blocks instead,
//! and is told how many cards the resource holds at its top level.

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

/// What a content line opens or closes, read case-insensitively after leading white space
/// (`\rEND:VCARD` ends a card for the reader too).
fn verb(line: &str) -> Option<(bool, &str)> {
    let line = line.trim_start_matches('\r');
    let (name, value) = line.split_once(':')?;
    let value = value.trim_end_matches(['\r', '\n']);
    if name.eq_ignore_ascii_case("BEGIN") {
        Some((true, value))
    } else if name.eq_ignore_ascii_case("END") {
        Some((false, value))
    } else {
        None
    }
}

/// `text` without the components nested inside a card (see the module docs). A folded line
/// (one starting with a space or a tab) goes with the line it continues.
pub(crate) fn flatten(text: &str) -> Shape<'_> {
    let mut depth = 0usize;
    let mut cards = 0;
    let mut kept = String::new();
    let mut dropped_any = false;
    let mut dropping = false;
    for line in text.split_inclusive('\n') {
        let continues = line.starts_with([' ', '\t']);
        if !continues {
            dropping = match verb(line) {
                Some((true, what)) => {
                    depth += 1;
                    if depth == 1 && what.eq_ignore_ascii_case("VCARD") {
                        cards += 1;
                    }
                    depth > 1
                }
                Some((false, _)) => {
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

    #[test]
    fn nested_components_go_and_top_level_cards_are_counted() {
        let agent = "BEGIN:VCARD\r\nVERSION:2.1\r\nAGENT:\r\nBEGIN:VCARD\r\nFN:B\r\n TAIL\r\nTEL:+2\r\nEND:VCARD\r\nTEL:+1\r\nEND:VCARD\r\n";
        let shape = flatten(agent);
        assert_eq!(
            shape.text,
            "BEGIN:VCARD\r\nVERSION:2.1\r\nAGENT:\r\nTEL:+1\r\nEND:VCARD\r\n"
        );
        assert_eq!(shape.cards, 1);
        let two = "BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\nbegin:vcard\r\nFN:B\r\nend:vcard\r\n";
        let shape = flatten(two);
        assert!(matches!(shape.text, Cow::Borrowed(_)), "nothing nested");
        assert_eq!(shape.cards, 2);
    }
}
