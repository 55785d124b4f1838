//! Declared capabilities are true: what is declared works, what is not is `Unsupported` (or,
//! for keys outside a fixed set, `InvalidInput`), never a silent no-op. One check per
//! capability, so a report names the capability that lies.

use super::Ctx;
use super::support::{
    any_key, create_or_fail, ensure, err, expect_listed, invalid, list_all, plain, unsupported,
};
use crate::Outcome;
use contacts_core::{
    AddressBookId, ContactFilter, ContactPatch, ContactQuery, DeleteTarget, GetOptions, KeySupport,
    Order,
};

pub(crate) async fn labels_declared(cx: Ctx) -> Outcome {
    let p = cx.provider();
    let run = async {
        if !cx.caps().labels {
            return unsupported("labels", p.create(&[plain(p, 1).label("x")]).await);
        }
        let created = create_or_fail(p, plain(p, 1).label("declared")).await?;
        let got = p
            .get(&created.id, &GetOptions::default())
            .await
            .map_err(err("get"))?;
        ensure(got.labels.contains("declared"), || {
            "labels are declared but a label written is not read back".into()
        })
    };
    Outcome::from_result(run.await)
}

pub(crate) async fn metadata_declared(cx: Ctx) -> Outcome {
    let p = cx.provider();
    let run = async {
        let id = create_or_fail(p, plain(p, 1)).await?.id;
        let got = p.get(&id, &GetOptions::with_metadata()).await;
        if !cx.caps().metadata {
            return unsupported("metadata", got);
        }
        let got = got.map_err(err("get with metadata"))?;
        ensure(got.metadata.is_some(), || {
            "metadata is declared but none came back when asked".into()
        })
    };
    Outcome::from_result(run.await)
}

pub(crate) async fn filters_declared(cx: Ctx) -> Outcome {
    let caps = cx.caps();
    let undeclared: Vec<(&str, ContactFilter)> = [
        (
            caps.label_filter,
            "label filters",
            ContactFilter::new().label("x"),
        ),
        (
            caps.property_filter,
            "property filters",
            ContactFilter::new().property("k", "v"),
        ),
        (
            caps.metadata_filter,
            "metadata filters",
            ContactFilter::new().metadata("k.f", "v"),
        ),
    ]
    .into_iter()
    .filter(|(support, _, _)| !support.is_supported())
    .map(|(_, what, filter)| (what, filter))
    .collect();
    if undeclared.is_empty() {
        return Outcome::skipped("every filter kind is declared; `filters` checks them");
    }
    let p = cx.provider();
    let run = async {
        for (what, filter) in undeclared {
            unsupported(
                what,
                p.list_page(&ContactQuery::new().filter(filter), None).await,
            )?;
        }
        Ok(())
    };
    Outcome::from_result(run.await)
}

pub(crate) async fn order_declared(cx: Ctx) -> Outcome {
    if cx.caps().descending_order {
        return Outcome::skipped("descending order is declared; `descending_order` checks it");
    }
    let p = cx.provider();
    let run = async {
        create_or_fail(p, plain(p, 1)).await?;
        let descending = ContactQuery::new().order(Order::Descending);
        unsupported("descending order", p.list_page(&descending, None).await)
    };
    Outcome::from_result(run.await)
}

pub(crate) async fn patch_declared(cx: Ctx) -> Outcome {
    if cx.caps().patch {
        return Outcome::skipped("update is declared; `patch_three_states` checks it");
    }
    undeclared_write(&cx, "update").await
}

pub(crate) async fn replace_declared(cx: Ctx) -> Outcome {
    if cx.caps().replace {
        return Outcome::skipped("replace is declared; `replace_exact` checks it");
    }
    undeclared_write(&cx, "replace").await
}

/// An undeclared write (`update` or `replace`) of an existing contact must be `Unsupported`,
/// not a silent success.
async fn undeclared_write(cx: &Ctx, operation: &str) -> Outcome {
    let p = cx.provider();
    let run = async {
        let id = create_or_fail(p, plain(p, 1)).await?.id;
        let outcome = if operation == "update" {
            let patch = ContactPatch::new().set(any_key(p), "changed");
            p.update(&id, &patch).await
        } else {
            p.replace(&id, &plain(p, 2)).await
        };
        unsupported(operation, outcome)
    };
    Outcome::from_result(run.await)
}

/// A key no provider declares.
const STRAY_KEY: &str = "not-a-declared-key";

pub(crate) async fn fixed_keys_enforced(cx: Ctx) -> Outcome {
    match &cx.caps().keys {
        KeySupport::Fixed { keys } if !keys.iter().any(|k| k == STRAY_KEY) => {}
        _ => {
            return Outcome::skipped(
                "fixed keys are not declared: keys are free-form, any non-empty key is storable",
            );
        }
    }
    let p = cx.provider();
    let run = async {
        let stray = plain(p, 1).property(STRAY_KEY, "v");
        invalid("writing an undeclared key", p.create(&[stray]).await)?;
        expect_listed(p, 0, "after a refused write").await
    };
    Outcome::from_result(run.await)
}

pub(crate) async fn mass_delete_declared(cx: Ctx) -> Outcome {
    let caps = cx.caps();
    let p = cx.provider();
    if !caps.mass_delete {
        let every = p.delete_matching(&DeleteTarget::EveryContact).await;
        return Outcome::from_result(unsupported("delete_matching", every));
    }
    if !caps.property_filter.is_supported() {
        return Outcome::skipped(
            "mass delete is declared, but property filters to target one contact are not",
        );
    }
    let run = async {
        let (key, value) = (any_key(p), "the one to delete");
        let doomed = create_or_fail(p, plain(p, 1).property(key.clone(), value)).await?;
        let kept = create_or_fail(p, plain(p, 2)).await?;
        let target = DeleteTarget::Matching(ContactFilter::new().property(key, value));
        let gone = p
            .delete_matching(&target)
            .await
            .map_err(err("delete_matching"))?;
        let gone: Vec<_> = gone.into_iter().map(|c| c.id).collect();
        ensure(gone == [doomed.id.clone()], || {
            format!(
                "delete_matching is declared but reported {gone:?}, expected [{}]",
                doomed.id
            )
        })?;
        let left: Vec<_> = list_all(p).await?.into_iter().map(|c| c.id).collect();
        ensure(left == [kept.id.clone()], || {
            format!(
                "after delete_matching the listing is {left:?}, expected [{}]",
                kept.id
            )
        })
    };
    Outcome::from_result(run.await)
}

/// Declared address books: a contact created in a book (the one the provider puts contacts
/// in, or a new name where it puts them in none) reads back in that book through `create`,
/// `get` and listings. Undeclared: creating in a book is `Unsupported`.
pub(crate) async fn address_books_declared(cx: Ctx) -> Outcome {
    let p = cx.provider();
    if !cx.caps().address_books {
        let doc = plain(p, 1).address_book("conformance");
        let outcome = p.create(&[doc]).await;
        return Outcome::from_result(unsupported("creating in an address book", outcome));
    }
    let run = async {
        let first = create_or_fail(p, plain(p, 1)).await?;
        let book = first
            .address_book
            .clone()
            .unwrap_or_else(|| AddressBookId::new("conformance"));
        let created = create_or_fail(p, plain(p, 2).address_book(book.clone())).await?;
        let got = p
            .get(&created.id, &GetOptions::default())
            .await
            .map_err(err("get"))?;
        let listed = list_all(p).await?;
        let in_listing = listed.iter().find(|c| c.id == created.id);
        for (what, found) in [
            ("create returned", Some(&created)),
            ("get read", Some(&got)),
            ("the listing showed", in_listing),
        ] {
            let found = found.and_then(|c| c.address_book.as_ref());
            ensure(found == Some(&book), || {
                format!("a contact created in address book {book} — {what} it in {found:?}")
            })?;
        }
        // Another book: the provider may refuse it, but never put the contact elsewhere.
        let other = AddressBookId::new(format!("{book}-other"));
        let elsewhere = p.create(&[plain(p, 3).address_book(other.clone())]).await;
        lands_where_asked(p, "create", elsewhere.map(|mut c| c.remove(0)), &other).await?;
        let moved = p
            .replace(&created.id, &plain(p, 4).address_book(other.clone()))
            .await;
        lands_where_asked(p, "replace", moved, &other).await
    };
    Outcome::from_result(run.await)
}

/// A write naming `book` was refused (`InvalidInput`, `Unsupported` or `PermissionDenied`),
/// or its contact reads back in `book`.
async fn lands_where_asked(
    p: &dyn contacts_core::ContactProvider,
    what: &str,
    written: contacts_core::Result<contacts_core::Contact>,
    book: &AddressBookId,
) -> Result<(), String> {
    let written = match written {
        Ok(written) => written,
        Err(
            contacts_core::Error::InvalidInput { .. }
            | contacts_core::Error::Unsupported { .. }
            | contacts_core::Error::PermissionDenied { .. },
        ) => return Ok(()),
        Err(e) => {
            return Err(format!(
                "a {what} naming address book {book} failed with {e}; expected it refused \
                 (InvalidInput, Unsupported, PermissionDenied) or done there"
            ));
        }
    };
    let got = p
        .get(&written.id, &GetOptions::default())
        .await
        .map_err(err("get"))?;
    ensure(got.address_book.as_ref() == Some(book), || {
        format!(
            "a {what} naming address book {book} was accepted, but the contact is in {:?}",
            got.address_book
        )
    })
}
