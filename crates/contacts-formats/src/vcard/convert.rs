//! vCard to card and back, by RFC 9555 as calcard implements it, with the few repairs the
//! formats people's files come in need.

use calcard::jscontact::JSContact;
use calcard::vcard::{VCard, VCardEntry, VCardParameterName, VCardProperty, VCardValue};
use contacts_core::Card;
use serde_json::Value;

/// A parsed vCard as a card. RFC 9555 keeps what JSContact has no name for in the card's
/// `vCard` member, the vCard's version among it.
pub(crate) fn to_card(vcard: VCard) -> Result<Card, String> {
    let jscontact = vcard.into_jscontact::<String, String>();
    let value = serde_json::to_value(jscontact.into_inner()).map_err(|e| e.to_string())?;
    let mut card: Card = serde_json::from_value(value).map_err(|e| e.to_string())?;
    legacy_photo_types(&mut card);
    Ok(card)
}

/// The card as calcard's vCard, before the version-specific clean-ups.
pub(crate) fn to_vcard(card: &Card) -> Result<VCard, String> {
    let json = serde_json::to_string(card).map_err(|e| e.to_string())?;
    let jscontact = JSContact::<String, String>::parse(&json)?;
    let mut vcard = jscontact
        .into_vcard()
        .ok_or("the card has nothing a vCard can hold")?;
    if !vcard.entries.iter().any(|e| e.name == VCardProperty::Fn) {
        vcard.entries.push(VCardEntry {
            group: None,
            name: VCardProperty::Fn,
            params: Vec::new(),
            values: vec![VCardValue::Text(display_name(card))],
        });
    }
    Ok(vcard)
}

/// `FN` is required in vCard 3.0 and 4.0: a card without a full name shows its name's parts,
/// else its organisation, e-mail or phone, as address books do.
fn display_name(card: &Card) -> String {
    let name = card.name.as_ref();
    name.and_then(|n| n.full.clone())
        .or_else(|| name.and_then(|n| n.joined()))
        .or_else(|| card.organizations.values().find_map(|o| o.name.clone()))
        .or_else(|| card.emails.values().next().map(|e| e.address.clone()))
        .or_else(|| card.phones.values().next().map(|p| p.number.clone()))
        .unwrap_or_default()
}

/// vCard 2.1 writes a photo's type as a bare parameter (`PHOTO;ENCODING=BASE64;JPEG:`), which
/// RFC 9555 does not know: the photo arrives as `data:;base64,…`. The type goes into the URI,
/// where every other system looks for it.
fn legacy_photo_types(card: &mut Card) {
    let ids: Vec<String> = card.media.keys().map(str::to_owned).collect();
    for id in ids {
        let pointer = format!("media/{id}/uri");
        let Some(params) = card
            .vcard
            .converted_properties
            .get_mut(&pointer)
            .and_then(|p| p.get_mut("parameters"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let bare = ["jpeg", "png", "gif", "bmp", "tiff", "webp"]
            .into_iter()
            .find(|t| params.get(*t).is_some_and(|v| v == ""));
        let Some(kind) = bare else { continue };
        let Some(media) = card.media.get_mut(&id) else {
            continue;
        };
        if let Some(rest) = media.uri.strip_prefix("data:;") {
            media.uri = format!("data:image/{kind};{rest}");
            params.remove(kind);
        }
    }
    card.vcard.converted_properties.retain(|_, v| {
        v.get("parameters")
            .is_none_or(|p| p != &serde_json::json!({}))
    });
}

/// Parameters vCard 3.0 has no place for: RFC 9554's `PROP-ID` (a JSContact id, which is
/// positional anyway) and RFC 9555's `JSCOMPS`. Written into a 3.0 card they would show up
/// in every other client as unknown parameters.
pub(crate) fn strip_v4_parameters(vcard: &mut VCard) {
    for entry in &mut vcard.entries {
        entry.params.retain(|p| {
            !matches!(
                p.name,
                VCardParameterName::PropId | VCardParameterName::Jscomps
            )
        });
    }
}
