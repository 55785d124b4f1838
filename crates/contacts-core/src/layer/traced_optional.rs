//! `TracingLayer` for the optional capabilities: each call gets the same `contact_provider`
//! span as the trait's operations, so a label, book, blocklist, summary, import or change-feed
//! call is as visible in a trace as a `create`.
//!
//! Like the trait's spans, these record no personal data: no label names, book names, phone
//! numbers or tokens; only the contact id of a move and how many contacts were sent or returned.

use super::inner_capability::{self, capability_impls};
use super::traced::{Traced, traced};
use crate::optional::{
    AccountSummary, AddressBookInfo, ChangeFeed, ChangeSet, ChangeToken, ImportJob, ImportProgress,
    LabelCount,
};
use crate::{AddressBookId, ContactId, ContactProvider, NewContact, Result};
use async_trait::async_trait;
use tracing::Span;

impl<P: ContactProvider> Traced<P> {
    /// Runs `work` (a call of the inner provider's capability) in a span for `operation`,
    /// recording the error kind on failure; the answer holds no contacts to count.
    async fn in_capability_span<T>(
        &self,
        operation: &'static str,
        work: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        traced(self.span(operation), work, |_| None).await
    }
}

/// Records how many contacts a call sends on the span it runs in.
fn record_count(count: usize) {
    Span::current().record("count", count);
}

capability_impls! { Traced, around in_capability_span:
    AddressBookAdmin via books {
        async fn list_books(&self) -> Result<Vec<AddressBookInfo>>;
        async fn create_book(&self, name: &str) -> Result<AddressBookInfo>;
        async fn rename_book(&self, id: &AddressBookId, name: &str) -> Result<AddressBookInfo>;
        async fn delete_book(&self, id: &AddressBookId) -> Result<()>;
        async fn move_contact(&self, id: &ContactId, to: &AddressBookId) -> Result<()> {
            Span::current().record("id", id.as_str());
        }
    }

    LabelAdmin via labels {
        async fn label_counts(&self) -> Result<Vec<LabelCount>>;
        async fn add_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
            record_count(ids.len());
        }
        async fn remove_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
            record_count(ids.len());
        }
        async fn delete_label(&self, label: &str) -> Result<()>;
    }

    Blocklist via blocklist {
        async fn list_blocked(&self) -> Result<Vec<String>>;
        async fn check_number(&self, number: &str) -> Result<bool>;
        async fn block_number(&self, number: &str) -> Result<()>;
        async fn unblock_number(&self, number: &str) -> Result<()>;
    }

    Summarize via summary {
        async fn summarize(&self) -> Result<AccountSummary>;
    }

    BackgroundImport via imports {
        async fn submit_import(&self, contacts: &[NewContact]) -> Result<ImportJob> {
            record_count(contacts.len());
        }
        async fn import_progress(&self, job: &ImportJob) -> Result<ImportProgress>;
    }
}

/// Written out: `changes_since` counts the contacts in its answer, which the macro's spans do
/// not.
#[async_trait]
impl<P: ContactProvider> ChangeFeed for Traced<P> {
    async fn current_token(&self) -> Result<ChangeToken> {
        let work = async {
            inner_capability::feed(self.get_ref())?
                .current_token()
                .await
        };
        self.in_capability_span("current_token", work).await
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
