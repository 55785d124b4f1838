//! Whole cards (issue #29): a provider that declares card parts keeps every declared part of a
//! rich card exactly, keeps or assigns its uid, shows the card's flat view as properties and
//! labels, applies flat patches inside the card as `ContactPatch::apply_to` does, and replaces
//! wholly; a provider that declares none refuses a card instead of dropping it.

use super::Ctx;
use super::card_compare::first_difference;
use super::card_data::{declared_doc, replacement_card, rich_card};
use super::support::{
    create_or_fail, ensure, err, expect_listed, holds_exactly, list_all, plain, unsupported,
};
use crate::Outcome;
use contacts_core::card::{Card, CardPart, Note};
use contacts_core::{
    Contact, ContactId, ContactPatch, ContactProvider, GetOptions, Labels, NewContact, Properties,
    keys,
};

fn skip(reason: String) -> Outcome {
    Outcome::Skipped(reason)
}

/// The rich card as a document, cut down to the declared parts, or why the check is skipped.
fn rich(cx: &Ctx) -> Result<NewContact, Outcome> {
    let caps = cx.caps();
    if !caps.stores_cards() {
        return Err(Outcome::skipped("no card parts are declared (card_parts)"));
    }
    declared_doc(rich_card(), caps)
        .map_err(|why| skip(format!("the rich card cannot be stored: {why}")))
}

/// Runs `check` with the provider and the rich card as a document ([`rich`]), or skips: where
/// no card part is declared or the rich card cannot be stored, and otherwise where `unless`
/// gives the reason this check does not apply. Every whole-card check starts so.
async fn on_rich_card<'a, Fut>(
    cx: &'a Ctx,
    unless: Option<&str>,
    check: impl FnOnce(&'a dyn ContactProvider, NewContact) -> Fut,
) -> Outcome
where
    Fut: Future<Output = Result<(), String>>,
{
    match (rich(cx), unless) {
        (Err(skipped), _) => skipped,
        (Ok(_), Some(reason)) => Outcome::skipped(reason),
        (Ok(doc), None) => Outcome::from_result(check(cx.provider(), doc).await),
    }
}

/// The contact `id` as `get` reads it and as a full listing shows it.
async fn reads(
    p: &dyn ContactProvider,
    id: &ContactId,
) -> Result<Vec<(&'static str, Contact)>, String> {
    let got = p
        .get(id, &GetOptions::default())
        .await
        .map_err(err("get"))?;
    let listed = list_all(p)
        .await?
        .into_iter()
        .find(|c| c.id == *id)
        .ok_or_else(|| format!("the contact {id} created with a card is not listed"))?;
    Ok(vec![("get read", got), ("the listing showed", listed)])
}

/// The contact as created, then as read and listed.
async fn created_and_read(
    p: &dyn ContactProvider,
    doc: NewContact,
) -> Result<Vec<(&'static str, Contact)>, String> {
    let created = create_or_fail(p, doc).await?;
    let mut seen = vec![("create returned", created.clone())];
    seen.extend(reads(p, &created.id).await?);
    Ok(seen)
}

fn card_of<'a>(what: &str, contact: &'a Contact) -> Result<&'a Card, String> {
    contact.card.as_deref().ok_or_else(|| {
        format!(
            "{what} the contact without its card (card is None), yet card_parts declares \
                 that cards are stored; a provider that keeps no cards declares none"
        )
    })
}

/// `read`'s card equals `wrote` in every declared part.
fn same_card(what: &str, wrote: &Card, read: &Contact, parts: &[CardPart]) -> Result<(), String> {
    let card = card_of(what, read)?;
    match first_difference(wrote, card, parts) {
        Some(difference) => Err(format!("{what} a card whose {difference}")),
        None => Ok(()),
    }
}

/// The written card of a document the check built.
fn written(doc: &NewContact) -> Card {
    doc.card.as_deref().cloned().unwrap_or_default()
}

pub(crate) async fn card_round_trip(cx: Ctx) -> Outcome {
    let parts = &cx.caps().card_parts;
    on_rich_card(&cx, None, |p, doc| async move {
        let wrote = written(&doc);
        for (what, contact) in created_and_read(p, doc).await? {
            same_card(what, &wrote, &contact, parts)?;
        }
        Ok(())
    })
    .await
}

/// The uid of `contact`'s card, or why there is none.
fn uid_of(what: &str, contact: &Contact) -> Result<String, String> {
    match card_of(what, contact)?.uid.as_deref() {
        Some(uid) if !uid.is_empty() => Ok(uid.to_owned()),
        other => Err(format!(
            "{what} a card with the uid {other:?}; every stored card has one"
        )),
    }
}

/// A flat patch every card provider can take, to see that a write keeps the uid.
fn touch(p: &dyn ContactProvider) -> Option<ContactPatch> {
    let caps = p.capabilities();
    let key = [
        keys::FIRST_NAME,
        keys::COMPANY,
        super::card_data::CUSTOM_KEY,
    ]
    .into_iter()
    .find(|k| caps.keys.allows(k) && !caps.required_keys.iter().any(|r| r == k))?;
    caps.patch.then(|| ContactPatch::new().set(key, "Touched"))
}

/// `seen` (and the contact after a flat patch, where patches are declared) all carry `uid`.
async fn uid_stays(
    p: &dyn ContactProvider,
    uid: &str,
    seen: &[(&str, Contact)],
    how: &str,
) -> Result<(), String> {
    for (what, contact) in seen {
        let read = uid_of(what, contact)?;
        ensure(read == uid, || {
            format!("{how}: {what} the uid {read:?}, not {uid:?}")
        })?;
    }
    let (Some(patch), Some((_, first))) = (touch(p), seen.first()) else {
        return Ok(());
    };
    let returned = p.update(&first.id, &patch).await.map_err(err("update"))?;
    let got = p
        .get(&first.id, &GetOptions::default())
        .await
        .map_err(err("get"))?;
    for (what, contact) in [("update returned", returned), ("get read", got)] {
        let read = uid_of(what, &contact)?;
        ensure(read == uid, || {
            format!("{how}, after a flat patch {patch:?}: {what} the uid {read:?}, not {uid:?}")
        })?;
    }
    Ok(())
}

pub(crate) async fn card_uid_kept(cx: Ctx) -> Outcome {
    on_rich_card(&cx, None, |p, doc| async move {
        let mut card = written(&doc);
        let uid = Card::new().ensure_uid().to_owned();
        card.uid = Some(uid.clone());
        let seen = created_and_read(p, NewContact::from_card(card)).await?;
        uid_stays(p, &uid, &seen, "a card written with a uid").await?;
        // Without a uid: the provider gives one, and then keeps it.
        let seen = created_and_read(p, doc).await?;
        let (what, first) = &seen[1];
        let given = uid_of(&format!("for a card written without uid, {what}"), first)?;
        uid_stays(p, &given, &seen, "a card written without uid").await
    })
    .await
}

/// The first key on which `props` and `view` differ, as a message.
fn view_differs(props: &Properties, view: &Properties) -> Option<String> {
    let key = view
        .keys()
        .chain(props.keys())
        .find(|k| view.get(k) != props.get(k))?;
    Some(format!(
        "{key} = {:?} but its card's flat view says {:?}",
        props.get(key),
        view.get(key)
    ))
}

pub(crate) async fn card_flat_view(cx: Ctx) -> Outcome {
    on_rich_card(&cx, None, |p, doc| async move {
        for (what, contact) in created_and_read(p, doc).await? {
            let card = card_of(what, &contact)?;
            if let Some(difference) = view_differs(&contact.properties, &card.flat_properties()) {
                return Err(format!("{what} {difference}"));
            }
            let view = card.flat_labels();
            ensure(contact.labels == view, || {
                format!(
                    "{what} the labels {:?} but its card's keywords are {view:?}",
                    contact.labels
                )
            })?;
        }
        Ok(())
    })
    .await
}

/// `got` is `expected` (the reference model's answer): the card in every declared part,
/// the properties and the labels.
fn as_reference(
    what: &str,
    expected: &Contact,
    got: &Contact,
    parts: &[CardPart],
) -> Result<(), String> {
    if let Some(card) = expected.card.as_deref() {
        same_card(what, card, got, parts)?;
    }
    holds_exactly(what, got, &expected.properties, &expected.labels)
}

/// Applies `patch` to the contact `id` and compares the answer and the contact read after
/// with the reference model: `before` with `ContactPatch::apply_to`.
async fn patched_as_reference(
    p: &dyn ContactProvider,
    before: &Contact,
    patch: &ContactPatch,
    how: &str,
) -> Result<(), String> {
    let mut expected = before.clone();
    patch.apply_to(&mut expected);
    let returned = p.update(&before.id, patch).await.map_err(err("update"))?;
    let got = p
        .get(&before.id, &GetOptions::default())
        .await
        .map_err(err("get"))?;
    let parts = &p.capabilities().card_parts;
    for (what, contact) in [("update returned", returned), ("get read", got)] {
        as_reference(&format!("{how}, {what}"), &expected, &contact, parts)?;
    }
    Ok(())
}

/// `set email`, `remove phoneNumber`, as far as the provider can take them.
fn flat_patch(p: &dyn ContactProvider) -> ContactPatch {
    let caps = p.capabilities();
    let storable = |key: &str, part| caps.keys.allows(key) && caps.stores_part(part);
    let mut patch = ContactPatch::new();
    if storable(keys::EMAIL, CardPart::Emails) {
        patch = patch.set(keys::EMAIL, "countess@engines.example");
    }
    let required = caps.required_keys.iter().any(|k| k == keys::PHONE_NUMBER);
    if storable(keys::PHONE_NUMBER, CardPart::Phones) && !required {
        patch = patch.remove(keys::PHONE_NUMBER);
    }
    patch
}

pub(crate) async fn card_flat_patch(cx: Ctx) -> Outcome {
    let patch = flat_patch(cx.provider());
    let unless = if !cx.caps().patch {
        Some("patch is not declared")
    } else if patch.is_empty() {
        Some("neither email nor phoneNumber can be patched in a card")
    } else {
        None
    };
    on_rich_card(&cx, unless, |p, doc| async move {
        let created = create_or_fail(p, doc).await?;
        let before = p
            .get(&created.id, &GetOptions::default())
            .await
            .map_err(err("get"))?;
        card_of("get read", &before)?;
        let how = format!(
            "after the flat patch {:?} (only the preferred e-mail changes and only the \
             preferred phone goes; the other phone, the photos and the note stay)",
            patch.properties
        );
        patched_as_reference(p, &before, &patch, &how).await
    })
    .await
}

/// A patch carrying a whole card replaces the card, as the reference model does.
async fn patch_with_card(p: &dyn ContactProvider, doc: NewContact) -> Result<(), String> {
    let caps = p.capabilities();
    let Ok(replacement) = declared_doc(replacement_card(), caps) else {
        return Ok(());
    };
    let created = create_or_fail(p, doc).await?;
    let before = p
        .get(&created.id, &GetOptions::default())
        .await
        .map_err(err("get"))?;
    let mut card = written(&replacement);
    card.uid = card_of("get read", &before)?.uid.clone();
    let patch = ContactPatch {
        card: Some(Box::new(card)),
        ..ContactPatch::new()
    };
    let how = "after a patch carrying a whole, smaller card (it replaces the card)";
    patched_as_reference(p, &before, &patch, how).await
}

/// A replace with a flat document leaves nothing of the card beyond what that document says.
async fn replace_with_flat(p: &dyn ContactProvider, doc: NewContact) -> Result<(), String> {
    let created = create_or_fail(p, doc).await?;
    let flat = plain(p, 999);
    let returned = p
        .replace(&created.id, &flat)
        .await
        .map_err(err("replace"))?;
    let got = p
        .get(&created.id, &GetOptions::default())
        .await
        .map_err(err("get"))?;
    for (what, contact) in [("replace returned", returned), ("get read", got)] {
        let what = format!(
            "after a replace with the flat document {:?}, {what}",
            flat.properties
        );
        ensure(
            contact.properties == flat.properties && contact.labels == flat.labels,
            || {
                format!(
                    "{what} {:?} {:?}: replace means the whole document",
                    contact.properties, contact.labels
                )
            },
        )?;
        let Some(card) = contact.card.as_deref() else {
            continue;
        };
        let kept = card.beyond_flat();
        ensure(kept.is_empty(), || {
            format!("{what} a card still holding {kept:?}")
        })?;
        if let Some(difference) = view_differs(&flat.properties, &card.flat_properties()) {
            return Err(format!("{what} a card whose view differs: {difference}"));
        }
    }
    Ok(())
}

pub(crate) async fn card_replace_whole(cx: Ctx) -> Outcome {
    let caps = cx.caps();
    let unless = (!caps.patch && !caps.replace).then_some("neither patch nor replace is declared");
    on_rich_card(&cx, unless, |p, doc| async move {
        if caps.patch {
            patch_with_card(p, doc.clone()).await?;
        }
        if caps.replace {
            replace_with_flat(p, doc).await?;
        }
        Ok(())
    })
    .await
}

/// A document whose card holds more than its flat view: a note.
fn card_doc(p: &dyn ContactProvider, n: usize) -> NewContact {
    let mut card = Card::from_flat(&plain(p, n).properties, &Labels::new());
    let note = Note {
        note: "kept only by a provider that stores cards".into(),
        ..Note::default()
    };
    card.notes.insert("n1", note);
    NewContact::from_card(card)
}

/// The contact `id` still reads as `doc`, without a card.
async fn unchanged(
    p: &dyn ContactProvider,
    id: &ContactId,
    doc: &NewContact,
    after: &str,
) -> Result<(), String> {
    let got = p
        .get(id, &GetOptions::default())
        .await
        .map_err(err("get"))?;
    ensure(
        got.properties == doc.properties && got.card.is_none(),
        || {
            format!(
                "after {after} was refused, get read {:?} with the card {:?}",
                got.properties, got.card
            )
        },
    )
}

pub(crate) async fn card_refused_by_flat_provider(cx: Ctx) -> Outcome {
    let (p, caps) = (cx.provider(), cx.caps());
    if caps.stores_cards() {
        return Outcome::skipped(
            "card parts are declared (card_parts): cards are stored, not refused",
        );
    }
    let run = async {
        let what = "creating a document with a card (card_parts declares none)";
        unsupported(what, p.create(&[card_doc(p, 1)]).await)?;
        expect_listed(p, 0, &format!("after {what} was refused")).await?;
        let doc = plain(p, 2);
        let created = create_or_fail(p, doc.clone()).await?;
        if caps.patch {
            let patch = ContactPatch {
                card: Some(Box::new(written(&card_doc(p, 3)))),
                ..ContactPatch::new()
            };
            let what = "a patch carrying a card";
            unsupported(what, p.update(&created.id, &patch).await)?;
            unchanged(p, &created.id, &doc, what).await?;
        }
        if caps.replace {
            let what = "a replace with a card";
            unsupported(what, p.replace(&created.id, &card_doc(p, 4)).await)?;
            unchanged(p, &created.id, &doc, what).await?;
        }
        Ok(())
    };
    Outcome::from_result(run.await)
}
