//! The error document (RFC 9457 `application/problem+json`) and its mapping to and from the
//! model's [`Error`]: one kind per variant, the variant's fields as members, so an error that
//! crosses the wire comes back as the same error.

use crate::ProblemKind;
use contacts_core::{Contact, Error, PartialFailure};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The media type of every error answer.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// An error answer. `type`, `title`, `status` and `detail` are RFC 9457's; `kind` names the
/// model's error kind, and the members after it carry that kind's fields (absent for other
/// kinds). `detail` is written for a person; a program reads `kind` and the members.
///
/// ```
/// use contacts_core::Error;
/// use contacts_protocol::{Problem, ProblemKind};
/// let problem = Problem::from_error(&Error::not_found("contact 42"));
/// let json = serde_json::to_value(&problem).unwrap();
/// assert_eq!(json["type"], "urn:contacts:problem:notFound");
/// assert_eq!(json["kind"], "notFound");
/// assert_eq!(json["what"], "contact 42");
/// assert_eq!(json["status"], 404);
/// ```
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// `urn:contacts:problem:<kind>`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// A short, fixed title of the kind.
    pub title: String,
    /// The HTTP status of the answer (see [`ProblemKind::status`]).
    pub status: u16,
    /// What went wrong, for a person.
    pub detail: String,
    /// The model's error kind.
    pub kind: ProblemKind,
    /// `notFound`: what was looked for, e.g. `contact 42`.
    pub what: Option<String>,
    /// `invalidInput`: the field, key or parameter at fault.
    pub field: Option<String>,
    /// `invalidInput`: why it was refused.
    pub reason: Option<String>,
    /// The store's own message, for the kinds that carry one (`unauthenticated`,
    /// `permissionDenied`, `rateLimited`, `conflict`, `unavailable`, `expiredToken`,
    /// `protocol`).
    pub message: Option<String>,
    /// `rateLimited`, `unavailable`: how long to wait before retrying, in milliseconds (the
    /// answer's `Retry-After` header says the same in whole seconds).
    pub retry_after_ms: Option<u64>,
    /// `unsupported`: the provider's name.
    pub provider: Option<String>,
    /// `unsupported`: the operation, e.g. `labels`.
    pub operation: Option<String>,
    /// `protocol`: the HTTP status the store answered with, if it had one.
    pub upstream_status: Option<u16>,
    /// `protocol`: a bounded, secret-free excerpt of what the store answered.
    pub body_excerpt: Option<String>,
    /// `partialFailure`: the items that were created, by input index.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub created: Vec<CreatedItem>,
    /// `partialFailure`: the items that were not, by input index, each with its problem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<FailedItem>,
}

impl Problem {
    /// A problem of `kind` with this detail and no members.
    pub fn new(kind: ProblemKind, detail: impl Into<String>) -> Self {
        Self {
            type_uri: kind.type_uri(),
            title: kind.title().to_owned(),
            status: kind.status(),
            detail: detail.into(),
            kind,
            what: None,
            field: None,
            reason: None,
            message: None,
            retry_after_ms: None,
            provider: None,
            operation: None,
            upstream_status: None,
            body_excerpt: None,
            created: Vec::new(),
            failed: Vec::new(),
        }
    }

    /// The problem document of an error: its kind, its fields as members, its message as
    /// `detail`.
    pub fn from_error(err: &Error) -> Self {
        let detail = err.to_string();
        match err {
            Error::NotFound { what } => Self {
                what: Some(what.clone()),
                ..Self::new(ProblemKind::NotFound, detail)
            },
            Error::InvalidInput { field, reason } => Self {
                field: Some(field.clone()),
                reason: Some(reason.clone()),
                ..Self::new(ProblemKind::InvalidInput, detail)
            },
            Error::Unsupported {
                provider,
                operation,
            } => Self {
                provider: Some(provider.clone()),
                operation: Some(operation.clone()),
                ..Self::new(ProblemKind::Unsupported, detail)
            },
            Error::RateLimited {
                retry_after,
                message,
            } => Self::with_message(ProblemKind::RateLimited, detail, message, *retry_after),
            Error::Unavailable {
                message,
                retry_after,
            } => Self::with_message(ProblemKind::Unavailable, detail, message, *retry_after),
            Error::Protocol {
                status,
                message,
                body_excerpt,
            } => Self {
                upstream_status: *status,
                body_excerpt: Some(body_excerpt.clone()),
                ..Self::with_message(ProblemKind::Protocol, detail, message, None)
            },
            Error::PartialFailure(partial) => Self::partial(detail, partial),
            other => Self::message_kind(other, detail),
        }
    }

    fn message_kind(err: &Error, detail: String) -> Self {
        let (kind, message) = match err {
            Error::Unauthenticated { message } => (ProblemKind::Unauthenticated, message),
            Error::PermissionDenied { message } => (ProblemKind::PermissionDenied, message),
            Error::Conflict { message } => (ProblemKind::Conflict, message),
            Error::ExpiredToken { message } => (ProblemKind::ExpiredToken, message),
            // A variant added to the model after this crate: say so instead of guessing a kind
            // that a client would act on.
            _ => (ProblemKind::Protocol, &detail),
        };
        Self::with_message(kind, detail.clone(), message, None)
    }

    fn with_message(
        kind: ProblemKind,
        detail: String,
        message: &str,
        retry_after: Option<Duration>,
    ) -> Self {
        Self {
            message: Some(message.to_owned()),
            retry_after_ms: retry_after.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
            ..Self::new(kind, detail)
        }
    }

    fn partial(detail: String, partial: &PartialFailure) -> Self {
        Self {
            created: partial
                .created
                .iter()
                .map(|(index, contact)| CreatedItem {
                    index: *index,
                    contact: contact.clone(),
                })
                .collect(),
            failed: partial
                .failed
                .iter()
                .map(|(index, err)| FailedItem {
                    index: *index,
                    problem: Problem::from_error(err),
                })
                .collect(),
            ..Self::new(ProblemKind::PartialFailure, detail)
        }
    }

    /// How long the client should wait before retrying, if the problem says.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after_ms.map(Duration::from_millis)
    }

    /// The model's error this problem describes. A member the kind needs but the document
    /// lacks (a hand-written server may send only `detail`) is taken from `detail`, so nothing
    /// the server said is lost.
    pub fn into_error(self) -> Error {
        let retry_after = self.retry_after();
        let detail = self.detail;
        let message = self.message.unwrap_or_else(|| detail.clone());
        match self.kind {
            ProblemKind::NotFound => Error::NotFound {
                what: self.what.unwrap_or(detail),
            },
            ProblemKind::InvalidInput => Error::InvalidInput {
                field: self.field.unwrap_or_else(|| "request".to_owned()),
                reason: self.reason.unwrap_or(detail),
            },
            ProblemKind::Unauthenticated => Error::Unauthenticated { message },
            ProblemKind::PermissionDenied => Error::PermissionDenied { message },
            ProblemKind::RateLimited => Error::RateLimited {
                retry_after,
                message,
            },
            ProblemKind::Unsupported => Error::Unsupported {
                provider: self
                    .provider
                    .unwrap_or_else(|| "the remote provider".to_owned()),
                operation: self.operation.unwrap_or(detail),
            },
            ProblemKind::Conflict => Error::Conflict { message },
            ProblemKind::Unavailable => Error::Unavailable {
                message,
                retry_after,
            },
            ProblemKind::ExpiredToken => Error::ExpiredToken { message },
            ProblemKind::Protocol => Error::Protocol {
                status: self.upstream_status,
                message,
                body_excerpt: self.body_excerpt.unwrap_or_default(),
            },
            ProblemKind::PartialFailure => Error::PartialFailure(Box::new(PartialFailure {
                created: self
                    .created
                    .into_iter()
                    .map(|item| (item.index, item.contact))
                    .collect(),
                failed: self
                    .failed
                    .into_iter()
                    .map(|item| (item.index, item.problem.into_error()))
                    .collect(),
            })),
        }
    }
}

/// One created item of a partly failed batch (a `partialFailure` problem's `created`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreatedItem {
    /// The item's index in the request.
    pub index: usize,
    /// The stored contact.
    pub contact: Contact,
}

/// One failed item of a partly failed batch (a `partialFailure` problem's `failed`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FailedItem {
    /// The item's index in the request.
    pub index: usize,
    /// Why it failed.
    pub problem: Problem,
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::{Contact, ContactId, NewContact};

    /// The testkit's one error of every kind, then a partial failure (the last kind).
    fn every_kind_of_error() -> Vec<Error> {
        let contact = Contact::from_new(
            ContactId::new("c1"),
            NewContact::new().property("firstName", "Ada"),
        );
        let mut errors = contacts_testkit::every_kind_of_error();
        errors.push(Error::PartialFailure(Box::new(PartialFailure {
            created: vec![(0, contact)],
            failed: vec![(1, Error::invalid("properties.x", "unknown key"))],
        })));
        errors
    }

    /// Sends `err` as a problem document through JSON and back, asserting it comes back the
    /// same with its message as the detail; the problem's kind.
    fn crosses_the_wire(err: &Error) -> ProblemKind {
        let problem = Problem::from_error(err);
        assert_eq!(problem.detail, err.to_string());
        let json = serde_json::to_string(&problem).unwrap();
        let back: Problem = serde_json::from_str(&json).unwrap();
        assert_eq!(&back.into_error(), err, "through {json}");
        problem.kind
    }

    #[test]
    fn every_error_crosses_the_wire_and_comes_back_the_same() {
        let kinds: Vec<ProblemKind> = every_kind_of_error().iter().map(crosses_the_wire).collect();
        assert_eq!(kinds, ProblemKind::ALL, "one error of every kind, in order");
        // The testkit's `Unavailable` waits 7 s; without a wait it crosses the same.
        crosses_the_wire(&Error::Unavailable {
            message: "database locked".into(),
            retry_after: None,
        });
    }

    #[test]
    fn a_bare_problem_from_a_hand_written_server_keeps_its_detail() {
        let json = r#"{"type":"urn:contacts:problem:notFound","title":"Not found",
            "status":404,"detail":"no contact with id 7","kind":"notFound"}"#;
        let problem: Problem = serde_json::from_str(json).unwrap();
        assert_eq!(
            problem.into_error(),
            Error::not_found("no contact with id 7")
        );
    }
}
