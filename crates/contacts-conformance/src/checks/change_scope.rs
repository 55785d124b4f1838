//! The edges of a feed's scope: a contact moved to another address book has left it (a reader
//! of this book must drop it), and a token another store issued is none of its own (a reader
//! pointed at the wrong store must be told, not handed this store's changes).

use super::change_set::shown;
use super::support::err;
use crate::Factory;
use contacts_core::optional::{AddressBookAdmin, ChangeFeed};
use contacts_core::{AddressBookId, ContactId, ContactProvider, Error};
use std::sync::Arc;

/// The book a contact is moved to; created for the move and deleted afterwards.
const ELSEWHERE: &str = "conformance-feed-elsewhere";

/// A contact moved out of the provider's book, and the book it went to.
pub(super) struct Moved<'a> {
    books: &'a dyn AddressBookAdmin,
    /// The book created for the move.
    pub(super) book: AddressBookId,
}

impl Moved<'_> {
    /// Deletes the book the contact was moved to (and the contact with it).
    pub(super) async fn remove_book(self) -> Result<(), String> {
        self.books
            .delete_book(&self.book)
            .await
            .map_err(err("delete_book (of the book a contact was moved to)"))
    }
}

/// Moves `id` to a new book through address-book administration; `None` when it is not
/// declared. The caller removes the book once it has read the change set.
pub(super) async fn move_away<'a>(
    p: &'a dyn ContactProvider,
    id: &ContactId,
) -> Result<Option<Moved<'a>>, String> {
    let books = p
        .address_books()
        .filter(|_| p.capabilities().address_book_admin);
    let Some(books) = books else {
        return Ok(None);
    };
    let book = books
        .create_book(ELSEWHERE)
        .await
        .map_err(err("create_book"))?;
    let moved = Moved {
        books,
        book: book.id,
    };
    if let Err(e) = books.move_contact(id, &moved.book).await {
        // The move failed: the book is removed before saying so, the error is the move's.
        let _ = moved.remove_book().await;
        return Err(format!("move_contact failed: {e}"));
    }
    Ok(Some(moved))
}

/// A token of a second store from `factory` is `InvalidInput` for `feed` (of `p`): never a
/// success, which would hand a reader pointed at the wrong store that store's changes as if
/// they were the changes since its own token.
///
/// Checkable only where the second store tells itself apart: both stores have a
/// [`store_identity`](ContactProvider::store_identity) and they differ (a factory over one
/// shared account, or a provider that cannot tell its store, gives no second store), so it
/// passes otherwise. The second store is only asked for a token, then given to the
/// factory's teardown.
pub(super) async fn other_stores_token(
    p: &dyn ContactProvider,
    feed: &dyn ChangeFeed,
    factory: &Factory,
) -> Result<(), String> {
    let Some(mine) = p.store_identity() else {
        return Ok(());
    };
    let other: Arc<dyn ContactProvider> = factory
        .fresh()
        .await
        .map_err(err("making a second store with the factory"))?
        .into();
    let refused = refuses_token_of(feed, &*other, &mine).await;
    let cleaned = factory.clean(Arc::clone(&other)).await;
    refused?;
    cleaned.map_err(|e| format!("the teardown of the second store failed: {e}"))
}

/// `feed` (of the store known as `mine`) refuses a token of `other` as `InvalidInput`, where
/// `other` is another store with a change feed.
async fn refuses_token_of(
    feed: &dyn ChangeFeed,
    other: &dyn ContactProvider,
    mine: &str,
) -> Result<(), String> {
    if other.store_identity().is_none_or(|theirs| theirs == mine) {
        return Ok(());
    }
    let Some(other_feed) = other.change_feed() else {
        return Ok(());
    };
    let token = other_feed
        .current_token()
        .await
        .map_err(err("current_token of a second store"))?;
    match feed.changes_since(&token).await {
        Err(Error::InvalidInput { .. }) => Ok(()),
        Ok(set) => Err(format!(
            "the token {token} of another store (another store_identity) was taken, expected \
             InvalidInput: it listed {}",
            shown(&set)
        )),
        Err(e) => Err(format!(
            "the token {token} of another store (another store_identity) gave {} ({e}), \
             expected InvalidInput",
            e.kind()
        )),
    }
}
