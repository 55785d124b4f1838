//! Bugs of label administration (`LabelAdmin`).

use super::Bug;
use super::adapter::hook;
use super::support::{Store, full, labels};
use contacts_core::optional::LabelCount;
use contacts_core::{ContactFilter, ContactId, ContactProvider, ContactQuery, GetOptions, Result};
use std::collections::BTreeMap;

/// The contract words of `label_counts`, which several of these bugs break.
const COUNTS: &str = "optional/labels.rs, LabelAdmin::label_counts: \"Every label in use with its \
                     usage count, sorted by label.\"";

hook! {
    /// Meant to report the vendor's label statistics, which group labels case-insensitively: `VIP`
    /// and `vip` are counted together under the first spelling seen.
    struct CountsFoldCase;
    bug label_counts_fold_case over full();
    breaks COUNTS;
    when "labels in use that differ only by case";

    async fn label_counts(&self, p: &Store) -> Result<Vec<LabelCount>> {
        let mut folded: BTreeMap<String, LabelCount> = BTreeMap::new();
        for count in labels(p)?.label_counts().await? {
            folded
                .entry(count.label.to_lowercase())
                .and_modify(|c| c.count += count.count)
                .or_insert(count);
        }
        let mut out: Vec<LabelCount> = folded.into_values().collect();
        out.sort_by(|a, b| a.label.cmp(&b.label));
        Ok(out)
    }
}

hook! {
    /// Meant to pass the vendor's label statistics through; the vendor sorts them by usage, most
    /// used first, and the author did not re-sort them by label.
    struct CountsByUsage;
    bug label_counts_sorted_by_usage over full();
    breaks COUNTS;
    when "labels whose usage order differs from their name order";

    async fn label_counts(&self, p: &Store) -> Result<Vec<LabelCount>> {
        let mut counts = labels(p)?.label_counts().await?;
        counts.sort_by_key(|c| std::cmp::Reverse(c.count));
        Ok(counts)
    }
}

hook! {
    /// Meant to add a label to many contacts with the vendor's bulk endpoint, which skips ids it
    /// does not know; the author passed its `204` on, so an unknown id is not reported.
    struct AddSkipsUnknownIds;
    bug add_label_skips_unknown_ids over full();
    breaks "optional/labels.rs, LabelAdmin::add_label: \"An unknown id is `NotFound`.\"";
    when "an unknown (e.g. deleted) id among known ones";

    async fn add_label(&self, p: &Store, label: &str, ids: &[ContactId]) -> Result<()> {
        let mut known = Vec::new();
        for id in ids {
            if p.get(id, &GetOptions::default()).await.is_ok() {
                known.push(id.clone());
            }
        }
        if known.is_empty() {
            return Ok(());
        }
        labels(p)?.add_label(label, &known).await
    }
}

hook! {
    /// Meant to send the ids as `?ids=1,2,3`; the vendor's removal endpoint reads only the first
    /// id of the list, so with several ids the label stays on all but the first.
    struct RemoveOnlyFirstId;
    bug remove_label_first_id_only over full();
    breaks "optional/labels.rs, LabelAdmin::remove_label: \"Removes `label` from each \
            contact in `ids`\"";
    when "removing a label from two or more contacts at once";

    async fn remove_label(&self, p: &Store, label: &str, ids: &[ContactId]) -> Result<()> {
        labels(p)?
            .remove_label(label, &ids[..ids.len().min(1)])
            .await
    }
}

hook! {
    /// Meant to delete a label everywhere by listing its contacts and removing it from each; the
    /// author read only the first page (50), so on a label with more contacts some keep it.
    struct DeleteLabelFirstPageOnly;
    bug delete_label_first_page_only over full();
    breaks "optional/labels.rs, LabelAdmin::delete_label: \"Removes `label` from every \
            contact of the account\"";
    when "deleting a label carried by more than 50 contacts";

    async fn delete_label(&self, p: &Store, label: &str) -> Result<()> {
        let query = ContactQuery::new()
            .filter(ContactFilter::new().label(label))
            .page_size(50);
        let page = p.list_page(&query, None).await?;
        let ids: Vec<ContactId> = page.items.into_iter().map(|c| c.id).collect();
        if ids.is_empty() {
            return Ok(());
        }
        labels(p)?.remove_label(label, &ids).await
    }
}

/// The label-administration bugs.
pub fn bugs() -> Vec<Bug> {
    vec![
        CountsFoldCase::bug(),
        CountsByUsage::bug(),
        AddSkipsUnknownIds::bug(),
        RemoveOnlyFirstId::bug(),
        DeleteLabelFirstPageOnly::bug(),
    ]
}
