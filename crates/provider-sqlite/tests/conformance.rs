//! The whole conformance suite on the SQLite store, a new file per provider.

use contacts_conformance::{Config, Factory, conformance_tests};
use contacts_core::ContactProvider;
use provider_sqlite::SqliteProvider;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Fresh stores in a temporary directory; `book` scopes each to one address book.
fn stores(book: Option<&'static str>) -> Factory {
    let dir = Arc::new(tempfile::tempdir().expect("a temporary directory"));
    let next = Arc::new(AtomicUsize::new(0));
    // The builder's providers come in the standard layers already.
    Factory::bare("sqlite", move || {
        let n = next.fetch_add(1, Ordering::Relaxed);
        let path = dir.path().join(format!("store-{n}.db"));
        // The directory lives as long as the factory (and so every provider it made).
        let mut builder = SqliteProvider::builder().path(path);
        if let Some(book) = book {
            builder = builder.address_book(book);
        }
        let built = builder.build();
        async move { Ok(Box::new(built?) as Box<dyn ContactProvider>) }
    })
}

conformance_tests!(stores(None), Config::default().cases(12));

/// The store scoped to one address book, as `--setting address_book=…` opens it: the same
/// contract, with every contact in that book.
mod scoped {
    use super::*;
    conformance_tests!(stores(Some("team")), Config::default().cases(12));
}
