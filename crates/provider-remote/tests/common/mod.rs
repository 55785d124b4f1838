//! `contacts serve`'s server (crate `contacts-server`) on 127.0.0.1:0 over any provider,
//! with a read-write token, for the remote provider's tests.
//!
//! A candidate to move into `contacts-testkit` (a `serve` feature) once other crates' tests
//! want a protocol server too.

#![allow(dead_code)]

use contacts_core::RateLimit;
use contacts_core::{ContactProvider, Standard};
use contacts_server::{Scope, ServeConfig, TokenStore};
use provider_remote::RemoteProvider;
use std::sync::Arc;
use tokio::sync::oneshot;

/// A server of the protocol, running until dropped (or [`Server::stop`]).
pub struct Server {
    /// `http://127.0.0.1:<port>/`.
    pub base_url: String,
    /// A read-write token it accepts.
    pub token: String,
    stop: Option<oneshot::Sender<()>>,
    _tokens: tempfile::TempDir,
}

impl Server {
    /// Serves `provider` (the server wraps it in the standard layers) with one read-write
    /// token and no rate limit to speak of (the suite sends thousands of requests).
    pub async fn start(provider: Arc<dyn ContactProvider>) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut store = TokenStore::open(dir.path().join("tokens.json")).expect("a token file");
        let (_, secret) = store.add(Scope::ReadWrite, "tests").expect("a token");
        let config = ServeConfig {
            tokens: store.tokens(),
            rate: RateLimit {
                requests_per_second: 1_000_000.0,
                burst: 1_000_000,
            },
            ..ServeConfig::default()
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port on 127.0.0.1");
        let addr = listener.local_addr().expect("the bound address");
        let (stop, stopped) = oneshot::channel::<()>();
        let app = contacts_server::app(provider, &config);
        tokio::spawn(contacts_server::serve(listener, app, async {
            let _ = stopped.await;
        }));
        Self {
            base_url: format!("http://{addr}/"),
            token: secret.expose().to_owned(),
            stop: Some(stop),
            _tokens: dir,
        }
    }

    /// The remote provider for this server, connected (its service document read), in the
    /// standard layers.
    pub async fn connect(&self) -> Standard<RemoteProvider> {
        RemoteProvider::builder()
            .base_url(&self.base_url)
            .token(self.token.as_str())
            .connect()
            .await
            .expect("the remote provider connects")
    }

    /// Stops accepting connections; requests in flight finish.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}
