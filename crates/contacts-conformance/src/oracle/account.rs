//! What a sequence finds in the account beyond its contacts, and leaves as it found it.
//!
//! A factory gives each sequence a fresh, empty set of contacts, but a sandbox account keeps
//! its blocked numbers and its address books between sequences (a wipe deletes contacts
//! only). So the model starts with the numbers the account has blocked, books listed before
//! the sequence are told apart from the sequence's own, and afterwards, passed or failed, the
//! sequence deletes the books it made and puts the blocklist back as it was.

use super::compare::digits;
use super::ids::Ids;
use crate::checks::support::err;
use contacts_core::{AddressBookId, ContactProvider, InMemoryProvider};
use std::collections::BTreeSet;

/// The account around the contacts when a sequence starts.
pub(crate) struct Before {
    pub(crate) books: Vec<AddressBookId>,
    /// Blocked numbers, as the provider lists them.
    pub(crate) blocked: Vec<String>,
}

/// Reads what the account holds besides contacts.
pub(crate) async fn before(p: &dyn ContactProvider) -> Result<Before, String> {
    let books = match p.address_books() {
        Some(books) => books.list_books().await.map_err(err("list_books"))?,
        None => Vec::new(),
    };
    let blocked = match p.blocklist() {
        Some(list) => list.list_blocked().await.map_err(err("list_blocked"))?,
        None => Vec::new(),
    };
    Ok(Before {
        books: books.into_iter().map(|b| b.id).collect(),
        blocked,
    })
}

/// The model with the account's blocked numbers blocked too.
pub(crate) async fn model_like(
    model: InMemoryProvider,
    before: &Before,
) -> Result<InMemoryProvider, String> {
    if let Some(list) = model.blocklist() {
        for number in &before.blocked {
            let number = format!("+{}", digits(number));
            list.block_number(&number).await.map_err(|e| {
                format!("the account has {number} blocked, which the model refuses: {e}")
            })?;
        }
    }
    Ok(model)
}

/// Deletes the books the sequence made and restores the blocklist, best effort: what fails
/// here fails the next sequence's comparison, which says what it found.
pub(crate) async fn restore(p: &dyn ContactProvider, before: &Before, ids: &Ids) {
    if let Some(books) = p.address_books() {
        for (made, _) in &ids.books {
            let _ = books.delete_book(made).await;
        }
    }
    let Some(list) = p.blocklist() else {
        return;
    };
    let Ok(now) = list.list_blocked().await else {
        return;
    };
    let was: BTreeSet<&str> = before.blocked.iter().map(|n| digits(n)).collect();
    let is: BTreeSet<&str> = now.iter().map(|n| digits(n)).collect();
    for number in now.iter().filter(|n| !was.contains(digits(n))) {
        let _ = list.unblock_number(number).await;
    }
    for number in before.blocked.iter().filter(|n| !is.contains(digits(n))) {
        let _ = list.block_number(number).await;
    }
}
