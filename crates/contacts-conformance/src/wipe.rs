//! Emptying an account, for running the suite against a sandbox that is not new.

use contacts_core::{
    ContactProvider, ContactProviderExt, ContactQuery, DeleteTarget, Error, Result,
};
use futures::TryStreamExt;

/// Deletes every contact `provider` lists and checks that none is left; returns how many were
/// deleted. Uses the mass delete where it is declared, one delete per contact otherwise.
///
/// A provider that still lists contacts afterwards gets `Error::Conflict` saying how many: the
/// suite reports that as the failure of its `setup` or `teardown`, since checks count what
/// they list.
pub async fn wipe(provider: &dyn ContactProvider) -> Result<usize> {
    let deleted = if provider.capabilities().mass_delete {
        provider
            .delete_matching(&DeleteTarget::EveryContact)
            .await?
            .len()
    } else {
        let ids: Vec<_> = listed(provider).await?.into_iter().map(|c| c.id).collect();
        let report = provider.delete_many(&ids, 4).await;
        if let Some((_, e)) = report.failed.into_iter().find(|(_, e)| !e.is_not_found()) {
            return Err(e);
        }
        report.deleted.len()
    };
    let left = listed(provider).await?.len();
    if left > 0 {
        return Err(Error::Conflict {
            message: format!(
                "{left} contacts are still listed after deleting every contact of {}",
                provider.name()
            ),
        });
    }
    Ok(deleted)
}

/// Every contact, in the largest pages the provider allows.
pub async fn listed(provider: &dyn ContactProvider) -> Result<Vec<contacts_core::Contact>> {
    let size = provider.capabilities().max_page_size;
    provider
        .list(ContactQuery::new().page_size(size))
        .try_collect()
        .await
}
