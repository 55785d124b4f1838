//! Which contact an id names: never a deleted one's id again, and one contact per document
//! even when two documents are the same.

use super::Ctx;
use super::support::{create_all, ensure, err, expect_listed, plain, reads_back};
use crate::Outcome;
use contacts_core::{ContactId, ContactProvider, GetOptions};
use std::collections::BTreeSet;

/// Deleted ids stay `NotFound` after later creates, later creates never get them, and the
/// contacts that were not deleted still read back their own documents.
pub(crate) async fn ids_never_reused(cx: Ctx) -> Outcome {
    let p = cx.provider();
    let run = async {
        let first: Vec<_> = (0..4).map(|n| plain(p, n)).collect();
        let created = create_all(p, &first).await?;
        let deleted: BTreeSet<ContactId> = created[..2].iter().map(|c| c.id.clone()).collect();
        for id in &deleted {
            p.delete(id).await.map_err(err("delete"))?;
        }
        // Several rounds: a store that hands out the lowest free id shows on the first, one
        // that recycles a pool of ids only later.
        for round in 0..3 {
            let later: Vec<_> = (0..2).map(|n| plain(p, 10 + 2 * round + n)).collect();
            for contact in create_all(p, &later).await? {
                ensure(!deleted.contains(&contact.id), || {
                    format!(
                        "a later create got {}, the id of a deleted contact",
                        contact.id
                    )
                })?;
            }
        }
        for id in &deleted {
            gone(p, id).await?;
        }
        for (doc, kept) in first[2..].iter().zip(&created[2..]) {
            reads_back(p, &kept.id, doc).await?;
        }
        Ok(())
    };
    Outcome::from_result(run.await)
}

async fn gone(p: &dyn ContactProvider, id: &ContactId) -> Result<(), String> {
    match p.get(id, &GetOptions::default()).await {
        Err(e) if e.is_not_found() => Ok(()),
        other => Err(format!(
            "{id} was deleted, yet after later creates get gave {other:?}"
        )),
    }
}

/// Two identical documents are two contacts, in one batch or in two calls: a store must not
/// merge them because they look alike.
pub(crate) async fn identical_documents_distinct(cx: Ctx) -> Outcome {
    let p = cx.provider();
    let run = async {
        let doc = plain(p, 7);
        let mut ids = BTreeSet::new();
        if p.capabilities().max_batch_size >= 2 {
            let twins = p
                .create(&[doc.clone(), doc.clone()])
                .await
                .map_err(err("create"))?;
            ensure(twins.len() == 2, || {
                format!("a batch of two identical documents created {}", twins.len())
            })?;
            ids.extend(twins.into_iter().map(|c| c.id));
        }
        for _ in 0..2 {
            ids.extend(
                create_all(p, std::slice::from_ref(&doc))
                    .await?
                    .into_iter()
                    .map(|c| c.id),
            );
        }
        let expected = if p.capabilities().max_batch_size >= 2 {
            4
        } else {
            2
        };
        ensure(ids.len() == expected, || {
            format!(
                "{expected} identical documents got {} distinct ids",
                ids.len()
            )
        })?;
        for id in &ids {
            reads_back(p, id, &doc).await?;
        }
        expect_listed(p, expected, "after creating identical documents").await
    };
    Outcome::from_result(run.await)
}
