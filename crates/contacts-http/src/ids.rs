//! Ids are data, never paths: how an id the caller gives goes into a URL (exactly one path
//! segment) or is read as a vendor's integer (exactly its canonical decimal form), so no id
//! can address another resource (`..` the API root, `a/b` a sub-resource, `?all=1` a
//! collection with a query, `01` the contact `1`).
//!
//! Every HTTP adapter calls these before sending anything for an id, and answers an id that
//! fails them with `NotFound` (an id that cannot exist is unknown) or, for a name the caller
//! writes (a label), `InvalidInput`. They are contacts-core's ([`contacts_core::path_segment`],
//! [`contacts_core::decimal_id`]), the one encoder and parser the protocol's paths and the
//! stores share, re-exported here for the adapters.

pub use contacts_core::{decimal_id, path_segment};

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
