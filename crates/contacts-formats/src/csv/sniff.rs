//! Telling a CSV file's separator from its header line, and a header that is data.

/// The separators `--delimiter` accepts and detection chooses from.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The separator of a CSV file whose first line is `header`: the one of [`DELIMITERS`] found
/// most often outside quotes (`,` when none is, or on a tie with it).
pub fn delimiter(start: &[u8]) -> u8 {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    for &b in start {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let (best, count) =
        counts.iter().enumerate().fold(
            (0, 0),
            |best, (i, &n)| if n > best.1 { (i, n) } else { best },
        );
    if count == 0 { b',' } else { DELIMITERS[best] }
}

/// The name of a separator in messages.
pub fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tab".to_owned(),
        other => format!("'{}'", other as char),
    }
}

/// A header cell that looks like data rather than a column name: a phone number
/// (`+46701234567`) or digits only.
pub fn looks_like_data(cell: &str) -> bool {
    let cell = cell.trim();
    let digits = cell.bytes().filter(u8::is_ascii_digit).count();
    let number_like = |c: char| c.is_ascii_digit() || " -().".contains(c);
    if let Some(rest) = cell.strip_prefix('+') {
        return digits >= 6 && rest.chars().all(number_like);
    }
    !cell.is_empty() && cell.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_header_line_s_most_frequent() {
        assert_eq!(delimiter(b"phoneNumber;firstName;labels\n+46,a,b"), b';');
        assert_eq!(delimiter(b"phoneNumber\tfirstName\r\n"), b'\t');
        assert_eq!(delimiter(b"a|b|c"), b'|');
        assert_eq!(delimiter(b"\"x;y\",z\n"), b',');
        assert_eq!(delimiter(b"phoneNumber\n1;2;3"), b',');
    }

    #[test]
    fn numbers_in_a_header_are_data() {
        assert!(looks_like_data("+46701234567"));
        assert!(looks_like_data("+46 70-123 45 67"));
        assert!(looks_like_data("12345"));
        assert!(!looks_like_data("phoneNumber"));
        assert!(!looks_like_data("+x"));
        assert!(!looks_like_data("c3"));
    }
}
