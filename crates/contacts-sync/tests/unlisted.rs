//! A contact a listing leaves out (a CardDAV card the server cannot give back readable, a page
//! that ended early) is not taken for deleted while it can still be read: its partner is
//! neither deleted nor created again, and the run says so.

mod common;

use common::{all, create_people, sync};
use contacts_core::{ContactProvider, InMemoryProvider};
use contacts_sync::{Mode, State, SyncOptions};
use contacts_testkit::Watched;

/// The store, with the contacts it is told to hide left out of every listing (get still finds
/// them), and no change feed: a run lists it in full.
fn hiding() -> Watched {
    Watched::default().without_feed()
}

#[tokio::test]
async fn a_contact_left_out_of_a_listing_is_not_taken_for_deleted() {
    for mode in [Mode::OneWay, Mode::TwoWay] {
        let source = hiding();
        let target = InMemoryProvider::new();
        let three = [
            ("+46701111111", "Ann"),
            ("+46702222222", "Bo"),
            ("+46703333333", "Cy"),
        ];
        let made = create_people(&source, &three).await;
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

        source.hide([made[1].id.clone()]);
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
        let all = all(&source).await;
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
