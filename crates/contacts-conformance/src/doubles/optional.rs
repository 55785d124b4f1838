//! The doubles' optional capabilities: each flaw about one of them answers through `Broken`
//! itself; otherwise `Broken` offers what the in-memory store offers.

use super::Broken;
use async_trait::async_trait;
use contacts_core::optional::{
    AccountSummary, AddressBookAdmin, AddressBookInfo, BackgroundImport, Blocklist, ImportJob,
    ImportProgress, LabelAdmin, LabelCount, Summarize,
};
use contacts_core::{AddressBookId, ContactId, ContactProvider, Error, NewContact, Result};

impl Broken {
    fn store_labels(&self) -> Result<&dyn LabelAdmin> {
        self.inner
            .label_admin()
            .ok_or_else(|| Error::unsupported("broken", "label administration"))
    }

    fn books_lock(&self) -> std::sync::MutexGuard<'_, Vec<AddressBookInfo>> {
        self.books.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// [`Flaw::LabelDeleteIsNoop`](super::Flaw::LabelDeleteIsNoop): deleting a label answers Ok and changes nothing.
#[async_trait]
impl LabelAdmin for Broken {
    async fn label_counts(&self) -> Result<Vec<LabelCount>> {
        self.store_labels()?.label_counts().await
    }

    async fn add_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
        self.store_labels()?.add_label(label, ids).await
    }

    async fn remove_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
        self.store_labels()?.remove_label(label, ids).await
    }

    async fn delete_label(&self, _label: &str) -> Result<()> {
        Ok(())
    }
}

/// [`Flaw::SummaryTotalOffByOne`](super::Flaw::SummaryTotalOffByOne): the total counts one contact too many.
#[async_trait]
impl Summarize for Broken {
    async fn summarize(&self) -> Result<AccountSummary> {
        let summary = self.inner.account_summary();
        let mut summary = summary
            .ok_or_else(|| Error::unsupported("broken", "an account summary"))?
            .summarize()
            .await?;
        summary.total_count += 1;
        Ok(summary)
    }
}

/// [`Flaw::BlockIsNoop`](super::Flaw::BlockIsNoop): blocking answers Ok and blocks nothing.
#[async_trait]
impl Blocklist for Broken {
    async fn list_blocked(&self) -> Result<Vec<String>> {
        Ok(Vec::new())
    }

    async fn check_number(&self, _number: &str) -> Result<bool> {
        Ok(false)
    }

    async fn block_number(&self, _number: &str) -> Result<()> {
        Ok(())
    }

    async fn unblock_number(&self, number: &str) -> Result<()> {
        Err(Error::not_found(format!("blocked number {number}")))
    }
}

/// [`Flaw::MoveIsNoop`](super::Flaw::MoveIsNoop): books are kept right, but moving a contact answers Ok and leaves it.
#[async_trait]
impl AddressBookAdmin for Broken {
    async fn list_books(&self) -> Result<Vec<AddressBookInfo>> {
        Ok(self.books_lock().clone())
    }

    async fn create_book(&self, name: &str) -> Result<AddressBookInfo> {
        let mut books = self.books_lock();
        let book = AddressBookInfo {
            id: AddressBookId::from(books.len() as u64 + 1),
            name: name.to_owned(),
        };
        books.push(book.clone());
        Ok(book)
    }

    async fn rename_book(&self, id: &AddressBookId, name: &str) -> Result<AddressBookInfo> {
        let mut books = self.books_lock();
        let book = books
            .iter_mut()
            .find(|b| &b.id == id)
            .ok_or_else(|| Error::not_found(format!("address book {id}")))?;
        book.name = name.to_owned();
        Ok(book.clone())
    }

    async fn delete_book(&self, id: &AddressBookId) -> Result<()> {
        self.books_lock().retain(|b| &b.id != id);
        Ok(())
    }

    async fn move_contact(&self, _id: &ContactId, _to: &AddressBookId) -> Result<()> {
        Ok(())
    }
}

/// [`Flaw::ImportNeverStores`](super::Flaw::ImportNeverStores): an import is accepted and reported done, and nothing is
/// stored.
#[async_trait]
impl BackgroundImport for Broken {
    async fn submit_import(&self, contacts: &[NewContact]) -> Result<ImportJob> {
        Ok(ImportJob {
            submitted: contacts.len() as u64,
            token: String::new(),
        })
    }

    async fn import_progress(&self, job: &ImportJob) -> Result<ImportProgress> {
        Ok(ImportProgress {
            submitted: job.submitted,
            stored: job.submitted,
            done: true,
        })
    }
}
