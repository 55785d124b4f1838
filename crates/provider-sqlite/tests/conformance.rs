//! The whole conformance suite on the SQLite store, a new file per provider.

use contacts_conformance::{Config, Factory, conformance_tests};
use contacts_core::ContactProvider;
use provider_sqlite::SqliteProvider;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

fn factory() -> Factory {
    let dir = Arc::new(tempfile::tempdir().expect("a temporary directory"));
    let next = Arc::new(AtomicUsize::new(0));
    // The builder's providers come in the standard layers already.
    Factory::bare("sqlite", move || {
        let n = next.fetch_add(1, Ordering::Relaxed);
        let path = dir.path().join(format!("store-{n}.db"));
        // The directory lives as long as the factory (and so every provider it made).
        let built = SqliteProvider::builder().path(path).build();
        async move { Ok(Box::new(built?) as Box<dyn ContactProvider>) }
    })
}

conformance_tests!(factory(), Config::default().cases(12));
