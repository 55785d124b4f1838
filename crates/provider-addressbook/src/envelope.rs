//! Atom's response envelope: `{"status":"success","result":…}` or an error, on any HTTP status.

use contacts_core::{Error, Result};
use contacts_http::excerpt;
use serde_json::Value;
use std::time::Duration;

/// What the vendor's error envelope says (`{"status":"error","error":"<code>","message":"…"}`;
/// the shape is undocumented, so every part is optional).
#[derive(Debug, Default, PartialEq)]
struct Failure {
    code: Option<String>,
    message: Option<String>,
}

/// Turns one HTTP answer into the envelope's `result`, or a typed error.
///
/// The vendor documents only 200, 403 (authentication failed), 429 (`rate_limited`, with
/// `Retry-After`) and 500; whether an unknown id is a 4xx or a 200 carrying an error envelope
/// is undocumented, so both are read the same way: the envelope's code and message decide,
/// then the HTTP status. Every text taken from the body is bounded and has `secret` replaced
/// by `***`, so a server echoing the token cannot leak it through an error.
pub fn interpret(
    status: u16,
    retry_after: Option<Duration>,
    body: &[u8],
    secret: Option<&str>,
) -> Result<Value> {
    let body_excerpt = || excerpt(body, secret);
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let envelope_status = parsed
        .as_ref()
        .and_then(|v| v.get("status"))
        .and_then(Value::as_str);
    if status == 200 && envelope_status == Some("success") {
        return match parsed.and_then(|mut v| v.get_mut("result").map(Value::take)) {
            Some(result) => Ok(result),
            None => Err(Error::Protocol {
                status: Some(status),
                message: "a success envelope without a `result`".into(),
                body_excerpt: body_excerpt(),
            }),
        };
    }
    let mut failure = parsed.as_ref().map(read_failure).unwrap_or_default();
    failure.message = failure.message.map(|m| excerpt(m.as_bytes(), secret));
    failure.code = failure.code.map(|c| excerpt(c.as_bytes(), secret));
    if status == 200 && parsed.is_none() {
        return Err(Error::Protocol {
            status: Some(status),
            message: "expected a JSON envelope".into(),
            body_excerpt: body_excerpt(),
        });
    }
    if status == 200 && envelope_status.is_none() {
        return Err(Error::Protocol {
            status: Some(status),
            message: "a JSON body without the envelope's `status`".into(),
            body_excerpt: body_excerpt(),
        });
    }
    Err(classify(status, retry_after, failure, body_excerpt))
}

fn read_failure(body: &Value) -> Failure {
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
    Failure {
        // `error` may be the code, or an object with a code and a message.
        code: text("error").or_else(|| text("code")).or_else(|| {
            body.pointer("/error/code")
                .and_then(Value::as_str)
                .map(str::to_owned)
        }),
        message: text("message").or_else(|| {
            body.pointer("/error/message")
                .and_then(Value::as_str)
                .map(str::to_owned)
        }),
    }
}

fn classify(
    status: u16,
    retry_after: Option<Duration>,
    failure: Failure,
    excerpt: impl Fn() -> String,
) -> Error {
    let code = failure.code.as_deref().unwrap_or("").to_ascii_lowercase();
    let message = failure
        .message
        .clone()
        .or_else(|| failure.code.clone())
        .unwrap_or_else(|| format!("HTTP {status}"));
    let says = |words: &[&str]| {
        let text = format!("{code} {}", message.to_ascii_lowercase());
        words.iter().any(|w| text.contains(w))
    };
    if status == 429 || code == "rate_limited" {
        return Error::RateLimited {
            retry_after,
            message,
        };
    }
    if status == 403 || status == 401 || says(&["authentication", "unauthori", "token"]) {
        return Error::Unauthenticated { message };
    }
    if status == 404 || says(&["not_found", "not found", "does not exist", "unknown id"]) {
        return Error::NotFound { what: message };
    }
    let refused_input = matches!(status, 400 | 413 | 422)
        || (status == 200 && says(&["invalid", "required", "validation", "missing"]));
    if refused_input {
        let field = if code.is_empty() {
            "request".to_owned()
        } else {
            code
        };
        return Error::invalid(field, message);
    }
    match status {
        408 | 500..=599 => Error::Unavailable {
            message,
            retry_after,
        },
        409 => Error::Conflict { message },
        _ => Error::Protocol {
            status: Some(status),
            message: format!("the server reported an error: {message}"),
            body_excerpt: excerpt(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(status: u16, body: &str) -> Result<Value> {
        interpret(
            status,
            Some(Duration::from_secs(2)),
            body.as_bytes(),
            Some("tok-1"),
        )
    }

    #[test]
    fn success_yields_the_result() {
        assert_eq!(
            run(200, r#"{"status":"success","result":{"id":"5"}}"#).unwrap(),
            json!({"id":"5"})
        );
    }

    #[test]
    fn an_error_envelope_on_200_is_an_error() {
        let err = run(
            200,
            r#"{"status":"error","error":"not_found","message":"Contact not found"}"#,
        )
        .unwrap_err();
        assert!(err.is_not_found(), "{err:?}");
        let err = run(
            200,
            r#"{"status":"error","message":"Invalid phone number"}"#,
        )
        .unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
        let err = run(200, r#"{"status":"failed"}"#).unwrap_err();
        assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    }

    #[test]
    fn statuses_map_to_typed_errors() {
        assert!(matches!(
            run(
                403,
                r#"{"status":"error","error":"authentication_failed","message":"bad token"}"#
            ),
            Err(Error::Unauthenticated { .. })
        ));
        let limited = run(
            429,
            r#"{"status":"error","error":"rate_limited","message":"slow down"}"#,
        )
        .unwrap_err();
        assert_eq!(limited.retry_after(), Some(Duration::from_secs(2)));
        assert!(run(404, "").unwrap_err().is_not_found());
        assert!(run(500, "<html>oops</html>").unwrap_err().is_retryable());
        assert!(matches!(
            run(
                400,
                r#"{"status":"error","error":"invalid_request","message":"group_id is required"}"#
            ),
            Err(Error::InvalidInput { .. })
        ));
        assert!(matches!(run(200, "not json"), Err(Error::Protocol { .. })));
        let err = run(403, r#"{"status":"error","message":"bad token tok-1"}"#).unwrap_err();
        assert!(!format!("{err:?}").contains("tok-1"), "{err:?}");
        assert!(matches!(
            run(200, r#"{"status":"success"}"#),
            Err(Error::Protocol { .. })
        ));
    }
}
