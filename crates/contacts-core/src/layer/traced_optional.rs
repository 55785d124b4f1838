//! `TracingLayer` for the optional capabilities: each call gets the same `contact_provider`
//! span as the trait's operations, so a label, book, blocklist, summary, import or change-feed
//! call is as visible in a trace as a `create`.
//!
//! Like the trait's spans, these record no personal data: no label names, book names, phone
//! numbers or tokens; only the contact id of a move and how many contacts were sent or returned.

use super::inner_capability;
use super::traced::{Traced, traced, with_id};
use crate::optional::{
    AccountSummary, AddressBookAdmin, AddressBookInfo, BackgroundImport, Blocklist, ChangeFeed,
    ChangeSet, ChangeToken, ImportJob, ImportProgress, LabelAdmin, LabelCount, Summarize,
};
use crate::{AddressBookId, ContactId, ContactProvider, NewContact, Result};
use async_trait::async_trait;

/// No count to record: the answer holds no contacts.
fn uncounted<T>(_: &T) -> Option<usize> {
    None
}

#[async_trait]
impl<P: ContactProvider> AddressBookAdmin for Traced<P> {
    async fn list_books(&self) -> Result<Vec<AddressBookInfo>> {
        let work = async { inner_capability::books(self.get_ref())?.list_books().await };
        traced(self.span("list_books"), work, uncounted).await
    }

    async fn create_book(&self, name: &str) -> Result<AddressBookInfo> {
        let work = async {
            inner_capability::books(self.get_ref())?
                .create_book(name)
                .await
        };
        traced(self.span("create_book"), work, uncounted).await
    }

    async fn rename_book(&self, id: &AddressBookId, name: &str) -> Result<AddressBookInfo> {
        let work = async {
            inner_capability::books(self.get_ref())?
                .rename_book(id, name)
                .await
        };
        traced(self.span("rename_book"), work, uncounted).await
    }

    async fn delete_book(&self, id: &AddressBookId) -> Result<()> {
        let work = async {
            inner_capability::books(self.get_ref())?
                .delete_book(id)
                .await
        };
        traced(self.span("delete_book"), work, uncounted).await
    }

    async fn move_contact(&self, id: &ContactId, to: &AddressBookId) -> Result<()> {
        let span = with_id(self.span("move_contact"), id);
        let work = async {
            inner_capability::books(self.get_ref())?
                .move_contact(id, to)
                .await
        };
        traced(span, work, uncounted).await
    }
}

#[async_trait]
impl<P: ContactProvider> LabelAdmin for Traced<P> {
    async fn label_counts(&self) -> Result<Vec<LabelCount>> {
        let work = async {
            inner_capability::labels(self.get_ref())?
                .label_counts()
                .await
        };
        traced(self.span("label_counts"), work, uncounted).await
    }

    async fn add_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
        let span = self.span("add_label");
        span.record("count", ids.len());
        let work = async {
            inner_capability::labels(self.get_ref())?
                .add_label(label, ids)
                .await
        };
        traced(span, work, uncounted).await
    }

    async fn remove_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
        let span = self.span("remove_label");
        span.record("count", ids.len());
        let work = async {
            inner_capability::labels(self.get_ref())?
                .remove_label(label, ids)
                .await
        };
        traced(span, work, uncounted).await
    }

    async fn delete_label(&self, label: &str) -> Result<()> {
        let work = async {
            inner_capability::labels(self.get_ref())?
                .delete_label(label)
                .await
        };
        traced(self.span("delete_label"), work, uncounted).await
    }
}

#[async_trait]
impl<P: ContactProvider> Blocklist for Traced<P> {
    async fn list_blocked(&self) -> Result<Vec<String>> {
        let work = async {
            inner_capability::blocklist(self.get_ref())?
                .list_blocked()
                .await
        };
        traced(self.span("list_blocked"), work, uncounted).await
    }

    async fn check_number(&self, number: &str) -> Result<bool> {
        let work = async {
            inner_capability::blocklist(self.get_ref())?
                .check_number(number)
                .await
        };
        traced(self.span("check_number"), work, uncounted).await
    }

    async fn block_number(&self, number: &str) -> Result<()> {
        let work = async {
            inner_capability::blocklist(self.get_ref())?
                .block_number(number)
                .await
        };
        traced(self.span("block_number"), work, uncounted).await
    }

    async fn unblock_number(&self, number: &str) -> Result<()> {
        let work = async {
            inner_capability::blocklist(self.get_ref())?
                .unblock_number(number)
                .await
        };
        traced(self.span("unblock_number"), work, uncounted).await
    }
}

#[async_trait]
impl<P: ContactProvider> Summarize for Traced<P> {
    async fn summarize(&self) -> Result<AccountSummary> {
        let work = async {
            let summary = inner_capability::summary(self.get_ref())?;
            summary.summarize().await
        };
        traced(self.span("summarize"), work, uncounted).await
    }
}

#[async_trait]
impl<P: ContactProvider> BackgroundImport for Traced<P> {
    async fn submit_import(&self, contacts: &[NewContact]) -> Result<ImportJob> {
        let span = self.span("submit_import");
        span.record("count", contacts.len());
        let work = async {
            inner_capability::imports(self.get_ref())?
                .submit_import(contacts)
                .await
        };
        traced(span, work, uncounted).await
    }

    async fn import_progress(&self, job: &ImportJob) -> Result<ImportProgress> {
        let work = async {
            inner_capability::imports(self.get_ref())?
                .import_progress(job)
                .await
        };
        traced(self.span("import_progress"), work, uncounted).await
    }
}

#[async_trait]
impl<P: ContactProvider> ChangeFeed for Traced<P> {
    async fn current_token(&self) -> Result<ChangeToken> {
        let work = async {
            inner_capability::feed(self.get_ref())?
                .current_token()
                .await
        };
        traced(self.span("current_token"), work, uncounted).await
    }

    /// `count` is the contacts the change set names: changed plus deleted.
    async fn changes_since(&self, token: &ChangeToken) -> Result<ChangeSet> {
        let work = async {
            inner_capability::feed(self.get_ref())?
                .changes_since(token)
                .await
        };
        let count = |changes: &ChangeSet| Some(changes.changed.len() + changes.deleted.len());
        traced(self.span("changes_since"), work, count).await
    }
}
