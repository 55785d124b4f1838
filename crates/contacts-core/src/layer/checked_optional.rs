//! `CheckedLayer` for the optional capabilities: undeclared ones are hidden (`None`), inputs
//! are validated before the provider sees them.

use super::checked::Checked;
use super::inner_capability;
use crate::optional::{
    AccountSummary, AddressBookAdmin, AddressBookInfo, BackgroundImport, Blocklist, ChangeFeed,
    ChangeSet, ChangeToken, ImportJob, ImportProgress, LabelAdmin, LabelCount, Summarize,
};
use crate::{AddressBookId, ContactId, ContactProvider, Error, NewContact, Result, validate};
use async_trait::async_trait;

#[async_trait]
impl<P: ContactProvider> AddressBookAdmin for Checked<P> {
    async fn list_books(&self) -> Result<Vec<AddressBookInfo>> {
        inner_capability::books(self.get_ref())?.list_books().await
    }

    async fn create_book(&self, name: &str) -> Result<AddressBookInfo> {
        validate::name("name", name)?;
        inner_capability::books(self.get_ref())?
            .create_book(name)
            .await
    }

    async fn rename_book(&self, id: &AddressBookId, name: &str) -> Result<AddressBookInfo> {
        validate::name("name", name)?;
        validate::targets("address_book", std::slice::from_ref(id))?;
        inner_capability::books(self.get_ref())?
            .rename_book(id, name)
            .await
    }

    async fn delete_book(&self, id: &AddressBookId) -> Result<()> {
        validate::targets("address_book", std::slice::from_ref(id))?;
        inner_capability::books(self.get_ref())?
            .delete_book(id)
            .await
    }

    async fn move_contact(&self, id: &ContactId, to: &AddressBookId) -> Result<()> {
        validate::targets("id", std::slice::from_ref(id))?;
        validate::targets("address_book", std::slice::from_ref(to))?;
        inner_capability::books(self.get_ref())?
            .move_contact(id, to)
            .await
    }
}

#[async_trait]
impl<P: ContactProvider> LabelAdmin for Checked<P> {
    async fn label_counts(&self) -> Result<Vec<LabelCount>> {
        inner_capability::labels(self.get_ref())?
            .label_counts()
            .await
    }

    async fn add_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
        validate::label(label)?;
        validate::targets("ids", ids)?;
        inner_capability::labels(self.get_ref())?
            .add_label(label, ids)
            .await
    }

    async fn remove_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
        validate::label(label)?;
        validate::targets("ids", ids)?;
        inner_capability::labels(self.get_ref())?
            .remove_label(label, ids)
            .await
    }

    async fn delete_label(&self, label: &str) -> Result<()> {
        validate::label(label)?;
        inner_capability::labels(self.get_ref())?
            .delete_label(label)
            .await
    }
}

#[async_trait]
impl<P: ContactProvider> Blocklist for Checked<P> {
    async fn list_blocked(&self) -> Result<Vec<String>> {
        inner_capability::blocklist(self.get_ref())?
            .list_blocked()
            .await
    }

    async fn check_number(&self, number: &str) -> Result<bool> {
        validate::targets("phone_number", &[number])?;
        inner_capability::blocklist(self.get_ref())?
            .check_number(number)
            .await
    }

    async fn block_number(&self, number: &str) -> Result<()> {
        validate::targets("phone_number", &[number])?;
        inner_capability::blocklist(self.get_ref())?
            .block_number(number)
            .await
    }

    async fn unblock_number(&self, number: &str) -> Result<()> {
        validate::targets("phone_number", &[number])?;
        inner_capability::blocklist(self.get_ref())?
            .unblock_number(number)
            .await
    }
}

#[async_trait]
impl<P: ContactProvider> Summarize for Checked<P> {
    async fn summarize(&self) -> Result<AccountSummary> {
        inner_capability::summary(self.get_ref())?.summarize().await
    }
}

#[async_trait]
impl<P: ContactProvider> BackgroundImport for Checked<P> {
    async fn submit_import(&self, contacts: &[NewContact]) -> Result<ImportJob> {
        if contacts.is_empty() {
            return Err(Error::invalid("contacts", "the import is empty"));
        }
        for (index, contact) in contacts.iter().enumerate() {
            validate::new_contact(self.name(), self.capabilities(), contact).map_err(
                |e| match e {
                    Error::InvalidInput { field, reason } => {
                        Error::invalid(format!("contacts[{index}].{field}"), reason)
                    }
                    other => other,
                },
            )?;
        }
        inner_capability::imports(self.get_ref())?
            .submit_import(contacts)
            .await
    }

    async fn import_progress(&self, job: &ImportJob) -> Result<ImportProgress> {
        inner_capability::imports(self.get_ref())?
            .import_progress(job)
            .await
    }
}

#[async_trait]
impl<P: ContactProvider> ChangeFeed for Checked<P> {
    async fn current_token(&self) -> Result<ChangeToken> {
        inner_capability::feed(self.get_ref())?
            .current_token()
            .await
    }

    async fn changes_since(&self, token: &ChangeToken) -> Result<ChangeSet> {
        if token.as_str().trim().is_empty() {
            return Err(Error::invalid("change_token", "the token is empty"));
        }
        inner_capability::feed(self.get_ref())?
            .changes_since(token)
            .await
    }
}
