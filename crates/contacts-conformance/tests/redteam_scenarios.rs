//! Scenarios of the red-team bugs: for each, a short sequence of calls a user would make, on
//! which the armed adapter visibly breaks the contract and its disarmed twin keeps it. Each
//! scenario also runs behind the standard layers, as the conformance `Factory` wraps a
//! third-party adapter, to show the layers do not hide the bug.

mod redteam;

use contacts_core::ContactProvider;

/// Defines the test named for the bug `$name`: `$scenario(provider)` returns whether the
/// contract held, and must be `false` for the armed bug (bare and layered) and `true` for its
/// disarmed twin.
macro_rules! scenario {
    ($name:ident, $scenario:path) => {
        #[tokio::test]
        async fn $name() {
            let name = stringify!($name);
            let bug = crate::redteam::named(name);
            let armed = (bug.make)(true);
            assert!(
                !$scenario(&*armed).await,
                "{name}: the armed bug kept the contract"
            );
            let layered = contacts_core::layer::standard((bug.make)(true));
            assert!(!$scenario(&layered).await, "{name}: the layers hid the bug");
            let twin = (bug.make)(false);
            assert!(
                $scenario(&*twin).await,
                "{name}: the disarmed twin broke the contract"
            );
        }
    };
}

#[path = "redteam_scenarios/admin.rs"]
mod admin;
#[path = "redteam_scenarios/cards.rs"]
mod cards;
#[path = "redteam_scenarios/changes.rs"]
mod changes;
#[path = "redteam_scenarios/common.rs"]
mod common;
#[path = "redteam_scenarios/feed_blind.rs"]
mod feed_blind;
#[path = "redteam_scenarios/listing.rs"]
mod listing;
#[path = "redteam_scenarios/optional.rs"]
mod optional;
#[path = "redteam_scenarios/writes.rs"]
mod writes;

#[test]
fn there_are_enough_distinct_bugs() {
    let all = redteam::all();
    let names: std::collections::BTreeSet<&str> = all.iter().map(|b| b.name).collect();
    assert_eq!(names.len(), all.len(), "bug names are distinct");
    assert!(all.len() >= 24, "{} bugs", all.len());
    for b in &all {
        assert!(
            !b.rule.is_empty() && !b.trigger.is_empty(),
            "{} is described",
            b.name
        );
        let armed: Box<dyn ContactProvider> = (b.make)(true);
        assert_eq!(armed.name(), "redteam");
    }
}
