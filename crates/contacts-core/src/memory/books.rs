//! The in-memory store's address-book administration. A store that declares it is scoped to
//! its home book (book 1, as an adapter opened on one book is): it lists, reads and writes
//! that book's contacts; a contact moved elsewhere leaves its view, and the home book cannot
//! be deleted from inside it.

use super::state::HOME_BOOK;
use super::store::MemoryStore;
use crate::optional::{AddressBookAdmin, AddressBookInfo};
use crate::{AddressBookId, ContactId, Error, Result};
use async_trait::async_trait;

fn info(seq: u64, name: &str) -> AddressBookInfo {
    AddressBookInfo {
        id: AddressBookId::from(seq),
        name: name.to_owned(),
    }
}

#[async_trait]
impl AddressBookAdmin for MemoryStore {
    async fn list_books(&self) -> Result<Vec<AddressBookInfo>> {
        let state = self.lock();
        Ok(state.books.iter().map(|(seq, n)| info(*seq, n)).collect())
    }

    async fn create_book(&self, name: &str) -> Result<AddressBookInfo> {
        let mut state = self.lock();
        let seq = state.next_book;
        state.next_book += 1;
        state.books.insert(seq, name.to_owned());
        Ok(info(seq, name))
    }

    async fn rename_book(&self, id: &AddressBookId, name: &str) -> Result<AddressBookInfo> {
        let mut state = self.lock();
        let seq = state.book(id)?;
        state.books.insert(seq, name.to_owned());
        Ok(info(seq, name))
    }

    async fn delete_book(&self, id: &AddressBookId) -> Result<()> {
        let mut state = self.lock();
        let seq = state.book(id)?;
        if seq == HOME_BOOK {
            return Err(Error::invalid(
                "address_book",
                format!("book {id} is the one this provider works in; delete it from another"),
            ));
        }
        state.books.remove(&seq);
        let inside: Vec<u64> = state
            .contacts
            .iter()
            .filter(|(_, c)| c.address_book.as_ref() == Some(id))
            .map(|(seq, _)| *seq)
            .collect();
        for seq in inside {
            state.remove(seq);
        }
        Ok(())
    }

    async fn move_contact(&self, id: &ContactId, to: &AddressBookId) -> Result<()> {
        let mut state = self.lock();
        state.book(to)?;
        state.contact_mut(id)?.address_book = Some(to.clone());
        Ok(())
    }
}
