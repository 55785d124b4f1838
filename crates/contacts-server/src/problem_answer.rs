//! Every failed request's answer: a [`Problem`] document as `application/problem+json`, with
//! the status the problem names and the headers its kind calls for (`Retry-After`, `Allow`,
//! `WWW-Authenticate`). Handlers and the protection middleware both answer through it, so an
//! error looks the same whichever part of the server refused the request.

use axum::http::header::{ALLOW, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use contacts_core::Error;
use contacts_protocol::{PROBLEM_CONTENT_TYPE, Problem, ProblemKind};
use std::time::Duration;

/// A request's failure as the server answers it: a problem document and extra headers.
#[derive(Debug, Clone)]
pub struct ProblemAnswer {
    problem: Box<Problem>,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl ProblemAnswer {
    /// The answer to a provider's (or the server's own) error.
    pub fn from_error(err: &Error) -> Self {
        Self::from_problem(Problem::from_error(err))
    }

    /// The answer carrying this problem, with its status.
    pub fn from_problem(problem: Problem) -> Self {
        Self {
            problem: Box::new(problem),
            headers: Vec::new(),
        }
    }

    /// A refused request body or parameter: `invalidInput` naming the field at fault.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::from_error(&Error::invalid(field, reason))
    }

    /// The same problem answered with another status (the kind's own stays in `kind`): a
    /// refused media type is `invalidInput` with 415, an oversized body `invalidInput` with
    /// 413, a method a path does not serve `unsupported` with 405.
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.problem.status = status.as_u16();
        self
    }

    /// Adds a header to the answer.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// `405 Method Not Allowed` for `method` on `template`, which serves `allow`.
    pub fn method_not_allowed(method: &str, template: &str, allow: &str) -> Self {
        let err = Error::unsupported(
            "contacts serve",
            format!("{method} {template} (this path serves {allow})"),
        );
        let answer = Self::from_error(&err).with_status(StatusCode::METHOD_NOT_ALLOWED);
        match HeaderValue::from_str(allow) {
            Ok(value) => answer.with_header(ALLOW, value),
            Err(_) => answer,
        }
    }

    /// `401`: no token or an unknown one; says how to authenticate.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        let err = Error::Unauthenticated {
            message: message.into(),
        };
        Self::from_error(&err).with_header(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"))
    }

    /// The problem this answer carries.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// The kind of the problem.
    pub fn kind(&self) -> ProblemKind {
        self.problem.kind
    }
}

impl From<Error> for ProblemAnswer {
    fn from(err: Error) -> Self {
        Self::from_error(&err)
    }
}

/// `Retry-After` in whole seconds, rounded up: a client that waits exactly that long is
/// never early.
pub fn retry_after_seconds(wait: Duration) -> u64 {
    let whole = wait.as_secs();
    if wait.subsec_nanos() > 0 {
        whole.saturating_add(1)
    } else {
        whole
    }
}

impl IntoResponse for ProblemAnswer {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&*self.problem).unwrap_or_else(|_| b"{}".to_vec());
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_CONTENT_TYPE));
        if let Some(wait) = self.problem.retry_after() {
            headers.insert(RETRY_AFTER, HeaderValue::from(retry_after_seconds(wait)));
        }
        for (name, value) in self.headers {
            headers.insert(name, value);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_after_seconds(Duration::from_millis(2500)), 3);
        assert_eq!(retry_after_seconds(Duration::from_secs(2)), 2);
        assert_eq!(retry_after_seconds(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_seconds(Duration::ZERO), 0);
    }
}
