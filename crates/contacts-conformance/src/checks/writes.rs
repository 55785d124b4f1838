//! Writes whose rules hide in the details: an atomic batch refused anywhere stores nothing,
//! `""` in a patch removes a key as `null` does, and one patch may set, remove, add and take
//! away at once.

use super::Ctx;
use super::support::{
    create_or_fail, ensure, err, expect_listed, holds_exactly, invalid, optional_keys, plain,
};
use crate::Outcome;
use crate::property::for_all;
use contacts_core::{ContactPatch, GetOptions, NewContact};
use proptest::prelude::*;

pub(crate) async fn atomic_batch_all_or_nothing(cx: Ctx) -> Outcome {
    let caps = cx.caps();
    if !caps.atomic_batches {
        return Outcome::skipped("batches are not declared atomic (atomic_batches)");
    }
    let most = caps.max_batch_size.min(8);
    if most < 2 {
        return Outcome::skipped("max_batch_size is declared as 1: one contact per call");
    }
    // A batch of n plain documents whose item `bad` has an empty key, which every provider
    // refuses: anywhere in the batch, the whole batch is refused and nothing is stored.
    let batches = (2..=most).prop_flat_map(|n| (Just(n), 0..n));
    let p = cx.shared();
    for_all(batches, cx.runs(), move |(n, bad)| {
        let p = p.clone();
        async move {
            let mut docs: Vec<NewContact> = (0..n).map(|i| plain(&*p, i)).collect();
            docs[bad] = docs[bad].clone().property("", "an empty key is refused");
            let what = format!("a batch of {n} whose item {bad} has an empty key");
            invalid(&what, p.create(&docs).await)?;
            expect_listed(&*p, 0, &format!("after {what} was refused")).await
        }
    })
    .await
}

pub(crate) async fn empty_value_removes(cx: Ctx) -> Outcome {
    let p = cx.provider();
    if !p.capabilities().patch {
        return Outcome::skipped("patch is not declared");
    }
    let Some(key) = optional_keys(p).into_iter().next() else {
        return Outcome::skipped("no optional key is declared storable (keys)");
    };
    let run = async {
        let doc = plain(p, 1).property(key.clone(), "to be cleared");
        let created = create_or_fail(p, doc.clone()).await?;
        // What a patch read from JSON `{"key": ""}` holds: the empty string itself.
        let mut clear = ContactPatch::new();
        clear.properties.insert(key.clone(), Some(String::new()));
        let returned = p.update(&created.id, &clear).await.map_err(err("update"))?;
        let got = p
            .get(&created.id, &GetOptions::default())
            .await
            .map_err(err("get"))?;
        let mut expected = doc.properties.clone();
        expected.remove(&key);
        for (what, contact) in [("update returned", &returned), ("get read", &got)] {
            ensure(contact.properties == expected, || {
                format!(
                    "after a patch setting {key} to \"\", {what} {:?}; \"\" removes a key like null",
                    contact.properties
                )
            })?;
        }
        Ok(())
    };
    Outcome::from_result(run.await)
}

pub(crate) async fn patch_set_and_remove(cx: Ctx) -> Outcome {
    if !cx.caps().patch {
        return Outcome::skipped("patch is not declared");
    }
    let (p, caps) = (cx.provider(), cx.caps());
    let keys = optional_keys(p);
    let [set, removed, ..] = keys.as_slice() else {
        return Outcome::skipped("fewer than two optional keys are declared storable (keys)");
    };
    let run = async {
        let mut doc = plain(p, 1)
            .property(set.clone(), "before")
            .property(removed.clone(), "to be removed");
        let mut patch = ContactPatch::new()
            .set(set.clone(), "after")
            .remove(removed.clone());
        if caps.labels {
            doc = doc.label("kept").label("dropped");
            // "both" is added and removed in one patch: removals come after additions.
            patch = patch
                .add_label("added")
                .add_label("both")
                .remove_label("dropped")
                .remove_label("both");
        }
        let created = create_or_fail(p, doc).await?;
        let mut expected = created.clone();
        patch.apply_to(&mut expected);
        let returned = p.update(&created.id, &patch).await.map_err(err("update"))?;
        let got = p
            .get(&created.id, &GetOptions::default())
            .await
            .map_err(err("get"))?;
        for (what, contact) in [("update returned", &returned), ("get read", &got)] {
            let what = format!("{patch:?} applied at once: {what}");
            holds_exactly(&what, contact, &expected.properties, &expected.labels)?;
        }
        Ok(())
    };
    Outcome::from_result(run.await)
}
