//! Scenarios of the change-feed bugs: a write after a token that the feed must list.

use crate::common::named;
use contacts_core::optional::{ChangeFeed, ChangeSet};
use contacts_core::{ContactFilter, ContactId, ContactProvider, DeleteTarget};

fn feed(p: &dyn ContactProvider) -> &dyn ChangeFeed {
    p.change_feed().expect("the change feed is declared")
}

/// Creates a contact named `a`, then runs `write` on it after a change token, and answers the
/// contact's id with what changed since the token.
async fn after_token<F>(p: &dyn ContactProvider, write: F) -> (ContactId, ChangeSet)
where
    F: AsyncFnOnce(&dyn ContactProvider, &ContactId),
{
    let id = p.create(&[named("a")]).await.expect("create").remove(0).id;
    let token = feed(p).current_token().await.expect("current_token");
    write(p, &id).await;
    let set = feed(p).changes_since(&token).await.expect("changes_since");
    (id, set)
}

async fn replace_is_listed(p: &dyn ContactProvider) -> bool {
    let (id, set) = after_token(p, async |p, id| {
        p.replace(id, &named("b")).await.expect("replace");
    })
    .await;
    set.changed.iter().any(|c| c.id == id)
}
scenario!(feed_misses_replace, replace_is_listed);

async fn mass_delete_is_listed(p: &dyn ContactProvider) -> bool {
    let (id, set) = after_token(p, async |p, _| {
        let filter = ContactFilter::new().property("firstName", "a");
        p.delete_matching(&DeleteTarget::Matching(filter))
            .await
            .expect("delete_matching");
    })
    .await;
    set.deleted.contains(&id)
}
scenario!(feed_misses_mass_delete, mass_delete_is_listed);

async fn label_admin_is_listed(p: &dyn ContactProvider) -> bool {
    let (id, set) = after_token(p, async |p, id| {
        let admin = p.label_admin().expect("label administration is declared");
        admin
            .add_label("VIP", std::slice::from_ref(id))
            .await
            .expect("add_label");
    })
    .await;
    set.changed.iter().any(|c| c.id == id)
}
scenario!(feed_misses_label_admin, label_admin_is_listed);
