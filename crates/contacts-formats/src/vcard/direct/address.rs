//! `ADR`, and `GEO` and `TZ`, which RFC 9555 puts on the address of their group (or on an
//! address of their own).

use super::ordered;
use super::params::{extract, flags};
use super::state::{Entry, Pointer, State, Target};
use calcard::vcard::{VCardParameterName as P, VCardProperty, VCardValue};
use compact_str::CompactString;
use contacts_core::card::{Address, AddressComponent, Extra};
use serde_json::Value;

/// `ADR`'s fields by position (RFC 6350 §6.3.1, RFC 9554 §2.1); vCard 3.0 has the first seven.
pub(crate) const ADR_KINDS: [&str; 18] = [
    "postOfficeBox",
    "apartment",
    "name",
    "locality",
    "region",
    "postcode",
    "country",
    "room",
    "apartment",
    "floor",
    "number",
    "name",
    "building",
    "block",
    "subdistrict",
    "district",
    "landmark",
    "direction",
];

pub(super) fn address(state: &mut State, entry: &mut Entry) {
    let take = [
        P::Label,
        P::Geo,
        P::Tz,
        P::Cc,
        P::Pref,
        P::Type,
        P::Jscomps,
        P::PropId,
    ];
    let mut p = extract(&mut entry.entry.params, &take);
    let values = std::mem::take(&mut entry.entry.values);
    let jscomps = std::mem::take(&mut p.jscomps);
    let ordered = ordered::read(jscomps, &values, &ADR_KINDS);
    let mut extra = Extra::new();
    if let Some(geo) = p.geo {
        extra.insert("coordinates".into(), Value::String(geo));
    }
    if let Some(tz) = p.tz {
        extra.insert("timeZone".into(), Value::String(tz));
    }
    if let Some(separator) = ordered.default_separator {
        extra.insert("defaultSeparator".into(), Value::String(separator));
    }
    let components = match ordered.components {
        Some(parts) => {
            extra.insert("isOrdered".into(), Value::Bool(true));
            parts
                .into_iter()
                .map(|(kind, value)| component(kind, value))
                .collect()
        }
        None => components(values),
    };
    let address = Address {
        components,
        full: p.label,
        country_code: p.cc,
        contexts: flags(p.types, false).0,
        pref: p.pref,
        extra,
    };
    state.add(entry, p.prop_id, address);
}

/// The components in field order. Where fields past the seventh are set (RFC 9554's
/// structured address), the old extended address and street (fields 2 and 3) are left out.
fn components(values: Vec<VCardValue>) -> Vec<AddressComponent> {
    let rfc9554 = values.iter().skip(7).any(|v| match v {
        VCardValue::Text(text) => !text.is_empty(),
        VCardValue::Component(list) => !list.is_empty(),
        _ => false,
    });
    let mut out = Vec::with_capacity(values.len());
    let one = component;
    for (pos, value) in values.into_iter().enumerate() {
        let Some(&kind) = ADR_KINDS.get(pos) else {
            break;
        };
        if rfc9554 && (pos == 1 || pos == 2) {
            continue;
        }
        match value {
            VCardValue::Text(text) if !text.is_empty() => out.push(one(kind, text)),
            VCardValue::Component(list) => out.extend(list.into_iter().map(|t| one(kind, t))),
            _ => {}
        }
    }
    out
}

fn component(kind: &'static str, value: String) -> AddressComponent {
    AddressComponent {
        kind: CompactString::const_new(kind),
        value,
        extra: Extra::new(),
    }
}

/// `GEO` or `TZ`: on the first address of the same group that has none yet, else on an
/// address of its own.
pub(super) fn geo_or_tz(state: &mut State, entry: &mut Entry) {
    let geo = entry.entry.name == VCardProperty::Geo;
    let member = if geo { "coordinates" } else { "timeZone" };
    let Some(value) = entry.take_text() else {
        return;
    };
    entry.map_name = true;
    let found = state
        .find(&VCardProperty::Adr, entry.entry.group.as_deref())
        .map(|t| t.id.clone());
    let addresses = &mut state.card.addresses;
    if let Some(id) = found
        && let Some(address) = addresses.get_mut(&id.text())
        && !address.extra.contains_key(member)
    {
        address.extra.insert(member.into(), Value::String(value));
        entry.converted(Pointer::Keyed(Target::Addresses.as_str(), id, member));
        return;
    }
    let id = state.next_id(None, Target::Addresses);
    let addresses = &mut state.card.addresses;
    let mut address = Address::default();
    address.extra.insert(member.into(), Value::String(value));
    addresses.insert(id.text(), address);
    entry.converted(Pointer::Keyed(Target::Addresses.as_str(), id, member));
}
