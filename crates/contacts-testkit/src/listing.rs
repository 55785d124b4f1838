//! Reading a whole listing in a test: the stream of every page collected, so a scenario says
//! what it lists and not how the pages are walked.

use contacts_core::{Contact, ContactProvider, ContactProviderExt, ContactQuery};
use futures::TryStreamExt;

/// Every contact `provider` lists for `query`, all pages read in order. An error on any page
/// fails the test, naming the query.
pub async fn listed(provider: &dyn ContactProvider, query: ContactQuery) -> Vec<Contact> {
    let shown = format!("{query:?}");
    match provider.list(query).try_collect().await {
        Ok(contacts) => contacts,
        Err(e) => panic!("listing {shown}: {e:?}"),
    }
}
