//! After a batch failed in a way that leaves its outcome unknown (a 500 or a dropped connection
//! after the provider may have stored the rows), find out which rows are stored before calling
//! any of them failed: "failed" in an import's summary means "not stored", so running the
//! import again for the failed rows never duplicates one.
//!
//! A row is taken as stored when a contact with exactly its properties (and at least its
//! labels) is listed that no other row of the batch has claimed. A contact that was already
//! there before the import and is identical to the row counts too: storing it a second time is
//! what the row would have done, and the person keeps one.

use super::import::ImportSummary;
use crate::formats::{Row, RowError};
use contacts_core::{
    Contact, ContactFilter, ContactId, ContactProvider, ContactProviderExt, ContactQuery, Error,
};
use futures::TryStreamExt;
use std::collections::HashSet;

/// Whether a failed create may have stored its contacts all the same.
pub fn outcome_unknown(e: &Error) -> bool {
    matches!(
        e,
        Error::Unavailable { .. } | Error::Protocol { .. } | Error::RateLimited { .. }
    )
}

/// Looks up each row of the failed `batch`; counts the stored ones as created (and
/// confirmed), the others as failed with `error`. Returns the rows found with their ids.
pub async fn rows(
    provider: &dyn ContactProvider,
    batch: &[Row],
    error: &Error,
    summary: &mut ImportSummary,
) -> Vec<(Row, ContactId)> {
    let mut claimed: HashSet<ContactId> = HashSet::new();
    let mut found = Vec::new();
    for row in batch {
        match stored(provider, row, &claimed).await {
            Ok(Some(id)) => {
                summary.created += 1;
                summary.confirmed += 1;
                claimed.insert(id.clone());
                found.push((row.clone(), id));
            }
            Ok(None) => summary.failed.push(RowError {
                line: row.line,
                message: format!("not stored: {error}"),
            }),
            Err(lookup) => summary.failed.push(RowError {
                line: row.line,
                message: format!(
                    "{error}; whether it was stored anyway could not be checked ({lookup}): \
                     look it up before importing it again"
                ),
            }),
        }
    }
    found
}

/// The id of an unclaimed contact that holds exactly `row`'s properties and its labels.
async fn stored(
    provider: &dyn ContactProvider,
    row: &Row,
    claimed: &HashSet<ContactId>,
) -> Result<Option<ContactId>, Error> {
    let mut filter = ContactFilter::new();
    for (key, value) in row.contact.properties.iter() {
        filter = filter.property(key, value);
    }
    let listed: Vec<Contact> = provider
        .list(ContactQuery::new().filter(filter))
        .try_collect()
        .await?;
    Ok(listed
        .into_iter()
        .find(|c| {
            !claimed.contains(&c.id)
                && c.properties == row.contact.properties
                && row.contact.labels.iter().all(|l| c.labels.contains(l))
        })
        .map(|c| c.id))
}
