//! Ids are data, never paths: the two forms an id takes outside the model, written once for
//! every crate that needs them. An id goes into a URL as exactly one path segment, or is read
//! as an integer only in its canonical decimal form, so no id can address another resource
//! (`..` the API root, `a/b` a sub-resource, `?all=1` a collection with a query, `01` the
//! contact `1`).
//!
//! The HTTP adapters (through `contacts-http`, which re-exports these), the protocol's paths
//! and the stores that number their ids all call these.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What is percent-encoded: everything but RFC 3986's unreserved characters, so `/`, `?`,
/// `#`, `%`, `&`, `=`, `+`, spaces, controls and every non-ASCII byte are data.
const DATA: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `value` with every byte but RFC 3986's unreserved characters (letters, digits, `-._~`)
/// percent-encoded: safe as a query value. As a path segment it is safe only when it is not
/// empty, `.` or `..`; write ids into paths with [`path_segment`], which refuses those.
///
/// ```
/// use contacts_core::percent_encode;
/// assert_eq!(percent_encode("a b&c=d+e"), "a%20b%26c%3Dd%2Be");
/// assert_eq!(percent_encode("v1.2~x"), "v1.2~x");
/// ```
pub fn percent_encode(value: &str) -> String {
    utf8_percent_encode(value, DATA).to_string()
}

/// `id` percent-encoded ([`percent_encode`]) as exactly one URL path segment, or `None` when
/// no encoding can make it one: the empty string (the collection itself) and the dot segments
/// `.` and `..`, which a URL resolves away even percent-encoded (the WHATWG URL standard reads
/// `%2e%2e`, in any case, as `..`, so `contacts/%2E%2E` is the API root).
///
/// ```
/// use contacts_core::path_segment;
/// assert_eq!(path_segment("606312a5d233ab8484e18404").as_deref(), Some("606312a5d233ab8484e18404"));
/// assert_eq!(path_segment("a/b").as_deref(), Some("a%2Fb"));
/// assert_eq!(path_segment("../x").as_deref(), Some("..%2Fx"));
/// assert_eq!(path_segment("%2e%2e").as_deref(), Some("%252e%252e"));
/// assert_eq!(path_segment("?all=1").as_deref(), Some("%3Fall%3D1"));
/// assert_eq!(path_segment(" 1").as_deref(), Some("%201"));
/// for none in ["", ".", ".."] {
///     assert_eq!(path_segment(none), None);
/// }
/// ```
pub fn path_segment(id: &str) -> Option<String> {
    if matches!(id, "" | "." | "..") {
        return None;
    }
    Some(percent_encode(id))
}

/// `id` as an integer, only when it is written exactly as that integer is rendered (decimal
/// digits, no sign, no leading zero, no white space, within `u64`): ids are compared as the
/// strings they are, so `01`, `+1` and ` 1` are not the id `1`.
///
/// ```
/// use contacts_core::decimal_id;
/// assert_eq!(decimal_id("123456"), Some(123456));
/// assert_eq!(decimal_id("0"), Some(0));
/// for not in ["", "01", "+1", "-1", " 1", "1 ", "1e3", "0x1", "１", "99999999999999999999"] {
///     assert_eq!(decimal_id(not), None, "{not:?}");
/// }
/// ```
pub fn decimal_id(id: &str) -> Option<u64> {
    let canonical = id.bytes().all(|b| b.is_ascii_digit())
        && !id.is_empty()
        && (id == "0" || !id.starts_with('0'));
    if !canonical {
        return None;
    }
    id.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a URL parser does with a segment, without a URL crate: the WHATWG standard's
    /// single-dot and double-dot segments (`.`, `%2e`, `..`, `.%2e`, `%2e.`, `%2e%2e`, any
    /// case) are the ones it resolves away.
    fn is_dot_segment(segment: &str) -> bool {
        let lower = segment.to_ascii_lowercase();
        matches!(
            lower.as_str(),
            "." | "%2e" | ".." | ".%2e" | "%2e." | "%2e%2e"
        )
    }

    #[test]
    fn an_encoded_segment_never_holds_a_separator_or_a_dot_segment() {
        let long = "x/".repeat(5000);
        for id in [
            "a/b", "../x", "%2e%2e", "%2E%2E", ".%2e", "?all=1", "#x", " 1", "\u{0}", "é/ü", "./",
            "..%2F", "...", &long,
        ] {
            let segment = path_segment(id).unwrap();
            assert!(
                !segment.contains(['/', '?', '#', ' ', '\u{0}', '\\']),
                "{id:?} → {segment}"
            );
            assert!(!is_dot_segment(&segment), "{id:?} → {segment}");
        }
    }

    #[test]
    fn a_decimal_id_round_trips_to_the_same_text() {
        for text in ["0", "1", "42", "18446744073709551615"] {
            assert_eq!(
                decimal_id(text).map(|n| n.to_string()).as_deref(),
                Some(text)
            );
        }
        assert_eq!(decimal_id("18446744073709551616"), None);
    }
}
