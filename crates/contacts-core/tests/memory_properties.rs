//! Property tests of InMemoryProvider, the reference model every provider is compared with.

mod common;

use common::created;
use contacts_core::{
    Contact, ContactFilter, ContactId, ContactPatch, ContactProvider, ContactProviderExt,
    ContactQuery, GetOptions, InMemoryProvider, Labels, NewContact, Order, Properties,
};
use futures::TryStreamExt;
use proptest::collection::{btree_map, btree_set, vec};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

/// Strings that stress storage: combining marks, RTL, emoji, control characters, spaces at the
/// ends, plus arbitrary Unicode.
fn tricky_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{1,40}",
        any::<String>().prop_filter("non-empty", |s| !s.is_empty()),
        Just("e\u{301}\u{301}".to_string()),
        Just("\u{5e9}\u{5dc}\u{5d5}\u{5dd} \u{200f}abc".to_string()),
        Just("👩‍👩‍👧‍👦🏳️‍🌈".to_string()),
        Just("\u{0}\u{7}\t\r\n".to_string()),
        Just("  padded  ".to_string()),
        "[ a-z]{1,5}".prop_map(|s| format!(" {s} ")),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("phoneNumber".to_string()),
        Just("email".to_string()),
        Just("firstName".to_string()),
        "[a-zA-Z][a-zA-Z0-9_]{0,10}",
    ]
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z]{1,6}",
        Just("VIP".to_string()),
        Just("Sales".to_string())
    ]
}

fn new_contact() -> impl Strategy<Value = NewContact> {
    (
        btree_map(key(), tricky_value(), 0..6),
        btree_set(label(), 0..4),
    )
        .prop_map(|(props, labels)| NewContact {
            properties: props.into_iter().collect(),
            labels: labels.into_iter().collect(),
            address_book: None,
            card: None,
        })
}

async fn all(p: &InMemoryProvider, query: ContactQuery) -> Vec<Contact> {
    p.list(query).try_collect().await.unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn create_then_get_round_trips(batch in vec(new_contact(), 1..8)) {
        rt().block_on(async {
            let p = InMemoryProvider::new();
            let created = p.create(&batch).await.unwrap();
            prop_assert_eq!(created.len(), batch.len());
            let ids: BTreeSet<_> = created.iter().map(|c| c.id.clone()).collect();
            prop_assert_eq!(ids.len(), batch.len(), "ids are unique");
            for (input, stored) in batch.iter().zip(&created) {
                prop_assert_eq!(&stored.properties, &input.properties, "input order kept");
                let got = p.get(&stored.id, &GetOptions::default()).await.unwrap();
                prop_assert_eq!(&got.properties, &input.properties);
                prop_assert_eq!(&got.labels, &input.labels);
                prop_assert!(got.properties.iter().all(|(_, v)| !v.is_empty()));
            }
            Ok(())
        })?;
    }

    #[test]
    fn patch_follows_three_states_and_label_sets(
        start in new_contact(),
        changes in btree_map(key(), proptest::option::of(tricky_value()), 0..6),
        add in btree_set(label(), 0..3),
        remove in btree_set(label(), 0..3),
    ) {
        rt().block_on(async {
            let p = InMemoryProvider::new();
            let created = p.create_one(start.clone()).await.unwrap();
            let patch = ContactPatch {
                properties: changes.clone(),
                add_labels: add.iter().cloned().collect(),
                remove_labels: remove.iter().cloned().collect(),
                card: None,
            };
            let updated = p.update(&created.id, &patch).await.unwrap();

            // Independent model: a plain map.
            let mut expected: BTreeMap<String, String> =
                start.properties.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
            for (k, v) in &changes {
                match v {
                    Some(v) => { expected.insert(k.clone(), v.clone()); }
                    None => { expected.remove(k); }
                }
            }
            let mut labels: BTreeSet<String> = start.labels.iter().map(str::to_owned).collect();
            labels.extend(add.iter().cloned());
            labels.retain(|l| !remove.contains(l));

            let got = p.get(&created.id, &GetOptions::default()).await.unwrap();
            prop_assert_eq!(&updated, &got);
            let got_props: BTreeMap<String, String> =
                got.properties.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
            prop_assert_eq!(got_props, expected);
            prop_assert_eq!(got.labels, labels.into_iter().collect::<Labels>());
            prop_assert_eq!(got.id, created.id, "ids never change on update");
            Ok(())
        })?;
    }

    #[test]
    fn replace_makes_the_contact_exactly_the_new_document(a in new_contact(), b in new_contact()) {
        rt().block_on(async {
            let p = InMemoryProvider::new();
            let created = p.create_one(a).await.unwrap();
            p.replace(&created.id, &b).await.unwrap();
            let got = p.get(&created.id, &GetOptions::default()).await.unwrap();
            prop_assert_eq!(got.properties, b.properties);
            prop_assert_eq!(got.labels, b.labels);
            Ok(())
        })?;
    }

    #[test]
    fn every_page_size_lists_every_contact_exactly_once(n in 0usize..40, order_desc in any::<bool>()) {
        rt().block_on(async {
            let p = InMemoryProvider::new();
            let batch: Vec<_> = (0..n).map(|i| NewContact::new().property("n", i.to_string())).collect();
            let created = if n > 0 { p.create(&batch).await.unwrap() } else { vec![] };
            let mut ids: Vec<ContactId> = created.iter().map(|c| c.id.clone()).collect();
            let order = if order_desc { Order::Descending } else { Order::Ascending };
            if order_desc { ids.reverse(); }
            for size in 1..=(n as u32 + 1) {
                let query = ContactQuery::new().page_size(size).order(order);
                let mut seen = Vec::new();
                let mut token = None;
                let mut pages = 0;
                loop {
                    let page = p.list_page(&query, token).await.unwrap();
                    pages += 1;
                    prop_assert!(page.items.len() <= size as usize);
                    seen.extend(page.items.into_iter().map(|c| c.id));
                    token = page.next;
                    if token.is_none() { break; }
                }
                prop_assert_eq!(&seen, &ids, "page size {}", size);
                prop_assert_eq!(pages, n.div_ceil(size as usize).max(1), "end detected at size {}", size);
            }
            Ok(())
        })?;
    }

    #[test]
    fn label_filters_are_all_of(batch in vec(new_contact(), 1..12), wanted in btree_set(label(), 1..3)) {
        rt().block_on(async {
            let p = InMemoryProvider::new();
            let created = p.create(&batch).await.unwrap();
            let mut filter = ContactFilter::new();
            for l in &wanted { filter = filter.label(l.clone()); }
            let got: BTreeSet<ContactId> = all(&p, ContactQuery::new().filter(filter).page_size(3))
                .await.into_iter().map(|c| c.id).collect();
            let expected: BTreeSet<ContactId> = created.iter()
                .filter(|c| wanted.iter().all(|l| c.labels.contains(l)))
                .map(|c| c.id.clone()).collect();
            prop_assert_eq!(got, expected);
            Ok(())
        })?;
    }

    #[test]
    fn property_filters_are_exact_equality(batch in vec(new_contact(), 1..12), pick in any::<prop::sample::Index>()) {
        rt().block_on(async {
            let p = InMemoryProvider::new();
            let created = p.create(&batch).await.unwrap();
            let target = &created[pick.index(created.len())];
            let Some((k, v)) = target.properties.iter().next() else { return Ok(()) };
            let got = all(&p, ContactQuery::new().filter(ContactFilter::new().property(k, v))).await;
            prop_assert!(got.iter().any(|c| c.id == target.id));
            prop_assert!(got.iter().all(|c| c.properties.get(k) == Some(v)));
            let expected = created.iter().filter(|c| c.properties.get(k) == Some(v)).count();
            prop_assert_eq!(got.len(), expected);
            Ok(())
        })?;
    }
}

#[test]
fn empty_string_is_no_value() {
    rt().block_on(async {
        let p = InMemoryProvider::new();
        let mut props = Properties::new().with("a", "x");
        props.set("b", "");
        let c = p
            .create_one(NewContact {
                properties: props,
                ..NewContact::default()
            })
            .await
            .unwrap();
        assert!(!c.properties.contains_key("b"));
        let c = p
            .update(&c.id, &ContactPatch::new().set("a", ""))
            .await
            .unwrap();
        assert!(c.properties.is_empty(), "setting \"\" removes the key");
        let from_json: NewContact =
            serde_json::from_str(r#"{"properties":{"email":"","x":" "}}"#).unwrap();
        assert_eq!(from_json.properties.len(), 1);
        assert_eq!(from_json.properties.get("x"), Some(" "));
    });
}

#[test]
fn delete_then_not_found_and_unknown_ids_are_not_found() {
    rt().block_on(async {
        let p = InMemoryProvider::new();
        let c = created(&p, "a", "1").await;
        p.delete(&c.id).await.unwrap();
        assert!(
            p.get(&c.id, &GetOptions::default())
                .await
                .unwrap_err()
                .is_not_found()
        );
        assert!(p.delete(&c.id).await.unwrap_err().is_not_found());
        let never = ContactId::new("no-such-id");
        assert!(
            p.get(&never, &GetOptions::default())
                .await
                .unwrap_err()
                .is_not_found()
        );
        assert!(
            p.update(&never, &ContactPatch::new().set("a", "b"))
                .await
                .unwrap_err()
                .is_not_found()
        );
        assert!(
            p.replace(&never, &NewContact::new())
                .await
                .unwrap_err()
                .is_not_found()
        );
        let err = p.get(&never, &GetOptions::default()).await.unwrap_err();
        assert_eq!(err.to_string(), "contact no-such-id was not found");
    });
}

#[test]
fn concurrent_creates_are_all_kept_with_unique_ids() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    rt.block_on(async {
        let p = InMemoryProvider::new();
        let tasks: Vec<_> = (0..50)
            .map(|i| {
                let p = p.clone();
                tokio::spawn(async move {
                    p.create_one(NewContact::new().property("n", i.to_string()))
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut ids = BTreeSet::new();
        for t in tasks {
            ids.insert(t.await.unwrap().id);
        }
        assert_eq!(ids.len(), 50);
        assert_eq!(p.len(), 50);
    });
}
