//! What the conversion of one card keeps as it goes: the card being built, the properties
//! already mapped (for `ROLE`, `GEO`/`TZ` and `X-ABLabel`, which attach to an earlier one), and
//! the vCard parameters kept for RFC 9555's `vCard` member.

use super::params;
use calcard::common::IanaString;
use calcard::vcard::{VCardEntry, VCardProperty, VCardValue};
use compact_str::{CompactString, ToCompactString};
use contacts_core::Card;
use contacts_core::card::{
    Address, Anniversary, EmailAddress, IdMap, Link, Media, Note, OnlineService, Organization,
    Phone, Title,
};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::collections::btree_map::Entry as Slot;

/// The card member a mapped property went into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    Phones,
    Emails,
    Links,
    OnlineServices,
    Media,
    Notes,
    Titles,
    Organizations,
    Anniversaries,
    Addresses,
    Nicknames,
    PreferredLanguages,
}

impl Target {
    /// Its JSON name, the first step of a pointer into the card.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Target::Phones => "phones",
            Target::Emails => "emails",
            Target::Links => "links",
            Target::OnlineServices => "onlineServices",
            Target::Media => "media",
            Target::Notes => "notes",
            Target::Titles => "titles",
            Target::Organizations => "organizations",
            Target::Anniversaries => "anniversaries",
            Target::Addresses => "addresses",
            Target::Nicknames => "nicknames",
            Target::PreferredLanguages => "preferredLanguages",
        }
    }
}

/// The id of an entry of an id-keyed member: `k1`, `k2`, … as calcard numbers them, kept as
/// its number while the card is built and made text only where the card holds it; or the
/// property's `PROP-ID` (which this crate's writer puts on every 4.0 property).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Id {
    K(usize),
    Named(String),
}

impl Id {
    /// The id's text, held inline (an id of up to 24 bytes costs no allocation).
    pub(super) fn text(&self) -> CompactString {
        const FIRST: [&str; 12] = [
            "k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", "k10", "k11",
        ];
        match self {
            Id::K(n) => match FIRST.get(*n) {
                Some(id) => CompactString::const_new(id),
                None => {
                    let mut id = CompactString::const_new("k");
                    id.push_str(&n.to_compact_string());
                    id
                }
            },
            Id::Named(id) => CompactString::from(id),
        }
    }
}

/// A property mapped into an id-keyed member, found again by its group (`X-ABLabel`) or its
/// name and group (`ROLE` to its `ORG`, `GEO` to its `ADR`).
pub(super) struct Tracked {
    pub prop: VCardProperty,
    pub target: Target,
    pub group: Option<String>,
    pub id: Id,
}

/// One property on its way: where it was converted to, and whether RFC 9555 wants its vCard
/// name kept (`IMPP`, `GEO`, `TZ`, `X-ABLabel`, whose JSContact member does not say it).
pub(super) struct Entry {
    pub entry: VCardEntry,
    pub converted_to: Option<Pointer>,
    pub map_name: bool,
}

impl Entry {
    pub(super) fn new(entry: VCardEntry) -> Entry {
        Entry {
            entry,
            converted_to: None,
            map_name: false,
        }
    }

    /// Whether [`take_text`](Entry::take_text) would take the first value.
    pub(super) fn first_is_text(&self) -> bool {
        matches!(
            self.entry.values.first(),
            Some(
                VCardValue::Text(_)
                    | VCardValue::Component(_)
                    | VCardValue::Binary(_)
                    | VCardValue::Sex(_)
                    | VCardValue::GramGender(_)
                    | VCardValue::Kind(_)
            )
        )
    }

    /// The property's first value as text, taking the values; `None` (values left) when the
    /// first is not text-like.
    pub(super) fn take_text(&mut self) -> Option<String> {
        let mut values = std::mem::take(&mut self.entry.values).into_iter();
        match values.next()? {
            VCardValue::Text(v) => Some(v),
            VCardValue::Component(v) => Some(v.join(",")),
            VCardValue::Binary(data) => Some(data_uri(&data)),
            VCardValue::Sex(v) => Some(v.as_str().to_owned()),
            VCardValue::GramGender(v) => Some(v.as_str().to_owned()),
            VCardValue::Kind(v) => Some(v.as_str().to_owned()),
            other => {
                self.entry.values.push(other);
                self.entry.values.extend(values);
                None
            }
        }
    }

    /// Marks the property converted to `to`.
    pub(super) fn converted(&mut self, to: Pointer) {
        self.converted_to = Some(to);
    }

    /// The value as text ([`Entry::take_text`]) and then the parameters in `take`: the opening
    /// of every property mapped to one entry. `None` (parameters left alone) without a value.
    pub(super) fn take_text_with(
        &mut self,
        take: &[calcard::vcard::VCardParameterName],
    ) -> Option<(String, params::Extracted)> {
        let text = self.take_text()?;
        Some((text, params::extract(&mut self.entry.params, take)))
    }
}

/// An entry type of one of the card's id-keyed members: the member that holds it and the
/// entry's member a property's value becomes, so that one step ([`State::add`]) files them all.
pub(super) trait Keyed: Sized {
    /// The card member.
    const TARGET: Target;
    /// The entry's member the property's value went to (`number` in `phones/k1/number`).
    const VALUE: &'static str;
    /// The card's map of these entries.
    fn map(card: &mut Card) -> &mut IdMap<Self>;
}

/// Implements [`Keyed`] for each `entry type => Target variant, card field, value member`.
macro_rules! keyed {
    ($($entry:ty => $target:ident, $field:ident, $value:literal;)*) => {$(
        impl Keyed for $entry {
            const TARGET: Target = Target::$target;
            const VALUE: &'static str = $value;
            fn map(card: &mut Card) -> &mut IdMap<Self> {
                &mut card.$field
            }
        }
    )*};
}

keyed! {
    Phone => Phones, phones, "number";
    EmailAddress => Emails, emails, "address";
    Link => Links, links, "uri";
    OnlineService => OnlineServices, online_services, "uri";
    Media => Media, media, "uri";
    Note => Notes, notes, "note";
    Title => Titles, titles, "name";
    Organization => Organizations, organizations, "name";
    Address => Addresses, addresses, "components";
    Anniversary => Anniversaries, anniversaries, "date";
}

/// Inline bytes as the `data:` URI calcard's `Data::to_unwrapped_string` writes
/// (`data:<type>;base64,<bytes>`), encoded by the `base64` crate: calcard's encoder writes
/// a character at a time, at 25 instructions a byte, a tenth of reading a card with a photo.
fn data_uri(data: &calcard::common::Data) -> String {
    use base64::Engine;
    const PREFIX: &str = "data:";
    const BASE64: &str = ";base64,";
    let media_type = data.content_type.as_deref().unwrap_or_default();
    let mut out = String::with_capacity(
        PREFIX.len() + media_type.len() + BASE64.len() + data.data.len().div_ceil(3) * 4,
    );
    out.push_str(PREFIX);
    out.push_str(media_type);
    out.push_str(BASE64);
    base64::engine::general_purpose::STANDARD.encode_string(&data.data, &mut out);
    out
}

/// Where a property was converted to, made into its JSON pointer text only when the
/// `vCard` member needs it (a group or parameters to keep): most properties have neither.
pub(super) enum Pointer {
    /// A card member: `uid`, `kind`, `keywords`, …
    Member(&'static str),
    /// A member's member: `name/full`.
    Sub(&'static str, &'static str),
    /// An entry of an id-keyed member: `phones/k1/number`.
    Keyed(&'static str, Id, &'static str),
    /// A related card: `relatedTo/<uri>`.
    Related(String),
}

impl Pointer {
    fn render(&self) -> String {
        match self {
            Pointer::Member(m) => pointer(&[m]),
            Pointer::Sub(a, b) => pointer(&[a, b]),
            Pointer::Keyed(a, id, b) => pointer(&[a, &id.text(), b]),
            Pointer::Related(uri) => pointer(&["relatedTo", uri]),
        }
    }
}

/// A JSON pointer of `steps`, each escaped (`~` as `~0`, `/` as `~1`).
fn pointer(steps: &[&str]) -> String {
    let mut out = String::with_capacity(32);
    for (at, step) in steps.iter().enumerate() {
        if at > 0 {
            out.push('/');
        }
        for c in step.chars() {
            match c {
                '~' => out.push_str("~0"),
                '/' => out.push_str("~1"),
                c => out.push(c),
            }
        }
    }
    out
}

/// The vCard name and parameters kept for one converted pointer.
#[derive(Default)]
pub(super) struct Converted {
    pub name: Option<String>,
    pub params: params::Kept,
}

/// The card being built.
#[derive(Default)]
pub(super) struct State {
    pub card: Card,
    pub tracked: Vec<Tracked>,
    pub converted: BTreeMap<String, Converted>,
    pub properties: Vec<Value>,
    pub has_fn: bool,
    /// A `PROP-ID` named an entry: ids may collide from now on.
    pub named_ids: bool,
    pub has_n: bool,
    pub nicknames: Map<String, Value>,
    pub languages: Map<String, Value>,
    pub related: Map<String, Value>,
}

impl State {
    pub(super) fn with_capacity(entries: usize) -> State {
        State {
            card: Card::new(),
            tracked: Vec::with_capacity(entries),
            ..State::default()
        }
    }

    /// Notes that `entry` went to `target` under `id`, at `target/id/member`.
    pub(super) fn mapped(
        &mut self,
        entry: &mut Entry,
        target: Target,
        id: Id,
        member: &'static str,
    ) {
        self.tracked.push(Tracked {
            prop: entry.entry.name.clone(),
            target,
            group: entry.entry.group.clone(),
            id: id.clone(),
        });
        entry.converted(Pointer::Keyed(target.as_str(), id, member));
    }

    /// Files `value`, which `entry` became, as the next entry of its member (under the
    /// property's `PROP-ID`, `prop_id`, if it had one) and notes where it went.
    pub(super) fn add<T: Keyed>(&mut self, entry: &mut Entry, prop_id: Option<String>, value: T) {
        let id = self.next_id(prop_id, T::TARGET);
        T::map(&mut self.card).insert(id.text(), value);
        self.mapped(entry, T::TARGET, id, T::VALUE);
    }

    /// The id of the next entry of `target`, as calcard's `insert_named` chooses it: the
    /// `PROP-ID` if the property has one, else `k` and the entry's number; an id already
    /// taken gets `-` and that number after it (a second `TEL;PROP-ID=k1` is `k1-2`).
    pub(super) fn next_id(&mut self, prop_id: Option<String>, target: Target) -> Id {
        let card = &self.card;
        let (len, taken): (usize, &dyn Fn(&str) -> bool) = match target {
            Target::Phones => (card.phones.len(), &|k| card.phones.get(k).is_some()),
            Target::Emails => (card.emails.len(), &|k| card.emails.get(k).is_some()),
            Target::Links => (card.links.len(), &|k| card.links.get(k).is_some()),
            Target::OnlineServices => (card.online_services.len(), &|k| {
                card.online_services.get(k).is_some()
            }),
            Target::Media => (card.media.len(), &|k| card.media.get(k).is_some()),
            Target::Notes => (card.notes.len(), &|k| card.notes.get(k).is_some()),
            Target::Titles => (card.titles.len(), &|k| card.titles.get(k).is_some()),
            Target::Organizations => (card.organizations.len(), &|k| {
                card.organizations.get(k).is_some()
            }),
            Target::Anniversaries => (card.anniversaries.len(), &|k| {
                card.anniversaries.get(k).is_some()
            }),
            Target::Addresses => (card.addresses.len(), &|k| card.addresses.get(k).is_some()),
            Target::Nicknames => (self.nicknames.len(), &|k| self.nicknames.contains_key(k)),
            Target::PreferredLanguages => {
                (self.languages.len(), &|k| self.languages.contains_key(k))
            }
        };
        let number = len + 1;
        let id = match prop_id {
            Some(named) => Id::Named(named),
            None if !self.named_ids => return Id::K(number),
            None => Id::K(number),
        };
        let text = id.text();
        let id = if taken(&text) {
            Id::Named(format!("{text}-{number}"))
        } else {
            id
        };
        self.named_ids |= matches!(id, Id::Named(_));
        id
    }

    /// The id of the first `prop` mapped with `group`.
    pub(super) fn find(&self, prop: &VCardProperty, group: Option<&str>) -> Option<&Tracked> {
        self.tracked
            .iter()
            .find(|t| t.prop == *prop && t.group.as_deref() == group)
    }

    /// What is left of `entry` goes to the `vCard` member: its parameters under the pointer it
    /// was converted to, or, if nothing took it, the whole property as a jCard array.
    pub(super) fn add_conversion_props(&mut self, mut entry: Entry) {
        let default = params::default_type(&entry.entry.name);
        let group = entry.entry.group.take();
        let rest = std::mem::take(&mut entry.entry.params);
        let Some(to) = entry.converted_to.take() else {
            let mut kept = params::Kept::default();
            let value_type = kept.add(rest, group, default);
            self.properties
                .push(unknown_property(entry.entry, kept, value_type));
            return;
        };
        if !entry.map_name && rest.is_empty() && group.is_none() {
            return;
        }
        match self.converted.entry(to.render()) {
            Slot::Occupied(mut slot) => {
                slot.get_mut().params.add(rest, group, default);
            }
            Slot::Vacant(slot) => {
                let mut kept = params::Kept::default();
                if let Some(value_type) = kept.add(rest, group, default) {
                    let value_type = value_type.into_string().into_owned();
                    kept.push("value".to_owned(), Value::String(value_type));
                }
                if !kept.is_empty() || entry.map_name {
                    let name = entry
                        .map_name
                        .then(|| entry.entry.name.as_str().to_ascii_lowercase());
                    slot.insert(Converted { name, params: kept });
                }
            }
        }
    }

    /// The card, with its `vCard` member and the members this model keeps as JSON.
    pub(super) fn finish(mut self) -> Card {
        let vcard = &mut self.card.vcard;
        vcard.converted_properties = self
            .converted
            .into_iter()
            .map(|(path, c)| {
                let mut object = Map::new();
                if !c.params.is_empty() {
                    object.insert("parameters".into(), c.params.into_json());
                }
                if let Some(name) = c.name {
                    object.insert("name".into(), Value::String(name));
                }
                (path, Value::Object(object))
            })
            .collect();
        vcard.properties = self.properties;
        let extra = &mut self.card.extra;
        for (member, map) in [
            ("nicknames", self.nicknames),
            ("preferredLanguages", self.languages),
            ("relatedTo", self.related),
        ] {
            if !map.is_empty() {
                extra.insert(member.into(), Value::Object(map));
            }
        }
        self.card
    }
}

/// A property RFC 9555 has no member for, as `[name, parameters, type, value]`.
fn unknown_property(
    entry: VCardEntry,
    kept: params::Kept,
    value_type: Option<params::ValueType>,
) -> Value {
    let mut values: Vec<Value> = entry
        .values
        .into_iter()
        .map(|v| params::value_json(v, value_type.as_ref()))
        .collect();
    let value = if values.len() == 1 {
        values.remove(0)
    } else {
        Value::Array(values)
    };
    Value::Array(vec![
        Value::String(entry.name.as_str().to_ascii_lowercase()),
        kept.into_json(),
        Value::String(
            value_type.map_or_else(|| "unknown".into(), |t| t.into_string().into_owned()),
        ),
        value,
    ])
}
