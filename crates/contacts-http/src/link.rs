//! Reading `Link` headers (RFC 8288), as paginated APIs such as iP1's send them.

/// The URL of the link with relation `rel`, if the header has one.
///
/// ```
/// let h = r#"<https://api.ip1sms.com/v2/contacts?start=100&limit=50&order=ASC>; rel="next", <https://api.ip1sms.com/v2/contacts?start=950&limit=50>; rel="last""#;
/// assert_eq!(contacts_http::link_with_rel(h, "next").as_deref(), Some("https://api.ip1sms.com/v2/contacts?start=100&limit=50&order=ASC"));
/// assert_eq!(contacts_http::link_with_rel(h, "prev"), None);
/// ```
pub fn link_with_rel(header: &str, rel: &str) -> Option<String> {
    // Split on '<' rather than ',' so commas inside URLs cannot break the parse.
    header.split('<').skip(1).find_map(|part| {
        let (url, params) = part.split_once('>')?;
        let has_rel = params.split(';').any(|p| {
            let p = p.trim().trim_end_matches(',').trim();
            p.strip_prefix("rel=")
                .map(|v| {
                    v.trim_matches('"')
                        .split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case(rel))
                })
                .unwrap_or(false)
        });
        has_rel.then(|| url.trim().to_owned())
    })
}
