//! The multi-label mass delete, which both the deviating emulator (`deviations.rs`) and the
//! documented gateway mock (`vendor_facts.rs`) must carry out: one check, so the two
//! back-ends are held to exactly the same outcome.

use contacts_core::{Contact, ContactFilter, ContactProvider, DeleteTarget};

/// Deletes every contact labelled both `X` and `Y` through `p`, asserts that exactly one was
/// deleted, and returns it.
pub async fn delete_the_one_labelled_x_and_y(p: &impl ContactProvider) -> Contact {
    let mut deleted = p
        .delete_matching(&DeleteTarget::Matching(
            ContactFilter::new().label("X").label("Y"),
        ))
        .await
        .unwrap();
    assert_eq!(deleted.len(), 1, "{deleted:?}");
    deleted.remove(0)
}
