//! `CheckedLayer` for the optional capabilities: undeclared ones are hidden (`None`), inputs
//! are validated before the provider sees them.

use super::checked::Checked;
use crate::optional::{
    AccountSummary, AddressBookAdmin, AddressBookInfo, BackgroundImport, Blocklist, ChangeFeed,
    ChangeSet, ChangeToken, ImportJob, ImportProgress, LabelAdmin, LabelCount, Summarize,
};
use crate::{AddressBookId, ContactId, ContactProvider, Error, NewContact, Result, validate};
use async_trait::async_trait;

impl<P: ContactProvider> Checked<P> {
    /// The inner capability, or `Unsupported` naming `operation`.
    fn need<'a, T: ?Sized>(&'a self, found: Option<&'a T>, operation: &str) -> Result<&'a T> {
        found.ok_or_else(|| Error::unsupported(self.get_ref().name(), operation))
    }

    fn books(&self) -> Result<&dyn AddressBookAdmin> {
        self.need(self.get_ref().address_books(), "address books")
    }

    fn labels(&self) -> Result<&dyn LabelAdmin> {
        self.need(self.get_ref().label_admin(), "label administration")
    }

    fn blocked(&self) -> Result<&dyn Blocklist> {
        self.need(self.get_ref().blocklist(), "a blocklist")
    }
}

#[async_trait]
impl<P: ContactProvider> AddressBookAdmin for Checked<P> {
    async fn list_books(&self) -> Result<Vec<AddressBookInfo>> {
        self.books()?.list_books().await
    }

    async fn create_book(&self, name: &str) -> Result<AddressBookInfo> {
        validate::name("name", name)?;
        self.books()?.create_book(name).await
    }

    async fn rename_book(&self, id: &AddressBookId, name: &str) -> Result<AddressBookInfo> {
        validate::name("name", name)?;
        validate::targets("address_book", std::slice::from_ref(id))?;
        self.books()?.rename_book(id, name).await
    }

    async fn delete_book(&self, id: &AddressBookId) -> Result<()> {
        validate::targets("address_book", std::slice::from_ref(id))?;
        self.books()?.delete_book(id).await
    }

    async fn move_contact(&self, id: &ContactId, to: &AddressBookId) -> Result<()> {
        validate::targets("id", std::slice::from_ref(id))?;
        validate::targets("address_book", std::slice::from_ref(to))?;
        self.books()?.move_contact(id, to).await
    }
}

#[async_trait]
impl<P: ContactProvider> LabelAdmin for Checked<P> {
    async fn label_counts(&self) -> Result<Vec<LabelCount>> {
        self.labels()?.label_counts().await
    }

    async fn add_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
        validate::label(label)?;
        validate::targets("ids", ids)?;
        self.labels()?.add_label(label, ids).await
    }

    async fn remove_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
        validate::label(label)?;
        validate::targets("ids", ids)?;
        self.labels()?.remove_label(label, ids).await
    }

    async fn delete_label(&self, label: &str) -> Result<()> {
        validate::label(label)?;
        self.labels()?.delete_label(label).await
    }
}

#[async_trait]
impl<P: ContactProvider> Blocklist for Checked<P> {
    async fn list_blocked(&self) -> Result<Vec<String>> {
        self.blocked()?.list_blocked().await
    }

    async fn check_number(&self, number: &str) -> Result<bool> {
        validate::targets("phone_number", &[number])?;
        self.blocked()?.check_number(number).await
    }

    async fn block_number(&self, number: &str) -> Result<()> {
        validate::targets("phone_number", &[number])?;
        self.blocked()?.block_number(number).await
    }

    async fn unblock_number(&self, number: &str) -> Result<()> {
        validate::targets("phone_number", &[number])?;
        self.blocked()?.unblock_number(number).await
    }
}

#[async_trait]
impl<P: ContactProvider> Summarize for Checked<P> {
    async fn summarize(&self) -> Result<AccountSummary> {
        self.need(self.get_ref().account_summary(), "an account summary")?
            .summarize()
            .await
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
        self.need(self.get_ref().background_import(), "background import")?
            .submit_import(contacts)
            .await
    }

    async fn import_progress(&self, job: &ImportJob) -> Result<ImportProgress> {
        self.need(self.get_ref().background_import(), "background import")?
            .import_progress(job)
            .await
    }
}

#[async_trait]
impl<P: ContactProvider> ChangeFeed for Checked<P> {
    async fn current_token(&self) -> Result<ChangeToken> {
        self.need(self.get_ref().change_feed(), "a change feed")?
            .current_token()
            .await
    }

    async fn changes_since(&self, token: &ChangeToken) -> Result<ChangeSet> {
        if token.as_str().trim().is_empty() {
            return Err(Error::invalid("change_token", "the token is empty"));
        }
        self.need(self.get_ref().change_feed(), "a change feed")?
            .changes_since(token)
            .await
    }
}
