//! Bugs of the account summary (`Summarize`).

use super::Bug;
use super::adapter::hook;
use super::support::{Store, fetch_all, full, summary};
use contacts_core::optional::{AccountSummary, PropertyCount};
use contacts_core::{
    Contact, ContactFilter, ContactId, ContactPatch, ContactProvider, GetOptions, Order, Result,
};
use std::collections::BTreeSet;
use std::sync::Mutex;

hook! {
    /// Meant to remove a property with the vendor's PATCH, which stores `""` for a removed key;
    /// the vendor's statistics count every key present, so removed keys stay counted.
    struct RemovedKeysStillCounted {
        /// (contact, key) pairs removed through a patch.
        removed: Mutex<BTreeSet<(ContactId, String)>>,
    }
    bug summary_counts_removed_keys over full();
    breaks "optional/summary.rs, PropertyCount::count: \"Contacts with a value.\"";
    when "a property removed by a patch, then a summary";

    async fn update(&self, p: &Store, id: &ContactId, x: &ContactPatch) -> Result<Contact> {
        let before = p.get(id, &GetOptions::default()).await?;
        let after = p.update(id, x).await?;
        let mut removed = self.removed.lock().unwrap();
        for key in before.properties.keys() {
            if !after.properties.contains_key(key) {
                removed.insert((id.clone(), key.to_owned()));
            }
        }
        Ok(after)
    }

    async fn summarize(&self, p: &Store) -> Result<AccountSummary> {
        let mut out = summary(p)?.summarize().await?;
        let removed: Vec<_> = self.removed.lock().unwrap().iter().cloned().collect();
        for (id, key) in removed {
            let Ok(contact) = p.get(&id, &GetOptions::default()).await else {
                continue;
            };
            if contact.properties.contains_key(&key) {
                continue;
            }
            match out.properties.iter_mut().find(|c| c.key == key) {
                Some(count) => count.count += 1,
                None => out.properties.push(PropertyCount { key, count: 1 }),
            }
        }
        out.properties.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(out)
    }
}

hook! {
    /// Meant to read the total from the vendor's statistics, which count members of labels; a
    /// contact without any label is in no label and is left out of the total.
    struct TotalSkipsUnlabelled;
    bug summary_total_skips_unlabelled over full();
    breaks "optional/summary.rs, AccountSummary::total_count: \"Contacts in the account.\"";
    when "an account holding a contact without labels";

    async fn summarize(&self, p: &Store) -> Result<AccountSummary> {
        let mut out = summary(p)?.summarize().await?;
        let all = fetch_all(p, ContactFilter::new(), Order::Ascending, false).await?;
        out.total_count = all.iter().filter(|c| !c.labels.is_empty()).count() as u64;
        Ok(out)
    }
}

/// The account-summary bugs.
pub fn bugs() -> Vec<Bug> {
    vec![RemovedKeysStillCounted::bug(), TotalSkipsUnlabelled::bug()]
}
