//! Ids that a URL, a path or a number parser would misread, as the conformance check
//! `hostile_ids` sends them: every provider's wire tests send them to a fake server and assert
//! that each reaches only its own resource, or nothing.

/// Empty, dot segments, separators, a percent-escape, a query, a fragment, white space, a
/// leading zero or sign, a NUL, then `extra` (a provider's own near misses), and a 10 KB id
/// of `long` repeated (a digit for a provider with numeric ids, so it parses as a number).
pub fn hostile_ids(extra: &[&str], long: char) -> Vec<String> {
    let fixed = [
        "", ".", "..", "a/b", "../x", "%2e%2e", "?all=1", "#x", " 1", "01", "+1", "\u{0}",
    ];
    let mut ids: Vec<String> = fixed.iter().chain(extra).map(|&s| s.to_owned()).collect();
    ids.push(String::from(long).repeat(10 * 1024));
    ids
}
