//! After a batch failed in a way that leaves its outcome unknown (a 500 or a dropped connection
//! after the provider may have stored the rows: [`Error::may_have_written`]), find out which
//! rows are stored before calling any of them failed: "failed" in an import's summary means
//! "not stored", so running the import again for the failed rows never duplicates one. A
//! rate-limited batch (429) was refused before it was handled: its rows fail without a look.
//!
//! A row is taken as stored when a contact with exactly its properties (and at least its
//! labels) is listed that no other row of the batch has claimed. A contact that was already
//! there before the import and is identical to the row counts too: storing it a second time is
//! what the row would have done, and the person keeps one.

use super::import::ImportSummary;
use crate::formats::Row;
use contacts_core::{Contact, ContactId, ContactProvider, ContactProviderExt, ContactQuery, Error};
use futures::TryStreamExt;
use std::collections::HashSet;

/// Why a batch's outcome is being looked up, which says what a row not found is.
#[derive(Debug, Clone, Copy)]
pub enum Missing<'a> {
    /// The request failed with this error: a row not found failed.
    Failed(&'a Error),
    /// Ctrl-C dropped the request: a row not found was simply not stored.
    NotSent,
}

impl Missing<'_> {
    /// What happened to the row's request, for a person.
    fn reason(self) -> String {
        match self {
            Missing::Failed(e) => e.to_string(),
            Missing::NotSent => "stopped by Ctrl-C".to_owned(),
        }
    }
}

/// Looks up each row of `batch`; counts the stored ones as created (and confirmed), the
/// others as `missing` says. Returns the rows found with their ids. The contacts in `taken`
/// (created for other rows of the same request) are never taken as one of these rows.
pub async fn rows(
    provider: &dyn ContactProvider,
    batch: &[Row],
    missing: Missing<'_>,
    taken: &[ContactId],
    summary: &mut ImportSummary,
) -> Vec<(Row, ContactId)> {
    let each: Vec<(&Row, Missing<'_>)> = batch.iter().map(|row| (row, missing)).collect();
    rows_each(provider, &each, taken, summary).await
}

/// [`rows`] where each row has its own reason (the items of a partly failed batch): still one
/// listing, and a contact claimed by one row is never taken for another.
pub async fn rows_each(
    provider: &dyn ContactProvider,
    batch: &[(&Row, Missing<'_>)],
    taken: &[ContactId],
    summary: &mut ImportSummary,
) -> Vec<(Row, ContactId)> {
    if batch.is_empty() {
        return Vec::new();
    }
    let listed = match listed(provider).await {
        Ok(listed) => listed,
        Err(lookup) => {
            summary.failed.extend(batch.iter().map(|(row, missing)| {
                row.error(format!(
                    "{}; whether it was stored anyway could not be checked ({lookup}): \
                     look it up before importing it again",
                    missing.reason()
                ))
            }));
            return Vec::new();
        }
    };
    let mut claimed: HashSet<ContactId> = taken.iter().cloned().collect();
    let mut found = Vec::new();
    for &(row, missing) in batch {
        match stored(&listed, row, &claimed) {
            Some(id) => {
                summary.created += 1;
                summary.confirmed += 1;
                claimed.insert(id.clone());
                found.push((row.clone(), id));
            }
            None if matches!(missing, Missing::NotSent) => {}
            None => summary
                .failed
                .push(row.error(format!("not stored: {}", missing.reason()))),
        }
    }
    found
}

/// Every stored contact, once for the whole batch (one listing, not a lookup per row).
async fn listed(provider: &dyn ContactProvider) -> Result<Vec<Contact>, Error> {
    provider.list(ContactQuery::new()).try_collect().await
}

/// The id of an unclaimed contact that holds exactly `row`'s properties and its labels.
fn stored(listed: &[Contact], row: &Row, claimed: &HashSet<ContactId>) -> Option<ContactId> {
    listed
        .iter()
        .find(|c| {
            !claimed.contains(&c.id)
                && c.properties == row.contact.properties
                && row.contact.labels.iter().all(|l| c.labels.contains(l))
        })
        .map(|c| c.id.clone())
}
