//! vCard to card and back, by RFC 9555 as calcard implements it, with the repairs the files
//! people's programs write need ([`super::read_repairs`], [`super::write_repairs`]).

use super::{direct, read_repairs, write_repairs};
use calcard::jscontact::JSContact;
use calcard::vcard::{VCard, VCardEntry, VCardProperty, VCardValue};
use contacts_core::Card;
use serde_json::Value;

/// A parsed vCard as a card. RFC 9555 keeps what JSContact has no name for in the card's
/// `vCard` member, the vCard's version among it. A card [`direct::covers`] is mapped straight
/// into the model ([`direct::to_card`]); any other goes through calcard's JSContact conversion
/// ([`to_card_via_jscontact`]), which gives the same card, six times slower.
pub(crate) fn to_card(mut vcard: VCard) -> Result<Card, String> {
    read_repairs::repair(&mut vcard);
    let mut card = if direct::covers(&vcard) {
        direct::to_card(vcard)
    } else {
        via_jscontact(vcard)?
    };
    finish(&mut card);
    Ok(card)
}

/// [`to_card`] through calcard's own RFC 9555 conversion and JSON text, for every card: the
/// path of cards the direct mapping does not cover, and what the differential test compares
/// it with.
#[cfg(test)]
pub(crate) fn to_card_via_jscontact(mut vcard: VCard) -> Result<Card, String> {
    read_repairs::repair(&mut vcard);
    let mut card = via_jscontact(vcard)?;
    finish(&mut card);
    Ok(card)
}

fn via_jscontact(vcard: VCard) -> Result<Card, String> {
    let jscontact = vcard.into_jscontact::<String, String>();
    // Through JSON text, not `serde_json::Value`: a `Value` object is a sorted map here (no
    // `preserve_order`), which put a card's eleventh phone `k10` before its second `k2`; the
    // text keeps calcard's order, and costs less than building the tree.
    let json = serde_json::to_string(&jscontact.into_inner()).map_err(|e| e.to_string())?;
    serde_json::from_str(&json).map_err(|e| e.to_string())
}

/// What both paths do after RFC 9555's conversion.
fn finish(card: &mut Card) {
    drop_derived_full_name(card);
    plain_address_orders(card);
    unnamed_organizations(card);
}

/// An organisation read with an empty name (`ORG:;Sales`, as [`to_vcard`] writes a unit
/// without a company) has none.
fn unnamed_organizations(card: &mut Card) {
    for org in card.organizations.values_mut() {
        if org.name.as_deref() == Some("") {
            org.name = None;
        }
    }
}

/// `card` as calcard must get it: calcard 0.3 writes an organisation without a name but with
/// units as `ORG:Sales`, which reads back as the company `Sales`; with an empty name it writes
/// `ORG:;Sales`, which reads back as the unit it is.
fn named_organizations(card: &Card) -> std::borrow::Cow<'_, Card> {
    let unnamed = |o: &contacts_core::card::Organization| o.name.is_none() && !o.units.is_empty();
    if !card.organizations.values().any(unnamed) {
        return std::borrow::Cow::Borrowed(card);
    }
    let mut card = card.clone();
    for org in card.organizations.values_mut().filter(|o| unnamed(o)) {
        org.name = Some(String::new());
    }
    std::borrow::Cow::Owned(card)
}

/// calcard reads an `ADR` with `JSCOMPS` (which it writes on every address) as
/// `isOrdered: true`; where the parts are in `ADR`'s own field order the flag says nothing,
/// and a card written and read again would gain it. It is dropped there.
fn plain_address_orders(card: &mut Card) {
    for address in card.addresses.values_mut() {
        let kinds = address.components.iter().map(|c| c.kind.as_str());
        let plain = write_repairs::in_field_order(kinds, write_repairs::ADR_FIELDS);
        if plain && address.extra.get("isOrdered") == Some(&serde_json::Value::Bool(true)) {
            address.extra.remove("isOrdered");
        }
    }
}

/// The card as calcard's vCard, repaired for writing as 4.0 (`v4`) or 3.0.
pub(crate) fn to_vcard(card: &Card, v4: bool, plain_uris: bool) -> Result<VCard, String> {
    let json = serde_json::to_string(&named_organizations(card)).map_err(|e| e.to_string())?;
    let jscontact = JSContact::<String, String>::parse(&json)?;
    let mut vcard = jscontact
        .into_vcard()
        .ok_or("the card has nothing a vCard can hold")?;
    // `FN` is required in vCard 3.0 and 4.0: a card without a full name shows its name's
    // parts, else its organisation, e-mail or phone, as address books do.
    if !vcard.entries.iter().any(|e| e.name == VCardProperty::Fn) {
        vcard.entries.push(VCardEntry {
            group: None,
            name: VCardProperty::Fn,
            params: Vec::new(),
            values: vec![VCardValue::Text(card.display_name())],
        });
    }
    write_repairs::repair(&mut vcard, card, || card.display_name(), v4, plain_uris);
    if !v4 {
        write_repairs::repair_v3(&mut vcard);
    }
    Ok(vcard)
}

/// An `FN;DERIVED=TRUE` was composed by a program from the other properties (RFC 9554
/// §4.4), not written by a person: it is not the card's full name. Without this, a card
/// without `FN` written and read back gained a name ("Søren Aalto", or the phone number of
/// a card with no name at all).
fn drop_derived_full_name(card: &mut Card) {
    let derived = card
        .vcard
        .converted_properties
        .get("name/full")
        .and_then(|p| p.get("parameters"))
        .and_then(|p| p.get("derived"))
        .is_some_and(|d| {
            d == &Value::Bool(true) || d.as_str().is_some_and(|s| s.eq_ignore_ascii_case("true"))
        });
    if !derived {
        return;
    }
    card.vcard.converted_properties.remove("name/full");
    if let Some(name) = card.name.as_mut() {
        name.full = None;
        if name.components.is_empty() && name.extra.is_empty() {
            card.name = None;
        }
    }
}
