//! A contact a listing leaves out (a CardDAV card the server cannot give back readable, a page
//! that ended early) is not taken for deleted while it can still be read: its partner is
//! neither deleted nor created again, and the run says so.

mod common;

use async_trait::async_trait;
use common::{person, sync};
use contacts_core::{
    Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactProviderExt,
    ContactQuery, DeleteTarget, GetOptions, InMemoryProvider, NewContact, Page, PageToken, Result,
};
use contacts_sync::{Mode, State, SyncOptions};
use futures::TryStreamExt;
use std::sync::Mutex;

/// The store, with the contacts in `hidden` left out of every listing (get still finds them).
#[derive(Debug, Default)]
struct Hiding {
    inner: InMemoryProvider,
    hidden: Mutex<Vec<ContactId>>,
}

#[async_trait]
impl ContactProvider for Hiding {
    fn name(&self) -> &str {
        "hiding"
    }
    fn capabilities(&self) -> &Capabilities {
        self.inner.capabilities()
    }
    fn store_identity(&self) -> Option<String> {
        self.inner.store_identity()
    }
    async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact> {
        self.inner.get(id, options).await
    }
    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        let mut page = self.inner.list_page(query, token).await?;
        let hidden = self.hidden.lock().unwrap().clone();
        page.items.retain(|c| !hidden.contains(&c.id));
        Ok(page)
    }
    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        self.inner.create(contacts).await
    }
    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        self.inner.update(id, patch).await
    }
    async fn replace(&self, id: &ContactId, contact: &NewContact) -> Result<Contact> {
        self.inner.replace(id, contact).await
    }
    async fn delete(&self, id: &ContactId) -> Result<()> {
        self.inner.delete(id).await
    }
    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>> {
        self.inner.delete_matching(target).await
    }
}

#[tokio::test]
async fn a_contact_left_out_of_a_listing_is_not_taken_for_deleted() {
    for mode in [Mode::OneWay, Mode::TwoWay] {
        let source = Hiding::default();
        let target = InMemoryProvider::new();
        let made = source
            .create(&[
                person("+46701111111", "Ann"),
                person("+46702222222", "Bo"),
                person("+46703333333", "Cy"),
            ])
            .await
            .unwrap();
        let state = State::in_memory().unwrap();
        let options = SyncOptions {
            mode,
            delete: true,
            source_region: Some("SE".parse().unwrap()),
            target_region: Some("SE".parse().unwrap()),
            ..SyncOptions::default()
        };
        sync(&source, &target, &state, &options).await;
        assert_eq!(target.len(), 3);

        source.hidden.lock().unwrap().push(made[1].id.clone());
        let plan = sync(&source, &target, &state, &options).await;
        assert_eq!(plan.deletes(), 0, "{mode:?}: nothing deleted");
        assert_eq!(plan.creates(), 0, "{mode:?}: nothing created again");
        assert!(
            plan.skips
                .iter()
                .any(|s| s.reason.contains("there when read")),
            "{mode:?}: the run says so: {:?}",
            plan.skips
        );
        assert_eq!(target.len(), 3);
        let all: Vec<Contact> = source
            .list(ContactQuery::new())
            .try_collect()
            .await
            .unwrap();
        assert_eq!(
            all.len() + 1,
            source.inner.len(),
            "{mode:?}: the source is untouched"
        );

        // Really deleted: then it goes.
        source.inner.delete(&made[1].id).await.unwrap();
        let plan = sync(&source, &target, &state, &options).await;
        assert_eq!(plan.deletes(), 1, "{mode:?}");
        assert_eq!(target.len(), 2);
    }
}
