//! The one error type every provider returns.

use crate::{Contact, ContactId};
use std::time::Duration;

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, as one `#[non_exhaustive]` enum that callers match on.
///
/// Messages are written for a person: they say what failed and, where there is one, what to do.
/// No variant ever holds an API key.
///
/// ```
/// use contacts_core::Error;
/// use std::time::Duration;
/// let err = Error::RateLimited { retry_after: Some(Duration::from_secs(2)), message: "slow down".into() };
/// assert!(err.is_retryable());
/// assert_eq!(err.retry_after(), Some(Duration::from_secs(2)));
/// assert!(!Error::not_found("contact 42").is_retryable());
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The contact (or other object) does not exist.
    #[error("{what} was not found")]
    NotFound {
        /// What was looked for, e.g. `contact 606312a5d233ab8484e18404`.
        what: String,
    },
    /// The caller's input was refused; `field` names the offending part.
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// The field, key or parameter at fault (e.g. `properties.custom9`, `page_size`).
        field: String,
        /// Why it was refused.
        reason: String,
    },
    /// The credentials were missing or wrong.
    #[error("authentication failed: {message} (check the API key)")]
    Unauthenticated {
        /// What the server said, without any secret.
        message: String,
    },
    /// The credentials are valid but may not do this.
    #[error("permission denied: {message}")]
    PermissionDenied {
        /// What the server said.
        message: String,
    },
    /// Too many requests; wait `retry_after` if given.
    #[error("rate limited{}: {message}", fmt_retry(.retry_after))]
    RateLimited {
        /// How long the server asked to wait.
        retry_after: Option<Duration>,
        /// What the server said.
        message: String,
    },
    /// The provider does not support this operation (see its capabilities).
    #[error("{provider} does not support {operation}")]
    Unsupported {
        /// The provider's name.
        provider: String,
        /// What was attempted, e.g. `labels` or `delete_matching`.
        operation: String,
    },
    /// The write conflicts with the current state.
    #[error("conflict: {message}")]
    Conflict {
        /// What the server said.
        message: String,
    },
    /// The service is temporarily unavailable (5xx, timeout, connection failure); retrying later
    /// may succeed.
    #[error("service unavailable: {message}")]
    Unavailable {
        /// What happened.
        message: String,
        /// How long the server asked to wait, if it said.
        retry_after: Option<Duration>,
    },
    /// A change token the store no longer accepts: it forgot what changed since then (see
    /// [`ChangeFeed`](crate::optional::ChangeFeed)). Read everything again and start from a new
    /// token.
    #[error("the change token has expired: {message} (read everything again)")]
    ExpiredToken {
        /// What the store said.
        message: String,
    },
    /// The server said something we cannot read.
    #[error("unexpected answer from the server{}: {message}{}", fmt_status(.status), fmt_excerpt(.body_excerpt))]
    Protocol {
        /// The HTTP status, if there was one.
        status: Option<u16>,
        /// What could not be understood.
        message: String,
        /// A bounded, secret-free excerpt of the body.
        body_excerpt: String,
    },
    /// A batch that could not be written atomically failed part-way: each item is either
    /// created or failed with its own error (possibly none created, when its chunks failed
    /// differently). A failed item whose error [`may_have_written`](Error::may_have_written)
    /// may be stored all the same.
    #[error("{}", .0)]
    PartialFailure(Box<PartialFailure>),
}

/// The outcome of a non-atomic batch that failed part-way; nothing is lost: every input index is
/// either in `created` or in `failed`.
#[derive(Debug, Clone, PartialEq)]
pub struct PartialFailure {
    /// Input index and the stored contact, for every item that was created.
    pub created: Vec<(usize, Contact)>,
    /// Input index and the error, for every item that was not.
    pub failed: Vec<(usize, Error)>,
}

impl std::fmt::Display for PartialFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "batch partly failed: {} created, {} failed",
            self.created.len(),
            self.failed.len()
        )?;
        if let Some((index, err)) = self.failed.first() {
            write!(f, " (first failure, item {index}: {err})")?;
        }
        Ok(())
    }
}

fn fmt_retry(retry: &Option<Duration>) -> String {
    retry
        .map(|d| format!(" (retry after {:.1}s)", d.as_secs_f64()))
        .unwrap_or_default()
}

fn fmt_status(status: &Option<u16>) -> String {
    status.map(|s| format!(" (HTTP {s})")).unwrap_or_default()
}

fn fmt_excerpt(excerpt: &str) -> String {
    if excerpt.is_empty() {
        String::new()
    } else {
        format!("; body: {excerpt}")
    }
}

impl Error {
    /// `NotFound` for a description such as `contact 42`.
    pub fn not_found(what: impl Into<String>) -> Self {
        Error::NotFound { what: what.into() }
    }

    /// `NotFound` for a contact id.
    pub fn contact_not_found(id: &ContactId) -> Self {
        Error::NotFound {
            what: format!("contact {id}"),
        }
    }

    /// `InvalidInput` naming the field and the reason.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// `Unsupported` for `operation` on `provider`.
    pub fn unsupported(provider: impl Into<String>, operation: impl Into<String>) -> Self {
        Error::Unsupported {
            provider: provider.into(),
            operation: operation.into(),
        }
    }

    /// The outcome of work done item by item where every item was attempted (a mass delete
    /// sent one request per contact): `Ok` when every item succeeded; otherwise `Unavailable`
    /// saying how many of how many `what` failed and that the others succeeded, with the first
    /// failure and its Retry-After, so a caller knows a retry is safe and what it will redo.
    ///
    /// ```
    /// use contacts_core::Error;
    /// assert!(Error::from_items("deletes", vec![Ok(()), Ok(())]).is_ok());
    /// let failed = Error::from_items("deletes", vec![Ok(()), Err(Error::not_found("contact 7"))]);
    /// assert!(failed.unwrap_err().to_string().contains("1 of 2 deletes failed"));
    /// ```
    pub fn from_items(what: &str, outcomes: Vec<Result<()>>) -> Result<()> {
        let total = outcomes.len();
        let failures = outcomes.iter().filter(|o| o.is_err()).count();
        match outcomes.into_iter().find_map(Result::err) {
            None => Ok(()),
            Some(first) => Err(Error::Unavailable {
                message: format!(
                    "{failures} of {total} {what} failed, the others succeeded; first failure: {first}"
                ),
                retry_after: first.retry_after(),
            }),
        }
    }

    /// Whether trying the same call again later may succeed (rate limits and transient
    /// unavailability).
    pub fn is_retryable(&self) -> bool {
        matches!(self, Error::RateLimited { .. } | Error::Unavailable { .. })
    }

    /// Whether a write that failed with this error may have been carried out all the same, so
    /// the caller must look before calling it not done (and before sending it again, where a
    /// second send would store a second copy).
    ///
    /// `Unavailable` (a 5xx, a timeout, a connection broken after the request went out) and
    /// `Protocol` (an answer that could not be read, perhaps a success) may come after the
    /// server did the work. `RateLimited` does not count: a 429 (RFC 6585 §4) refuses the
    /// request before it is handled, which is why the HTTP client sends even a create again
    /// after one, so a write refused that way was not carried out. Every other error is a
    /// refusal or a failure before anything was written.
    ///
    /// ```
    /// use contacts_core::Error;
    /// let dropped = Error::Unavailable { message: "connection reset".into(), retry_after: None };
    /// assert!(dropped.may_have_written());
    /// let throttled = Error::RateLimited { retry_after: None, message: "slow down".into() };
    /// assert!(!throttled.may_have_written() && throttled.is_retryable());
    /// assert!(!Error::invalid("phoneNumber", "empty").may_have_written());
    /// ```
    pub fn may_have_written(&self) -> bool {
        matches!(self, Error::Unavailable { .. } | Error::Protocol { .. })
    }

    /// How long the server asked to wait before retrying, if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } | Error::Unavailable { retry_after, .. } => {
                *retry_after
            }
            _ => None,
        }
    }

    /// Whether this is `NotFound`.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound { .. })
    }

    /// Whether this is `Unsupported`.
    pub fn is_unsupported(&self) -> bool {
        matches!(self, Error::Unsupported { .. })
    }

    /// Whether this is `ExpiredToken`: read everything again.
    pub fn is_expired_token(&self) -> bool {
        matches!(self, Error::ExpiredToken { .. })
    }

    /// The variant as a stable snake_case word (`not_found`, `invalid_input`, …): what traces
    /// and metrics record, since the message may hold a caller's data.
    ///
    /// ```
    /// assert_eq!(contacts_core::Error::not_found("contact 1").kind(), "not_found");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Error::NotFound { .. } => "not_found",
            Error::InvalidInput { .. } => "invalid_input",
            Error::Unauthenticated { .. } => "unauthenticated",
            Error::PermissionDenied { .. } => "permission_denied",
            Error::RateLimited { .. } => "rate_limited",
            Error::Unsupported { .. } => "unsupported",
            Error::Conflict { .. } => "conflict",
            Error::Unavailable { .. } => "unavailable",
            Error::ExpiredToken { .. } => "expired_token",
            Error::Protocol { .. } => "protocol",
            Error::PartialFailure(_) => "partial_failure",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_actionable() {
        let e = Error::invalid("properties.custom9", "key not supported by addressbook");
        assert_eq!(
            e.to_string(),
            "invalid properties.custom9: key not supported by addressbook"
        );
        let e = Error::Protocol {
            status: Some(502),
            message: "expected JSON".into(),
            body_excerpt: "<html>".into(),
        };
        assert_eq!(
            e.to_string(),
            "unexpected answer from the server (HTTP 502): expected JSON; body: <html>"
        );
        let e = Error::RateLimited {
            retry_after: Some(Duration::from_millis(1500)),
            message: "too many".into(),
        };
        assert_eq!(e.to_string(), "rate limited (retry after 1.5s): too many");
    }
}
