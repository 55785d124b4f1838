//! vCard text encoding (RFC 6350 §3.2–3.4, RFC 6868): escaping values and parameters and
//! folding content lines. Public because every vCard writer of the toolkit (this provider's
//! cards, `contacts export --format vcard`) must encode the same way.
//!
//! ```
//! use provider_carddav::text::{escape, fold, param};
//! assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
//! assert_eq!(param("say \"hi\"^"), "say ^'hi^'^^");
//! let long = format!("NOTE:{}", "x".repeat(100));
//! assert!(fold(&long).lines().all(|l| l.len() <= 75));
//! ```

/// The longest content line, in octets, before it is folded.
const MAX_LINE_OCTETS: usize = 75;

/// Escapes a text value: backslash, comma, semicolon, and line breaks (`\n`, `\r\n` or a lone
/// `\r`) as `\n`.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    escape_into(value, &mut out);
    out
}

/// Appends `value` escaped as [`escape`] does: for writers that build a line in a buffer they
/// keep (no allocation per value).
pub fn escape_into(value: &str, out: &mut String) {
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\r' if chars.peek() == Some(&'\n') => {
                chars.next();
                out.push_str("\\n");
            }
            '\n' | '\r' => out.push_str("\\n"),
            other => out.push(other),
        }
    }
}

/// Escapes a quoted parameter value (RFC 6868): `^` → `^^`, newline → `^n`, `"` → `^'`.
pub fn param(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    param_into(value, &mut out);
    out
}

/// Appends `value` escaped as [`param`] does.
pub fn param_into(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '^' => out.push_str("^^"),
            '\n' => out.push_str("^n"),
            '"' => out.push_str("^'"),
            other => out.push(other),
        }
    }
}

/// A content line folded at 75 octets, never inside a UTF-8 character, each physical line
/// ending in CRLF (continuations start with a space, which counts towards their 75).
pub fn fold(content: &str) -> String {
    let mut out = String::with_capacity(content.len() + content.len() / MAX_LINE_OCTETS * 3 + 2);
    fold_into(content, &mut out);
    out
}

/// Appends `content` folded as [`fold`] does.
pub fn fold_into(content: &str, out: &mut String) {
    let mut start = 0;
    let mut limit = MAX_LINE_OCTETS;
    while content.len() - start > limit {
        let mut end = start + limit;
        while !content.is_char_boundary(end) {
            end -= 1;
        }
        out.push_str(&content[start..end]);
        out.push_str("\r\n ");
        start = end;
        limit = MAX_LINE_OCTETS - 1;
    }
    out.push_str(&content[start..]);
    out.push_str("\r\n");
}
