//! Plugging the store into the core registry.

use crate::provider::{SQLITE_PROVIDER, SqliteProvider};
use contacts_core::{ProviderConfig, Registry, Result};

/// Registers `sqlite`. Settings: `path` (required: the database file), `address_book`
/// (optional: scope to one book of the file).
///
/// ```
/// use contacts_core::{ProviderConfig, Registry};
/// let dir = tempfile::tempdir().unwrap();
/// let mut registry = Registry::new();
/// provider_sqlite::register(&mut registry);
/// let path = dir.path().join("c.db");
/// let provider = registry.build("sqlite", &ProviderConfig::new().with("path", path.to_str().unwrap())).unwrap();
/// assert_eq!(provider.name(), "sqlite");
/// ```
pub fn register(registry: &mut Registry) {
    registry.register_with(SQLITE_PROVIDER, from_config);
}

/// Opens the store, without layers, from string settings (see [`register`]; the registry adds
/// the standard layers).
pub fn from_config(config: &ProviderConfig) -> Result<SqliteProvider> {
    let mut builder = SqliteProvider::builder().path(config.require("path")?);
    if let Some(book) = config.get("address_book") {
        builder = builder.address_book(book);
    }
    builder.build_bare()
}
