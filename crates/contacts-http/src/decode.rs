//! Decoding JSON bodies with errors that say where they failed.

use crate::error_body::excerpt;
use contacts_core::Error;
use serde::de::DeserializeOwned;

/// Decodes `body` as `T`. A failure is `Error::Protocol` naming the JSON path that did not fit
/// (e.g. `[3].properties.email: invalid type: integer, expected a string`), with the status and
/// a bounded excerpt of the body.
///
/// ```
/// use contacts_http::decode_json;
/// let err = decode_json::<Vec<std::collections::BTreeMap<String, String>>>(200, br#"[{"a":"x"},{"a":1}]"#, None).unwrap_err();
/// assert!(err.to_string().contains("[1].a"), "{err}");
/// ```
pub fn decode_json<T: DeserializeOwned>(
    status: u16,
    body: &[u8],
    secret: Option<&str>,
) -> Result<T, Error> {
    // The fast path: tracking the path costs on every value, so it is only paid on failure.
    // The body's UTF-8 is checked once, as a whole, rather than string by string.
    if let Ok(text) = std::str::from_utf8(body)
        && let Ok(value) = serde_json::from_str(text)
    {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        Error::Protocol {
            status: Some(status),
            message: if path == "." || path.is_empty() {
                format!("cannot read the JSON body: {inner}")
            } else {
                format!("cannot read the JSON body at {path}: {inner}")
            },
            body_excerpt: excerpt(body, secret),
        }
    })
}
