//! Incremental listing with `sync-collection` (RFC 6578): what changed since a token, so a
//! sync fetches only that.

use crate::dav::last_segment;
use crate::listing::{Member, fetch};
use crate::provider::CardDavProvider;
use crate::xml;
use contacts_core::{Contact, ContactId, Error, Result};

/// A `sync-collection` token of one address book: opaque, serialisable, handed back to
/// [`CardDavProvider::changes_since`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SyncToken(pub String);

/// What changed in the address book since a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Contacts created or changed since the token, as they are now.
    pub changed: Vec<Contact>,
    /// Ids of contacts deleted since the token.
    pub deleted: Vec<ContactId>,
    /// The token to ask from next time.
    pub token: SyncToken,
}

/// Members changed and deleted, as a sync report lists them.
type Delta = (Vec<Member>, Vec<ContactId>);

impl CardDavProvider {
    /// Whether the server offers `sync-collection` on this address book (its
    /// `DAV:supported-report-set` says so), so [`changes_since`](Self::changes_since) can be
    /// used instead of listing everything.
    pub async fn supports_sync(&self) -> Result<bool> {
        let (book, _) = self.book().await?;
        let ms = self
            .books
            .dav
            .propfind(&book, "0", "<d:supported-report-set/>", "the address book")
            .await?;
        Ok(ms.responses.iter().any(|r| r.props.sync_collection))
    }

    /// Everything that changed since `token` (`None`: every contact, as the initial sync),
    /// with the token to continue from. Only the changed vCards are fetched
    /// (`addressbook-multiget` in batches).
    ///
    /// A token the server no longer accepts (RFC 6578 `DAV:valid-sync-token`) is
    /// `InvalidInput` on `sync_token`: start again from `None`. A server without
    /// `sync-collection` answers with an error the usual mapping types (`Unsupported` is not
    /// guessed: the status says what happened).
    pub async fn changes_since(&self, token: Option<&SyncToken>) -> Result<Changes> {
        let (book, book_id) = self.book().await?;
        let body = xml::sync_collection(token.map_or("", |t| t.0.as_str()));
        let ms = match self.books.dav.report(&book, body, "the address book").await {
            Ok(ms) => ms,
            Err(e)
                if token.is_some()
                    && matches!(e, Error::PermissionDenied { .. } | Error::Conflict { .. }) =>
            {
                return Err(Error::invalid(
                    "sync_token",
                    format!(
                        "the server no longer accepts this token ({e}); start again without one"
                    ),
                ));
            }
            Err(e) => return Err(e),
        };
        let new_token = ms.sync_token.clone().ok_or_else(|| Error::Protocol {
            status: Some(207),
            message: "the sync-collection answer carries no sync-token".into(),
            body_excerpt: String::new(),
        })?;
        let own = book.path().trim_end_matches('/').to_owned();
        let (members, deleted): Delta = ms.responses.into_iter().fold(
            (Vec::new(), Vec::new()),
            |(mut changed, mut deleted), r| {
                let is_book =
                    r.href.trim_end_matches('/').ends_with(&own) && r.props.etag.is_none();
                if r.status == Some(404) {
                    deleted.push(ContactId::new(last_segment(&r.href)));
                } else if !is_book && !r.props.collection {
                    changed.push(Member {
                        name: last_segment(&r.href),
                        href: r.href,
                        etag: r.props.etag,
                    });
                }
                (changed, deleted)
            },
        );
        let mut changed = Vec::with_capacity(members.len());
        for chunk in members.chunks(crate::provider::MAX_PAGE_SIZE as usize) {
            for stored in fetch(&self.books.dav, &book, chunk).await? {
                changed.push(stored.contact(&book_id));
            }
        }
        Ok(Changes {
            changed,
            deleted,
            token: SyncToken(new_token),
        })
    }
}
