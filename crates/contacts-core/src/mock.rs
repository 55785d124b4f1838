//! `MockContactProvider`, a mockall double of the trait (feature `mock`).
//!
//! Use it to unit-test integration code written against [`ContactProvider`](crate::ContactProvider)
//! when what matters is *which calls* your code makes, e.g. that a sync job never deletes:
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use contacts_core::{Capabilities, Contact, ContactId, ContactProvider, MockContactProvider, NewContact};
//!
//! /// The code under test: imports a CRM row.
//! async fn import_row(provider: &dyn ContactProvider, phone: &str) -> contacts_core::Result<ContactId> {
//!     let created = provider.create(&[NewContact::new().property("phoneNumber", phone)]).await?;
//!     Ok(created[0].id.clone())
//! }
//!
//! let mut mock = MockContactProvider::new();
//! mock.expect_create()
//!     .withf(|batch| batch.len() == 1 && batch[0].properties.phone_number() == Some("+4611"))
//!     .times(1)
//!     .returning(|batch| Ok(vec![Contact { id: ContactId::new("c1"), owner_id: None,
//!         properties: batch[0].properties.clone(), labels: Default::default(),
//!         metadata: None, address_book: None, card: None }]));
//! mock.expect_delete().never();
//!
//! assert_eq!(import_row(&mock, "+4611").await?.as_str(), "c1");
//! # Ok::<_, contacts_core::Error>(()) }).unwrap();
//! ```

use crate::{
    Capabilities, Contact, ContactId, ContactPatch, ContactQuery, DeleteTarget, GetOptions,
    NewContact, Page, PageToken, Result,
};

mockall::mock! {
    /// A mockall double of [`ContactProvider`](crate::ContactProvider): expectations for
    /// every required method; the optional capabilities keep their default (`None`).
    #[derive(Debug)]
    pub ContactProvider {}

    #[async_trait::async_trait]
    impl crate::ContactProvider for ContactProvider {
        fn name(&self) -> &str;
        fn capabilities(&self) -> &Capabilities;
        async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact>;
        async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page>;
        async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>>;
        async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact>;
        async fn replace(&self, id: &ContactId, contact: &NewContact) -> Result<Contact>;
        async fn delete(&self, id: &ContactId) -> Result<()>;
        async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>>;
    }
}
