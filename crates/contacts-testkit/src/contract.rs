//! Assertions of the contract (shared/DESIGN.md) that many providers' own tests make on their
//! way through a scenario: one wording of each, so every provider is held to the same rule.

use contacts_core::{ContactFilter, ContactId, ContactProvider, DeleteTarget, Error, GetOptions};

/// Asserts that `provider` holds no contact `id` (deleted, or never its own): reading it and
/// deleting it are both `NotFound`, never a success and never another error.
pub async fn assert_gone(provider: &dyn ContactProvider, id: &ContactId) {
    let read = provider.get(id, &GetOptions::default()).await;
    assert!(
        matches!(&read, Err(e) if e.is_not_found()),
        "get {id:?}: {read:?}"
    );
    let deleted = provider.delete(id).await;
    assert!(
        matches!(&deleted, Err(e) if e.is_not_found()),
        "delete {id:?}: {deleted:?}"
    );
}

/// Asserts that a mass delete with an empty filter is refused as `InvalidInput`: wiping
/// everything takes `DeleteTarget::EveryContact`, never a filter that happens to be empty.
pub async fn assert_empty_filter_refused(provider: &dyn ContactProvider) {
    let outcome = provider
        .delete_matching(&DeleteTarget::Matching(ContactFilter::new()))
        .await;
    assert!(
        matches!(outcome, Err(Error::InvalidInput { .. })),
        "a mass delete with an empty filter: {outcome:?}"
    );
}
