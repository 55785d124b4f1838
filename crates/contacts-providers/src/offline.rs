//! Instances built without a request, only to read their capabilities (the capability matrix
//! of `docs/providers.md`). Each uses a fixed, valid configuration on an `.invalid` host, so
//! nothing can be reached even by mistake.

use contacts_core::{ContactProvider, InMemoryProvider, Result};
use provider_addressbook::AddressBookProvider;
use provider_carddav::CardDavProvider;
use provider_ip1::Ip1Provider;
use provider_remote::RemoteProvider;
use provider_sqlite::SqliteProvider;

/// `memory`: a new in-memory store.
pub(crate) fn memory() -> Result<Box<dyn ContactProvider>> {
    Ok(Box::new(InMemoryProvider::new()))
}

/// `sqlite`: SQLite's in-memory database, so nothing is written to disk.
pub(crate) fn sqlite() -> Result<Box<dyn ContactProvider>> {
    Ok(Box::new(
        SqliteProvider::builder().path(":memory:").build()?,
    ))
}

/// `ip1`: the default base URL, never called.
pub(crate) fn ip1() -> Result<Box<dyn ContactProvider>> {
    Ok(Box::new(Ip1Provider::builder().api_key("offline").build()?))
}

/// `addressbook`: book 1 of an unreachable host.
pub(crate) fn addressbook() -> Result<Box<dyn ContactProvider>> {
    let provider = AddressBookProvider::builder()
        .base_url("https://api.example.invalid")
        .address_book(1)
        .build()?;
    Ok(Box::new(provider))
}

/// `carddav`: one book of an unreachable server.
pub(crate) fn carddav() -> Result<Box<dyn ContactProvider>> {
    let provider = CardDavProvider::builder()
        .base_url("https://dav.example.invalid/")
        .username("offline")
        .password("offline")
        .book("/offline/contacts/")
        .build()?;
    Ok(Box::new(provider))
}

/// `remote`: its capabilities are whatever its server declares, so the matrix shows it in
/// front of `contacts serve`'s default store, the local store: the service document is the
/// one that server answers (built here from an in-memory SQLite store, not asked for), and
/// the provider is built from it without a request.
pub(crate) fn remote() -> Result<Box<dyn ContactProvider>> {
    let served = SqliteProvider::builder().path(":memory:").build()?;
    let service =
        provider_remote::ServiceDocument::new(served.name(), served.capabilities().clone(), None);
    let provider = RemoteProvider::builder()
        .base_url("https://contacts.example.invalid/")
        .token("offline")
        .service_document(service)
        .build()?;
    Ok(Box::new(provider))
}
