//! The optional capabilities (`contacts_core::optional`): each runs only where declared and
//! is skipped, with the reason, otherwise. A declared capability must be reachable from the
//! provider and do what it says.

use super::Ctx;
use super::support::{create_all, create_or_fail, declared, ensure, err, list_all, plain};
use crate::Outcome;
use contacts_core::optional::{
    AddressBookAdmin, BackgroundImport, Blocklist, LabelAdmin, Summarize,
};
use contacts_core::{ContactId, ContactProvider, GetOptions};
use std::collections::BTreeMap;
use std::time::Duration;

/// A label no generated document carries.
const LABEL: &str = "conformance-admin";

/// Each optional capability's check: skipped where it is not declared, failed where it is
/// declared but its accessor offers none, otherwise its exercise. The check is named after
/// the capability flag.
macro_rules! optional_checks {
    ($($name:ident: $accessor:ident, $what:literal => $exercise:ident;)*) => {$(
        pub(crate) async fn $name(cx: Ctx) -> Outcome {
            let p = cx.provider();
            match declared(cx.caps().$name, p.$accessor(), $what) {
                Ok(found) => Outcome::from_result($exercise(p, found).await),
                Err(outcome) => outcome,
            }
        }
    )*};
}

optional_checks! {
    label_admin: label_admin, "label administration" => exercise_label_admin;
    account_summary: account_summary, "an account summary" => exercise_account_summary;
    blocklist: blocklist, "a blocklist" => exercise_blocklist;
    address_book_admin: address_books, "address-book administration" => exercise_address_book_admin;
    background_import: background_import, "background import" => exercise_background_import;
}

/// The label counts must give `LABEL` on `expected` contacts `when`.
async fn expect_count(labels: &dyn LabelAdmin, expected: u64, when: &str) -> Result<(), String> {
    let count = label_count(labels).await?;
    ensure(count == expected, || {
        format!("{when}, {count} contacts carry the label, expected {expected}")
    })
}

/// The count of `LABEL` in the provider's label counts (0 when absent).
async fn label_count(labels: &dyn LabelAdmin) -> Result<u64, String> {
    let counts = labels.label_counts().await.map_err(err("label_counts"))?;
    Ok(counts
        .iter()
        .find(|c| c.label == LABEL)
        .map_or(0, |c| c.count))
}

async fn exercise_label_admin(
    p: &dyn ContactProvider,
    labels: &dyn LabelAdmin,
) -> Result<(), String> {
    let docs: Vec<_> = (1..=3).map(|n| plain(p, n)).collect();
    let ids: Vec<ContactId> = create_all(p, &docs)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    labels
        .add_label(LABEL, &ids)
        .await
        .map_err(err("add_label"))?;
    expect_count(labels, 3, "after add_label to 3 contacts").await?;
    labels
        .remove_label(LABEL, &ids[..1])
        .await
        .map_err(err("remove_label"))?;
    let first = p
        .get(&ids[0], &GetOptions::default())
        .await
        .map_err(err("get"))?;
    ensure(!first.labels.contains(LABEL), || {
        "remove_label left the label".into()
    })?;
    labels
        .delete_label(LABEL)
        .await
        .map_err(err("delete_label"))?;
    expect_count(labels, 0, "after delete_label").await?;
    let all = list_all(p).await?;
    ensure(all.len() == 3, || {
        "delete_label removed contacts, not only the label".into()
    })?;
    ensure(all.iter().all(|c| !c.labels.contains(LABEL)), || {
        "after delete_label a contact still carries the label".into()
    })
}

async fn exercise_account_summary(
    p: &dyn ContactProvider,
    summary: &dyn Summarize,
) -> Result<(), String> {
    let docs: Vec<_> = (1..=2).map(|n| plain(p, n)).collect();
    create_all(p, &docs).await?;
    let all = list_all(p).await?;
    let got = summary.summarize().await.map_err(err("summarize"))?;
    ensure(got.total_count == all.len() as u64, || {
        format!(
            "total_count {} but {} contacts are listed",
            got.total_count,
            all.len()
        )
    })?;
    let mut expected: BTreeMap<&str, u64> = BTreeMap::new();
    for key in all.iter().flat_map(|c| c.properties.keys()) {
        *expected.entry(key).or_default() += 1;
    }
    for usage in &got.properties {
        let listed = expected.get(usage.key.as_str()).copied().unwrap_or(0);
        ensure(usage.count == listed, || {
            format!(
                "{} counted {} times, listed {listed}",
                usage.key, usage.count
            )
        })?;
    }
    Ok(())
}

async fn exercise_blocklist(_: &dyn ContactProvider, list: &dyn Blocklist) -> Result<(), String> {
    let number = "+46700009999";
    block_and_check(list, number, true).await?;
    let listed = list.list_blocked().await.map_err(err("list_blocked"))?;
    ensure(
        listed
            .iter()
            .any(|n| n.trim_start_matches('+') == &number[1..]),
        || format!("a blocked number is not listed: {listed:?}"),
    )?;
    block_and_check(list, number, false).await
}

/// Blocks (or unblocks) `number`, then checks that it checks as blocked (or not).
async fn block_and_check(list: &dyn Blocklist, number: &str, block: bool) -> Result<(), String> {
    let (what, state) = if block {
        (list.block_number(number).await, "blocked")
    } else {
        (list.unblock_number(number).await, "unblocked")
    };
    what.map_err(err(if block {
        "block_number"
    } else {
        "unblock_number"
    }))?;
    let blocked = list
        .check_number(number)
        .await
        .map_err(err("check_number"))?;
    ensure(blocked == block, || {
        format!("a {state} number checks as the opposite")
    })
}

async fn exercise_address_book_admin(
    p: &dyn ContactProvider,
    books: &dyn AddressBookAdmin,
) -> Result<(), String> {
    let book = books
        .create_book("conformance-move")
        .await
        .map_err(err("create_book"))?;
    let renamed = books
        .rename_book(&book.id, "conformance-moved")
        .await
        .map_err(err("rename_book"))?;
    ensure(renamed.name == "conformance-moved", || {
        "rename_book kept the old name".into()
    })?;
    let listed = books.list_books().await.map_err(err("list_books"))?;
    ensure(listed.iter().any(|b| b.id == book.id), || {
        "a created book is not listed".into()
    })?;
    let contact = create_or_fail(p, plain(p, 1)).await?;
    let moved = books.move_contact(&contact.id, &book.id).await;
    let here = list_all(p).await;
    books
        .delete_book(&book.id)
        .await
        .map_err(err("delete_book"))?;
    moved.map_err(err("move_contact"))?;
    ensure(here?.is_empty(), || {
        "a moved contact is still listed in its old book".into()
    })?;
    let listed = books.list_books().await.map_err(err("list_books"))?;
    ensure(listed.iter().all(|b| b.id != book.id), || {
        "a deleted book is listed".into()
    })
}

async fn exercise_background_import(
    p: &dyn ContactProvider,
    import: &dyn BackgroundImport,
) -> Result<(), String> {
    let docs: Vec<_> = (1..=3).map(|n| plain(p, n)).collect();
    let job = import
        .submit_import(&docs)
        .await
        .map_err(err("submit_import"))?;
    ensure(job.submitted == 3, || {
        format!("3 submitted, job says {}", job.submitted)
    })?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let progress = import
            .import_progress(&job)
            .await
            .map_err(err("import_progress"))?;
        ensure(progress.stored <= 3, || {
            format!("{} of 3 stored", progress.stored)
        })?;
        if progress.done {
            break;
        }
        ensure(tokio::time::Instant::now() < deadline, || {
            "not done in 30 s".into()
        })?;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let all = list_all(p).await?;
    ensure(all.len() == 3, || {
        format!("done, yet {} of 3 contacts are listed", all.len())
    })
}
