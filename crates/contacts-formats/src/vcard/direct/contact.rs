//! The id-keyed members a property maps into one by one: phones, e-mails, links, online
//! services, media, notes, titles, organisations, nicknames and preferred languages.

use super::params::{self, flags, flags_json};
use super::state::{Entry, State, Target};
use calcard::vcard::{VCardParameterName as P, VCardProperty, VCardValue};
use compact_str::CompactString;
use contacts_core::card::{
    EmailAddress, Extra, Link, Media, Note, OnlineService, OrgUnit, Organization, Phone, Title,
};
use serde_json::{Map, Value};

/// A property mapped to one entry of a member; others are left for the `vCard` member.
pub(super) fn named(state: &mut State, entry: &mut Entry) {
    match entry.entry.name {
        VCardProperty::Tel => phone(state, entry),
        VCardProperty::Email => email(state, entry),
        VCardProperty::Url => link(state, entry),
        VCardProperty::Impp => online_service(state, entry),
        VCardProperty::Photo | VCardProperty::Logo | VCardProperty::Sound => media(state, entry),
        VCardProperty::Note => note(state, entry),
        VCardProperty::Title | VCardProperty::Role => title(state, entry),
        VCardProperty::Org => organization(state, entry),
        VCardProperty::Lang => language(state, entry),
        _ => {}
    }
}

const CONTACT_PARAMS: [P; 4] = [P::Type, P::Pref, P::Label, P::PropId];

fn phone(state: &mut State, entry: &mut Entry) {
    let Some((number, p)) = entry.take_text_with(&CONTACT_PARAMS) else {
        return;
    };
    let (contexts, features) = flags(p.types, true);
    let phone = Phone {
        number,
        features,
        contexts,
        pref: p.pref,
        label: p.label,
        extra: Extra::new(),
    };
    state.add(entry, p.prop_id, phone);
}

fn email(state: &mut State, entry: &mut Entry) {
    let Some((address, p)) = entry.take_text_with(&CONTACT_PARAMS) else {
        return;
    };
    let email = EmailAddress {
        address,
        contexts: flags(p.types, false).0,
        pref: p.pref,
        label: p.label,
        extra: Extra::new(),
    };
    state.add(entry, p.prop_id, email);
}

fn link(state: &mut State, entry: &mut Entry) {
    let take = [P::Type, P::Pref, P::Label, P::Mediatype, P::PropId];
    let Some((uri, p)) = entry.take_text_with(&take) else {
        return;
    };
    let extra = extra_with("mediaType", p.media_type);
    let link = Link {
        kind: None,
        uri,
        contexts: flags(p.types, false).0,
        pref: p.pref,
        label: p.label,
        extra,
    };
    state.add(entry, p.prop_id, link);
}

fn online_service(state: &mut State, entry: &mut Entry) {
    let take = [
        P::Type,
        P::Pref,
        P::Label,
        P::ServiceType,
        P::Username,
        P::PropId,
    ];
    let Some((uri, p)) = entry.take_text_with(&take) else {
        return;
    };
    let service = OnlineService {
        service: p.service,
        uri: Some(uri),
        user: p.user,
        contexts: flags(p.types, false).0,
        pref: p.pref,
        label: p.label,
        extra: Extra::new(),
    };
    state.add(entry, p.prop_id, service);
    entry.map_name = true;
}

fn media(state: &mut State, entry: &mut Entry) {
    let kind = CompactString::const_new(match entry.entry.name {
        VCardProperty::Photo => "photo",
        VCardProperty::Logo => "logo",
        _ => "sound",
    });
    let take = [P::Mediatype, P::Pref, P::Label, P::PropId];
    let Some((uri, p)) = entry.take_text_with(&take) else {
        return;
    };
    let extra = extra_with("label", p.label);
    let media = Media {
        kind,
        uri,
        media_type: p.media_type,
        contexts: Default::default(),
        pref: p.pref,
        extra,
    };
    state.add(entry, p.prop_id, media);
}

fn note(state: &mut State, entry: &mut Entry) {
    let Some((note, p)) = entry.take_text_with(&[P::PropId]) else {
        return;
    };
    let note = Note {
        note,
        extra: Extra::new(),
    };
    state.add(entry, p.prop_id, note);
}

/// `TITLE` or `ROLE`; a role belongs to the organisation of its group (none with none).
fn title(state: &mut State, entry: &mut Entry) {
    let role = entry.entry.name == VCardProperty::Role;
    let organization_id = role
        .then(|| state.find(&VCardProperty::Org, entry.entry.group.as_deref()))
        .flatten()
        .map(|t| t.id.text().into_string());
    let Some((name, p)) = entry.take_text_with(&[P::PropId]) else {
        return;
    };
    let title = Title {
        name,
        kind: Some(CompactString::const_new(if role {
            "role"
        } else {
            "title"
        })),
        organization_id,
        extra: Extra::new(),
    };
    state.add(entry, p.prop_id, title);
}

fn organization(state: &mut State, entry: &mut Entry) {
    // The units are moved out of the values only when the first value is the name, as
    // `take_text` takes it; otherwise the whole property is kept as it is.
    let units: Vec<OrgUnit> = if entry.first_is_text() {
        entry
            .entry
            .values
            .drain(1..)
            .filter_map(|value| match value {
                VCardValue::Text(name) => Some(name),
                other => other.as_text().map(str::to_owned),
            })
            .map(|name| OrgUnit {
                name,
                extra: Extra::new(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let Some((name, p)) = entry.take_text_with(&[P::Type, P::SortAs, P::PropId]) else {
        return;
    };
    let extra = extra_with("sortAs", p.sort_as);
    let organization = Organization {
        name: Some(name),
        units,
        contexts: flags(p.types, false).0,
        extra,
    };
    state.add(entry, p.prop_id, organization);
}

/// `LANG`, kept as JSON: the model has no field for preferred languages.
fn language(state: &mut State, entry: &mut Entry) {
    if let Some((language, p)) = entry.take_text_with(&CONTACT_PARAMS) {
        add_json(
            state,
            entry,
            (Target::PreferredLanguages, "language"),
            language,
            p,
        );
    }
}

/// Files a member the model has no field for (nicknames, preferred languages) as JSON:
/// `{"<member>": text}` with the contexts, preference and label in `p`, as the next entry of
/// `target`.
fn add_json(
    state: &mut State,
    entry: &mut Entry,
    (target, member): (Target, &'static str),
    text: String,
    mut p: params::Extracted,
) {
    let prop_id = p.prop_id.take();
    let mut object = Map::new();
    object.insert(member.into(), Value::String(text));
    contact_members(&mut object, p);
    let id = state.next_id(prop_id, target);
    let kept = if target == Target::Nicknames {
        &mut state.nicknames
    } else {
        &mut state.languages
    };
    kept.insert(id.text().into_string(), Value::Object(object));
    state.mapped(entry, target, id, member);
}

/// The `extra` members of an entry holding a parameter the model has no field for (a link's
/// media type, a photo's label, an organisation's sort name) as `member`, if it was given.
fn extra_with(member: &str, value: Option<String>) -> Extra {
    let mut extra = Extra::new();
    if let Some(value) = value {
        extra.insert(member.into(), Value::String(value));
    }
    extra
}

/// Contexts, preference and label of a member kept as JSON.
fn contact_members(object: &mut Map<String, Value>, p: params::Extracted) {
    let contexts = flags(p.types, false).0;
    if !contexts.is_empty() {
        object.insert("contexts".into(), flags_json(contexts));
    }
    if let Some(pref) = p.pref {
        object.insert("pref".into(), Value::from(pref));
    }
    if let Some(label) = p.label {
        object.insert("label".into(), Value::String(label));
    }
}

/// `NICKNAME`: each of its values is a nickname of its own, with the property's parameters.
pub(super) fn nicknames(state: &mut State, mut entry: Entry) {
    for value in std::mem::take(&mut entry.entry.values) {
        let mut one = Entry::new(entry.entry.clone());
        one.entry.values = vec![value];
        if let Some((name, p)) = one.take_text_with(&[P::Type, P::Pref, P::PropId]) {
            add_json(state, &mut one, (Target::Nicknames, "name"), name, p);
        }
        state.add_conversion_props(one);
    }
}
