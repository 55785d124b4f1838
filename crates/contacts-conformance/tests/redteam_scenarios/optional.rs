//! Scenarios of the optional-capability bugs.

use crate::common::{create_all, create_labelled, create_n, create_numbered, named};
use contacts_core::optional::{LabelAdmin, LabelCount, Summarize};
use contacts_core::{ContactId, ContactPatch, ContactProvider, GetOptions};

fn labels(p: &dyn ContactProvider) -> &dyn LabelAdmin {
    p.label_admin().expect("label administration is declared")
}

fn summary(p: &dyn ContactProvider) -> &dyn Summarize {
    p.account_summary()
        .expect("the account summary is declared")
}

fn counts(pairs: &[(&str, u64)]) -> Vec<LabelCount> {
    pairs
        .iter()
        .map(|(label, count)| LabelCount {
            label: (*label).to_owned(),
            count: *count,
        })
        .collect()
}

async fn has_label(p: &dyn ContactProvider, id: &ContactId, label: &str) -> bool {
    p.get(id, &GetOptions::default())
        .await
        .unwrap()
        .labels
        .contains(label)
}

async fn counts_keep_case(p: &dyn ContactProvider) -> bool {
    create_labelled(p, &[("a", "VIP"), ("b", "vip")]).await;
    labels(p).label_counts().await.unwrap() == counts(&[("VIP", 1), ("vip", 1)])
}
scenario!(label_counts_fold_case, counts_keep_case);

async fn counts_sorted_by_label(p: &dyn ContactProvider) -> bool {
    create_labelled(p, &[("a", "Alpha"), ("b", "Beta"), ("c", "Beta")]).await;
    labels(p).label_counts().await.unwrap() == counts(&[("Alpha", 1), ("Beta", 2)])
}
scenario!(label_counts_sorted_by_usage, counts_sorted_by_label);

async fn unknown_id_is_not_found(p: &dyn ContactProvider) -> bool {
    let created = create_n(p, 2).await;
    p.delete(&created[1].id).await.unwrap();
    let ids = [created[0].id.clone(), created[1].id.clone()];
    labels(p)
        .add_label("X", &ids)
        .await
        .is_err_and(|e| e.is_not_found())
}
scenario!(add_label_skips_unknown_ids, unknown_id_is_not_found);

async fn removed_from_each(p: &dyn ContactProvider) -> bool {
    let created = create_labelled(p, &[("a", "X"), ("b", "X")]).await;
    let ids: Vec<ContactId> = created.iter().map(|c| c.id.clone()).collect();
    labels(p).remove_label("X", &ids).await.unwrap();
    !has_label(p, &ids[0], "X").await && !has_label(p, &ids[1], "X").await
}
scenario!(remove_label_first_id_only, removed_from_each);

async fn deleted_label_is_gone_everywhere(p: &dyn ContactProvider) -> bool {
    let created = create_numbered(p, 60, |_, doc| doc.label("X")).await;
    labels(p).delete_label("X").await.unwrap();
    let last = &created[59].id;
    !has_label(p, last, "X").await && labels(p).label_counts().await.unwrap().is_empty()
}
scenario!(
    delete_label_first_page_only,
    deleted_label_is_gone_everywhere
);

async fn removed_key_not_counted(p: &dyn ContactProvider) -> bool {
    let created = create_all(p, &[named("a").property("company", "ACME"), named("b")]).await;
    p.update(&created[0].id, &ContactPatch::new().remove("company"))
        .await
        .unwrap();
    let s = summary(p).summarize().await.unwrap();
    s.properties.iter().all(|c| c.key != "company")
}
scenario!(summary_counts_removed_keys, removed_key_not_counted);

async fn total_counts_everyone(p: &dyn ContactProvider) -> bool {
    create_all(p, &[named("a").label("VIP"), named("b")]).await;
    summary(p).summarize().await.unwrap().total_count == 2
}
scenario!(summary_total_skips_unlabelled, total_counts_everyone);
