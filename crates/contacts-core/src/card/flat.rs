//! The flat view of a card, and flat edits applied to a card: the one place where
//! `phoneNumber`, `firstName` and the other well-known keys meet the card's structure.
//!
//! The rules (documented for users in docs/model.md's card section):
//! - `phoneNumber` is the preferred phone's number (lowest `pref`, a 3.0 `TYPE=pref` counting
//!   as 1; ties go to the first written), `email` the preferred e-mail's address;
//! - `firstName` and `lastName` are the name's first `given` and `surname` components;
//! - `company` is the first organisation's name, `department` its first unit;
//! - every other key `k` is the card member `CUSTOM_PROPERTY_PREFIX + k` with a string value;
//! - labels are the card's keywords.

use super::{CUSTOM_PROPERTY_PREFIX, Card, EmailAddress, Flags, IdMap, Name, Organization, Phone};
use crate::properties::is_no_value;
use crate::{Labels, Properties, keys};
use compact_str::CompactString;
use serde_json::Value;
use smallvec::SmallVec;

/// An entry's rank for "preferred": its `pref`, else 1 for a `pref` context (vCard 3.0's
/// `TYPE=pref` as RFC 9555 converts it), else last.
fn rank(pref: Option<u32>, contexts: &Flags) -> u32 {
    pref.unwrap_or(if contexts.get("pref") == Some(&true) {
        1
    } else {
        u32::MAX
    })
}

/// The preferred entry and its id: lowest rank, first written among equals.
fn preferred_entry<T>(map: &IdMap<T>, rank_of: impl Fn(&T) -> u32) -> Option<(&str, &T)> {
    map.iter().min_by_key(|(_, entry)| rank_of(entry))
}

/// The id of the preferred entry, owned (held inline: ids are short) for a caller that
/// changes the map.
fn preferred<T>(map: &IdMap<T>, rank_of: impl Fn(&T) -> u32) -> Option<CompactString> {
    preferred_entry(map, rank_of).map(|(id, _)| CompactString::from(id))
}

impl Phone {
    /// The number a phone's [`number`](Phone::number) shows, as the flat view's `phoneNumber`
    /// has it: a `tel:` URI (vCard 4.0's `TEL;VALUE=uri:tel:+46-70-123-45-67;ext=204`; the
    /// scheme in any case) shows its number without its parameters, `+46-70-123-45-67`, as
    /// every program that is not an address book expects; any other text is the number as it
    /// is. The card keeps the URI whole. Also for numbers read elsewhere (a sync's match keys).
    ///
    /// ```
    /// use contacts_core::card::Phone;
    /// assert_eq!(Phone::shown_number("tel:+46-70-123-45-67;ext=204"), "+46-70-123-45-67");
    /// assert_eq!(Phone::shown_number("TEL:+46701234567"), "+46701234567");
    /// assert_eq!(Phone::shown_number("070-123 45 67"), "070-123 45 67");
    /// ```
    pub fn shown_number(number: &str) -> &str {
        let is_uri = number
            .get(..4)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("tel:"));
        if !is_uri {
            return number;
        }
        let rest = &number[4..];
        rest.split(';').next().unwrap_or(rest)
    }
}

fn phone_rank(p: &Phone) -> u32 {
    rank(p.pref, &p.contexts)
}

fn email_rank(e: &EmailAddress) -> u32 {
    rank(e.pref, &e.contexts)
}

fn preferred_phone(card: &Card) -> Option<CompactString> {
    preferred(&card.phones, phone_rank)
}

fn preferred_email(card: &Card) -> Option<CompactString> {
    preferred(&card.emails, email_rank)
}

/// Sets the preferred entry of `map` (by `rank_of`) to `value`, the one edit that
/// `phoneNumber` and `email` share: `edit` changes the entry there is, `make` adds one (its id
/// drawn from `stem`) where there is none, and `None` removes it.
fn set_preferred<T>(
    map: &mut IdMap<T>,
    rank_of: impl Fn(&T) -> u32,
    stem: &str,
    value: Option<&str>,
    edit: impl FnOnce(&mut T, &str),
    make: impl FnOnce(&str) -> T,
) {
    match (preferred(map, rank_of), value) {
        (Some(id), Some(value)) => {
            if let Some(entry) = map.get_mut(&id) {
                edit(entry, value);
            }
        }
        (Some(id), None) => {
            map.remove(&id);
        }
        (None, Some(value)) => {
            let id = map.fresh_id(stem);
            map.insert(id, make(value));
        }
        (None, None) => {}
    }
}

/// Sets a phone's number to `number` where the number it shows differs. A `tel:` URI stays
/// one: its scheme and parameters (`;ext=204`) are kept around the new number.
fn edit_number(phone: &mut Phone, number: &str) {
    let shown = Phone::shown_number(&phone.number);
    if shown == number {
        return;
    }
    let uri_given = Phone::shown_number(number) != number;
    phone.number = match phone.number.find(shown) {
        Some(at) if shown.len() != phone.number.len() && !uri_given => format!(
            "{}{number}{}",
            &phone.number[..at],
            &phone.number[at + shown.len()..]
        ),
        _ => number.to_owned(),
    };
}

impl Card {
    /// A card holding exactly these flat properties and labels, as a provider that stores
    /// cards keeps a contact created from flat properties.
    ///
    /// ```
    /// use contacts_core::{card::Card, Labels, Properties};
    /// let props = Properties::new().with("phoneNumber", "+46701234567").with("shoeSize", "42");
    /// let card = Card::from_flat(&props, &Labels::new());
    /// assert_eq!(card.phones.len(), 1);
    /// assert_eq!(card.flat_properties(), props);
    /// ```
    pub fn from_flat(props: &Properties, labels: &Labels) -> Card {
        let mut card = Card::new();
        card.apply_flat(props, labels);
        card
    }

    /// The well-known and custom flat properties this card shows.
    pub fn flat_properties(&self) -> Properties {
        // The well-known keys first, gathered in their sorted order (company, department,
        // email, firstName, lastName, phoneNumber) so each is appended to a list sized for
        // them at once; an empty value sets nothing. Custom members after them.
        let mut known: SmallVec<[(&str, &str); 6]> = SmallVec::new();
        if let Some(org) = self.organizations.values().next() {
            known.push((keys::COMPANY, org.name.as_deref().unwrap_or("")));
            let unit = org.units.first().map_or("", |u| u.name.as_str());
            known.push((keys::DEPARTMENT, unit));
        }
        if let Some((_, email)) = preferred_entry(&self.emails, email_rank) {
            known.push((keys::EMAIL, email.address.as_str()));
        }
        if let Some(name) = &self.name {
            known.push((keys::FIRST_NAME, name.component("given").unwrap_or("")));
            known.push((keys::LAST_NAME, name.component("surname").unwrap_or("")));
        }
        if let Some((_, phone)) = preferred_entry(&self.phones, phone_rank) {
            known.push((keys::PHONE_NUMBER, Phone::shown_number(&phone.number)));
        }
        let custom = self.extra.iter().filter_map(|(member, value)| {
            match (member.strip_prefix(CUSTOM_PROPERTY_PREFIX), value) {
                (Some(key), Value::String(value)) => Some((key, value.as_str())),
                _ => None,
            }
        });
        known.into_iter().chain(custom).collect()
    }

    /// The labels this card shows: its keywords.
    pub fn flat_labels(&self) -> Labels {
        self.keywords
            .iter()
            .filter(|(_, on)| **on)
            .map(|(k, _)| k.as_str())
            .collect()
    }

    /// Sets (or with `None` removes) one flat property in the card's own structure: the
    /// preferred phone's number, the given name, a custom member, and so on. Removing
    /// `phoneNumber` removes the preferred phone, after which the next phone (if any) is the
    /// preferred one.
    pub fn set_property(&mut self, key: &str, value: Option<&str>) {
        let value = value.filter(|v| !is_no_value(v));
        match key {
            keys::PHONE_NUMBER => self.set_phone(value),
            keys::EMAIL => self.set_email(value),
            keys::FIRST_NAME => self.set_name_component("given", value),
            keys::LAST_NAME => self.set_name_component("surname", value),
            keys::COMPANY => self.set_company(value),
            keys::DEPARTMENT => self.set_department(value),
            custom => {
                let member = format!("{CUSTOM_PROPERTY_PREFIX}{custom}");
                match value {
                    Some(v) => self.extra.insert(member, Value::String(v.to_owned())),
                    None => self.extra.remove(&member),
                };
            }
        }
    }

    /// Sets the keywords to exactly `labels`.
    pub fn set_labels(&mut self, labels: &Labels) {
        self.keywords = labels.iter().map(|l| (l.to_owned(), true)).collect();
    }

    /// Makes the flat view exactly `props` and `labels`: keys the view shows that `props`
    /// lacks are removed, the others set; everything the flat view does not show is kept.
    pub fn apply_flat(&mut self, props: &Properties, labels: &Labels) {
        for key in self.flat_properties().keys() {
            if !props.contains_key(key) {
                self.set_property(key, None);
            }
        }
        for (key, value) in props {
            self.set_property(key, Some(value));
        }
        self.set_labels(labels);
    }

    fn set_phone(&mut self, number: Option<&str>) {
        set_preferred(
            &mut self.phones,
            phone_rank,
            "phone",
            number,
            edit_number,
            |number| Phone {
                number: number.to_owned(),
                ..Phone::default()
            },
        );
    }

    fn set_email(&mut self, address: Option<&str>) {
        let edit = |email: &mut EmailAddress, address: &str| {
            address.clone_into(&mut email.address);
        };
        set_preferred(
            &mut self.emails,
            email_rank,
            "email",
            address,
            edit,
            |address| EmailAddress {
                address: address.to_owned(),
                ..EmailAddress::default()
            },
        );
    }

    /// Sets a name component; a full name that was the components joined follows them, a
    /// full name the person wrote differently is kept.
    fn set_name_component(&mut self, kind: &str, value: Option<&str>) {
        if value.is_none() && self.name.is_none() {
            return;
        }
        let name = self.name.get_or_insert_with(Name::default);
        let derived = name.full.is_none() || name.full == name.joined();
        name.set_component(kind, value);
        if derived {
            name.full = name.joined();
        }
        if name.components.is_empty() && name.full.is_none() && name.extra.is_empty() {
            self.name = None;
        }
    }

    fn set_company(&mut self, value: Option<&str>) {
        let first = self.organizations.keys().next().map(str::to_owned);
        match (first, value) {
            (Some(id), value) => {
                let emptied = self.organizations.get_mut(&id).is_some_and(|org| {
                    org.name = value.map(str::to_owned);
                    org.name.is_none() && org.units.is_empty() && org.extra.is_empty()
                });
                if emptied {
                    self.organizations.remove(&id);
                }
            }
            (None, Some(value)) => {
                let id = self.organizations.fresh_id("org");
                let org = Organization {
                    name: Some(value.to_owned()),
                    ..Organization::default()
                };
                self.organizations.insert(id, org);
            }
            (None, None) => {}
        }
    }

    fn set_department(&mut self, value: Option<&str>) {
        if value.is_none() && self.organizations.is_empty() {
            return;
        }
        if self.organizations.is_empty() {
            let id = self.organizations.fresh_id("org");
            self.organizations.insert(id, Organization::default());
        }
        let Some(org) = self.organizations.values_mut().next() else {
            return;
        };
        match (org.units.is_empty(), value) {
            (false, Some(value)) => value.clone_into(&mut org.units[0].name),
            (false, None) => {
                org.units.remove(0);
            }
            (true, Some(value)) => org.units.push(super::OrgUnit {
                name: value.to_owned(),
                extra: super::Extra::new(),
            }),
            (true, None) => {}
        }
        let emptied = org.name.is_none() && org.units.is_empty() && org.extra.is_empty();
        let first = self.organizations.keys().next().map(str::to_owned);
        if emptied && let Some(id) = first {
            self.organizations.remove(&id);
        }
    }

    /// What the flat view does not show, one line per item, for reports of what a provider
    /// without cards could not carry ("phone +1 555 0100", "photo", "birthday 1980-02-29").
    pub fn beyond_flat(&self) -> Vec<String> {
        let mut out = Vec::new();
        let phone = preferred_phone(self);
        for (id, p) in self.phones.iter() {
            if Some(id) != phone.as_deref() {
                out.push(format!("phone {}", p.number));
            }
        }
        let email = preferred_email(self);
        for (id, e) in self.emails.iter() {
            if Some(id) != email.as_deref() {
                out.push(format!("e-mail {}", e.address));
            }
        }
        if let Some(name) = &self.name {
            for c in &name.components {
                if c.kind != "given" && c.kind != "surname" && c.kind != "separator" {
                    out.push(format!("name part {} {}", c.kind, c.value));
                }
            }
        }
        for (n, org) in self.organizations.values().enumerate() {
            let skip = usize::from(n == 0);
            if n > 0
                && let Some(name) = &org.name
            {
                out.push(format!("organization {name}"));
            }
            for unit in org.units.iter().skip(skip) {
                out.push(format!("organization unit {}", unit.name));
            }
        }
        self.beyond_flat_entries(&mut out);
        out
    }

    fn beyond_flat_entries(&self, out: &mut Vec<String>) {
        out.extend(self.addresses.values().map(|a| {
            let text = a.full.clone().unwrap_or_else(|| {
                let parts: Vec<&str> = a.components.iter().map(|c| c.value.as_str()).collect();
                parts.join(", ")
            });
            format!("address {text}")
        }));
        out.extend(self.online_services.values().map(|s| {
            let who = s.uri.as_deref().or(s.user.as_deref()).unwrap_or("");
            format!("online service {who}")
        }));
        out.extend(self.titles.values().map(|t| format!("title {}", t.name)));
        out.extend(self.notes.values().map(|_| "note".to_owned()));
        out.extend(self.anniversaries.values().map(|a| {
            let date = a.date_text().unwrap_or_default();
            format!("{} date {date}", a.kind)
        }));
        out.extend(self.media.values().map(|m| {
            let how = if m.is_inline() { "" } else { " (link)" };
            format!("{}{how}", m.kind)
        }));
        out.extend(self.links.values().map(|l| format!("link {}", l.uri)));
        for (member, value) in &self.extra {
            let custom = member.starts_with(CUSTOM_PROPERTY_PREFIX) && value.is_string();
            if !custom {
                out.push(format!("card member {member}"));
            }
        }
        out.extend(
            self.vcard
                .property_names()
                .map(|name| format!("vCard property {}", name.to_ascii_uppercase())),
        );
    }
}
