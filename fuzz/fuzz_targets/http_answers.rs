//! What a vendor answers besides JSON: `Link` and `Retry-After` headers and error bodies. Read
//! without a panic; an error's excerpt is bounded, and neither it nor the error made of the
//! answer shows the key.
#![no_main]

use arbitrary::Arbitrary;
use contacts_http::{
    ErrorBody, MAX_EXCERPT_BYTES, error_for_status, excerpt, link_with_rel, parse_retry_after,
};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    link: &'a str,
    rel: &'a str,
    retry_after: &'a str,
    status: u16,
    body: &'a [u8],
    secret: &'a str,
}

fuzz_target!(|input: Input<'_>| {
    let _ = link_with_rel(input.link, input.rel);
    let _ = parse_retry_after(input.retry_after);
    let parsed = ErrorBody::parse(input.body);
    let _ = parsed.says(&["not found", input.rel]);
    let shown = excerpt(input.body, Some(input.secret));
    // The bounded bytes and an ellipsis.
    assert!(
        shown.len() <= MAX_EXCERPT_BYTES + '…'.len_utf8(),
        "{} bytes",
        shown.len()
    );
    let key_like = input.secret.len() >= 4
        && input
            .secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if key_like {
        assert!(!shown.contains(input.secret), "the key shows in {shown:?}");
    }
    let error = error_for_status(input.status, None, input.body, Some(input.secret), "it");
    // Display only: `Debug` writes a NUL as `\0`, which with the digits after it can spell a
    // key made of digits that the text does not hold.
    let shown = error.to_string();
    if key_like {
        assert!(!shown.contains(input.secret), "the key shows in {shown}");
    }
});
