//! Single-valued card members (`UID`, `PRODID`, `KIND`), keywords, related cards, and Apple's
//! `X-ABLabel`, which labels the property of its group.

use super::params::extract;
use super::state::{Entry, Pointer, State, Target};
use calcard::vcard::{VCardKind, VCardParameterName as P, VCardProperty, VCardValue};
use serde_json::{Map, Value};

/// The first `UID` or `PRODID`.
pub(super) fn uid_or_prodid(state: &mut State, entry: &mut Entry) {
    let (slot, member) = match entry.entry.name {
        VCardProperty::Uid => (&mut state.card.uid, "uid"),
        _ => (&mut state.card.prod_id, "prodId"),
    };
    if slot.is_some() {
        return;
    }
    let Some(text) = entry.take_text() else {
        return;
    };
    *slot = Some(text);
    entry.converted(Pointer::Member(member));
}

/// The first `KIND`.
pub(super) fn kind(state: &mut State, entry: &mut Entry) {
    if state.card.kind.is_some() {
        return;
    }
    let mut values = std::mem::take(&mut entry.entry.values).into_iter();
    let kind = match values.next() {
        Some(VCardValue::Kind(kind)) => kind_name(kind).to_owned(),
        Some(VCardValue::Text(text)) => text,
        Some(VCardValue::Component(list)) => list.join(","),
        Some(other) => {
            entry.entry.values.push(other);
            entry.entry.values.extend(values);
            return;
        }
        None => return,
    };
    state.card.kind = Some(kind);
    entry.converted(Pointer::Member("kind"));
}

fn kind_name(kind: VCardKind) -> &'static str {
    match kind {
        VCardKind::Application => "application",
        VCardKind::Device => "device",
        VCardKind::Group => "group",
        VCardKind::Individual => "individual",
        VCardKind::Location => "location",
        VCardKind::Org => "org",
    }
}

/// `CATEGORIES`: every value a keyword.
pub(super) fn keywords(state: &mut State, entry: &mut Entry) {
    entry.converted(Pointer::Member("keywords"));
    for value in entry.entry.values.drain(..) {
        if let Some(keyword) = value.into_text() {
            state.card.keywords.insert(keyword.into_owned(), true);
        }
    }
}

/// `RELATED`: the related card by its URI, its `TYPE`s as the relation.
pub(super) fn related(state: &mut State, entry: &mut Entry) {
    let Some(text) = entry.take_text() else {
        return;
    };
    let p = extract(&mut entry.entry.params, &[P::Type]);
    let relation: Map<String, Value> = p
        .types
        .into_iter()
        .map(|t| (t.into_string().to_ascii_lowercase(), Value::Bool(true)))
        .collect();
    let mut object = Map::new();
    object.insert("relation".into(), Value::Object(relation));
    state.related.insert(text.clone(), Value::Object(object));
    entry.converted(Pointer::Related(text));
}

/// `item1.X-ABLabel`: the label of the first property of `item1`, if it has none yet.
pub(super) fn ab_label(state: &mut State, entry: &mut Entry) {
    let group = entry.entry.group.as_deref();
    let Some(tracked) = state.tracked.iter().find(|t| t.group.as_deref() == group) else {
        return;
    };
    let (target, id) = (tracked.target, tracked.id.clone());
    if has_label(state, target, &id.text()) {
        return;
    }
    let Some(label) = entry.take_text() else {
        return;
    };
    set_label(state, target, &id.text(), label);
    entry.map_name = true;
    entry.converted(Pointer::Keyed(target.as_str(), id, "label"));
}

fn has_label(state: &State, target: Target, id: &str) -> bool {
    let card = &state.card;
    let in_extra =
        |extra: Option<&Map<String, Value>>| extra.is_some_and(|e| e.contains_key("label"));
    let json = |map: &Map<String, Value>| in_extra(map.get(id).and_then(Value::as_object));
    match target {
        Target::Phones => card.phones.get(id).is_some_and(|e| e.label.is_some()),
        Target::Emails => card.emails.get(id).is_some_and(|e| e.label.is_some()),
        Target::Links => card.links.get(id).is_some_and(|e| e.label.is_some()),
        Target::OnlineServices => card
            .online_services
            .get(id)
            .is_some_and(|e| e.label.is_some()),
        Target::Media => in_extra(card.media.get(id).map(|e| &e.extra)),
        Target::Notes => in_extra(card.notes.get(id).map(|e| &e.extra)),
        Target::Titles => in_extra(card.titles.get(id).map(|e| &e.extra)),
        Target::Organizations => in_extra(card.organizations.get(id).map(|e| &e.extra)),
        Target::Anniversaries => in_extra(card.anniversaries.get(id).map(|e| &e.extra)),
        Target::Addresses => in_extra(card.addresses.get(id).map(|e| &e.extra)),
        Target::Nicknames => json(&state.nicknames),
        Target::PreferredLanguages => json(&state.languages),
    }
}

fn set_label(state: &mut State, target: Target, id: &str, label: String) {
    let card = &mut state.card;
    let extra = match target {
        Target::Phones => return set(card.phones.get_mut(id).map(|e| &mut e.label), label),
        Target::Emails => return set(card.emails.get_mut(id).map(|e| &mut e.label), label),
        Target::Links => return set(card.links.get_mut(id).map(|e| &mut e.label), label),
        Target::OnlineServices => {
            return set(
                card.online_services.get_mut(id).map(|e| &mut e.label),
                label,
            );
        }
        Target::Media => card.media.get_mut(id).map(|e| &mut e.extra),
        Target::Notes => card.notes.get_mut(id).map(|e| &mut e.extra),
        Target::Titles => card.titles.get_mut(id).map(|e| &mut e.extra),
        Target::Organizations => card.organizations.get_mut(id).map(|e| &mut e.extra),
        Target::Anniversaries => card.anniversaries.get_mut(id).map(|e| &mut e.extra),
        Target::Addresses => card.addresses.get_mut(id).map(|e| &mut e.extra),
        Target::Nicknames => state.nicknames.get_mut(id).and_then(Value::as_object_mut),
        Target::PreferredLanguages => state.languages.get_mut(id).and_then(Value::as_object_mut),
    };
    if let Some(extra) = extra {
        extra.insert("label".into(), Value::String(label));
    }
}

fn set(slot: Option<&mut Option<String>>, label: String) {
    if let Some(slot) = slot {
        *slot = Some(label);
    }
}
