//! What crosses the wire: every error kind a provider behind `contacts serve` returns comes
//! back through the remote provider as the same error; a batch that partly failed accounts
//! for every item; the server's capabilities are the remote provider's.

mod common;

use async_trait::async_trait;
use common::Server;
use contacts_core::{
    Contact, ContactId, ContactProvider, Error, GetOptions, InMemoryProvider, NewContact,
    PartialFailure, Result,
};
use contacts_http::{ClientOptions, RetryPolicy};
use contacts_testkit::every_kind_of_error;
use provider_remote::RemoteProvider;
use std::sync::{Arc, Mutex};

/// The in-memory store, except that `get` and `create` fail with the error set last.
#[derive(Debug, Default)]
struct Failing {
    inner: InMemoryProvider,
    error: Mutex<Option<Error>>,
}

impl Failing {
    fn fail_with(&self, err: Error) {
        *self.error.lock().unwrap() = Some(err);
    }

    fn failure(&self) -> Option<Error> {
        self.error.lock().unwrap().clone()
    }
}

#[async_trait]
impl ContactProvider for Failing {
    contacts_core::provider_identity!(inner inner);
    contacts_core::forward_provider!(inner: list_page, update, replace, delete, delete_matching);

    async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact> {
        match self.failure() {
            Some(err) => Err(err),
            None => self.inner.get(id, options).await,
        }
    }

    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        match self.failure() {
            Some(err) => Err(err),
            None => self.inner.create(contacts).await,
        }
    }
}

/// The remote provider on `server`, sending every request once (a 429 or 503 would
/// otherwise be retried until the policy gives up, with the same outcome, only slower).
async fn once(server: &Server) -> impl ContactProvider {
    RemoteProvider::builder()
        .base_url(&server.base_url)
        .token(server.token.as_str())
        .client_options(ClientOptions::default().retry(RetryPolicy::disabled()))
        .connect()
        .await
        .expect("the remote provider connects")
}

#[tokio::test]
async fn every_error_kind_comes_back_as_the_same_error() {
    let failing = Arc::new(Failing::default());
    let server = Server::start(Arc::clone(&failing) as Arc<dyn ContactProvider>).await;
    let remote = once(&server).await;
    for err in every_kind_of_error() {
        failing.fail_with(err.clone());
        let got = remote
            .get(&ContactId::new("1"), &GetOptions::default())
            .await
            .expect_err("the provider behind the server fails");
        assert_eq!(got, err, "{err}");
    }
}

#[tokio::test]
async fn a_partly_failed_batch_accounts_for_every_item() {
    let failing = Arc::new(Failing::default());
    let server = Server::start(Arc::clone(&failing) as Arc<dyn ContactProvider>).await;
    let remote = once(&server).await;
    let stored = Contact::from_new(
        ContactId::new("7"),
        NewContact::new().property("firstName", "Ada"),
    );
    let partial = PartialFailure {
        created: vec![(0, stored.clone()), (2, stored.clone())],
        failed: vec![(1, Error::invalid("properties.phoneNumber", "not a number"))],
    };
    failing.fail_with(Error::PartialFailure(Box::new(partial.clone())));
    let batch = vec![NewContact::new().property("firstName", "Ada"); 3];
    let Err(Error::PartialFailure(got)) = remote.create(&batch).await else {
        panic!("a partial failure")
    };
    assert_eq!(*got, partial);
}

#[tokio::test]
async fn capabilities_and_identity_are_the_servers() {
    let dir = tempfile::tempdir().unwrap();
    let store = provider_sqlite::SqliteProvider::builder()
        .path(dir.path().join("contacts.db"))
        .build()
        .unwrap();
    let identity = store
        .store_identity()
        .expect("the local store knows its identity");
    let capabilities = store.capabilities().clone();
    let server = Server::start(Arc::new(store)).await;
    let remote = server.connect().await;
    assert_eq!(remote.name(), "remote");
    assert_eq!(remote.get_ref().get_ref().remote_name(), "sqlite");
    assert_eq!(remote.capabilities(), &capabilities);
    assert_eq!(remote.store_identity(), Some(format!("remote:{identity}")));
    // Offered exactly where declared: the local store has a change feed and no labels admin.
    assert!(remote.change_feed().is_some());
    assert!(remote.label_admin().is_none());
    assert!(remote.blocklist().is_none());
    assert!(remote.address_books().is_none());
}

#[tokio::test]
async fn every_optional_capability_is_offered_when_declared() {
    let server = Server::start(Arc::new(InMemoryProvider::new())).await;
    let remote = server.connect().await;
    let declared = remote.capabilities().clone();
    assert_eq!(remote.label_admin().is_some(), declared.label_admin);
    assert_eq!(remote.account_summary().is_some(), declared.account_summary);
    assert_eq!(remote.blocklist().is_some(), declared.blocklist);
    assert_eq!(
        remote.background_import().is_some(),
        declared.background_import
    );
    assert_eq!(remote.change_feed().is_some(), declared.change_feed);
    assert!(declared.label_admin && declared.change_feed);
    let created = remote
        .create(&[NewContact::new().property("firstName", "Ada").label("VIP")])
        .await
        .unwrap();
    let labels = remote.label_admin().unwrap();
    labels
        .add_label("Friends", &[created[0].id.clone()])
        .await
        .unwrap();
    let counts = labels.label_counts().await.unwrap();
    let names: Vec<&str> = counts.iter().map(|c| c.label.as_str()).collect();
    assert!(
        names.contains(&"Friends") && names.contains(&"VIP"),
        "{names:?}"
    );
    let summary = remote.account_summary().unwrap().summarize().await.unwrap();
    assert_eq!(summary.total_count, 1);
}
