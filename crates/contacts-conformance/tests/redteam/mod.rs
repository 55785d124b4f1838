//! Red-team adapters: realistic, conditional bugs a third-party adapter author makes, each
//! written as a wrapper of [`contacts_core::InMemoryProvider`] with a disarmed twin.
//!
//! Every [`Bug`] says which words of the contract it breaks (`rule`), when it misbehaves
//! (`trigger`) and builds the adapter (`make`): armed, it misbehaves only under its trigger;
//! disarmed, it is exactly the reference model. The conformance suite is measured by how many
//! of these it catches; `redteam_scenarios.rs` shows, for each, a short user-visible sequence
//! of calls where the armed adapter breaks the rule and the disarmed one keeps it.
//!
//! The bugs were written from the contract alone (DESIGN.md "The contract",
//! docs/architecture.md, the docs of `contacts-core`), without reading the suite.

mod adapter;
mod adapter_impl;
mod blocklist;
mod books;
mod cards;
mod changes;
mod deletes;
mod feed_blind;
mod filters;
mod ids;
mod import;
mod labels;
mod paging;
mod patch;
mod summary;
mod support;
mod writes;

/// One adapter bug and its disarmed twin.
pub struct Bug {
    /// A short unique name.
    pub name: &'static str,
    /// The contract words it breaks, quoted with where they are.
    pub rule: &'static str,
    /// When it misbehaves.
    pub trigger: &'static str,
    /// Builds the adapter: `true` with the bug, `false` the twin that behaves as the reference.
    pub make: fn(armed: bool) -> Box<dyn contacts_core::ContactProvider>,
}

/// Every bug, grouped by area.
pub fn all() -> Vec<Bug> {
    [
        paging::bugs(),
        filters::bugs(),
        patch::bugs(),
        writes::bugs(),
        deletes::bugs(),
        ids::bugs(),
        labels::bugs(),
        summary::bugs(),
        blocklist::bugs(),
        books::bugs(),
        import::bugs(),
        cards::bugs(),
        changes::bugs(),
        feed_blind::bugs(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The bug called `name`.
pub fn named(name: &str) -> Bug {
    all()
        .into_iter()
        .find(|b| b.name == name)
        .unwrap_or_else(|| panic!("no red-team bug named {name}"))
}

/// The bugs whose names start with one of `prefixes`.
pub fn starting_with(prefixes: &[&str]) -> Vec<Bug> {
    all()
        .into_iter()
        .filter(|b| prefixes.iter().any(|p| b.name.starts_with(p)))
        .collect()
}

/// The certification-mode configuration a red-team measure runs each bug under, with a budget
/// of `CONTACTS_REDTEAM_BUDGET` seconds a bug (20 by default), and that number for the log.
pub fn thorough_config() -> (contacts_conformance::Config, u64) {
    let seconds = std::env::var("CONTACTS_REDTEAM_BUDGET")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let budget = std::time::Duration::from_secs(seconds);
    (
        contacts_conformance::Config::thorough().budget(budget),
        seconds,
    )
}
