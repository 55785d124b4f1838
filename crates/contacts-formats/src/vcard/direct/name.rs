//! `FN` and `N`: the card's name. Only the first of each is the name (RFC 9555 §2.2.1); a
//! later one is kept in the `vCard` member.

use super::ordered;
use super::params::extract;
use super::state::{Entry, Pointer, State};
use calcard::vcard::{VCardParameterName as P, VCardValue};
use compact_str::CompactString;
use contacts_core::card::{Extra, Name, NameComponent};
use serde_json::{Map, Value};

/// `N`'s fields by position: vCard's five ([`Name::N_FIELDS`], RFC 6350 §6.2.2), then RFC
/// 9554 §2.2's two.
const N_KINDS: [&str; 7] = {
    let [surname, given, given2, title, credential] = Name::N_FIELDS;
    [
        surname,
        given,
        given2,
        title,
        credential,
        "surname2",
        "generation",
    ]
};

pub(super) fn full_name(state: &mut State, entry: &mut Entry) {
    if state.has_fn {
        return;
    }
    let Some(text) = entry.take_text() else {
        return;
    };
    state.has_fn = true;
    state.card.name.get_or_insert_with(Default::default).full = Some(text);
    entry.converted(Pointer::Sub("name", "full"));
}

pub(super) fn name(state: &mut State, entry: &mut Entry) {
    if state.has_n {
        return;
    }
    let mut p = extract(&mut entry.entry.params, &[P::SortAs, P::Jscomps]);
    let jscomps = std::mem::take(&mut p.jscomps);
    let ordered = ordered::read(jscomps, &entry.entry.values, &N_KINDS);
    let is_ordered = ordered.components.is_some();
    let components = match ordered.components {
        Some(parts) => parts
            .into_iter()
            .map(|(kind, value)| component(kind, value))
            .collect(),
        None => components(std::mem::take(&mut entry.entry.values)),
    };
    entry.entry.values.clear();
    let name = state.card.name.get_or_insert_with(Default::default);
    if let Some(sort_as) = p.sort_as {
        name.extra.insert("sortAs".into(), sort_as_json(sort_as));
    }
    name.components = components;
    if let Some(separator) = ordered.default_separator {
        name.extra
            .insert("defaultSeparator".into(), Value::String(separator));
    }
    if is_ordered {
        name.extra.insert("isOrdered".into(), Value::Bool(true));
    }
    state.has_n = true;
    entry.converted(Pointer::Sub("name", "components"));
}

/// The components in `N`'s order, the values moved out of `values`; a credential that is
/// also the generation, and a surname that is also the second surname, are left out (RFC
/// 9555 §2.2.1).
fn components(values: Vec<VCardValue>) -> Vec<NameComponent> {
    let mut out: Vec<NameComponent> = Vec::with_capacity(values.len());
    for (&kind, value) in N_KINDS.iter().zip(values) {
        match value {
            VCardValue::Text(text) if !text.is_empty() => out.push(component(kind, text)),
            VCardValue::Component(list) => out.extend(list.into_iter().map(|t| component(kind, t))),
            _ => {}
        }
    }
    // RFC 9554's fields, rare: only then can a part repeat another.
    let later: Vec<(&str, String)> = out
        .iter()
        .filter(|c| c.kind == "generation" || c.kind == "surname2")
        .map(|c| {
            (
                if c.kind == "generation" {
                    "credential"
                } else {
                    "surname"
                },
                c.value.clone(),
            )
        })
        .collect();
    if !later.is_empty() {
        out.retain(|c| {
            !later
                .iter()
                .any(|(kind, value)| c.kind == *kind && c.value == *value)
        });
    }
    out
}

fn component(kind: &'static str, value: String) -> NameComponent {
    NameComponent {
        kind: CompactString::const_new(kind),
        value,
        extra: Extra::new(),
    }
}

/// `SORT-AS="surname,given"` as the name's `sortAs`.
fn sort_as_json(sort_as: String) -> Value {
    let mut object = Map::new();
    let pair = sort_as
        .split_once(',')
        .map(|(s, g)| (s.trim(), g.trim()))
        .filter(|(s, g)| !s.is_empty() && !g.is_empty());
    match pair {
        Some((surname, given)) => {
            object.insert("surname".into(), Value::String(surname.to_owned()));
            object.insert("given".into(), Value::String(given.to_owned()));
        }
        None => {
            object.insert("surname".into(), Value::String(sort_as));
        }
    }
    Value::Object(object)
}
