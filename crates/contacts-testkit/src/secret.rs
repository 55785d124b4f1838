//! The check that a provider's secret (an API key, an access token, a password) never leaks:
//! not in any tracing output at any level (events and span fields of every crate), not in
//! the `Debug` of a client value, not in the `Display` or `Debug` of any error, including the
//! errors of a server that echoes the secret back in its error bodies (it must be redacted
//! there, as `***`, not dropped in silence).
//!
//! One check, run by every HTTP provider's tests: a provider describes itself as a
//! [`Subject`] (how to start a server that accepts the secret, how to build a provider) and
//! an [`Exercise`] (the secret, how its vendor words an error, what it stores and refuses),
//! and calls [`assert_never_leaks`].

use crate::Capture;
use async_trait::async_trait;
use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use contacts_core::{
    ContactId, ContactPatch, ContactProvider, ContactQuery, Error, GetOptions, NewContact,
};
use contacts_http::{ClientOptions, RetryPolicy};
use std::sync::Arc;
use std::time::Duration;

/// One answer of the echo server: a `status` with a `body` that holds the secret, for
/// requests of `method` (every method if `None`). The first that matches answers.
#[derive(Debug, Clone)]
pub struct Echo {
    /// The request method it answers (`"GET"`, `"POST"`), or every one.
    pub method: Option<&'static str>,
    /// The status code, as the vendor answers a failed request (Atom: 200 with an error).
    pub status: u16,
    /// The body, in the vendor's error format, with the secret in it.
    pub body: String,
}

impl Echo {
    /// Answers requests of `method` with `status` and `body`.
    pub fn on(method: &'static str, status: u16, body: impl Into<String>) -> Self {
        let body = body.into();
        Self {
            method: Some(method),
            status,
            body,
        }
    }

    /// Answers every request with `status` and `body`.
    pub fn any(status: u16, body: impl Into<String>) -> Self {
        let body = body.into();
        Self {
            method: None,
            status,
            body,
        }
    }
}

/// The secret and the calls the check makes, in terms the vendor accepts.
#[derive(Debug, Clone)]
pub struct Exercise {
    /// The secret. Choose a canary found nowhere else, so a hit is a leak.
    pub secret: String,
    /// Other spellings of the secret that must not appear either (HTTP Basic authentication
    /// sends `base64(user:password)`).
    pub encodings: Vec<String>,
    /// What the vendor answers to a refused request, each body holding the secret.
    pub echoes: Vec<Echo>,
    /// A contact the server stores.
    pub contact: NewContact,
    /// A patch the server applies to it.
    pub patch: ContactPatch,
    /// A batch the provider refuses (before sending it, or at the server).
    pub refused: Vec<NewContact>,
    /// An id the server does not hold.
    pub unknown: ContactId,
}

/// An HTTP provider under the check: its server and how it is built.
#[async_trait]
pub trait Subject: Send + Sync {
    /// Starts a server (an emulator, a real server) that accepts the exercise's secret and
    /// keeps it running for as long as the subject lives; returns its base URL.
    async fn start(&mut self) -> String;

    /// A provider holding `secret` for the server at `base_url`, with [`client_options`],
    /// and the `Debug` of every other value built on the way that holds the secret (an
    /// address-book client).
    async fn provider(
        &self,
        base_url: &str,
        secret: &str,
    ) -> (Box<dyn ContactProvider>, Vec<String>);
}

/// Transport options for the subject's providers: at most two attempts (the echo server
/// fails every request), a millisecond apart.
pub fn client_options() -> ClientOptions {
    let retry = RetryPolicy::default()
        .max_attempts(2)
        .backoff(Duration::from_millis(1), Duration::from_millis(2));
    ClientOptions::default().retry(retry)
}

/// Runs the check against `subject`; panics naming the text a secret leaked into.
///
/// Installs a [`Capture`] of every level as the thread's subscriber, so call it from a
/// current-thread runtime (`#[tokio::test]`).
pub async fn assert_never_leaks(mut subject: impl Subject, exercise: Exercise) {
    let (capture, _installed) = Capture::install();
    let secret = exercise.secret.clone();
    let base_url = subject.start().await;

    let (provider, mut shown) = subject.provider(&base_url, &secret).await;
    shown.push(format!("{provider:?}"));
    working_calls(&*provider, &exercise, &mut shown).await;
    let mut errors = vec![
        provider
            .get(&exercise.unknown, &GetOptions::default())
            .await
            .expect_err("the server does not hold the unknown id"),
        provider
            .create(&exercise.refused)
            .await
            .expect_err("the refused batch is refused"),
    ];

    let (wrong, more) = subject
        .provider(&base_url, &format!("{secret}-wrong"))
        .await;
    shown.extend(more);
    shown.push(format!("{wrong:?}"));
    errors.push(
        wrong
            .list_page(&ContactQuery::new(), None)
            .await
            .expect_err("a wrong secret is refused"),
    );
    errors.push(
        wrong
            .get(&exercise.unknown, &GetOptions::default())
            .await
            .expect_err("a wrong secret is refused"),
    );

    let echo = echo_server(exercise.echoes.clone()).await;
    let (echoing, more) = subject.provider(&echo, &secret).await;
    shown.extend(more);
    errors.extend(echoed_errors(&*echoing, &exercise).await);
    shown.extend(errors.iter().map(|e| format!("{e} {e:?}")));

    let logs = capture.text();
    assert!(logs.contains("http"), "tracing output was captured: {logs}");
    let mut forbidden = exercise.encodings.clone();
    forbidden.push(secret);
    for needle in &forbidden {
        assert!(
            !logs.contains(needle.as_str()),
            "{needle} is in the tracing output: {logs}"
        );
        for text in &shown {
            assert!(!text.contains(needle.as_str()), "{needle} leaked: {text}");
        }
    }
    assert!(
        shown.iter().any(|s| s.contains("***")),
        "the echoed secret is redacted, not dropped in silence: {shown:#?}"
    );
}

/// Create, get, update and list through a provider with the right secret; the `Debug` of
/// each result goes to `shown`.
async fn working_calls(
    provider: &dyn ContactProvider,
    exercise: &Exercise,
    shown: &mut Vec<String>,
) {
    let created = provider
        .create(std::slice::from_ref(&exercise.contact))
        .await
        .expect("the server stores the contact");
    shown.push(format!("{created:?}"));
    let options = if provider.capabilities().metadata {
        GetOptions::with_metadata()
    } else {
        GetOptions::default()
    };
    let id = &created[0].id;
    shown.push(format!("{:?}", provider.get(id, &options).await));
    shown.push(format!("{:?}", provider.update(id, &exercise.patch).await));
    let query = ContactQuery::new().page_size(1);
    shown.push(format!("{:?}", provider.list_page(&query, None).await));
}

/// A read and a write against the echo server: both fail, with the echoed body.
async fn echoed_errors(echoing: &dyn ContactProvider, exercise: &Exercise) -> Vec<Error> {
    let read = echoing
        .get(&exercise.unknown, &GetOptions::default())
        .await
        .expect_err("the echo server refuses every request");
    let write = echoing
        .create(std::slice::from_ref(&exercise.contact))
        .await
        .expect_err("the echo server refuses every request");
    vec![read, write]
}

/// Starts a server on 127.0.0.1:0 that answers each request with the first of `echoes` for
/// its method (`404` if none), and returns its base URL.
async fn echo_server(echoes: Vec<Echo>) -> String {
    let echoes = Arc::new(echoes);
    let router = Router::new().fallback(move |request: Request| {
        let echoes = Arc::clone(&echoes);
        async move { answer(&echoes, request.method().as_str()) }
    });
    crate::serve(router).await
}

fn answer(echoes: &[Echo], method: &str) -> Response {
    let echo = echoes
        .iter()
        .find(|e| e.method.is_none_or(|m| m.eq_ignore_ascii_case(method)));
    let (status, body) = echo.map_or((404, String::new()), |e| (e.status, e.body.clone()));
    Response::builder()
        .status(status)
        .header("Content-Type", "text/plain")
        .body(Body::from(body))
        .expect("a valid status and header")
}
