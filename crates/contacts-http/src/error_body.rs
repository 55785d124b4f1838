//! Turning an HTTP error answer into the core `Error`, reading whatever body came with it.

use contacts_core::Error;
use serde_json::Value;
use std::borrow::Cow;
use std::time::Duration;

/// Most bytes of a body kept in an error.
pub const MAX_EXCERPT_BYTES: usize = 1024;

/// A bounded (at most [`MAX_EXCERPT_BYTES`], cut at a character boundary), secret-free excerpt
/// of a body: every occurrence of `secret` is replaced by `***`.
///
/// ```
/// use contacts_http::excerpt;
/// assert_eq!(excerpt(b"bad key sk-1 here", Some("sk-1")), "bad key *** here");
/// assert!(excerpt(&[b'x'; 5000], None).len() <= 1024 + 3);
/// ```
pub fn excerpt(body: &[u8], secret: Option<&str>) -> String {
    let text = redact(&String::from_utf8_lossy(body), secret).into_owned();
    if text.len() <= MAX_EXCERPT_BYTES {
        return text;
    }
    let mut end = MAX_EXCERPT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// `text` with every occurrence of `secret` replaced by `***` (borrowed when there is none), for
/// reading a body that may echo the credentials back: what is read from it, an error message
/// or an excerpt, then cannot hold them. An empty or absent secret changes nothing.
///
/// ```
/// use contacts_http::redact;
/// assert_eq!(redact("{\"detail\":\"bad token tok-1\"}", Some("tok-1")), "{\"detail\":\"bad token ***\"}");
/// assert_eq!(redact("nothing to hide", Some("tok-1")), "nothing to hide");
/// assert_eq!(redact("tok-1", None), "tok-1");
/// ```
pub fn redact<'a>(text: &'a str, secret: Option<&str>) -> Cow<'a, str> {
    match secret {
        Some(secret) if !secret.is_empty() && text.contains(secret) => {
            Cow::Owned(text.replace(secret, "***"))
        }
        _ => Cow::Borrowed(text),
    }
}

/// What an error body says, read leniently from the shapes vendors use: RFC 7807 problem
/// details (with an optional `errors` map of field → messages), API gateway bodies
/// (`{"statusCode","message"}`), envelopes (`{"status":"error","error","message"}`), or text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorBody {
    /// A machine-readable code (`error`, `code` or problem `type`), if any.
    pub code: Option<String>,
    /// The human message (`detail`, `message`, `title`), if any.
    pub message: Option<String>,
    /// The first field named in a validation `errors` map, and its first message.
    pub field: Option<(String, String)>,
}

impl ErrorBody {
    /// Reads a body; never fails (an unreadable body has no code, message or field).
    pub fn parse(body: &[u8]) -> Self {
        let Ok(json) = serde_json::from_slice::<Value>(body) else {
            let text = String::from_utf8_lossy(body).trim().to_owned();
            let message =
                (!text.is_empty() && text.len() <= 200 && !text.starts_with('<')).then_some(text);
            return Self {
                message,
                ..Self::default()
            };
        };
        let text = |key: &str| json.get(key).and_then(Value::as_str).map(str::to_owned);
        let field = json
            .get("errors")
            .and_then(Value::as_object)
            .and_then(|errors| {
                errors.iter().next().map(|(field, messages)| {
                    let message = match messages {
                        Value::Array(items) => items
                            .first()
                            .and_then(Value::as_str)
                            .unwrap_or("invalid")
                            .to_owned(),
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (field.clone(), message)
                })
            });
        Self {
            // `error` may be the code itself, or an object with a code and a message.
            code: text("error").or_else(|| text("code")).or_else(|| {
                json.pointer("/error/code")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            }),
            message: text("detail")
                .or_else(|| text("message"))
                .or_else(|| text("title"))
                .or_else(|| {
                    json.pointer("/error/message")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                }),
            field,
        }
    }

    /// Whether the code or the message contains any of `words` (lowercase), for vendors whose
    /// error answers are told apart only by their wording.
    ///
    /// ```
    /// use contacts_http::ErrorBody;
    /// let body = ErrorBody::parse(br#"{"status":"error","error":"not_found","message":"Contact not found"}"#);
    /// assert!(body.says(&["not found"]));
    /// assert!(!body.says(&["token"]));
    /// ```
    pub fn says(&self, words: &[&str]) -> bool {
        let text = format!(
            "{} {}",
            self.code.as_deref().unwrap_or(""),
            self.message.as_deref().unwrap_or("")
        )
        .to_lowercase();
        words.iter().any(|w| text.contains(w))
    }

    fn describe(&self, status: u16) -> String {
        match (&self.message, &self.code) {
            (Some(m), _) => m.clone(),
            (None, Some(c)) => c.clone(),
            (None, None) => format!("HTTP {status}"),
        }
    }
}

/// The core error for an HTTP error status, the usual way: 400/422 → InvalidInput (naming the
/// field when the body does), 401 → Unauthenticated, 403 → PermissionDenied, 404 → NotFound,
/// 409 → Conflict, 429 → RateLimited, 408/423/5xx → Unavailable (naming `what`), anything else
/// → Protocol. Adapters
/// whose vendor means something else by a status (Atom's 403) adjust before or after calling.
pub fn error_for_status(
    status: u16,
    retry_after: Option<Duration>,
    body: &[u8],
    secret: Option<&str>,
    what: &str,
) -> Error {
    let parsed = ErrorBody::parse(body);
    let message = excerpt(parsed.describe(status).as_bytes(), secret);
    match status {
        400 | 413 | 422 => match parsed.field {
            // The field is the server's text too: bounded and redacted like the rest.
            Some((field, reason)) => Error::invalid(
                excerpt(field.as_bytes(), secret),
                excerpt(reason.as_bytes(), secret),
            ),
            None => Error::invalid("request", message),
        },
        401 => Error::Unauthenticated { message },
        403 => Error::PermissionDenied { message },
        404 => Error::not_found(what),
        409 => Error::Conflict { message },
        429 => Error::RateLimited {
            retry_after,
            message,
        },
        // Says which call failed (`what`), so a listing that gave up after its retries
        // names what it was reading; the server's words follow when it gave any.
        408 | 423 | 500..=599 => Error::Unavailable {
            message: match parsed.message.as_ref().or(parsed.code.as_ref()) {
                Some(_) => format!("{what}: the server answered HTTP {status}: {message}"),
                None => format!("{what}: the server answered HTTP {status}"),
            },
            retry_after,
        },
        _ => Error::Protocol {
            status: Some(status),
            message: format!("unexpected HTTP status: {message}"),
            body_excerpt: excerpt(body, secret),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_plausible_shape() {
        let problem = br#"{"type":"about:blank","title":"Bad Request","status":400,"detail":"Pagination or path parameters invalid","errors":{"properties.email":["must be a string"]}}"#;
        let e = error_for_status(400, None, problem, None, "x");
        assert_eq!(e, Error::invalid("properties.email", "must be a string"));
        let gateway =
            br#"{"statusCode":401,"message":"Access denied due to invalid subscription key."}"#;
        assert!(
            matches!(error_for_status(401, None, gateway, None, "x"), Error::Unauthenticated { ref message } if message.contains("Access denied"))
        );
        let e = error_for_status(
            503,
            Some(Duration::from_secs(1)),
            b"<html>busy</html>",
            None,
            "x",
        );
        assert!(e.is_retryable());
        assert_eq!(e.retry_after(), Some(Duration::from_secs(1)));
        let e = error_for_status(418, None, b"I'm a teapot with key k-9", Some("k-9"), "x");
        assert!(
            matches!(e, Error::Protocol { status: Some(418), ref body_excerpt, .. } if body_excerpt.contains("***") && !body_excerpt.contains("k-9"))
        );
        assert!(error_for_status(404, None, b"", None, "contact 1").is_not_found());
    }

    #[test]
    fn plain_text_bodies_are_a_message_when_short_and_not_markup() {
        assert_eq!(
            ErrorBody::parse(b"  quota exceeded \n").message.as_deref(),
            Some("quota exceeded")
        );
        for unreadable in [&b""[..], b"   ", b"<html>busy</html>", &[b'x'; 201]] {
            assert_eq!(ErrorBody::parse(unreadable), ErrorBody::default());
        }
        assert!(
            ErrorBody::parse(&[b'x'; 200]).message.is_some(),
            "200 bytes is short"
        );
    }

    #[test]
    fn statuses_map_to_their_kinds() {
        let says = br#"{"message":"no access to book 7"}"#;
        assert!(matches!(
            error_for_status(403, None, says, None, "x"),
            Error::PermissionDenied { ref message } if message.contains("no access to book 7")
        ));
        assert!(matches!(
            error_for_status(409, None, says, None, "x"),
            Error::Conflict { ref message } if message.contains("no access to book 7")
        ));
    }

    #[test]
    fn an_excerpt_cuts_at_a_character_and_an_empty_secret_redacts_nothing() {
        assert_eq!(excerpt(b"abc", Some("")), "abc");
        // 1,023 ASCII bytes, then a 3-byte character across the 1,024-byte bound.
        let body = format!("{}€tail", "a".repeat(1023));
        assert_eq!(
            excerpt(body.as_bytes(), None),
            format!("{}…", "a".repeat(1023))
        );
    }

    #[test]
    fn a_field_the_server_names_is_redacted_and_bounded() {
        // A server that echoes the key as the field at fault must not put it in the error.
        let echo = br#"{"errors":{"apiKey sk-live-42":["is not valid"]}}"#;
        let e = error_for_status(422, None, echo, Some("sk-live-42"), "x");
        assert_eq!(e, Error::invalid("apiKey ***", "is not valid"));
        let long = format!(r#"{{"errors":{{"{}":["bad"]}}}}"#, "f".repeat(5000));
        let Error::InvalidInput { field, .. } =
            error_for_status(400, None, long.as_bytes(), None, "x")
        else {
            panic!("not InvalidInput")
        };
        assert!(
            field.len() <= MAX_EXCERPT_BYTES + '…'.len_utf8(),
            "{}",
            field.len()
        );
    }
}
