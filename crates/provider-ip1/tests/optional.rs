//! iP1's optional capabilities through the standard layers, against the emulator.

mod common;

use common::{holding, setup};
use contacts_core::{ContactId, ContactProvider, GetOptions, NewContact};
use std::time::Duration;

/// Three people, numbered `+46700000001` to `+46700000003`.
fn three() -> Vec<NewContact> {
    (1..=3)
        .map(|i| NewContact::new().property("phoneNumber", format!("+4670000000{i}")))
        .collect()
}

#[tokio::test]
async fn labels_admin_round_trips_and_hides_the_system_label() {
    let (_emu, p, created) = holding(&three()).await;
    let ids: Vec<ContactId> = created.into_iter().map(|c| c.id).collect();
    let labels = p.label_admin().expect("iP1 declares label admin");
    labels.add_label("VIP", &ids).await.unwrap();
    let counts = labels.label_counts().await.unwrap();
    assert_eq!(counts.len(), 1, "{counts:?}");
    assert_eq!((counts[0].label.as_str(), counts[0].count), ("VIP", 3));
    labels.remove_label("VIP", &ids[..1]).await.unwrap();
    let first = p.get(&ids[0], &GetOptions::default()).await.unwrap();
    assert!(!first.labels.contains("VIP"));
    assert_eq!(labels.label_counts().await.unwrap()[0].count, 2);
    labels.delete_label("VIP").await.unwrap();
    assert!(labels.label_counts().await.unwrap().is_empty());
    let err = labels.add_label("", &ids).await.unwrap_err();
    assert!(matches!(err, contacts_core::Error::InvalidInput { .. }));
}

#[tokio::test]
async fn blocklist_and_summary() {
    let (_emu, p, _) = holding(&three()).await;
    let blocked = p.blocklist().expect("iP1 declares a blocklist");
    assert!(!blocked.check_number("+46700000001").await.unwrap());
    blocked.block_number("+46700000001").await.unwrap();
    assert!(blocked.check_number("+46700000001").await.unwrap());
    assert_eq!(blocked.list_blocked().await.unwrap().len(), 1);
    blocked.unblock_number("+46700000001").await.unwrap();
    assert!(blocked.list_blocked().await.unwrap().is_empty());
    let summary = p.account_summary().unwrap().summarize().await.unwrap();
    assert_eq!(summary.total_count, 3);
    assert!(summary.labels.iter().all(|l| l.label != "all"));
    assert!(
        summary
            .properties
            .iter()
            .any(|c| c.key == "phoneNumber" && c.count == 3)
    );
    assert!(p.address_books().is_none());
}

#[tokio::test]
async fn background_import_is_done_when_the_contacts_are_listed() {
    let (_emu, p) = setup().await;
    let import = p
        .background_import()
        .expect("iP1 declares background import");
    let docs: Vec<NewContact> = (0..5)
        .map(|i| NewContact::new().property("phoneNumber", format!("+4671000000{i}")))
        .collect();
    let job = import.submit_import(&docs).await.unwrap();
    assert_eq!(job.submitted, 5);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let progress = import.import_progress(&job).await.unwrap();
        assert!(progress.stored <= 5);
        if progress.done {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "never done");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(import.submit_import(&[]).await.is_err());
}
