//! `book_key` is true of each provider: a provider naming one declares address books, and its
//! registry factory reads that setting (the registry refuses a setting no factory reads, so a
//! wrong key fails here as it would fail `contacts conformance --provider NAME`).

use contacts_core::ProviderConfig;
use contacts_providers::{builtin, registry};

/// The settings each provider with books needs besides its book, on hosts never called.
fn required(name: &str) -> ProviderConfig {
    let settings: &[(&str, &str)] = match name {
        "sqlite" => &[("path", ":memory:")],
        "addressbook" => &[("base_url", "https://api.example.invalid")],
        "carddav" => &[("base_url", "https://dav.example.invalid/")],
        other => panic!("{other} names a book key: say here what else it needs to build"),
    };
    settings
        .iter()
        .fold(ProviderConfig::new(), |c, (k, v)| c.with(*k, *v))
}

#[test]
fn every_book_key_is_read_by_its_provider_which_declares_books() {
    let registry = registry();
    let with_keys: Vec<_> = builtin().iter().filter(|b| b.book_key.is_some()).collect();
    assert!(!with_keys.is_empty());
    for b in with_keys {
        let key = b.book_key.unwrap();
        let offline = (b.offline)().unwrap();
        assert!(
            offline.capabilities().address_books,
            "{}: a book key without address books",
            b.name
        );
        let config = required(b.name).with(key, "7");
        let built = registry.build(b.name, &config);
        assert!(built.is_ok(), "{} with {key}: {:?}", b.name, built.err());
        let unread = registry.build(b.name, &required(b.name).with(format!("{key}_typo"), "7"));
        assert!(
            unread.is_err(),
            "{}: an unread setting must be refused",
            b.name
        );
    }
}
