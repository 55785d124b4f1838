//! Bugs of address-book administration (`AddressBookAdmin`).

use super::Bug;
use super::adapter::hook;
use super::support::{Store, books, with_admin};
use contacts_core::optional::AddressBookInfo;
use contacts_core::{
    AddressBookId, ContactId, ContactProvider, Error, GetOptions, NewContact, Result,
};
use std::collections::HashMap;
use std::sync::Mutex;

hook! {
    /// Meant to move with the vendor's move endpoint, which refuses contacts that carry labels;
    /// the author's fallback copies the contact into the target book and forgets to delete the
    /// original, so a labelled contact is still listed here after the move.
    struct LabelledMoveCopies;
    bug move_labelled_contact_copies over with_admin();
    breaks "optional/books.rs, AddressBookAdmin::move_contact: \"afterwards it is listed \
            there and no longer here\"";
    when "moving a contact that carries labels";

    async fn move_contact(&self, p: &Store, id: &ContactId, to: &AddressBookId) -> Result<()> {
        let contact = p.get(id, &GetOptions::default()).await?;
        if contact.labels.is_empty() {
            return books(p)?.move_contact(id, to).await;
        }
        books(p)?
            .list_books()
            .await?
            .iter()
            .find(|b| b.id == *to)
            .ok_or_else(|| Error::not_found(format!("address book {to}")))?;
        let doc = NewContact {
            address_book: None,
            ..contact.to_new()
        };
        let copy = p.create(&[doc]).await?;
        books(p)?.move_contact(&copy[0].id, to).await
    }
}

hook! {
    /// Meant to delete a book; the vendor refuses to delete a book that is not empty, so the
    /// author first "rescues" its contacts into the default book. They survive the delete.
    struct DeleteBookRescuesContacts {
        /// Documents of the contacts this adapter moved into each book.
        moved: Mutex<HashMap<AddressBookId, Vec<NewContact>>>,
    }
    bug delete_book_rescues_contacts over with_admin();
    breaks "optional/books.rs, AddressBookAdmin::delete_book: \"Deletes a book and the \
            contacts in it\"";
    when "deleting a book that contacts were moved into";

    async fn move_contact(&self, p: &Store, id: &ContactId, to: &AddressBookId) -> Result<()> {
        let contact = p.get(id, &GetOptions::default()).await?;
        books(p)?.move_contact(id, to).await?;
        let doc = NewContact {
            address_book: None,
            ..contact.to_new()
        };
        self.moved
            .lock()
            .unwrap()
            .entry(to.clone())
            .or_default()
            .push(doc);
        Ok(())
    }

    async fn delete_book(&self, p: &Store, id: &AddressBookId) -> Result<()> {
        let inside = self
            .moved
            .lock()
            .unwrap()
            .get(id)
            .cloned()
            .unwrap_or_default();
        if !inside.is_empty() && books(p)?.list_books().await?.iter().any(|b| b.id == *id) {
            p.create(&inside).await?;
            self.moved.lock().unwrap().remove(id);
        }
        books(p)?.delete_book(id).await
    }
}

hook! {
    /// Meant to rename with `PUT /books/{id}`, which the vendor treats as an upsert: renaming a
    /// book that does not exist creates one instead of failing.
    struct RenameUpserts;
    bug rename_unknown_book_creates_it over with_admin();
    breaks "optional/books.rs, AddressBookAdmin::rename_book: \"`NotFound` if there is \
            none with this id\"";
    when "renaming a book id that does not exist (e.g. deleted)";

    async fn rename_book(&self, p: &Store, id: &AddressBookId, n: &str) -> Result<AddressBookInfo> {
        match books(p)?.rename_book(id, n).await {
            Err(e) if e.is_not_found() => books(p)?.create_book(n).await,
            other => other,
        }
    }
}

hook! {
    /// Meant to list the account's books; the vendor pages them by 20 and the author read the
    /// first page only.
    struct BooksFirstPageOnly;
    bug list_books_first_page_only over with_admin();
    breaks "optional/books.rs, AddressBookAdmin::list_books: \"Every address book of the \
            account.\"";
    when "more than 20 address books";

    async fn list_books(&self, p: &Store) -> Result<Vec<AddressBookInfo>> {
        let mut all = books(p)?.list_books().await?;
        all.truncate(20);
        Ok(all)
    }
}

/// The address-book administration bugs.
pub fn bugs() -> Vec<Bug> {
    vec![
        LabelledMoveCopies::bug(),
        DeleteBookRescuesContacts::bug(),
        RenameUpserts::bug(),
        BooksFirstPageOnly::bug(),
    ]
}
