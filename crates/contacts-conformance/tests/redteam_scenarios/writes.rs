//! Scenarios of the write, delete and id-lifecycle bugs.

use crate::common::{create_all, create_n, create_numbered, list_all, named, names, single};
use contacts_core::{
    ContactFilter, ContactPatch, ContactProvider, ContactQuery, DeleteTarget, GetOptions,
};

async fn get(p: &dyn ContactProvider, c: &contacts_core::Contact) -> contacts_core::Contact {
    p.get(&c.id, &GetOptions::default()).await.expect("get")
}

async fn update_returns_the_result(p: &dyn ContactProvider) -> bool {
    let c = single(p, named("a").label("A")).await;
    let x = ContactPatch::new()
        .set("email", "a@example.com")
        .add_label("B");
    let returned = p.update(&c.id, &x).await.unwrap();
    returned.labels.contains("B") && returned == get(p, &c).await
}
scenario!(
    update_returns_labels_before_change,
    update_returns_the_result
);

async fn set_and_remove_in_one_patch(p: &dyn ContactProvider) -> bool {
    let c = single(p, named("a").property("company", "ACME")).await;
    let x = ContactPatch::new()
        .set("email", "a@example.com")
        .remove("company");
    p.update(&c.id, &x).await.unwrap();
    let after = get(p, &c).await;
    after.properties.get("company").is_none() && after.properties.email() == Some("a@example.com")
}
scenario!(
    patch_removals_dropped_with_sets,
    set_and_remove_in_one_patch
);

async fn label_removal_leaves_properties(p: &dyn ContactProvider) -> bool {
    let doc = named("Ada")
        .property("email", "ada@example.com")
        .label("A")
        .label("B");
    let c = single(p, doc).await;
    p.update(&c.id, &ContactPatch::new().remove_label("A"))
        .await
        .unwrap();
    let after = get(p, &c).await;
    after.properties == c.properties && after.labels.iter().eq(["B"])
}
scenario!(
    label_removal_wipes_other_properties,
    label_removal_leaves_properties
);

async fn empty_string_removes(p: &dyn ContactProvider) -> bool {
    let c = single(p, named("a").property("company", "ACME")).await;
    let x: ContactPatch = serde_json::from_str(r#"{"properties":{"company":""}}"#).unwrap();
    p.update(&c.id, &x).await.unwrap();
    get(p, &c).await.properties.get("company").is_none()
}
scenario!(patch_empty_string_left_untouched, empty_string_removes);

async fn added_and_removed_label_is_removed(p: &dyn ContactProvider) -> bool {
    let c = single(p, named("a").label("A")).await;
    let x = ContactPatch::new().add_label("X").remove_label("X");
    p.update(&c.id, &x).await.unwrap();
    get(p, &c).await.labels.iter().eq(["A"])
}
scenario!(
    label_added_and_removed_stays,
    added_and_removed_label_is_removed
);

async fn patched_whitespace_is_kept(p: &dyn ContactProvider) -> bool {
    let c = single(p, named("c0")).await;
    p.update(&c.id, &ContactPatch::new().set("firstName", " Ada "))
        .await
        .unwrap();
    get(p, &c).await.properties.first_name() == Some(" Ada ")
}
scenario!(patch_trims_values, patched_whitespace_is_kept);

async fn created_in_input_order(p: &dyn ContactProvider) -> bool {
    let created = create_n(p, 15).await;
    let want: Vec<String> = (0..15).map(|i| format!("c{i}")).collect();
    names(&created) == want
}
scenario!(create_chunks_returned_out_of_order, created_in_input_order);

async fn created_in_their_books(p: &dyn ContactProvider) -> bool {
    let created = create_all(
        p,
        &[named("a").address_book("1"), named("b").address_book("2")],
    )
    .await;
    created[1].address_book.as_ref().map(|b| b.as_str()) == Some("2")
        && created[1] == get(p, &created[1]).await
}
scenario!(create_returns_first_items_book, created_in_their_books);

async fn emoji_round_trip(p: &dyn ContactProvider) -> bool {
    let c = single(p, named("Ada 🚀")).await;
    get(p, &c).await.properties.first_name() == Some("Ada 🚀")
}
scenario!(emoji_stored_as_question_marks, emoji_round_trip);

async fn twenty_characters_fit(p: &dyn ContactProvider) -> bool {
    let name = "Åsa Ödegård-Älvström";
    assert!(name.chars().count() <= 20 && name.len() > 20);
    let c = single(p, named(name)).await;
    get(p, &c).await.properties.first_name() == Some(name)
}
scenario!(value_limit_counted_in_bytes, twenty_characters_fit);

async fn replace_drops_custom_keys(p: &dyn ContactProvider) -> bool {
    let c = single(p, named("a").property("nickname", "Al")).await;
    let doc = named("Bob");
    p.replace(&c.id, &doc).await.unwrap();
    get(p, &c).await.to_new() == doc
}
scenario!(replace_keeps_custom_keys, replace_drops_custom_keys);

async fn replace_drops_labels(p: &dyn ContactProvider) -> bool {
    let c = single(p, named("a").label("VIP")).await;
    let doc = named("a");
    p.replace(&c.id, &doc).await.unwrap();
    get(p, &c).await.to_new() == doc
}
scenario!(replace_keeps_labels_when_empty, replace_drops_labels);

async fn mass_delete_takes_every_match(p: &dyn ContactProvider) -> bool {
    create_numbered(p, 60, |_, doc| doc.label("Old")).await;
    let filter = ContactFilter::new().label("Old");
    let deleted = p
        .delete_matching(&DeleteTarget::Matching(filter.clone()))
        .await
        .unwrap();
    let left = list_all(p, ContactQuery::new().filter(filter))
        .await
        .unwrap();
    deleted.len() == 60 && left.is_empty()
}
scenario!(
    mass_delete_offset_skips_pages,
    mass_delete_takes_every_match
);

async fn wipe_returns_the_contacts(p: &dyn ContactProvider) -> bool {
    let mut created = create_all(p, &[named("a").label("A"), named("b")]).await;
    let mut deleted = p
        .delete_matching(&DeleteTarget::EveryContact)
        .await
        .unwrap();
    created.sort_by(|a, b| a.id.cmp(&b.id));
    deleted.sort_by(|a, b| a.id.cmp(&b.id));
    deleted == created
}
scenario!(wipe_returns_empty_documents, wipe_returns_the_contacts);

async fn deleting_twice_is_not_found(p: &dyn ContactProvider) -> bool {
    let c = single(p, named("c0")).await;
    p.delete(&c.id).await.unwrap();
    p.delete(&c.id).await.is_err_and(|e| e.is_not_found())
}
scenario!(second_delete_succeeds, deleting_twice_is_not_found);

async fn get_after_delete_is_not_found(p: &dyn ContactProvider) -> bool {
    let c = single(p, named("c0")).await;
    get(p, &c).await;
    p.delete(&c.id).await.unwrap();
    p.get(&c.id, &GetOptions::default())
        .await
        .is_err_and(|e| e.is_not_found())
}
scenario!(read_cache_survives_delete, get_after_delete_is_not_found);

async fn deleted_id_stays_deleted(p: &dyn ContactProvider) -> bool {
    let created = create_n(p, 2).await;
    p.delete(&created[1].id).await.unwrap();
    create_all(p, &[named("new")]).await;
    p.get(&created[1].id, &GetOptions::default())
        .await
        .is_err_and(|e| e.is_not_found())
}
scenario!(ids_reused_after_deleting_newest, deleted_id_stays_deleted);
