//! Ids are data, never paths: how an id the caller gives goes into a URL (exactly one path
//! segment) or is read as a vendor's integer (exactly its canonical decimal form), so no id
//! can address another resource (`..` the API root, `a/b` a sub-resource, `?all=1` a
//! collection with a query, `01` the contact `1`).
//!
//! Every HTTP adapter calls these before sending anything for an id, and answers an id that
//! fails them with `NotFound` (an id that cannot exist is unknown) or, for a name the caller
//! writes (a label), `InvalidInput`.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What is percent-encoded in a segment: everything but RFC 3986's unreserved characters,
/// so `/`, `?`, `#`, `%`, spaces, controls and every non-ASCII byte are data.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `id` percent-encoded as exactly one URL path segment, or `None` when no encoding can make
/// it one: the empty string (the collection itself) and the dot segments `.` and `..`, which
/// a URL resolves away even percent-encoded (`contacts/%2E%2E` is the API root).
///
/// ```
/// use contacts_http::path_segment;
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
    Some(utf8_percent_encode(id, SEGMENT).to_string())
}

/// `id` as a vendor's integer id, only when it is written exactly as that integer is
/// rendered (decimal digits, no sign, no leading zero, no white space, within `u64`): ids
/// are compared as the strings they are, so `01`, `+1` and ` 1` are not the id `1`.
///
/// ```
/// use contacts_http::decimal_id;
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

    #[test]
    fn an_encoded_segment_never_holds_a_separator_or_a_dot_segment() {
        let long = "x/".repeat(5000);
        for id in [
            "a/b", "../x", "%2e%2e", "?all=1", "#x", " 1", "\u{0}", "é/ü", "./", "..%2F", &long,
        ] {
            let segment = path_segment(id).unwrap();
            assert!(
                !segment.contains(['/', '?', '#', ' ', '\u{0}']),
                "{id:?} → {segment}"
            );
            let base = url::Url::parse("https://api.example.com/v2/contacts/").unwrap();
            let url = base.join(&segment).unwrap();
            assert_eq!(
                url.path().rsplit_once('/').unwrap().0,
                "/v2/contacts",
                "{id:?} left the collection: {url}"
            );
            assert_eq!((url.query(), url.fragment()), (None, None), "{id:?}");
        }
    }
}
