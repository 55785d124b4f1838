//! The optional capabilities through the layers: discovered, hidden when undeclared,
//! validated, and read-only where the layer says so.

use contacts_core::layer::{CheckedLayer, ReadOnlyLayer, TracingLayer};
use contacts_core::{
    Capabilities, ContactId, ContactProvider, ContactProviderExt, Error, InMemoryProvider,
    NewContact,
};

async fn two_contacts(memory: &InMemoryProvider) -> Vec<ContactId> {
    let created = memory
        .create(&[
            NewContact::new().property("firstName", "Ada"),
            NewContact::new().property("firstName", "Bob").label("old"),
        ])
        .await
        .unwrap();
    created.into_iter().map(|c| c.id).collect()
}

#[tokio::test]
async fn memory_labels_and_summary_round_trip() {
    let memory = InMemoryProvider::new();
    let ids = two_contacts(&memory).await;
    let labels = memory.label_admin().expect("declared");
    labels.add_label("VIP", &ids).await.unwrap();
    labels.remove_label("VIP", &ids[..1]).await.unwrap();
    let counts = labels.label_counts().await.unwrap();
    assert_eq!(
        counts
            .iter()
            .map(|c| (c.label.as_str(), c.count))
            .collect::<Vec<_>>(),
        [("VIP", 1), ("old", 1)]
    );
    labels.delete_label("old").await.unwrap();
    let summary = memory.account_summary().unwrap().summarize().await.unwrap();
    assert_eq!(summary.total_count, 2);
    assert_eq!(summary.labels.len(), 1);
    assert_eq!(summary.properties[0].key, "firstName");
    assert_eq!(summary.properties[0].count, 2);
    assert!(memory.blocklist().is_some());
    assert!(
        memory.address_books().is_none(),
        "it would scope the store to one book"
    );
    assert!(memory.background_import().is_some());
}

#[tokio::test]
async fn an_unknown_id_changes_nothing() {
    let memory = InMemoryProvider::new();
    let mut ids = two_contacts(&memory).await;
    ids.push(ContactId::new("999"));
    let err = memory.label_admin().unwrap().add_label("VIP", &ids).await;
    assert!(err.unwrap_err().is_not_found());
    assert!(memory.snapshot().iter().all(|c| !c.labels.contains("VIP")));
}

#[tokio::test]
async fn checked_validates_and_hides_undeclared() {
    let memory = InMemoryProvider::new();
    let ids = two_contacts(&memory).await;
    let labels = memory.label_admin().unwrap();
    let err = labels.add_label("", &ids).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err}");
    let err = labels.add_label("VIP", &[]).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err}");
    let mut caps = Capabilities::full();
    caps.account_summary = true;
    let less = InMemoryProvider::with_capabilities(caps);
    assert!(less.label_admin().is_none(), "undeclared");
    assert!(less.account_summary().is_some());
}

#[tokio::test]
async fn read_only_refuses_optional_writes_and_passes_reads() {
    let memory = InMemoryProvider::new();
    let ids = two_contacts(&memory).await;
    let view = memory
        .clone()
        .layer(ReadOnlyLayer)
        .layer(CheckedLayer)
        .layer(TracingLayer);
    let labels = view.label_admin().expect("the inner has it");
    let err = labels.add_label("VIP", &ids).await.unwrap_err();
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err}");
    let err = labels.delete_label("old").await.unwrap_err();
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err}");
    assert_eq!(labels.label_counts().await.unwrap().len(), 1);
    assert_eq!(
        view.account_summary()
            .unwrap()
            .summarize()
            .await
            .unwrap()
            .total_count,
        2
    );
    assert!(memory.snapshot().iter().all(|c| !c.labels.contains("VIP")));
    let boxed: Box<dyn ContactProvider> = Box::new(view);
    assert!(boxed.label_admin().is_some());
    assert!(boxed.address_books().is_none());
}
