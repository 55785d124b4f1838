//! The store's change feed, read from its change log (see [`changelog`](crate::changelog)):
//! tokens that name the store, its scope and a revision, and what changed since one.

use crate::changelog;
use crate::document;
use crate::provider::SqliteProvider;
use crate::schema::sql_error;
use async_trait::async_trait;
use contacts_core::optional::{ChangeFeed, ChangeSet, ChangeToken, RevisionTokens};
use contacts_core::{
    AddressBookId, Contact, ContactId, ContactProvider, Error, Labels, Properties, Result,
};
use rusqlite::Connection;
use rusqlite::types::ValueRef;

/// The local store's change tokens, `sqlite-changes:<revision>:<store identity>`: the scheme
/// tells them from other providers' (and from its page tokens). The store identity names the
/// file and, for a provider scoped to a book, the book (`sqlite-<hex>/book/<book>`), so a
/// token is refused by another file and by another scope of the same file; a copy of the file
/// is the same store and takes its tokens.
const TOKENS: RevisionTokens =
    RevisionTokens::revision_first("sqlite-changes", "the local store (sqlite)")
        .refusing_foreign(another_store);

/// Why a token `issuer` issued is refused by the store and scope `identity`: another scope
/// of the same file is told apart from another file.
fn another_store(issuer: &str, identity: &str) -> String {
    let file = |id: &str| id.split("/book/").next().unwrap_or_default().to_owned();
    if file(issuer) == file(identity) {
        format!(
            "another store issued it: another scope of the same file ({issuer}, this is \
             {identity}); open the provider for the book the token was taken for"
        )
    } else {
        "another store (another file) issued it".to_owned()
    }
}

/// The token for `revision` (never negative: the change log counts from 0) of `identity`.
fn token(identity: &str, revision: i64) -> ChangeToken {
    ChangeToken::revision(&TOKENS, identity, unsigned(revision))
}

/// A revision of the change log as a token holds it: SQLite counts in `i64` from 0.
fn unsigned(revision: i64) -> u64 {
    u64::try_from(revision).unwrap_or_default()
}

impl SqliteProvider {
    /// The identity tokens carry: the store's identity with its scope.
    fn token_identity(&self) -> String {
        self.store_identity().unwrap_or_default()
    }
}

#[async_trait]
impl ChangeFeed for SqliteProvider {
    async fn current_token(&self) -> Result<ChangeToken> {
        let identity = self.token_identity();
        let revision = self
            .store()
            .read("read the change log", changelog::latest)
            .await?;
        Ok(token(&identity, revision))
    }

    async fn changes_since(&self, since: &ChangeToken) -> Result<ChangeSet> {
        let identity = self.token_identity();
        let (book, since) = (self.scope(), since.clone());
        // One read transaction: the changes and the new token from one snapshot.
        self.store()
            .read("read the change log", move |snapshot| {
                let latest = changelog::latest(snapshot)?;
                let horizon = changelog::horizon(snapshot)?;
                let known = unsigned(horizon)..=unsigned(latest);
                let revision = since.revision_in(&TOKENS, &identity, known)?;
                // Within `known`, so within `latest`, an `i64`.
                let revision = i64::try_from(revision).unwrap_or(latest);
                let (changed, deleted) = read(snapshot, revision, book.as_deref())?;
                Ok(ChangeSet {
                    changed,
                    deleted,
                    token: token(&identity, latest),
                })
            })
            .await
    }
}

/// Each contact written since `since` in `book`'s view (the whole file when `None`), once,
/// in the order of its latest write, with its rows gathered in the same query (no query per
/// contact); a contact no longer in the view is listed as deleted.
const SINCE: &str = "
    SELECT ch.contact_id, c.seq, c.address_book, c.card,
           (SELECT json_group_object(key, value) FROM properties WHERE contact = c.seq),
           (SELECT json_group_array(label) FROM labels WHERE contact = c.seq)
    FROM (SELECT contact_id, max(revision) AS revision FROM changes
          WHERE revision > ?1 AND (?2 IS NULL OR book = ?2)
          GROUP BY contact_id) ch
    LEFT JOIN contacts c ON c.seq = ch.contact_id AND (?2 IS NULL OR c.address_book = ?2)
    ORDER BY ch.revision";

/// The changed contacts and the deleted ids since `since`, in `book`'s view.
fn read(
    conn: &Connection,
    since: i64,
    book: Option<&str>,
) -> Result<(Vec<Contact>, Vec<ContactId>)> {
    let failed = |e: rusqlite::Error| sql_error("read the change log", &e);
    let mut statement = conn.prepare_cached(SINCE).map_err(failed)?;
    let mut rows = statement
        .query(rusqlite::params![since, book])
        .map_err(failed)?;
    let (mut changed, mut deleted) = (Vec::new(), Vec::new());
    while let Some(row) = rows.next().map_err(failed)? {
        let id: i64 = row.get(0).map_err(failed)?;
        if row.get_ref(1).map_err(failed)? == ValueRef::Null {
            deleted.push(ContactId::from(id as u64));
            continue;
        }
        let properties: Properties =
            serde_json::from_slice(json_text(row.get_ref(4).map_err(failed)?))
                .map_err(|e| unreadable(id, &e))?;
        let labels: Labels = serde_json::from_slice(json_text(row.get_ref(5).map_err(failed)?))
            .map_err(|e| unreadable(id, &e))?;
        let address_book: Option<String> = row.get(2).map_err(failed)?;
        changed.push(Contact {
            id: ContactId::from(id as u64),
            owner_id: None,
            properties,
            labels,
            metadata: None,
            address_book: address_book.map(AddressBookId::new),
            card: document::read(id, row.get_ref(3).map_err(failed)?)?,
        });
    }
    Ok((changed, deleted))
}

/// The text of a column of SQLite's JSON functions (a contact's gathered rows).
fn json_text(column: ValueRef<'_>) -> &[u8] {
    match column {
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => bytes,
        _ => b"",
    }
}

/// The error for gathered rows of contact `seq` that cannot be read back.
fn unreadable(seq: i64, e: &serde_json::Error) -> Error {
    Error::Protocol {
        status: None,
        message: format!(
            "the rows of contact {seq} cannot be read ({e}); the file was changed outside \
             contacts: replace the contact to mend it"
        ),
        // The rows hold personal data: no excerpt of them in an error.
        body_excerpt: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The revision `token` stands for, read by the store and scope `identity` whose change
    /// log holds revisions 0 to 100.
    fn revision_of(identity: &str, token: &ChangeToken) -> Result<u64> {
        token.revision_in(&TOKENS, identity, 0..=100)
    }

    #[test]
    fn a_token_names_its_store_scope_and_revision() {
        let file = "sqlite-0123";
        let issued = token(file, 42);
        assert_eq!(revision_of(file, &issued).unwrap(), 42);
        let book = format!("{file}/book/work");
        let err = revision_of(&book, &issued).unwrap_err();
        assert!(err.to_string().contains("another scope"), "{err}");
        let err = revision_of("sqlite-9999", &issued).unwrap_err();
        assert!(err.to_string().contains("another file"), "{err}");
        for bad in [
            "",
            "sqlite-changes",
            "sqlite-changes:x:sqlite-0123",
            "sqlite-changes:-1:sqlite-0123",
        ] {
            let err = revision_of(file, &ChangeToken::new(bad)).unwrap_err();
            assert!(
                matches!(&err, Error::InvalidInput { field, .. } if field == "change_token"),
                "{bad:?}: {err}"
            );
        }
    }

    /// Tokens users saved before `RevisionTokens` wrote them are still taken, byte for byte
    /// as the old code wrote them (`format!("sqlite-changes:{revision}:{identity}")`), with a
    /// book whose name holds colons too.
    #[test]
    fn a_token_saved_from_the_old_code_is_still_taken() {
        for (saved, identity, revision) in [
            ("sqlite-changes:42:sqlite-0123", "sqlite-0123", 42),
            (
                "sqlite-changes:0:sqlite-0123/book/a:b",
                "sqlite-0123/book/a:b",
                0,
            ),
        ] {
            let saved = ChangeToken::new(saved);
            assert_eq!(revision_of(identity, &saved).unwrap(), revision);
            assert_eq!(token(identity, revision as i64), saved);
        }
    }

    #[test]
    fn a_token_ahead_of_the_log_or_older_than_its_horizon_is_refused() {
        let file = "sqlite-0123";
        let err = token(file, 7)
            .revision_in(&TOKENS, file, 0..=6)
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidInput { field, reason }
                if field == "change_token" && reason.contains("ahead of this store")),
            "{err}"
        );
        let err = token(file, 2)
            .revision_in(&TOKENS, file, 3..=6)
            .unwrap_err();
        assert!(err.is_expired_token(), "{err}");
        assert!(
            err.to_string()
                .contains("keeps its change log back to revision 3 only"),
            "{err}"
        );
    }
}
