//! A stored vCard as a server might hold it, read, then edited as an update writes it: reading
//! never panics; an edit either reads back as what was asked for (every key set, the labels)
//! or is refused, and a card of sound structure (one `BEGIN:VCARD` ... `END:VCARD`, nothing
//! nested) is never refused for what the line editor would do to it.
#![no_main]

use arbitrary::Arbitrary;
use contacts_core::{Error, Labels};
use libfuzzer_sys::fuzz_target;
use provider_carddav::fuzzing::{KEYS, edit_card, read_card};

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    card: &'a str,
    /// Per stored key: `None` leaves it, `Some(None)` removes it, `Some(Some(v))` sets `v`.
    changes: [Option<Option<&'a str>>; 6],
    /// New labels, or `None` to leave them.
    labels: Option<Vec<&'a str>>,
}

fuzz_target!(|input: Input<'_>| {
    let Ok((props, labels)) = read_card(input.card) else {
        return;
    };
    let mut want = props.clone();
    for (key, change) in KEYS.iter().zip(input.changes) {
        match change {
            None => {}
            Some(None) => {
                want.remove(key);
            }
            Some(Some(value)) => {
                want.set(*key, value);
            }
        }
    }
    let want_labels = match input.labels {
        // Empty labels are refused before a provider sees them.
        Some(new) => new
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect::<Labels>(),
        None => labels.clone(),
    };
    if want == props && want_labels == labels {
        return; // the provider writes nothing
    }
    match edit_card(input.card, &want, &want_labels) {
        Ok(text) => {
            // The edit was read back before it was returned; read it as a server hands it out.
            let (got, got_labels) = read_card(&text)
                .unwrap_or_else(|e| panic!("the edited card does not read back: {e}\n{text}"));
            for (key, value) in want.iter() {
                assert_eq!(got.get(key), Some(value), "{key} after the edit:\n{text}");
            }
            assert_eq!(got_labels, want_labels, "labels after the edit:\n{text}");
        }
        // Values a vCard cannot carry are refused for every card.
        Err(Error::InvalidInput { .. }) => {}
        // A card of sound structure is never refused for what the editor would do to it.
        Err(e) => assert!(!sound(input.card), "refused: {e}"),
    }
});

/// One `BEGIN:VCARD` first and one `END:VCARD` last, no other component inside, a name (RFC
/// 6350's letters, digits, `-`, and `.` after a group) and a value on every line, whichever line breaks a reader goes by, and no control characters (XML
/// cannot carry them, so no server hands them out).
fn sound(text: &str) -> bool {
    // A lone carriage return breaks a line for some readers.
    let heads: Vec<&str> = text
        .split(['\r', '\n'])
        .filter(|l| !l.trim().is_empty() && !l.starts_with([' ', '\t']))
        .collect();
    let is = |line: &str, want: &str| line.eq_ignore_ascii_case(want);
    let starts = |line: &str, word: &str| {
        line.get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
    };
    match heads.as_slice() {
        [first, inner @ .., last] => {
            is(first, "BEGIN:VCARD")
                && is(last, "END:VCARD")
                && !inner.iter().any(|l| {
                    ["BEGIN:", "BEGIN;", "END:", "END;"]
                        .iter()
                        .any(|w| starts(l, w))
                })
                && inner.iter().all(|l| l.contains(':') && named(l))
                && !text
                    .chars()
                    .any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
        }
        _ => false,
    }
}

/// Whether the line starts with a name as RFC 6350 writes them, then `;` or `:`.
fn named(line: &str) -> bool {
    let end = line.find([';', ':']).unwrap_or(line.len());
    let name = &line[..end];
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}
