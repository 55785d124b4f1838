//! `CheckedLayer` for the optional capabilities: undeclared ones are hidden (`None`), inputs
//! are validated before the provider sees them.

use super::checked::Checked;
use super::inner_capability::capability_impls;
use crate::optional::{
    AccountSummary, AddressBookInfo, ChangeSet, ChangeToken, ImportJob, ImportProgress, LabelCount,
};
use crate::{AddressBookId, ContactId, ContactProvider, Error, NewContact, Result, validate};

impl<P: ContactProvider> Checked<P> {
    /// Refuses an empty import or one with a contact `validate` refuses, naming the contact's
    /// place in the import.
    fn check_import(&self, contacts: &[NewContact]) -> Result<()> {
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
        Ok(())
    }
}

capability_impls! { Checked:
    AddressBookAdmin via books {
        async fn list_books(&self) -> Result<Vec<AddressBookInfo>>;
        async fn create_book(&self, name: &str) -> Result<AddressBookInfo> {
            validate::name("name", name)?;
        }
        async fn rename_book(&self, id: &AddressBookId, name: &str) -> Result<AddressBookInfo> {
            validate::name("name", name)?;
            validate::targets("address_book", std::slice::from_ref(id))?;
        }
        async fn delete_book(&self, id: &AddressBookId) -> Result<()> {
            validate::targets("address_book", std::slice::from_ref(id))?;
        }
        async fn move_contact(&self, id: &ContactId, to: &AddressBookId) -> Result<()> {
            validate::targets("id", std::slice::from_ref(id))?;
            validate::targets("address_book", std::slice::from_ref(to))?;
        }
    }

    LabelAdmin via labels {
        async fn label_counts(&self) -> Result<Vec<LabelCount>>;
        async fn add_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
            validate::label(label)?;
            validate::targets("ids", ids)?;
        }
        async fn remove_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
            validate::label(label)?;
            validate::targets("ids", ids)?;
        }
        async fn delete_label(&self, label: &str) -> Result<()> {
            validate::label(label)?;
        }
    }

    Blocklist via blocklist {
        async fn list_blocked(&self) -> Result<Vec<String>>;
        async fn check_number(&self, number: &str) -> Result<bool> {
            validate::targets("phone_number", &[number])?;
        }
        async fn block_number(&self, number: &str) -> Result<()> {
            validate::targets("phone_number", &[number])?;
        }
        async fn unblock_number(&self, number: &str) -> Result<()> {
            validate::targets("phone_number", &[number])?;
        }
    }

    Summarize via summary {
        async fn summarize(&self) -> Result<AccountSummary>;
    }

    BackgroundImport via imports {
        async fn submit_import(&self, contacts: &[NewContact]) -> Result<ImportJob> {
            self.check_import(contacts)?;
        }
        async fn import_progress(&self, job: &ImportJob) -> Result<ImportProgress>;
    }

    ChangeFeed via feed {
        async fn current_token(&self) -> Result<ChangeToken>;
        async fn changes_since(&self, token: &ChangeToken) -> Result<ChangeSet> {
            if token.as_str().trim().is_empty() {
                return Err(Error::invalid("change_token", "the token is empty"));
            }
        }
    }
}
