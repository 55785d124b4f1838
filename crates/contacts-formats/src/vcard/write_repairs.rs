//! Repairs to the vCard calcard 0.3.14 builds from a card, before it is written: what it
//! writes that other programs (or a later read) get wrong. Each repair says what goes wrong
//! without it.

use super::direct::ADR_KINDS;
use super::read_repairs::apple_omitted_year;
use base64::Engine;
use calcard::common::PartialDateTime;
use calcard::vcard::{
    VCard, VCardEntry, VCardParameter, VCardParameterName, VCardParameterValue, VCardProperty,
    VCardValue, VCardValueType,
};
use contacts_core::Card;
use contacts_core::card::Name;
use serde_json::Value;

/// Repairs for every version; `v4` says whether the vCard is written as 4.0, `plain_uris`
/// whether its `data:` URIs keep their comma unescaped.
pub(crate) fn repair(
    vcard: &mut VCard,
    card: &Card,
    display_name: impl FnOnce() -> String,
    v4: bool,
    plain_uris: bool,
) {
    fill_empty_fn(vcard, display_name);
    name_beyond_n(vcard, card, v4, !plain_uris);
    addresses_beyond_adr(vcard, card, v4, !plain_uris);
    unneeded_component_orders(vcard, card);
    time_zone_names(vcard, card, v4);
    address_time_zones(vcard);
    for entry in &mut vcard.entries {
        apple_omit_year(entry);
        structured_extension(entry);
        if v4 && plain_uris {
            data_uri(entry);
        }
    }
}

/// A name `N` cannot carry goes along whole as `JSPROP;JSPTR="name"` (RFC 9555 §3.2.1),
/// which every reader of RFC 9555 (calcard, so [`read`](super::read)) puts back in place of
/// what `N` says. A 4.0 card holds every name in RFC 9554's seven fields and `JSCOMPS`; a 3.0
/// card has five fields and no `JSCOMPS`, so parts other than those five (`surname2`,
/// `generation`, separators) need the `JSPROP`, and so does the order of a name whose order
/// is significant (`isOrdered`). A store that parses with 3.0's rules (`three_zero_store`:
/// Radicale) keeps `JSCOMPS` but cuts `N` to five fields.
fn name_beyond_n(vcard: &mut VCard, card: &Card, v4: bool, three_zero_store: bool) {
    let Some(name) = &card.name else { return };
    if v4 && !three_zero_store {
        return;
    }
    let positions: Option<Vec<usize>> = name
        .components
        .iter()
        .map(|c| Name::N_FIELDS.iter().position(|k| *k == c.kind))
        .collect();
    let ordered = name.extra.get("isOrdered") == Some(&Value::Bool(true));
    let fits = positions
        .is_some_and(|positions| v4 || !ordered || positions.windows(2).all(|w| w[0] <= w[1]));
    if fits {
        return;
    }
    push_jsprop(vcard, "name".to_owned(), name);
}

/// Adds `JSPROP;JSPTR="<pointer>":<value as JSON>`, which puts `value` back at `pointer` when
/// the card is read (RFC 9555 §3.2.1). A value that cannot be JSON (none of the model's can)
/// adds nothing.
fn push_jsprop(vcard: &mut VCard, pointer: String, value: &impl serde::Serialize) {
    let Ok(json) = serde_json::to_string(value) else {
        return;
    };
    vcard.entries.push(
        VCardEntry::new(VCardProperty::Jsprop)
            .with_param(VCardParameter::jsptr(pointer))
            .with_value(json),
    );
}

/// The kinds of vCard 3.0's seven `ADR` fields, in order, as RFC 9555 reads them: the first
/// seven of vCard 4.0's, which RFC 9554 extends at the end.
pub(crate) const ADR_FIELDS: &[&str] = ADR_KINDS.split_at(7).0;

/// An address `ADR`'s seven fields cannot carry (a house `number`, a `floor`, separators:
/// RFC 9554's extra fields) goes along whole as `JSPROP;JSPTR="addresses/<id>"`, as a name
/// does ([`name_beyond_n`]): in a 3.0 card, and in a 4.0 card for a store that parses with
/// 3.0's rules and cuts `ADR` to seven fields. calcard puts it back in place on reading.
fn addresses_beyond_adr(vcard: &mut VCard, card: &Card, v4: bool, three_zero_store: bool) {
    if v4 && !three_zero_store {
        return;
    }
    for (n, (id, address)) in card.addresses.iter().enumerate() {
        // A 3.0 card has no `PROP-ID`: its addresses read back as `k1`, `k2`, … in order.
        let id = if v4 {
            id.to_owned()
        } else {
            format!("k{}", n + 1)
        };
        let fits = address
            .components
            .iter()
            .all(|c| ADR_FIELDS.contains(&c.kind.as_str()));
        if fits {
            continue;
        }
        push_jsprop(vcard, format!("addresses/{id}"), address);
    }
}

/// Whether `kinds` are in the order of `fields`, every kind one of them.
pub(crate) fn in_field_order<'a>(
    mut kinds: impl Iterator<Item = &'a str>,
    fields: &[&str],
) -> bool {
    let mut last = 0;
    kinds.all(|kind| match fields.iter().position(|f| *f == kind) {
        Some(at) if at >= last => {
            last = at;
            true
        }
        _ => false,
    })
}

/// calcard writes `JSCOMPS` on every `N`, and reads it back as `isOrdered: true`: a card
/// exported and imported again would gain a flag it never had. `JSCOMPS` is left out where it
/// says nothing the fields do not: the name is not marked ordered and its parts are in `N`'s
/// own order. (An `ADR` keeps it: calcard writes a street in two of RFC 9554's fields and
/// needs `JSCOMPS` to read it back once; the reader drops the flag instead, see
/// `convert::plain_address_orders`.)
fn unneeded_component_orders(vcard: &mut VCard, card: &Card) {
    let unordered =
        |extra: &contacts_core::card::Extra| extra.get("isOrdered") != Some(&Value::Bool(true));
    let name_plain = card.name.as_ref().is_some_and(|n| {
        unordered(&n.extra)
            && in_field_order(
                n.components.iter().map(|c| c.kind.as_str()),
                &Name::N_FIELDS,
            )
    });
    for entry in &mut vcard.entries {
        if entry.name == VCardProperty::N && name_plain {
            entry
                .params
                .retain(|p| p.name != VCardParameterName::Jscomps);
        }
    }
}

/// Repairs for a vCard 3.0.
pub(crate) fn repair_v3(vcard: &mut VCard) {
    for entry in &mut vcard.entries {
        entry.params.retain(|p| {
            !matches!(
                p.name,
                VCardParameterName::PropId | VCardParameterName::Jscomps
            )
        });
        match entry.name {
            VCardProperty::N => entry.values.truncate(5),
            VCardProperty::Adr => entry.values.truncate(7),
            _ => {}
        }
    }
}

/// A card without a name gets `FN;DERIVED=TRUE:` with an empty value from calcard: every
/// address book then lists it as "No Name". The full name is the one a person would see
/// (the organisation, e-mail or phone); `DERIVED` keeps saying it was not written by anyone,
/// so reading it back does not invent a name (see `convert::drop_derived_full_name`).
fn fill_empty_fn(vcard: &mut VCard, display_name: impl FnOnce() -> String) {
    let empty_fn = vcard.entries.iter_mut().find(|e| {
        e.name == VCardProperty::Fn
            && e.values
                .iter()
                .all(|v| matches!(v, VCardValue::Text(t) if t.is_empty()))
    });
    if let Some(entry) = empty_fn {
        let name = display_name();
        if !name.is_empty() {
            entry.values = vec![VCardValue::Text(name)];
        }
    }
}

/// A year-less date read from Apple's `X-APPLE-OMIT-YEAR=1604` form gets its placeholder year
/// back, so Apple (and vCard 3.0, which has no year-less dates) read it as before.
fn apple_omit_year(entry: &mut VCardEntry) {
    let Some(year) = apple_omitted_year(entry) else {
        return;
    };
    for value in &mut entry.values {
        if let VCardValue::PartialDateTime(PartialDateTime { year: y @ None, .. }) = value {
            *y = Some(year);
        }
    }
}

/// An unknown property's value is kept as one text, with its `;` unescaped
/// (`X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Sassa;1;;;`); calcard writes it back
/// escaped (`…nickname\;Sassa\;1…`), which Android reads as one field and every other
/// program as text it did not write. Its parts are written as components again.
fn structured_extension(entry: &mut VCardEntry) {
    if !matches!(entry.name, VCardProperty::Other(_)) {
        return;
    }
    if let [VCardValue::Text(text)] = entry.values.as_slice()
        && text.contains(';')
    {
        entry.values = text
            .split(';')
            .map(|part| VCardValue::Text(part.to_owned()))
            .collect();
    }
}

/// calcard writes an address's time zone name (`Europe/Stockholm`) as its current UTC offset
/// (`TZ:+0100`): the name, and with it daylight saving time, was lost. The name is written
/// as text (`VALUE=text` in 3.0, whose default is an offset).
fn time_zone_names(vcard: &mut VCard, card: &Card, v4: bool) {
    let mut names = card
        .addresses
        .values()
        .filter_map(|a| a.extra.get("timeZone").and_then(Value::as_str));
    for entry in vcard
        .entries
        .iter_mut()
        .filter(|e| e.name == VCardProperty::Tz)
    {
        let Some(name) = names.next() else { return };
        if matches!(entry.values.as_slice(), [VCardValue::PartialDateTime(_)]) {
            entry.values = vec![VCardValue::Text(name.to_owned())];
            entry.params.retain(|p| p.name != VCardParameterName::Value);
            if !v4 {
                entry.params.push(VCardParameter::new(
                    VCardParameterName::Value,
                    VCardParameterValue::ValueType(VCardValueType::Text),
                ));
            }
        }
    }
}

/// calcard writes a 4.0 inline photo as `data:image/png;base64\,…`, the comma escaped as in
/// text. A `data:` URI is a URI, not text (RFC 6350 §6.2.4): other programs take the
/// backslash for part of it and show no photo. The URI is written as it is.
fn data_uri(entry: &mut VCardEntry) {
    for value in &mut entry.values {
        if let VCardValue::Binary(data) = value {
            let media_type = data.content_type.as_deref().unwrap_or_default();
            let encoded = base64::engine::general_purpose::STANDARD.encode(&data.data);
            *value = VCardValue::Text(format!("data:{media_type};base64,{encoded}"));
        }
    }
}

/// calcard writes an address's `TZ` and `GEO` before its `ADR` and without a group; read
/// back, they belong to no address yet and become addresses of their own (a card with one
/// address came back with three). They are written after their `ADR`, in its group, and
/// where a card has several addresses an ungrouped one gets a group (`adr1`) to share.
fn address_time_zones(vcard: &mut VCard) {
    let addresses = vcard
        .entries
        .iter()
        .filter(|e| e.name == VCardProperty::Adr)
        .count();
    let used: Vec<String> = vcard
        .entries
        .iter()
        .filter_map(|e| e.group.clone())
        .collect();
    let mut fresh = (1..)
        .map(|n| format!("adr{n}"))
        .filter(|g| !used.contains(g));
    let mut pending: Vec<VCardEntry> = Vec::new();
    let mut out = Vec::with_capacity(vcard.entries.len());
    for mut entry in std::mem::take(&mut vcard.entries) {
        match entry.name {
            VCardProperty::Tz | VCardProperty::Geo if entry.group.is_none() => pending.push(entry),
            VCardProperty::Adr => {
                if !pending.is_empty() && entry.group.is_none() && addresses > 1 {
                    entry.group = fresh.next();
                }
                let group = entry.group.clone();
                out.push(entry);
                out.extend(pending.drain(..).map(|mut p| {
                    p.group.clone_from(&group);
                    p
                }));
            }
            _ => out.push(entry),
        }
    }
    out.extend(pending);
    vcard.entries = out;
}
