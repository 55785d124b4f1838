//! What the scenarios share: building contacts and reading whole listings.

use contacts_core::{
    Contact, ContactFilter, ContactProvider, ContactProviderExt, ContactQuery, NewContact, Result,
};
use futures::TryStreamExt;

/// A contact named `name`.
pub fn named(name: &str) -> NewContact {
    NewContact::new().property("firstName", name)
}

/// Creates `n` contacts named `c0`, `c1`, …
pub async fn create_n(p: &dyn ContactProvider, n: usize) -> Vec<Contact> {
    create_numbered(p, n, |_, doc| doc).await
}

/// Creates `n` contacts named `c0`, `c1`, …, the `i`-th as `shape(i, named("c{i}"))` makes
/// it (a label or a property on some of them), which must succeed.
pub async fn create_numbered(
    p: &dyn ContactProvider,
    n: usize,
    shape: impl Fn(usize, NewContact) -> NewContact,
) -> Vec<Contact> {
    let batch: Vec<NewContact> = (0..n).map(|i| shape(i, named(&format!("c{i}")))).collect();
    create_all(p, &batch).await
}

/// Creates one contact per `(name, label)`, named and labelled so, which must succeed.
pub async fn create_labelled(p: &dyn ContactProvider, pairs: &[(&str, &str)]) -> Vec<Contact> {
    let docs: Vec<NewContact> = pairs
        .iter()
        .map(|(name, label)| named(name).label(*label))
        .collect();
    create_all(p, &docs).await
}

/// Creates `docs`, which must succeed.
pub async fn create_all(p: &dyn ContactProvider, docs: &[NewContact]) -> Vec<Contact> {
    p.create(docs).await.expect("create")
}

/// Creates `doc`, which must succeed and answer exactly one contact.
pub async fn single(p: &dyn ContactProvider, doc: NewContact) -> Contact {
    let [c] = <[_; 1]>::try_from(create_all(p, &[doc]).await).expect("one contact created");
    c
}

/// The first names of every contact `filter` lists, in order.
pub async fn listed_names(p: &dyn ContactProvider, filter: ContactFilter) -> Vec<String> {
    let query = ContactQuery::new().filter(filter);
    names(&list_all(p, query).await.expect("list"))
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
