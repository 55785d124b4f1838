//! The bearer token never appears in any tracing output (every level, every crate: the
//! server's access log included, span fields too), nor in the Display or Debug of any error
//! or provider: the test kit's one check for every HTTP provider, run against `contacts
//! serve`'s server and a server echoing the token, as plain text and inside a problem
//! document.

mod common;

use async_trait::async_trait;
use common::Server;
use contacts_core::{ContactId, ContactPatch, ContactProvider, InMemoryProvider, NewContact};
use contacts_protocol::{Problem, ServiceDocument};
use contacts_testkit::secret::{Echo, Exercise, Subject, assert_never_leaks, client_options};
use provider_remote::RemoteProvider;
use std::sync::Arc;

/// provider-remote on a protocol server, connected; with a wrong token (which the server
/// refuses even for its service document) or on any other URL (the echo server, which
/// answers nothing but errors) it is built from the real server's service document,
/// without a request.
struct Remote {
    server: Option<Server>,
    service: Option<ServiceDocument>,
}

#[async_trait]
impl Subject for Remote {
    async fn start(&mut self) -> String {
        let server = self.server.as_ref().expect("started before the exercise");
        let remote = server.connect().await;
        self.service = Some(remote.get_ref().get_ref().service_document().clone());
        server.base_url.clone()
    }

    async fn provider(&self, url: &str, token: &str) -> (Box<dyn ContactProvider>, Vec<String>) {
        let builder = RemoteProvider::builder()
            .base_url(url)
            .token(token)
            .client_options(client_options());
        let provider = match self.server.as_ref() {
            Some(server) if server.base_url == url && server.token == token => {
                builder.connect().await.unwrap()
            }
            _ => {
                let service = self.service.clone().expect("read at start");
                builder.service_document(service).build().unwrap()
            }
        };
        (Box::new(provider), Vec::new())
    }
}

#[tokio::test]
async fn the_token_never_leaks() {
    // The server makes its tokens; the one it gave is the canary (`cts_` and 43 random
    // characters, found nowhere else).
    let server = Server::start(Arc::new(InMemoryProvider::new())).await;
    let token = server.token.clone();
    let mut echoed = Problem::new(
        contacts_protocol::ProblemKind::Unauthenticated,
        format!("token {token} is unknown"),
    );
    echoed.message = Some(format!("token {token} is unknown"));
    let exercise = Exercise {
        secret: token.clone(),
        encodings: Vec::new(),
        echoes: vec![
            Echo::on("GET", 500, format!("internal error for token {token}")),
            Echo::on("POST", 401, serde_json::to_string(&echoed).unwrap()),
        ],
        contact: NewContact::new().property("phoneNumber", "+46701234567"),
        patch: ContactPatch::new().add_label("L"),
        // An empty batch is refused before anything is sent.
        refused: Vec::new(),
        unknown: ContactId::new("999999"),
    };
    let subject = Remote {
        server: Some(server),
        service: None,
    };
    assert_never_leaks(subject, exercise).await;
}
