//! `ReadOnlyLayer` for the optional capabilities: reads delegate to the inner provider's,
//! writes are `PermissionDenied` before it sees them.

use super::inner_capability::capability_impls;
use super::read_only::ReadOnly;
use crate::optional::{
    AccountSummary, AddressBookInfo, ChangeSet, ChangeToken, ImportJob, ImportProgress, LabelCount,
};
use crate::{AddressBookId, ContactId, NewContact, Result};

capability_impls! { ReadOnly:
    AddressBookAdmin via books {
        async fn list_books(&self) -> Result<Vec<AddressBookInfo>>;
        async fn create_book(&self, _name: &str) -> Result<AddressBookInfo> = refuse;
        async fn rename_book(&self, _id: &AddressBookId, _name: &str) -> Result<AddressBookInfo>
            = refuse;
        async fn delete_book(&self, _id: &AddressBookId) -> Result<()> = refuse;
        async fn move_contact(&self, _id: &ContactId, _to: &AddressBookId) -> Result<()> = refuse;
    }

    LabelAdmin via labels {
        async fn label_counts(&self) -> Result<Vec<LabelCount>>;
        async fn add_label(&self, _label: &str, _ids: &[ContactId]) -> Result<()> = refuse;
        async fn remove_label(&self, _label: &str, _ids: &[ContactId]) -> Result<()> = refuse;
        async fn delete_label(&self, _label: &str) -> Result<()> = refuse;
    }

    Blocklist via blocklist {
        async fn list_blocked(&self) -> Result<Vec<String>>;
        async fn check_number(&self, number: &str) -> Result<bool>;
        async fn block_number(&self, _number: &str) -> Result<()> = refuse;
        async fn unblock_number(&self, _number: &str) -> Result<()> = refuse;
    }

    Summarize via summary {
        async fn summarize(&self) -> Result<AccountSummary>;
    }

    BackgroundImport via imports {
        async fn submit_import(&self, _contacts: &[NewContact]) -> Result<ImportJob> = refuse;
        async fn import_progress(&self, job: &ImportJob) -> Result<ImportProgress>;
    }

    ChangeFeed via feed {
        async fn current_token(&self) -> Result<ChangeToken>;
        async fn changes_since(&self, token: &ChangeToken) -> Result<ChangeSet>;
    }
}
