//! Atom's response envelope: `{"status":"success","result":…}` or an error, on any HTTP status.

use contacts_core::{Error, Result};
use contacts_http::{ErrorBody, error_for_status, excerpt};
use serde_json::Value;
use std::time::Duration;

/// Turns one HTTP answer into the envelope's `result`, or a typed error.
///
/// The vendor documents only 200, 403 (authentication failed), 429 (`rate_limited`, with
/// `Retry-After`) and 500; whether an unknown id is a 4xx or a 200 carrying an error envelope
/// is undocumented, so both are read the same way: the envelope's code and message decide
/// what the answer means ([`vendor_status`]), then `contacts-http` maps that status as for
/// every adapter, with every text taken from the body bounded and `secret` replaced by `***`.
pub fn interpret(
    status: u16,
    retry_after: Option<Duration>,
    body: &[u8],
    secret: Option<&str>,
) -> Result<Value> {
    let protocol = |message: &str| Error::Protocol {
        status: Some(status),
        message: message.to_owned(),
        body_excerpt: excerpt(body, secret),
    };
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let envelope_status = parsed
        .as_ref()
        .and_then(|v| v.get("status"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    if status == 200 {
        match (envelope_status.as_deref(), parsed) {
            (Some("success"), Some(mut v)) => {
                return v
                    .get_mut("result")
                    .map(Value::take)
                    .ok_or_else(|| protocol("a success envelope without a `result`"));
            }
            (_, None) => return Err(protocol("expected a JSON envelope")),
            (None, Some(_)) => return Err(protocol("a JSON body without the envelope's `status`")),
            (Some(_), Some(_)) => {}
        }
    }
    let failure = ErrorBody::parse(body);
    match vendor_status(status, &failure) {
        200 => Err(Error::Protocol {
            status: Some(200),
            message: format!(
                "the server reported an error: {}",
                excerpt(
                    failure
                        .message
                        .or(failure.code)
                        .unwrap_or_default()
                        .as_bytes(),
                    secret
                )
            ),
            body_excerpt: excerpt(body, secret),
        }),
        meant => Err(error_for_status(
            meant,
            retry_after,
            body,
            secret,
            "the requested object",
        )),
    }
}

/// Wording that says the record asked for does not exist. Atom documents no error body and
/// no "not found" status (its documented statuses are 200, 403 and 500, and 429 for its rate
/// limit), so an unknown id may come as a 500 whose only clue is its wording. *Assumption*:
/// no source gives Atom's words, so this is a reasonable set: the code `not_found`, the
/// usual English phrasings, and the message of a PHP framework's missing model ("No query
/// results for model …"), which a catch-all 500 handler would pass on.
const NOT_FOUND_WORDS: [&str; 10] = [
    "not_found",
    "not found",
    "notfound",
    "does not exist",
    "doesn't exist",
    "no such",
    "unknown id",
    "unknown contact",
    "unknown address book",
    "no query results",
];

/// Wording that says the request itself is wrong, so sending it again cannot succeed.
const INVALID_WORDS: [&str; 4] = ["invalid", "required", "validation", "missing"];

/// The HTTP status an Atom error answer means. Atom sends errors with any status, 200
/// included, means "bad token" by 403, and documents 500 as its only other error; its codes
/// and wording say the rest. A 500 that says what is wrong is read as that (not found,
/// invalid), since retrying it cannot succeed; one that says nothing stays a server error.
pub fn vendor_status(status: u16, failure: &ErrorBody) -> u16 {
    if status == 429 || failure.code.as_deref() == Some("rate_limited") {
        429
    } else if matches!(status, 401 | 403) || failure.says(&["authentication", "unauthori", "token"])
    {
        401
    } else if status == 404 || failure.says(&NOT_FOUND_WORDS) {
        404
    } else if matches!(status, 200 | 500) && failure.says(&INVALID_WORDS) {
        400
    } else {
        status
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
        // Atom's documented server error, saying what is wrong: not worth a retry.
        for missing in [
            r#"{"status":"error","error":"server_error","message":"Contact not found."}"#,
            r#"{"status":"error","message":"Address book 4 does not exist"}"#,
            r#"{"status":"error","message":"No query results for model [App\\Models\\Contact] 4"}"#,
            r#"{"status":"error","error":"not_found"}"#,
            "Contact not found",
        ] {
            assert!(run(500, missing).unwrap_err().is_not_found(), "{missing}");
        }
        assert!(matches!(
            run(
                500,
                r#"{"status":"error","message":"phone_number is required"}"#
            ),
            Err(Error::InvalidInput { .. })
        ));
        let busy = run(
            500,
            r#"{"status":"error","error":"server_error","message":"The server encountered an error."}"#,
        );
        assert!(busy.unwrap_err().is_retryable());
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
