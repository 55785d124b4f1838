//! The id-keyed members a property maps into one by one: phones, e-mails, links, online
//! services, media, notes, titles, organisations, nicknames and preferred languages.

use super::params::{self, extract, flags, flags_json};
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
    let Some(number) = entry.take_text() else {
        return;
    };
    let p = extract(&mut entry.entry.params, &CONTACT_PARAMS);
    let (contexts, features) = flags(p.types, true);
    let phone = Phone {
        number,
        features,
        contexts,
        pref: p.pref,
        label: p.label,
        extra: Extra::new(),
    };
    let id = state.next_id(p.prop_id, Target::Phones);
    state.card.phones.insert(id.text(), phone);
    state.mapped(entry, Target::Phones, id, "number");
}

fn email(state: &mut State, entry: &mut Entry) {
    let Some(address) = entry.take_text() else {
        return;
    };
    let p = extract(&mut entry.entry.params, &CONTACT_PARAMS);
    let email = EmailAddress {
        address,
        contexts: flags(p.types, false).0,
        pref: p.pref,
        label: p.label,
        extra: Extra::new(),
    };
    let id = state.next_id(p.prop_id, Target::Emails);
    state.card.emails.insert(id.text(), email);
    state.mapped(entry, Target::Emails, id, "address");
}

fn link(state: &mut State, entry: &mut Entry) {
    let Some(uri) = entry.take_text() else { return };
    let take = [P::Type, P::Pref, P::Label, P::Mediatype, P::PropId];
    let p = extract(&mut entry.entry.params, &take);
    let mut extra = Extra::new();
    if let Some(media_type) = p.media_type {
        extra.insert("mediaType".into(), Value::String(media_type));
    }
    let link = Link {
        kind: None,
        uri,
        contexts: flags(p.types, false).0,
        pref: p.pref,
        label: p.label,
        extra,
    };
    let id = state.next_id(p.prop_id, Target::Links);
    state.card.links.insert(id.text(), link);
    state.mapped(entry, Target::Links, id, "uri");
}

fn online_service(state: &mut State, entry: &mut Entry) {
    let Some(uri) = entry.take_text() else { return };
    let take = [
        P::Type,
        P::Pref,
        P::Label,
        P::ServiceType,
        P::Username,
        P::PropId,
    ];
    let p = extract(&mut entry.entry.params, &take);
    let service = OnlineService {
        service: p.service,
        uri: Some(uri),
        user: p.user,
        contexts: flags(p.types, false).0,
        pref: p.pref,
        label: p.label,
        extra: Extra::new(),
    };
    let id = state.next_id(p.prop_id, Target::OnlineServices);
    state.card.online_services.insert(id.text(), service);
    state.mapped(entry, Target::OnlineServices, id, "uri");
    entry.map_name = true;
}

fn media(state: &mut State, entry: &mut Entry) {
    let kind = CompactString::const_new(match entry.entry.name {
        VCardProperty::Photo => "photo",
        VCardProperty::Logo => "logo",
        _ => "sound",
    });
    let Some(uri) = entry.take_text() else { return };
    let take = [P::Mediatype, P::Pref, P::Label, P::PropId];
    let p = extract(&mut entry.entry.params, &take);
    let mut extra = Extra::new();
    if let Some(label) = p.label {
        extra.insert("label".into(), Value::String(label));
    }
    let media = Media {
        kind,
        uri,
        media_type: p.media_type,
        contexts: Default::default(),
        pref: p.pref,
        extra,
    };
    let id = state.next_id(p.prop_id, Target::Media);
    state.card.media.insert(id.text(), media);
    state.mapped(entry, Target::Media, id, "uri");
}

fn note(state: &mut State, entry: &mut Entry) {
    let Some(note) = entry.take_text() else {
        return;
    };
    let p = extract(&mut entry.entry.params, &[P::PropId]);
    let note = Note {
        note,
        extra: Extra::new(),
    };
    let id = state.next_id(p.prop_id, Target::Notes);
    state.card.notes.insert(id.text(), note);
    state.mapped(entry, Target::Notes, id, "note");
}

/// `TITLE` or `ROLE`; a role belongs to the organisation of its group (none with none).
fn title(state: &mut State, entry: &mut Entry) {
    let role = entry.entry.name == VCardProperty::Role;
    let organization_id = role
        .then(|| state.find(&VCardProperty::Org, entry.entry.group.as_deref()))
        .flatten()
        .map(|t| t.id.text().into_string());
    let Some(name) = entry.take_text() else {
        return;
    };
    let p = extract(&mut entry.entry.params, &[P::PropId]);
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
    let id = state.next_id(p.prop_id, Target::Titles);
    state.card.titles.insert(id.text(), title);
    state.mapped(entry, Target::Titles, id, "name");
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
    let Some(name) = entry.take_text() else {
        return;
    };
    let p = extract(&mut entry.entry.params, &[P::Type, P::SortAs, P::PropId]);
    let mut extra = Extra::new();
    if let Some(sort_as) = p.sort_as {
        extra.insert("sortAs".into(), Value::String(sort_as));
    }
    let organization = Organization {
        name: Some(name),
        units,
        contexts: flags(p.types, false).0,
        extra,
    };
    let id = state.next_id(p.prop_id, Target::Organizations);
    state.card.organizations.insert(id.text(), organization);
    state.mapped(entry, Target::Organizations, id, "name");
}

/// `LANG`, kept as JSON: the model has no field for preferred languages.
fn language(state: &mut State, entry: &mut Entry) {
    let Some(language) = entry.take_text() else {
        return;
    };
    let mut p = extract(&mut entry.entry.params, &CONTACT_PARAMS);
    let prop_id = p.prop_id.take();
    let mut object = Map::new();
    object.insert("language".into(), Value::String(language));
    contact_members(&mut object, p);
    let id = state.next_id(prop_id, Target::PreferredLanguages);
    state
        .languages
        .insert(id.text().into_string(), Value::Object(object));
    state.mapped(entry, Target::PreferredLanguages, id, "language");
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
        if let Some(name) = one.take_text() {
            let mut p = extract(&mut one.entry.params, &[P::Type, P::Pref, P::PropId]);
            let prop_id = p.prop_id.take();
            let mut object = Map::new();
            object.insert("name".into(), Value::String(name));
            contact_members(&mut object, p);
            let id = state.next_id(prop_id, Target::Nicknames);
            state
                .nicknames
                .insert(id.text().into_string(), Value::Object(object));
            state.mapped(&mut one, Target::Nicknames, id, "name");
        }
        state.add_conversion_props(one);
    }
}
