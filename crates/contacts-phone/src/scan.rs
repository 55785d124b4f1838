//! Reading the characters of a raw phone number: digits, a leading `+`, separators.

use crate::PhoneError;

/// More digits than this cannot be a number even with an international prefix in front
/// (E.164's 15 plus a prefix of up to 5, such as `00` or `0011`).
pub(crate) const MAX_SCANNED_DIGITS: usize = 20;

/// A raw number reduced to what matters: its ASCII digits, after a `+` when it had one. Kept
/// inline (a `+` and at most [`MAX_SCANNED_DIGITS`] digits): reading a number allocates
/// nothing until it is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Scanned {
    text: [u8; 1 + MAX_SCANNED_DIGITS],
    len: usize,
}

impl Scanned {
    fn push(&mut self, byte: u8) {
        self.text[self.len] = byte;
        self.len += 1;
    }

    /// Whether the number started with `+`.
    pub(crate) fn plus(&self) -> bool {
        self.text[0] == b'+'
    }

    /// The digits, without the `+`.
    pub(crate) fn digits(&self) -> &str {
        self.canonical().trim_start_matches('+')
    }

    /// `+` (when given) and the digits: the canonical text, the same for every way of writing
    /// the same digits.
    pub(crate) fn canonical(&self) -> &str {
        // Only ASCII digits and `+` are pushed.
        std::str::from_utf8(&self.text[..self.len]).unwrap_or_default()
    }
}

/// Separators people write between groups of digits.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '.' | '/' | '(' | ')' | '[' | ']' | '\u{2010}'..='\u{2015}' | '\u{2212}'
        )
}

/// ASCII and full-width digits, as their ASCII digit.
fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8),
        '\u{FF10}'..='\u{FF19}' => u8::try_from(u32::from(c) - 0xFF10 + u32::from(b'0')).ok(),
        _ => None,
    }
}

/// Reads `raw` into a [`Scanned`]; anything but digits, one leading `+` and separators is an
/// error naming the first offending character.
pub(crate) fn scan(raw: &str) -> Result<Scanned, PhoneError> {
    let mut text = Scanned {
        text: [0; 1 + MAX_SCANNED_DIGITS],
        len: 0,
    };
    let mut count = 0;
    for c in raw.chars() {
        if let Some(d) = digit(c) {
            if count == MAX_SCANNED_DIGITS {
                let count = raw.chars().filter_map(digit).count();
                return Err(PhoneError::TooLong {
                    input: raw.to_owned(),
                    digits: count,
                    region: None,
                });
            }
            text.push(d);
            count += 1;
        } else if c == '+' || c == '\u{FF0B}' {
            if text.len > 0 {
                return Err(PhoneError::MisplacedPlus {
                    input: raw.to_owned(),
                });
            }
            text.push(b'+');
        } else if !is_separator(c) {
            return Err(bad_character(raw, c));
        }
    }
    if count == 0 {
        return Err(PhoneError::NoDigits {
            input: raw.to_owned(),
        });
    }
    Ok(text)
}

fn bad_character(raw: &str, found: char) -> PhoneError {
    let input = raw.to_owned();
    if found.is_alphabetic() {
        PhoneError::Letters { input, found }
    } else {
        PhoneError::UnexpectedCharacter { input, found }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> (bool, String) {
        let s = scan(raw).unwrap();
        (s.plus(), s.digits().to_owned())
    }

    #[test]
    fn separators_are_dropped() {
        assert_eq!(ok("+1 (520) 878-2491"), (true, "15208782491".into()));
        assert_eq!(ok("070.123\u{a0}45/67"), (false, "0701234567".into()));
        assert_eq!(ok("\u{FF0B}\u{FF14}\u{FF16}"), (true, "46".into()));
    }

    #[test]
    fn offending_characters_are_named() {
        assert!(matches!(
            scan("12a"),
            Err(PhoneError::Letters { found: 'a', .. })
        ));
        assert!(matches!(
            scan("1#2"),
            Err(PhoneError::UnexpectedCharacter { found: '#', .. })
        ));
        assert!(matches!(
            scan("46+70"),
            Err(PhoneError::MisplacedPlus { .. })
        ));
        assert!(matches!(
            scan("++46"),
            Err(PhoneError::MisplacedPlus { .. })
        ));
        assert!(matches!(scan(" - "), Err(PhoneError::NoDigits { .. })));
    }

    #[test]
    fn very_long_input_stops_early() {
        let long = "9".repeat(10_000);
        assert!(matches!(
            scan(&long),
            Err(PhoneError::TooLong { digits: 10_000, .. })
        ));
    }
}
