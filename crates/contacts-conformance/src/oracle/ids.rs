//! Which provider id is which model id: contacts, books, and the books contacts carry.

use super::NEVER_IDS;
use super::ops::{BookTarget, Target};
use contacts_core::{AddressBookId, ContactId};
use std::collections::HashSet;

/// The correspondence between the provider's ids and the model's, kept as the sequence
/// runs. `Clone`, so a step can be tried against several model outcomes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ids {
    /// Contacts in view, in creation order: (provider id, model id).
    pub(crate) live: Vec<(ContactId, ContactId)>,
    /// Contacts deleted (or moved out of view).
    pub(crate) deleted: Vec<(ContactId, ContactId)>,
    /// Books the sequence made and has not deleted.
    pub(crate) books: Vec<(AddressBookId, AddressBookId)>,
    /// Books the provider listed before the sequence.
    pub(crate) initial_books: Vec<AddressBookId>,
    /// Every contact id the provider has issued.
    pub(crate) issued: HashSet<ContactId>,
    /// The books contacts carry, provider's to model's: a one-to-one correspondence.
    pub(crate) book_of: Vec<(Option<AddressBookId>, Option<AddressBookId>)>,
}

impl Ids {
    /// The ids `target` stands for.
    pub(crate) fn contact(&self, target: Target) -> (ContactId, ContactId) {
        let never = |n: usize| {
            let id = ContactId::new(NEVER_IDS[n % NEVER_IDS.len()]);
            (id.clone(), id)
        };
        let pick = |list: &[(ContactId, ContactId)], n: usize| {
            list.get(n % list.len().max(1))
                .cloned()
                .unwrap_or_else(|| never(n))
        };
        match target {
            Target::Live(n) => pick(&self.live, n),
            Target::Deleted(n) => pick(&self.deleted, n),
            Target::Never(n) => never(n),
        }
    }

    /// The ids a book target stands for.
    pub(crate) fn book(&self, target: BookTarget) -> (AddressBookId, AddressBookId) {
        let never = || {
            let id = AddressBookId::new("987654321");
            (id.clone(), id)
        };
        match target {
            BookTarget::Made(n) if !self.books.is_empty() => {
                self.books[n % self.books.len()].clone()
            }
            _ => never(),
        }
    }

    /// The model id of a live provider id.
    pub(crate) fn model_of(&self, pid: &ContactId) -> Option<&ContactId> {
        self.live.iter().find(|(p, _)| p == pid).map(|(_, m)| m)
    }

    /// The contact `pid` left the view (deleted, or moved to another book).
    pub(crate) fn gone(&mut self, pid: &ContactId) {
        if let Some(at) = self.live.iter().position(|(p, _)| p == pid) {
            let pair = self.live.remove(at);
            self.deleted.push(pair);
        }
    }

    /// A new contact: its provider id must be one never issued before.
    pub(crate) fn created(&mut self, pid: &ContactId, mid: &ContactId) -> Result<(), String> {
        if !self.issued.insert(pid.clone()) {
            return Err(format!("the provider issued id {pid} again"));
        }
        self.live.push((pid.clone(), mid.clone()));
        Ok(())
    }

    /// Whether a contact in provider book `p` may be in model book `m`: the books stay in
    /// one-to-one correspondence over the sequence.
    pub(crate) fn same_book(&self, p: &Option<AddressBookId>, m: &Option<AddressBookId>) -> bool {
        self.book_of.iter().all(|(bp, bm)| (bp == p) == (bm == m))
    }

    /// Records that provider book `p` is model book `m`.
    pub(crate) fn note_book(&mut self, p: &Option<AddressBookId>, m: &Option<AddressBookId>) {
        if !self.book_of.iter().any(|(bp, _)| bp == p) {
            self.book_of.push((p.clone(), m.clone()));
        }
    }
}
