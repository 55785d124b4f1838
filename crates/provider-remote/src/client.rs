//! The requests the provider sends and how their answers become the model's values or its
//! typed errors.
//!
//! A server of the protocol answers every failure with a problem document, which becomes
//! exactly the error the provider behind the server returned ([`Problem::into_error`]). Any
//! other failed answer (a third-party adapter's bare 500, a proxy's HTML page, truncated
//! JSON) is the server breaking the protocol: `Protocol` with its status and a bounded,
//! token-free excerpt, except where the status alone says what happened (401, 403, 408,
//! 429, 502, 503, 504: read as `contacts-http` reads them, so a proxy in front of a server
//! that is down is `Unavailable` and retried, not a protocol error).

use contacts_core::{Error, Result};
use contacts_http::{
    HttpClient, Idempotency, Method, Request, Response, decode_json, excerpt, redact,
};
use contacts_protocol::{PROTOCOL_NAME, Problem, ServiceDocument, paths};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The HTTP client of one server, with the protocol's reading of answers.
#[derive(Debug, Clone)]
pub(crate) struct Wire {
    http: HttpClient,
}

impl Wire {
    pub(crate) fn new(http: HttpClient) -> Self {
        Self { http }
    }

    /// A request for `path` (one of the protocol's paths, with its segments encoded).
    pub(crate) fn request(&self, method: Method, path: &str) -> Result<Request> {
        self.http.request(method, path)
    }

    /// A `POST` of `body` as JSON to `path`: a write (see [`Wire::post_read`] for one that
    /// only reads).
    pub(crate) fn post(&self, path: &str, body: &impl Serialize) -> Result<Request> {
        self.http.request(Method::POST, path)?.json(body)
    }

    /// A `POST` that only reads (a listing, an import's progress), so retrying it is safe.
    pub(crate) fn post_read(&self, path: &str, body: &impl Serialize) -> Result<Request> {
        Ok(self.post(path, body)?.idempotency(Idempotency::Idempotent))
    }

    /// Sends `request` and returns the answer when it is a success; a failure is the error
    /// the answer describes (`what` names the call for answers that are not problems).
    pub(crate) async fn send(&self, request: Request, what: &str) -> Result<Response> {
        let response = self.http.send(request).await?;
        if response.is_success() {
            Ok(response)
        } else {
            Err(self.error_for(&response, what))
        }
    }

    /// Sends `request` and decodes the success answer as `T`.
    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        request: Request,
        what: &str,
    ) -> Result<T> {
        let response = self.send(request, what).await?;
        self.decode(&response)
    }

    /// Sends `request`, whose success answer has no body that matters (204).
    pub(crate) async fn call_empty(&self, request: Request, what: &str) -> Result<()> {
        self.send(request, what).await.map(drop)
    }

    /// A success answer's body as `T`; `Protocol` naming where it did not fit.
    pub(crate) fn decode<T: DeserializeOwned>(&self, response: &Response) -> Result<T> {
        decode_json(response.status, &response.body, self.http.secret())
    }

    /// The error a failed answer describes (see the module's docs).
    pub(crate) fn error_for(&self, response: &Response, what: &str) -> Error {
        if let Some(problem) = read_problem(&response.body, self.http.secret()) {
            return problem.into_error();
        }
        match response.status {
            401 | 403 | 408 | 429 | 502 | 503 | 504 => self.http.error_for(response, what),
            status => Error::Protocol {
                status: Some(status),
                message: format!(
                    "{what}: {} answered HTTP {status} without a problem document, which a \
                     server of the contacts provider protocol never does",
                    self.server()
                ),
                body_excerpt: excerpt(&response.body, self.http.secret()),
            },
        }
    }

    /// The server's origin, for messages.
    fn server(&self) -> String {
        self.http.base_url().origin().ascii_serialization()
    }

    /// `GET /v1`: the service document, refused unless it names this protocol at a major
    /// version this client speaks.
    pub(crate) async fn service_document(&self) -> Result<ServiceDocument> {
        let request = self.request(Method::GET, paths::SERVICE)?;
        let response = self.http.send(request).await?;
        if !response.is_success() {
            return Err(match self.error_for(&response, "the service document") {
                Error::Protocol {
                    status,
                    body_excerpt,
                    ..
                } => not_a_server(&self.server(), status, body_excerpt),
                other => other,
            });
        }
        let value: Value = self.decode(&response).map_err(|_| {
            not_a_server(
                &self.server(),
                Some(response.status),
                excerpt(&response.body, self.http.secret()),
            )
        })?;
        check_version(&value, &self.server(), || {
            excerpt(&response.body, self.http.secret())
        })?;
        let known = known_members(value);
        serde_json::from_value(known).map_err(|e| Error::Protocol {
            status: Some(response.status),
            message: format!("cannot read the service document of {}: {e}", self.server()),
            body_excerpt: excerpt(&response.body, self.http.secret()),
        })
    }
}

/// The body as a problem document, when it is one. The token is replaced by `***` before
/// reading, so a server that echoes it back cannot put it into an error.
fn read_problem(body: &[u8], secret: Option<&str>) -> Option<Problem> {
    let text = std::str::from_utf8(body).ok()?;
    serde_json::from_str(&redact(text, secret)).ok()
}

/// The error for a `GET /v1` that did not answer a service document.
fn not_a_server(server: &str, status: Option<u16>, body_excerpt: String) -> Error {
    let answered = status.map_or_else(|| "nothing".to_owned(), |s| format!("HTTP {s}"));
    Error::Protocol {
        status,
        message: format!(
            "{server} is not a server of the {PROTOCOL_NAME} protocol: GET {} answered \
             {answered}, not a service document (base_url is the server's root, below which \
             {} is found)",
            paths::SERVICE,
            paths::SERVICE
        ),
        body_excerpt,
    }
}

/// Refuses a service document of another protocol or major version, before reading the
/// rest of it (whose members may mean something else there).
fn check_version(value: &Value, server: &str, body: impl Fn() -> String) -> Result<()> {
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    let (Some(protocol), Some(version)) = (text("protocol"), text("version")) else {
        return Err(not_a_server(server, Some(200), body()));
    };
    let mut probe = ServiceDocument::new("", contacts_core::Capabilities::default(), None);
    probe.protocol = protocol;
    probe.version = version;
    probe.compatible().map_err(|why| Error::Protocol {
        status: Some(200),
        message: format!("refusing {server}: {why}"),
        body_excerpt: body(),
    })
}

/// The members of a service document this version knows: a server of a later minor version
/// may add members, which this client cannot use but must not refuse.
fn known_members(value: Value) -> Value {
    const KNOWN: [&str; 5] = [
        "protocol",
        "version",
        "provider",
        "capabilities",
        "storeIdentity",
    ];
    match value {
        Value::Object(mut members) => {
            members.retain(|key, _| KNOWN.contains(&key.as_str()));
            Value::Object(members)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_echoed_token_is_redacted_before_the_problem_is_read() {
        let body = br#"{"type":"urn:contacts:problem:unauthenticated","title":"t","status":401,
            "detail":"token tk-9 is unknown","kind":"unauthenticated","message":"token tk-9 is unknown"}"#;
        let problem = read_problem(body, Some("tk-9")).expect("a problem document");
        let err = problem.into_error();
        assert_eq!(
            err,
            Error::Unauthenticated {
                message: "token *** is unknown".into()
            }
        );
    }

    #[test]
    fn members_of_a_later_minor_version_are_left_out() {
        let value = serde_json::json!({"protocol": "p", "version": "1.7", "extra": 1});
        assert_eq!(
            known_members(value),
            serde_json::json!({"protocol": "p", "version": "1.7"})
        );
    }
}
