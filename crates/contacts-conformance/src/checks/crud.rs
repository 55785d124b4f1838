//! Creating, reading, changing and deleting single contacts.

use super::Ctx;
use super::support::{
    any_key, create_all, ensure, err, expect_listed, optional_keys, plain, reads_back,
};
use crate::Outcome;
use crate::generate;
use crate::property::for_all;
use contacts_core::{ContactId, ContactPatch, ContactProvider, GetOptions, NewContact};
use proptest::collection::vec;

pub(crate) async fn create_get_round_trip(cx: Ctx) -> Outcome {
    let batch = cx.caps().max_batch_size.clamp(1, 4);
    let p = cx.shared();
    for_all(
        vec(generate::new_contact(cx.caps()), 1..=batch),
        cx.runs(),
        move |docs| {
            let p = p.clone();
            async move {
                let created = p.create(&docs).await.map_err(err("create"))?;
                ensure(created.len() == docs.len(), || {
                    format!("created {} of {}", created.len(), docs.len())
                })?;
                for (doc, stored) in docs.iter().zip(&created) {
                    reads_back(&*p, &stored.id, doc).await?;
                }
                Ok(())
            }
        },
    )
    .await
}

/// Values a trimming or normalising store changes.
const EXACT: [&str; 6] = [
    "  two spaces  ",
    "e\u{301}",
    "\u{212b}ngstr\u{f6}m",
    "\u{5e9}\u{5dc}\u{5d5}\u{5dd}",
    "👩\u{200d}💻",
    "tab\there",
];

pub(crate) async fn values_kept_exactly(cx: Ctx) -> Outcome {
    let p = cx.provider();
    let keys = optional_keys(p);
    let Some(key) = keys.first() else {
        return Outcome::skipped("no optional key is declared storable (keys)");
    };
    let run = async {
        for value in EXACT {
            let doc = plain(p, 1).property(key.clone(), value);
            let created = create_all(p, std::slice::from_ref(&doc)).await?;
            let got = p
                .get(&created[0].id, &GetOptions::default())
                .await
                .map_err(err("get"))?;
            ensure(got.properties.get(key) == Some(value), || {
                format!("{value:?} read back as {:?}", got.properties.get(key))
            })?;
        }
        Ok(())
    };
    Outcome::from_result(run.await)
}

pub(crate) async fn batch_order_and_ids(cx: Ctx) -> Outcome {
    let p = cx.provider();
    let n = p.capabilities().max_batch_size.clamp(1, 6);
    if n < 2 {
        return Outcome::skipped("max_batch_size is declared as 1: one contact per call");
    }
    let run = async {
        let docs: Vec<NewContact> = (0..n).map(|i| plain(p, i)).collect();
        let created = p.create(&docs).await.map_err(err("create"))?;
        ensure(created.len() == n, || {
            format!("created {} of {n}", created.len())
        })?;
        let ids: std::collections::BTreeSet<&ContactId> = created.iter().map(|c| &c.id).collect();
        ensure(ids.len() == n, || "ids are not distinct".into())?;
        for (i, (doc, stored)) in docs.iter().zip(&created).enumerate() {
            ensure(stored.properties == doc.properties, || {
                format!(
                    "item {i} of the result is not input {i}: {:?}",
                    stored.properties
                )
            })?;
            let got = p
                .get(&stored.id, &GetOptions::default())
                .await
                .map_err(err("get"))?;
            ensure(got.properties == doc.properties, || {
                format!("id of item {i} reads back {:?}", got.properties)
            })?;
        }
        Ok(())
    };
    Outcome::from_result(run.await)
}

pub(crate) async fn patch_three_states(cx: Ctx) -> Outcome {
    let caps = cx.caps();
    if !caps.patch {
        return Outcome::skipped("patch is not declared");
    }
    let strategy = (generate::new_contact(caps), generate::patch(caps));
    let p = cx.shared();
    for_all(strategy, cx.runs(), move |(doc, patch)| {
        let p = p.clone();
        async move {
            let created = create_all(&*p, std::slice::from_ref(&doc)).await?;
            let mut expected = created[0].clone();
            patch.apply_to(&mut expected);
            let returned = p
                .update(&created[0].id, &patch)
                .await
                .map_err(err("update"))?;
            let got = reads_back(&*p, &created[0].id, &expected.to_new()).await?;
            ensure(returned.properties == got.properties, || {
                "update returned something other than what is stored".into()
            })
        }
    })
    .await
}

pub(crate) async fn label_add_remove(cx: Ctx) -> Outcome {
    let p = cx.provider();
    let caps = p.capabilities();
    if !caps.labels || !caps.patch {
        return Outcome::skipped("labels or patch are not declared");
    }
    let run = async {
        let doc = plain(p, 1).label("keep").label("drop");
        let created = create_all(p, &[doc]).await?;
        let patch = ContactPatch::new().add_label("new").remove_label("drop");
        p.update(&created[0].id, &patch)
            .await
            .map_err(err("update"))?;
        let got = p
            .get(&created[0].id, &GetOptions::default())
            .await
            .map_err(err("get"))?;
        let labels: Vec<&str> = got.labels.iter().collect();
        ensure(labels == ["keep", "new"], || {
            format!("labels are {labels:?}, expected [\"keep\", \"new\"]")
        })
    };
    Outcome::from_result(run.await)
}

pub(crate) async fn ids_stable_on_update(cx: Ctx) -> Outcome {
    let p = cx.provider();
    let caps = p.capabilities();
    if !caps.patch && !caps.replace {
        return Outcome::skipped("neither patch nor replace is declared");
    }
    let run = async {
        let created = create_all(p, &[plain(p, 1)]).await?;
        let id = created[0].id.clone();
        if caps.patch {
            let updated = p
                .update(&id, &ContactPatch::new().set(any_key(p), "changed"))
                .await
                .map_err(err("update"))?;
            ensure(updated.id == id, || {
                format!("update changed the id from {id} to {}", updated.id)
            })?;
        }
        if caps.replace {
            let replaced = p.replace(&id, &plain(p, 2)).await.map_err(err("replace"))?;
            ensure(replaced.id == id, || {
                format!("replace changed the id from {id} to {}", replaced.id)
            })?;
        }
        p.get(&id, &GetOptions::default())
            .await
            .map_err(err("get by the original id"))?;
        expect_listed(p, 1, "after updating one").await
    };
    Outcome::from_result(run.await)
}

pub(crate) async fn replace_exact(cx: Ctx) -> Outcome {
    let p = cx.provider();
    let caps = p.capabilities();
    if !caps.replace {
        return Outcome::skipped("replace is not declared");
    }
    let run = async {
        let keys = optional_keys(p);
        let mut first = plain(p, 1);
        for key in keys.iter().take(3) {
            first = first.property(key.clone(), "old");
        }
        if caps.labels {
            first = first.label("old");
        }
        let created = create_all(p, &[first]).await?;
        let mut second = plain(p, 2);
        if caps.labels {
            second = second.label("new");
        }
        p.replace(&created[0].id, &second)
            .await
            .map_err(err("replace"))?;
        reads_back(p, &created[0].id, &second).await.map(drop)
    };
    Outcome::from_result(run.await)
}

pub(crate) async fn delete_then_not_found(cx: Ctx) -> Outcome {
    let p = cx.provider();
    let run = async {
        let created = create_all(p, &[plain(p, 1), plain(p, 2)]).await?;
        p.delete(&created[0].id).await.map_err(err("delete"))?;
        match p.get(&created[0].id, &GetOptions::default()).await {
            Err(e) if e.is_not_found() => {}
            other => {
                return Err(format!(
                    "get after delete gave {other:?}, expected NotFound"
                ));
            }
        }
        match p.delete(&created[0].id).await {
            Err(e) if e.is_not_found() => {}
            other => return Err(format!("a second delete gave {other:?}, expected NotFound")),
        }
        p.get(&created[1].id, &GetOptions::default())
            .await
            .map_err(err("get of the other contact"))?;
        expect_listed(p, 1, "after deleting one of two").await
    };
    Outcome::from_result(run.await)
}

/// What each operation on the unknown id `id` gave, for the operations the provider declares.
async fn on_unknown(
    p: &dyn ContactProvider,
    id: &ContactId,
) -> Vec<(&'static str, contacts_core::Result<()>)> {
    let caps = p.capabilities();
    let mut outcomes = vec![
        ("get", p.get(id, &GetOptions::default()).await.map(drop)),
        ("delete", p.delete(id).await),
    ];
    if caps.patch {
        let patch = ContactPatch::new().set(any_key(p), "x");
        outcomes.push(("update", p.update(id, &patch).await.map(drop)));
    }
    if caps.replace {
        outcomes.push(("replace", p.replace(id, &plain(p, 2)).await.map(drop)));
    }
    outcomes
}

pub(crate) async fn unknown_ids(cx: Ctx) -> Outcome {
    let p = cx.provider();
    let run = async {
        create_all(p, &[plain(p, 1)]).await?;
        for raw in ["987654321", "ffffffffffffffffffffffff", "no-such-contact"] {
            for (op, outcome) in on_unknown(p, &ContactId::new(raw)).await {
                match outcome {
                    Err(e) if e.is_not_found() => {}
                    other => {
                        return Err(format!(
                            "{op} of unknown id {raw:?} gave {other:?}, expected NotFound"
                        ));
                    }
                }
            }
        }
        expect_listed(p, 1, "after operations on unknown ids").await
    };
    Outcome::from_result(run.await)
}
