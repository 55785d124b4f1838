//! Shared set-up of the server's tests: a server on 127.0.0.1:0 over a provider, with
//! tokens, and a client.

#![allow(dead_code)]

use contacts_core::ContactProvider;
use contacts_server::{Scope, Secret, ServeConfig, TokenStore};
use std::sync::Arc;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running server; dropping `stop` (or sending on it) shuts it down.
pub struct Running {
    pub base: String,
    pub stop: Option<oneshot::Sender<()>>,
    pub task: JoinHandle<Result<(), contacts_server::ServerError>>,
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Signals shutdown and waits for the server to finish.
    pub async fn shut_down(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task.await.expect("server task").expect("server");
    }
}

/// Starts `contacts_server::run` over `provider` with `config`.
pub async fn start(provider: Arc<dyn ContactProvider>, config: ServeConfig) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(contacts_server::run(
        provider,
        config,
        listener,
        async move {
            let _ = stopped.await;
        },
    ));
    Running {
        base,
        stop: Some(stop),
        task,
    }
}

/// Tokens of both scopes in a temporary token file.
pub struct TwoTokens {
    pub dir: tempfile::TempDir,
    pub store: TokenStore,
    pub read_write: Secret,
    pub read_only: Secret,
    pub read_write_id: String,
}

pub fn two_tokens() -> TwoTokens {
    let dir = tempfile::tempdir().unwrap();
    let mut store = TokenStore::open(dir.path().join("tokens.json")).unwrap();
    let (rw, read_write) = store.add(Scope::ReadWrite, "writer").unwrap();
    let (_, read_only) = store.add(Scope::ReadOnly, "reader").unwrap();
    TwoTokens {
        dir,
        store,
        read_write,
        read_only,
        read_write_id: rw.id,
    }
}

/// A server over `provider` that accepts the two tokens.
pub async fn start_with_tokens(provider: Arc<dyn ContactProvider>) -> (Running, TwoTokens) {
    let tokens = two_tokens();
    let config = ServeConfig {
        tokens: tokens.store.tokens(),
        ..ServeConfig::default()
    };
    (start(provider, config).await, tokens)
}

/// A server over `provider` open to anonymous callers (no tokens).
pub async fn start_anonymous(provider: Arc<dyn ContactProvider>) -> Running {
    let config = ServeConfig {
        allow_anonymous: true,
        ..ServeConfig::default()
    };
    start(provider, config).await
}

/// A server open to anonymous callers over `provider`, and a client: how most tests of the
/// routes open.
pub async fn open_server(provider: impl ContactProvider + 'static) -> (Running, reqwest::Client) {
    (start_anonymous(Arc::new(provider)).await, client())
}

pub fn client() -> reqwest::Client {
    reqwest::Client::new()
}

/// Sends `request` and reads the JSON body of its answer, whatever the status (a test that
/// cares about the status uses [`json_with_status`]).
pub async fn json_of(request: reqwest::RequestBuilder) -> serde_json::Value {
    request.send().await.unwrap().json().await.unwrap()
}

/// Sends `request` and asserts that it is answered with `status`; the answer, for a test
/// that reads more of it.
pub async fn answered(request: reqwest::RequestBuilder, status: u16) -> reqwest::Response {
    let response = request.send().await.unwrap();
    assert_eq!(response.status().as_u16(), status, "{}", response.url());
    response
}

/// Sends `request`, asserts that it is answered with `status`, and reads the JSON body.
pub async fn json_with_status(request: reqwest::RequestBuilder, status: u16) -> serde_json::Value {
    answered(request, status).await.json().await.unwrap()
}

/// The problem document of an answer, checking its media type.
pub async fn problem(response: reqwest::Response) -> serde_json::Value {
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    assert_eq!(content_type, "application/problem+json");
    response.json().await.unwrap()
}

/// A provider double: `get` waits `delay` and then answers `fail_with` (or a contact with
/// the id asked for); `create` answers `fail_with` (or the contacts); every other operation
/// answers `fail_with` or `Unsupported`. No optional capability.
#[derive(Debug)]
pub struct Double {
    pub capabilities: contacts_core::Capabilities,
    pub delay: std::time::Duration,
    pub fail_with: Option<contacts_core::Error>,
}

impl Double {
    pub fn failing(err: contacts_core::Error) -> Self {
        Self {
            capabilities: contacts_core::Capabilities::full(),
            delay: std::time::Duration::ZERO,
            fail_with: Some(err),
        }
    }

    pub fn slow(delay: std::time::Duration) -> Self {
        Self {
            capabilities: contacts_core::Capabilities::full(),
            delay,
            fail_with: None,
        }
    }

    fn fail_or<T>(&self, ok: impl FnOnce() -> T) -> contacts_core::Result<T> {
        match &self.fail_with {
            Some(err) => Err(err.clone()),
            None => Ok(ok()),
        }
    }

    fn other(&self) -> contacts_core::Error {
        self.fail_with
            .clone()
            .unwrap_or_else(|| contacts_core::Error::unsupported("double", "this operation"))
    }
}

use contacts_core::{
    Capabilities, Contact, ContactId, ContactPatch, ContactQuery, DeleteTarget, GetOptions,
    NewContact, Page, PageToken, Result as CoreResult,
};

#[async_trait::async_trait]
impl ContactProvider for Double {
    fn name(&self) -> &str {
        "double"
    }
    fn capabilities(&self) -> &Capabilities {
        &self.capabilities
    }
    async fn get(&self, id: &ContactId, _options: &GetOptions) -> CoreResult<Contact> {
        tokio::time::sleep(self.delay).await;
        self.fail_or(|| {
            Contact::from_new(id.clone(), NewContact::new().property("firstName", "Slow"))
        })
    }
    async fn list_page(&self, _q: &ContactQuery, _t: Option<PageToken>) -> CoreResult<Page> {
        Err(self.other())
    }
    async fn create(&self, contacts: &[NewContact]) -> CoreResult<Vec<Contact>> {
        self.fail_or(|| {
            contacts
                .iter()
                .enumerate()
                .map(|(i, new)| Contact::from_new(ContactId::new(i.to_string()), new.clone()))
                .collect()
        })
    }
    async fn update(&self, _id: &ContactId, _patch: &ContactPatch) -> CoreResult<Contact> {
        Err(self.other())
    }
    async fn replace(&self, _id: &ContactId, _contact: &NewContact) -> CoreResult<Contact> {
        Err(self.other())
    }
    async fn delete(&self, _id: &ContactId) -> CoreResult<()> {
        Err(self.other())
    }
    async fn delete_matching(&self, _target: &DeleteTarget) -> CoreResult<Vec<Contact>> {
        Err(self.other())
    }
}
