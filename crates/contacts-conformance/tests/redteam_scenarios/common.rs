//! What the scenarios share: building contacts and reading whole listings.

use contacts_core::{
    Contact, ContactProvider, ContactProviderExt, ContactQuery, NewContact, Result,
};
use futures::TryStreamExt;

/// A contact named `name`.
pub fn named(name: &str) -> NewContact {
    NewContact::new().property("firstName", name)
}

/// Creates `n` contacts named `c0`, `c1`, …
pub async fn create_n(p: &dyn ContactProvider, n: usize) -> Vec<Contact> {
    let batch: Vec<NewContact> = (0..n).map(|i| named(&format!("c{i}"))).collect();
    p.create(&batch).await.expect("create")
}

/// Every contact a query lists, following the tokens.
pub async fn list_all(p: &dyn ContactProvider, query: ContactQuery) -> Result<Vec<Contact>> {
    p.list(query).try_collect().await
}

/// The first names, in order.
pub fn names(contacts: &[Contact]) -> Vec<String> {
    contacts
        .iter()
        .map(|c| c.properties.first_name().unwrap_or_default().to_owned())
        .collect()
}
