//! The whole conformance suite through the remote provider, against `contacts serve`'s
//! server over the in-memory store and over the local store (a SQLite file): a new server
//! over a new, empty store for every check, stopped after it.

mod common;

use common::Server;
use contacts_conformance::{Config, Factory, Report, run};
use contacts_core::{ContactProvider, InMemoryProvider};
use provider_sqlite::SqliteProvider;
use std::sync::Arc;

/// A factory whose every provider is the remote provider on a new server over the store
/// `store` makes; the server (and what the store keeps, e.g. its directory) goes when the
/// check ends.
fn factory<K, F>(name: &str, store: F) -> Factory
where
    K: Send + 'static,
    F: Fn() -> (K, Arc<dyn ContactProvider>) + Send + Sync + 'static,
{
    let store = Arc::new(store);
    Factory::per_namespace(
        name,
        move || {
            let store = Arc::clone(&store);
            async move {
                let (keep, provider) = store();
                let server = Server::start(provider).await;
                let remote = Box::new(server.connect().await) as Box<dyn ContactProvider>;
                Ok(((server, keep), remote))
            }
        },
        |(mut server, keep): (Server, K)| async move {
            server.stop();
            drop(keep);
            Ok(())
        },
        false,
    )
}

async fn suite(factory: Factory) {
    // 16 cases and a fixed seed unless CONTACTS_CONFORMANCE_CASES / _SEED say otherwise.
    let report = run(&factory, &Config::default()).await;
    let printed = Report {
        providers: vec![report.clone()],
        ..Report::default()
    };
    println!("{printed}");
    assert!(report.passed(), "{printed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conformance_over_the_in_memory_store() {
    let factory = factory("remote-memory", || {
        (
            (),
            Arc::new(InMemoryProvider::new()) as Arc<dyn ContactProvider>,
        )
    });
    suite(factory).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conformance_over_the_local_store() {
    let factory = factory("remote-sqlite", || {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = SqliteProvider::builder()
            .path(dir.path().join("contacts.db"))
            .build()
            .expect("a local store");
        (dir, Arc::new(store) as Arc<dyn ContactProvider>)
    });
    suite(factory).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conformance_over_a_store_with_address_books() {
    // The in-memory store with every optional capability, address-book administration too,
    // so the suite reaches every path of the protocol.
    let factory = factory("remote-books", || {
        let store = InMemoryProvider::with_books();
        ((), Arc::new(store) as Arc<dyn ContactProvider>)
    });
    suite(factory).await;
}
