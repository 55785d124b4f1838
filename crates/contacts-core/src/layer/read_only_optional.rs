//! `ReadOnlyLayer` for the optional capabilities: reads delegate to the inner provider's,
//! writes are `PermissionDenied` before it sees them.

use super::read_only::ReadOnly;
use crate::optional::{
    AccountSummary, AddressBookAdmin, AddressBookInfo, BackgroundImport, Blocklist, ChangeFeed,
    ChangeSet, ChangeToken, ImportJob, ImportProgress, LabelAdmin, LabelCount, Summarize,
};
use crate::{AddressBookId, ContactId, ContactProvider, Error, NewContact, Result};
use async_trait::async_trait;

impl<P: ContactProvider> ReadOnly<P> {
    /// The inner capability for a read, or `Unsupported` naming `operation`.
    fn read<'a, T: ?Sized>(&'a self, found: Option<&'a T>, operation: &str) -> Result<&'a T> {
        found.ok_or_else(|| Error::unsupported(self.get_ref().name(), operation))
    }
}

#[async_trait]
impl<P: ContactProvider> AddressBookAdmin for ReadOnly<P> {
    async fn list_books(&self) -> Result<Vec<AddressBookInfo>> {
        self.read(self.get_ref().address_books(), "address books")?
            .list_books()
            .await
    }

    async fn create_book(&self, _name: &str) -> Result<AddressBookInfo> {
        Err(self.refuse("create_book"))
    }

    async fn rename_book(&self, _id: &AddressBookId, _name: &str) -> Result<AddressBookInfo> {
        Err(self.refuse("rename_book"))
    }

    async fn delete_book(&self, _id: &AddressBookId) -> Result<()> {
        Err(self.refuse("delete_book"))
    }

    async fn move_contact(&self, _id: &ContactId, _to: &AddressBookId) -> Result<()> {
        Err(self.refuse("move_contact"))
    }
}

#[async_trait]
impl<P: ContactProvider> LabelAdmin for ReadOnly<P> {
    async fn label_counts(&self) -> Result<Vec<LabelCount>> {
        self.read(self.get_ref().label_admin(), "label administration")?
            .label_counts()
            .await
    }

    async fn add_label(&self, _label: &str, _ids: &[ContactId]) -> Result<()> {
        Err(self.refuse("add_label"))
    }

    async fn remove_label(&self, _label: &str, _ids: &[ContactId]) -> Result<()> {
        Err(self.refuse("remove_label"))
    }

    async fn delete_label(&self, _label: &str) -> Result<()> {
        Err(self.refuse("delete_label"))
    }
}

#[async_trait]
impl<P: ContactProvider> Blocklist for ReadOnly<P> {
    async fn list_blocked(&self) -> Result<Vec<String>> {
        self.read(self.get_ref().blocklist(), "a blocklist")?
            .list_blocked()
            .await
    }

    async fn check_number(&self, number: &str) -> Result<bool> {
        self.read(self.get_ref().blocklist(), "a blocklist")?
            .check_number(number)
            .await
    }

    async fn block_number(&self, _number: &str) -> Result<()> {
        Err(self.refuse("block_number"))
    }

    async fn unblock_number(&self, _number: &str) -> Result<()> {
        Err(self.refuse("unblock_number"))
    }
}

#[async_trait]
impl<P: ContactProvider> Summarize for ReadOnly<P> {
    async fn summarize(&self) -> Result<AccountSummary> {
        self.read(self.get_ref().account_summary(), "an account summary")?
            .summarize()
            .await
    }
}

#[async_trait]
impl<P: ContactProvider> BackgroundImport for ReadOnly<P> {
    async fn submit_import(&self, _contacts: &[NewContact]) -> Result<ImportJob> {
        Err(self.refuse("submit_import"))
    }

    async fn import_progress(&self, job: &ImportJob) -> Result<ImportProgress> {
        self.read(self.get_ref().background_import(), "background import")?
            .import_progress(job)
            .await
    }
}

#[async_trait]
impl<P: ContactProvider> ChangeFeed for ReadOnly<P> {
    async fn current_token(&self) -> Result<ChangeToken> {
        self.read(self.get_ref().change_feed(), "a change feed")?
            .current_token()
            .await
    }

    async fn changes_since(&self, token: &ChangeToken) -> Result<ChangeSet> {
        self.read(self.get_ref().change_feed(), "a change feed")?
            .changes_since(token)
            .await
    }
}
