//! provider-ip1 against the iP1 emulator: every operation.

mod common;

use common::{holding, setup};
use contacts_core::{
    ContactFilter, ContactId, ContactPatch, ContactProvider, ContactProviderExt, ContactQuery,
    DeleteTarget, Error, GetOptions, NewContact, Order,
};
use contacts_testkit::contract;
use futures::TryStreamExt;
use provider_ip1::Ip1Provider;
use std::collections::BTreeSet;
use std::time::Duration;

fn person(phone: &str) -> NewContact {
    NewContact::new().property("phoneNumber", phone)
}

#[tokio::test]
async fn create_get_with_and_without_metadata() {
    let (emu, p) = setup().await;
    let created = p
        .create(&[
            person("+46701234567")
                .property("firstName", " Icarus ")
                .label("Coworker"),
            person("+46701234568"),
        ])
        .await
        .unwrap();
    assert_eq!(created.len(), 2);
    assert_eq!(created[0].properties.first_name(), Some(" Icarus "));
    assert_eq!(
        created[0].labels.iter().collect::<Vec<_>>(),
        vec!["Coworker"],
        "the system label is hidden"
    );
    let plain = p.get(&created[0].id, &GetOptions::default()).await.unwrap();
    assert!(plain.metadata.is_none());
    emu.block("+46701234567");
    let meta = p
        .get(&created[0].id, &GetOptions::with_metadata())
        .await
        .unwrap()
        .metadata
        .unwrap();
    let phone = meta.phone().unwrap();
    assert_eq!(phone.valid, Some(true));
    assert_eq!(phone.blocked, Some(true));
    assert_eq!(phone.msisdn.as_deref(), Some("46701234567"));
    assert!(
        p.get(
            &ContactId::new("000000000000000000000000"),
            &GetOptions::default()
        )
        .await
        .unwrap_err()
        .is_not_found()
    );
    assert!(
        p.get(&ContactId::new("../meta"), &GetOptions::default())
            .await
            .unwrap_err()
            .is_not_found(),
        "ids are path-encoded"
    );
}

#[tokio::test]
async fn listing_follows_next_links_in_both_orders() {
    let batch: Vec<_> = (0..23).map(|i| person(&format!("+4670{i:07}"))).collect();
    let (_emu, p, created) = holding(&batch).await;
    let ids: Vec<ContactId> = created.iter().map(|c| c.id.clone()).collect();
    for size in [1, 2, 7, 23, 1000] {
        let got: Vec<ContactId> = p
            .list(ContactQuery::new().page_size(size))
            .map_ok(|c| c.id)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(got, ids, "page size {size}");
    }
    let mut desc: Vec<ContactId> = p
        .list(ContactQuery::new().page_size(5).order(Order::Descending))
        .map_ok(|c| c.id)
        .try_collect()
        .await
        .unwrap();
    desc.reverse();
    assert_eq!(desc, ids);
    let err = p
        .list_page(&ContactQuery::new().page_size(1001), None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
}

#[tokio::test]
async fn filters_are_all_of_labels_and_exact_properties() {
    let (_emu, p, _) = holding(&[
        person("+46700000001").label("A").label("B"),
        person("+46700000002").label("A"),
        person("+46700000003")
            .label("B")
            .property("company", "ACME"),
    ])
    .await;
    let both = contacts_testkit::listed(
        &p,
        ContactQuery::new().filter(ContactFilter::new().label("A").label("B")),
    )
    .await;
    assert_eq!(
        both.len(),
        1,
        "all-of, although the server ORs several labels"
    );
    assert_eq!(both[0].properties.phone_number(), Some("+46700000001"));
    let acme = contacts_testkit::listed(
        &p,
        ContactQuery::new().filter(ContactFilter::new().property("company", "ACME")),
    )
    .await;
    assert_eq!(acme.len(), 1);
    let none = contacts_testkit::listed(
        &p,
        ContactQuery::new().filter(ContactFilter::new().property("company", "acme")),
    )
    .await;
    assert!(none.is_empty());
    let valid = contacts_testkit::listed(
        &p,
        ContactQuery::new()
            .filter(ContactFilter::new().metadata("phoneNumber.isValidPhoneNumber", "true")),
    )
    .await;
    assert_eq!(valid.len(), 3);
}

#[tokio::test]
async fn patch_labels_replace_and_delete() {
    let (emu, p) = setup().await;
    let c = p
        .create_one(
            person("+46700000001")
                .property("email", "a@b")
                .property("company", "X")
                .label("Keep")
                .label("Drop"),
        )
        .await
        .unwrap();
    let patched = p
        .update(
            &c.id,
            &ContactPatch::new()
                .remove("company")
                .set("email", "c@d")
                .add_label("New")
                .remove_label("Drop"),
        )
        .await
        .unwrap();
    assert_eq!(patched.properties.company(), None);
    assert_eq!(patched.properties.email(), Some("c@d"));
    assert_eq!(
        patched.labels.iter().collect::<BTreeSet<_>>(),
        ["Keep", "New"].into_iter().collect()
    );
    assert_eq!(patched.id, c.id);
    let stored = &emu.contacts()[0];
    assert_eq!(stored["labels"], serde_json::json!(["Keep", "New", "all"]));

    let replaced = p
        .replace(&c.id, &NewContact::new().property("firstName", "Only"))
        .await
        .unwrap();
    assert_eq!(replaced.properties.len(), 1);
    assert!(replaced.labels.is_empty());

    p.delete(&c.id).await.unwrap();
    contract::assert_gone(&p, &c.id).await;
    let err = p.create(&[person("1").label("all")]).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
}

#[tokio::test]
async fn large_batches_are_split_and_keep_input_order() {
    let (emu, p) = setup().await;
    let batch: Vec<_> = (0..2100).map(|i| person(&format!("+46{i:09}"))).collect();
    let created = p.create(&batch).await.unwrap();
    assert_eq!(created.len(), 2100);
    for (input, stored) in batch.iter().zip(&created) {
        assert_eq!(input.properties, stored.properties);
    }
    assert_eq!(emu.contacts().len(), 2100);
    let posts = emu.stats().requests;
    assert_eq!(posts, 3, "2100 contacts in requests of at most 1000");
}

#[tokio::test]
async fn mass_delete_needs_a_filter_or_an_explicit_everything() {
    let (emu, p, _) = holding(&[
        person("+46700000001").label("Old").label("X"),
        person("+46700000002").label("Old"),
        person("+46700000003"),
    ])
    .await;
    contract::assert_empty_filter_refused(&p).await;
    assert_eq!(emu.contacts().len(), 3, "nothing deleted");
    // Each step deletes exactly one of what is left: several labels only the all-of set,
    // then the rest of one label, then everything.
    for target in [
        DeleteTarget::Matching(ContactFilter::new().label("Old").label("X")),
        DeleteTarget::Matching(ContactFilter::new().label("Old")),
        DeleteTarget::EveryContact,
    ] {
        let gone = p.delete_matching(&target).await.unwrap();
        assert_eq!(gone.len(), 1, "{target:?}");
    }
    assert!(emu.contacts().is_empty());
}

#[tokio::test]
async fn extras_summary_labels_blacklist_and_background_import() {
    let (_emu, p, created) = holding(&[
        person("+46700000001"),
        person("+46700000002").property("email", "x@y"),
    ])
    .await;
    // iP1's own calls are the bare provider's: reached inside the layers with `get_ref`.
    let ip1 = p.get_ref().get_ref();
    let ids: Vec<ContactId> = created.iter().map(|c| c.id.clone()).collect();
    let usage = ip1.add_label("Campaign", &ids).await.unwrap();
    assert_eq!(usage.usage_count, 2);
    let summary = ip1.summary().await.unwrap();
    assert_eq!(summary.total_count, 2);
    assert!(
        summary
            .labels
            .iter()
            .any(|l| l.label_name == "Campaign" && l.usage_count == 2)
    );
    assert!(
        summary
            .properties
            .iter()
            .any(|u| u.property_name == "email" && u.usage_count == 1)
    );
    ip1.remove_label_everywhere("Campaign").await.unwrap();
    assert!(
        p.get(&ids[0], &GetOptions::default())
            .await
            .unwrap()
            .labels
            .is_empty()
    );

    assert!(!ip1.is_blocked("+46700000001").await.unwrap());
    ip1.block("+46700000001").await.unwrap();
    assert!(ip1.is_blocked("46700000001").await.unwrap());
    assert_eq!(
        ip1.blacklist().await.unwrap(),
        vec!["+46700000001".to_owned()]
    );
    ip1.unblock("+46700000001").await.unwrap();
    assert!(
        ip1.unblock("+46700000001")
            .await
            .unwrap_err()
            .is_not_found()
    );

    let receipt = ip1
        .import_background(&[person("+46700000009")])
        .await
        .unwrap();
    assert_eq!(receipt.status, 202);
    let mut seen = false;
    for _ in 0..100 {
        if p.get_by_phone("+46700000009").await.unwrap().is_some() {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(seen, "the background import became visible");
}

#[tokio::test]
async fn a_wrong_key_is_unauthenticated_without_echoing_it() {
    let emu = contacts_testkit::ip1::emulator("right").await;
    let p = Ip1Provider::builder()
        .api_key("wrong-key-123")
        .base_url(emu.base_url())
        .build()
        .unwrap();
    let err = p.list_page(&ContactQuery::new(), None).await.unwrap_err();
    assert!(matches!(err, Error::Unauthenticated { .. }), "{err:?}");
    assert!(!format!("{err} {err:?} {p:?}").contains("wrong-key-123"));
}

#[tokio::test]
async fn listing_1050_contacts_in_pages_of_100() {
    let (emu, p) = setup().await;
    emu.seed(
        (0..1050)
            .map(|i| serde_json::json!({"properties": {"n": i.to_string()}}))
            .collect(),
    );
    let mut token = None;
    let mut pages = 0;
    let mut seen = BTreeSet::new();
    loop {
        let page = p
            .list_page(&ContactQuery::new().page_size(100), token)
            .await
            .unwrap();
        pages += 1;
        for c in page.items {
            assert!(seen.insert(c.id), "a contact appeared twice");
        }
        token = page.next;
        if token.is_none() {
            break;
        }
    }
    assert_eq!((pages, seen.len()), (11, 1050));
}
