//! Ids that a URL, a path or a number parser would misread, as the conformance check
//! `hostile_ids` sends them: every provider's wire tests send them to a fake server and assert
//! that each reaches only its own resource, or nothing.

use contacts_core::{ContactId, ContactPatch, ContactProvider, Error, GetOptions, NewContact};

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

/// The outcomes of the four calls every provider takes a contact id in — `get`, `update`
/// with `patch`, `replace` with `replacement`, `delete` — for the hostile `id`, named for
/// [`assert_refused`]. One list for every provider's hostile-id test, which adds the calls of
/// its own optional capabilities.
pub async fn contact_outcomes<P: ContactProvider + ?Sized>(
    provider: &P,
    id: &ContactId,
    patch: &ContactPatch,
    replacement: &NewContact,
) -> Vec<(&'static str, Result<(), Error>)> {
    vec![
        (
            "get",
            provider.get(id, &GetOptions::default()).await.map(drop),
        ),
        ("update", provider.update(id, patch).await.map(drop)),
        ("replace", provider.replace(id, replacement).await.map(drop)),
        ("delete", provider.delete(id).await),
    ]
}

/// Asserts that every `(operation, outcome)` for the hostile id `raw` was refused as the id
/// of no contact: `NotFound` or `InvalidInput`, never a success and never another error. A
/// failure names the operation and the id's first 12 characters.
pub fn assert_refused<'a>(
    raw: &str,
    outcomes: impl IntoIterator<Item = (&'a str, Result<(), Error>)>,
) {
    let shown: String = raw.chars().take(12).collect();
    for (op, outcome) in outcomes {
        assert!(
            matches!(&outcome, Err(e) if e.is_not_found() || matches!(e, Error::InvalidInput { .. })),
            "{op} {shown:?}: {outcome:?}"
        );
    }
}

/// Asserts that a request a fake server saw for the hostile id `raw` (`method` on `target`,
/// the raw path and query) went to that id's own resource: one non-empty segment right under
/// `collection` (no further `/`, no query, no fragment) that percent-decodes to `raw`, by one
/// of `methods`. Anything else is a request the id steered somewhere it must not reach.
pub fn assert_own_resource(
    raw: &str,
    collection: &str,
    methods: &[&str],
    (method, target): (&str, &str),
) {
    let shown: String = raw.chars().take(12).collect();
    let own = target
        .strip_prefix(collection)
        .filter(|segment| !segment.is_empty() && !segment.contains(['/', '?', '#']))
        .map(|segment| percent_encoding::percent_decode_str(segment).decode_utf8_lossy());
    assert_eq!(
        own.as_deref(),
        Some(raw),
        "{method} {target} for the id {shown:?}: only its own resource"
    );
    assert!(methods.contains(&method), "{method} {target}");
}
