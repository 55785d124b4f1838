//! Opening a store.

use crate::changelog::Retention;
use crate::provider::SqliteProvider;
use crate::store::Store;
use contacts_core::{AddressBookId, Error, Result, Standard, layer};
use derive_setters::Setters;
use std::path::PathBuf;
use std::time::Duration;

impl SqliteProvider {
    /// Starts opening a store; see [`SqliteProviderBuilder`].
    pub fn builder() -> SqliteProviderBuilder {
        SqliteProviderBuilder::default()
    }
}

/// Opens a [`SqliteProvider`].
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use contacts_core::{ContactProvider, NewContact};
/// use provider_sqlite::SqliteProvider;
/// let dir = tempfile::tempdir().unwrap();
/// let store = SqliteProvider::builder().path(dir.path().join("contacts.db")).build()?;
/// let made = store.create(&[NewContact::new().property("phoneNumber", "+46701234567")]).await?;
/// assert_eq!(made[0].id.as_str(), "1");
/// # Ok::<_, contacts_core::Error>(()) }).unwrap();
/// ```
#[derive(Debug, Clone, Default, Setters)]
pub struct SqliteProviderBuilder {
    /// The database file (created if missing; its directory must exist).
    #[setters(strip_option, into)]
    path: Option<PathBuf>,
    #[setters(skip)]
    book: Option<String>,
    #[setters(skip)]
    retention: Retention,
}

impl SqliteProviderBuilder {
    /// Scopes the provider to one address book of the file: it lists only that book's
    /// contacts and writes new ones to it. Unscoped, it serves every contact.
    #[must_use]
    pub fn address_book(mut self, book: impl Into<AddressBookId>) -> Self {
        self.book = Some(book.into().into_inner());
        self
    }

    /// How many revisions (contact writes) of history the change log keeps: older entries
    /// are pruned at the next write, and change tokens from before them are expired (a
    /// reader then lists everything again). Default 1,000,000; at least 1.
    #[must_use]
    pub fn change_log_revisions(mut self, revisions: u64) -> Self {
        self.retention.revisions = revisions.max(1);
        self
    }

    /// How old the change log's entries may grow: older ones are pruned at the next write,
    /// and change tokens from before them are expired. Default 90 days.
    #[must_use]
    pub fn change_log_max_age(mut self, max_age: Duration) -> Self {
        self.retention.max_age = max_age;
        self
    }

    /// Opens the store in the standard layers (the contract's refusals, a span per
    /// operation). A file that is not a SQLite database, or was written by a newer schema, is
    /// refused and left untouched.
    pub fn build(self) -> Result<Standard<SqliteProvider>> {
        self.build_bare().map(layer::standard)
    }

    /// Opens the store without any layer (the registry adds the standard layers itself).
    pub fn build_bare(self) -> Result<SqliteProvider> {
        let path = self
            .path
            .ok_or_else(|| Error::invalid("path", "the store needs a file path"))?;
        Ok(SqliteProvider::new(
            Store::open(&path)?,
            self.book,
            self.retention,
        ))
    }
}
