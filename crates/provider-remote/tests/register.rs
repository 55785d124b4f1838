//! The registry's factory is synchronous, while building the remote provider reads the
//! server's service document: it must work from plain code, and from inside a running
//! runtime of either flavour without blocking it into a deadlock or panicking.

mod common;

use common::Server;
use contacts_core::{ContactProvider, InMemoryProvider, NewContact, ProviderConfig, Registry};
use std::sync::Arc;

fn registry() -> Registry {
    let mut registry = Registry::new();
    provider_remote::register(&mut registry);
    registry
}

/// A server of the protocol on a runtime of its own (as a server in another process is).
fn server_elsewhere() -> (tokio::runtime::Runtime, Server) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(Server::start(Arc::new(InMemoryProvider::new())));
    (runtime, server)
}

fn settings(server: &Server) -> ProviderConfig {
    ProviderConfig::new()
        .with("base_url", server.base_url.as_str())
        .with("token", server.token.as_str())
        .with("timeout_secs", "5")
}

#[test]
fn the_registry_builds_it_outside_any_runtime() {
    let (_runtime, server) = server_elsewhere();
    let remote = registry().build("remote", &settings(&server)).unwrap();
    assert_eq!(remote.name(), "remote");
    assert!(remote.capabilities().labels, "the server's capabilities");
    let client = tokio::runtime::Runtime::new().unwrap();
    let created = client
        .block_on(remote.create(&[NewContact::new().property("firstName", "Ada")]))
        .unwrap();
    assert_eq!(created.len(), 1);
}

#[test]
fn the_registry_builds_it_inside_a_current_thread_runtime() {
    let (_runtime, server) = server_elsewhere();
    let client = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    client.block_on(async {
        let remote = registry().build("remote", &settings(&server)).unwrap();
        let created = remote
            .create(&[NewContact::new().property("firstName", "Ada")])
            .await
            .unwrap();
        assert_eq!(created[0].properties.get("firstName"), Some("Ada"));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_registry_builds_it_inside_a_multi_thread_runtime_serving_the_server() {
    // The server runs on this very runtime: the factory's wait must leave it a worker.
    let server = Server::start(Arc::new(InMemoryProvider::new())).await;
    let remote = registry().build("remote", &settings(&server)).unwrap();
    let page = remote
        .list_page(&contacts_core::ContactQuery::new(), None)
        .await
        .unwrap();
    assert!(page.items.is_empty());
}

#[test]
fn a_missing_base_url_is_named() {
    let err = registry()
        .build("remote", &ProviderConfig::new().with("token", "x"))
        .unwrap_err();
    assert!(err.to_string().contains("base_url"), "{err}");
}
