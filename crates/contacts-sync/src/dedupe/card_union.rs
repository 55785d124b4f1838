//! The merged card of a group, for a provider that stores cards: a card holds several phones,
//! e-mails, addresses, … so two different values of one of them are both kept; only what a
//! card holds once (the name's components, the kind, a custom property, an extension member)
//! can meet a second value, which is then reported as not kept.
//!
//! Why apart from [`merging`](super::merging): the card's parts each need their own rule of
//! "the same entry", and the flat merge needs none of it.

use super::finding::{email_key, number_key};
use super::values::Values;
use contacts_core::card::{CUSTOM_PROPERTY_PREFIX, IdMap, Name, Phone};
use contacts_core::{Card, Contact, ContactId};
use contacts_phone::Normalizer;
use serde_json::Value;
use std::collections::BTreeMap;

/// How many values a card holds: each entry of each part, its name, and each other member.
pub(super) fn entry_count(card: &Card) -> usize {
    usize::from(card.name.is_some())
        + card.phones.len()
        + card.emails.len()
        + card.addresses.len()
        + card.online_services.len()
        + card.organizations.len()
        + card.titles.len()
        + card.notes.len()
        + card.anniversaries.len()
        + card.media.len()
        + card.links.len()
        + card.extra.len()
}

/// A contact's card, or the card of its flat properties and labels.
fn card_of(contact: &Contact) -> Card {
    match &contact.card {
        Some(card) => (**card).clone(),
        None => Card::from_flat(&contact.properties, &contact.labels),
    }
}

/// The kept contact's card with every value of `others` added that it does not hold yet.
pub(super) fn merge(
    kept: &Contact,
    others: &[&Contact],
    normalizer: &Normalizer,
    values: &mut Values,
) -> Card {
    let mut card = card_of(kept);
    for other in others {
        let theirs = card_of(other);
        // Taken out while the parts are merged, so entries can carry their notes into it.
        let mut converted = std::mem::take(&mut card.vcard.converted_properties);
        let mut into = Into {
            from: &other.id,
            values: &mut *values,
            converted: &mut converted,
            their_converted: &theirs.vcard.converted_properties,
        };
        union_phones(&mut card.phones, &theirs.phones, &mut into, normalizer);
        union_name(&mut card.name, theirs.name.as_ref(), into.from, into.values);
        union_rest(&mut card, &theirs, &mut into);
        union_members(&mut card, &theirs, &other.id, values);
        card.vcard.converted_properties = converted;
    }
    card
}

/// Where added entries are recorded: the values found, and the vCard notes on how an entry
/// was written (`convertedProperties`, keyed by a pointer such as `phones/p1/number`), carried
/// with the entry under its new id.
struct Into<'a> {
    from: &'a ContactId,
    values: &'a mut Values,
    converted: &'a mut BTreeMap<String, Value>,
    their_converted: &'a BTreeMap<String, Value>,
}

impl Into<'_> {
    /// Adds each entry of `theirs` that `ours` holds no equal of (`same`), under its own id
    /// where free, and records it as `field` described by `describe`. Returns the ids given
    /// (their id, ours).
    fn entries<T: Clone>(
        &mut self,
        (ours, theirs): (&mut IdMap<T>, &IdMap<T>),
        (part, field): (&str, &str),
        same: impl Fn(&T, &T) -> bool,
        describe: impl Fn(&T) -> String,
    ) -> Vec<(String, String)> {
        let mut given = Vec::new();
        for (id, entry) in theirs.iter() {
            if ours.values().any(|mine| same(mine, entry)) {
                continue;
            }
            let new_id = match ours.get(id) {
                None => id.to_owned(),
                Some(_) => ours.fresh_id(field),
            };
            ours.insert(new_id.clone(), entry.clone());
            self.values.add(self.from, field, &describe(entry));
            self.carry_notes(part, id, &new_id);
            given.push((id.to_owned(), new_id));
        }
        given
    }

    fn carry_notes(&mut self, part: &str, old: &str, new: &str) {
        let (old, new) = (format!("{part}/{old}"), format!("{part}/{new}"));
        for (pointer, note) in self.their_converted {
            let Some(rest) = pointer.strip_prefix(&old) else {
                continue;
            };
            if rest.is_empty() || rest.starts_with('/') {
                self.converted
                    .entry(format!("{new}{rest}"))
                    .or_insert_with(|| note.clone());
            }
        }
    }
}

/// Phones by E.164 number (else their text), e-mails by [`email_key`] (else their text). An
/// added one loses its preference, so the kept contact's preferred number and e-mail (its
/// `phoneNumber` and `email`) stay what they were.
fn union_phones(
    phones: &mut IdMap<contacts_core::card::Phone>,
    theirs: &IdMap<contacts_core::card::Phone>,
    into: &mut Into<'_>,
    normalizer: &Normalizer,
) {
    let key =
        |n: &str| number_key(normalizer, n).unwrap_or_else(|| Phone::shown_number(n).to_owned());
    let added = into.entries(
        (phones, theirs),
        ("phones", "phone"),
        |a, b| key(&a.number) == key(&b.number),
        |p| p.number.clone(),
    );
    for (_, id) in added {
        if let Some(phone) = phones.get_mut(&id) {
            phone.pref = None;
            phone.contexts.remove("pref");
        }
    }
}

/// Name components the kept name lacks are added; one it holds with another value is not kept
/// (a card has one name).
fn union_name(ours: &mut Option<Name>, theirs: Option<&Name>, from: &ContactId, v: &mut Values) {
    let Some(theirs) = theirs else { return };
    let Some(name) = ours else {
        *ours = Some(theirs.clone());
        v.add(from, "name", &theirs.display_name().unwrap_or_default());
        return;
    };
    for component in &theirs.components {
        match name.component(&component.kind) {
            None => {
                name.components.push(component.clone());
                v.add(from, &format!("name {}", component.kind), &component.value);
            }
            Some(mine) if mine == component.value => {}
            Some(_) => v.lose(from, &format!("name {}", component.kind), &component.value),
        }
    }
    v.single(&mut name.full, theirs.full.as_ref(), from, "full name");
}

/// E-mails (by [`email_key`], else their text), organisations and titles (a title's
/// organisation id follows its organisation to its new id), and the other lists.
fn union_rest(card: &mut Card, theirs: &Card, into: &mut Into<'_>) {
    let key = |a: &str| email_key(a).unwrap_or_else(|| a.to_owned());
    let added = into.entries(
        (&mut card.emails, &theirs.emails),
        ("emails", "email"),
        |a, b| key(&a.address) == key(&b.address),
        |e| e.address.clone(),
    );
    for (_, id) in added {
        if let Some(email) = card.emails.get_mut(&id) {
            email.pref = None;
            email.contexts.remove("pref");
        }
    }
    let orgs = into.entries(
        (&mut card.organizations, &theirs.organizations),
        ("organizations", "organization"),
        PartialEq::eq,
        |o| {
            let units = o.units.iter().map(|u| u.name.as_str());
            let all: Vec<&str> = o.name.as_deref().into_iter().chain(units).collect();
            all.join(", ")
        },
    );
    let mut titles = theirs.titles.clone();
    for title in titles.values_mut() {
        if let Some((_, new)) = orgs
            .iter()
            .find(|(old, _)| title.organization_id.as_deref() == Some(old))
        {
            title.organization_id = Some(new.clone());
        }
    }
    let part = ("titles", "title");
    into.entries((&mut card.titles, &titles), part, PartialEq::eq, |t| {
        t.name.clone()
    });
    union_entries(card, theirs, into);
}

/// Addresses, online services, notes, anniversaries, media and links: entries equal in every
/// member are one.
fn union_entries(card: &mut Card, theirs: &Card, into: &mut Into<'_>) {
    let part = ("addresses", "address");
    into.entries(
        (&mut card.addresses, &theirs.addresses),
        part,
        PartialEq::eq,
        |a| {
            a.full.clone().unwrap_or_else(|| {
                let parts: Vec<&str> = a.components.iter().map(|c| c.value.as_str()).collect();
                parts.join(" ")
            })
        },
    );
    let part = ("onlineServices", "online service");
    let services = (&mut card.online_services, &theirs.online_services);
    into.entries(services, part, PartialEq::eq, |s| {
        let account = s.uri.as_deref().or(s.user.as_deref()).unwrap_or_default();
        match &s.service {
            Some(service) => format!("{service} {account}"),
            None => account.to_owned(),
        }
    });
    let part = ("notes", "note");
    into.entries((&mut card.notes, &theirs.notes), part, PartialEq::eq, |n| {
        n.note.clone()
    });
    let part = ("anniversaries", "anniversary");
    let dates = (&mut card.anniversaries, &theirs.anniversaries);
    into.entries(dates, part, PartialEq::eq, |a| {
        let date = a
            .date
            .as_str()
            .map_or_else(|| a.date.to_string(), str::to_owned);
        format!("{} {date}", a.kind)
    });
    let part = ("media", "media");
    into.entries((&mut card.media, &theirs.media), part, PartialEq::eq, |m| {
        format!("{} {}", m.kind, m.uri)
    });
    let part = ("links", "link");
    into.entries((&mut card.links, &theirs.links), part, PartialEq::eq, |l| {
        l.uri.clone()
    });
}

/// Keywords (labels) as a union; the kind, custom properties and other members held once:
/// added where absent, not kept where the kept card has another value. vCard properties
/// without a JSContact name are added unless the kept card has the same one.
fn union_members(card: &mut Card, theirs: &Card, from: &ContactId, values: &mut Values) {
    for (keyword, on) in &theirs.keywords {
        if *on && card.keywords.get(keyword) != Some(&true) {
            card.keywords.insert(keyword.clone(), true);
            values.add(from, "label", keyword);
        }
    }
    values.single(&mut card.kind, theirs.kind.as_ref(), from, "kind");
    for (member, value) in &theirs.extra {
        let field = member
            .strip_prefix(CUSTOM_PROPERTY_PREFIX)
            .unwrap_or(member);
        let text = value
            .as_str()
            .map_or_else(|| value.to_string(), str::to_owned);
        match card.extra.get(member) {
            None => {
                card.extra.insert(member.clone(), value.clone());
                values.add(from, field, &text);
            }
            Some(mine) if mine == value => {}
            Some(_) => values.lose(from, field, &text),
        }
    }
    let versionless = |p: &&Value| {
        !p.get(0)
            .and_then(Value::as_str)
            .is_some_and(|n| n.eq_ignore_ascii_case("version"))
    };
    for property in theirs.vcard.properties.iter().filter(versionless) {
        if !card.vcard.properties.contains(property) {
            card.vcard.properties.push(property.clone());
            let name = property.get(0).and_then(Value::as_str).unwrap_or_default();
            values.add(from, &format!("vCard {name}"), &property.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::card::NameComponent;

    fn part(kind: &str, value: &str) -> NameComponent {
        NameComponent {
            kind: kind.into(),
            value: value.into(),
            ..NameComponent::default()
        }
    }

    /// The name a kept card without one gains is shown as every other display of a card shows
    /// it ([`Card::display_name`]): a name written with separators once read `Ada   Lovelace`
    /// here (separators joined as words), and `Ada Lovelace` in the vCard `FN` written for it.
    #[test]
    fn an_added_name_reads_as_the_cards_display_name() {
        let theirs = Name {
            components: vec![
                part("given", "Ada"),
                part("separator", " "),
                part("surname", "Lovelace"),
            ],
            ..Name::default()
        };
        let mut ours = None;
        let mut values = Values::default();
        union_name(&mut ours, Some(&theirs), &ContactId::new("2"), &mut values);
        assert_eq!(ours.as_ref(), Some(&theirs));
        let card = Card {
            name: Some(theirs),
            ..Card::new()
        };
        let shown: Vec<(&str, &str)> = values
            .added
            .iter()
            .map(|v| (v.field.as_str(), v.value.as_str()))
            .collect();
        assert_eq!(shown, [("name", "Ada Lovelace")]);
        assert_eq!(card.display_name(), "Ada Lovelace");
    }
}
