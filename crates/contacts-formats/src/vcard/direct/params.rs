//! vCard parameters: those RFC 9555 turns into card members (`TYPE` into contexts and
//! features, `PREF`, `LABEL`, `MEDIATYPE`, …), and the rest, kept for the `vCard` member.

use calcard::common::{IanaString, IanaType};
use calcard::vcard::{
    Jscomp, VCardParameter, VCardParameterName as P, VCardParameterValue, VCardProperty, VCardType,
    VCardValue, VCardValueType,
};
use compact_str::CompactString;
use contacts_core::card::Flags;
use serde_json::{Map, Value};
use smallvec::SmallVec;

/// A `VALUE` parameter's type.
pub(super) type ValueType = IanaType<VCardValueType, String>;

/// The `TYPE`s of a property: one or two in what address books write, held without an
/// allocation.
pub(super) type Types = SmallVec<[IanaType<VCardType, String>; 2]>;

/// The parameters a property's mapping takes (the first of each; every `TYPE`).
#[derive(Default)]
pub(super) struct Extracted {
    pub pref: Option<u32>,
    pub media_type: Option<String>,
    pub label: Option<String>,
    pub geo: Option<String>,
    pub tz: Option<String>,
    pub cc: Option<String>,
    pub service: Option<String>,
    pub user: Option<String>,
    pub sort_as: Option<String>,
    pub prop_id: Option<String>,
    pub types: Types,
    /// The last `JSCOMPS` (as calcard takes it).
    pub jscomps: Vec<Jscomp>,
}

/// Whether `name` is a parameter [`Extracted`] keeps as text (the first of its name).
fn is_text(name: &P) -> bool {
    matches!(
        name,
        P::Mediatype
            | P::Label
            | P::Geo
            | P::Tz
            | P::Cc
            | P::ServiceType
            | P::Username
            | P::SortAs
            | P::PropId
    )
}

impl Extracted {
    /// The slot of a parameter kept as text (one [`is_text`] names).
    fn text_slot(&mut self, name: &P) -> Option<&mut Option<String>> {
        Some(match name {
            P::Mediatype => &mut self.media_type,
            P::Label => &mut self.label,
            P::Geo => &mut self.geo,
            P::Tz => &mut self.tz,
            P::Cc => &mut self.cc,
            P::ServiceType => &mut self.service,
            P::Username => &mut self.user,
            P::SortAs => &mut self.sort_as,
            P::PropId => &mut self.prop_id,
            _ => return None,
        })
    }
}

/// Takes from `params` those named in `take` into [`Extracted`]; the others stay, in order,
/// where they are (the list is not rebuilt).
pub(super) fn extract(params: &mut Vec<VCardParameter>, take: &[P]) -> Extracted {
    let mut p = Extracted::default();
    if params.is_empty() {
        return p;
    }
    // Which text parameters were taken already (a later one of the same name stays), decided
    // as each is looked at, before it is taken.
    let mut seen: SmallVec<[P; 4]> = SmallVec::new();
    let mut pref_taken = false;
    let taken = params.extract_if(.., |param| {
        if !take.contains(&param.name) {
            return false;
        }
        match &param.name {
            P::Pref => {
                let take = !pref_taken;
                pref_taken |= matches!(param.value, VCardParameterValue::Integer(_));
                take
            }
            P::Type | P::Jscomps => true,
            name if is_text(name) => {
                let first = !seen.contains(name);
                if first {
                    seen.push(name.clone());
                }
                first
            }
            _ => false,
        }
    });
    for param in taken {
        match param.name {
            P::Pref => {
                p.pref = match param.value {
                    VCardParameterValue::Integer(n) => Some(n),
                    _ => None,
                }
            }
            P::Type => p.types.extend(param.value.into_type()),
            P::Jscomps => {
                if let Some(jscomps) = param.value.into_jscomps() {
                    p.jscomps = jscomps;
                }
            }
            name => {
                if let Some(slot) = p.text_slot(&name) {
                    *slot = Some(param.value.into_text().into_owned());
                }
            }
        }
    }
    p
}

/// `TYPE`s as contexts and, for a phone, features: `HOME` is the context `private`, `CELL`
/// the feature `mobile`. Names are lower-cased where they are held (no allocation for a
/// name of up to 24 bytes).
pub(super) fn flags(types: Types, phone: bool) -> (Flags, Flags) {
    let mut contexts = Flags::new();
    let mut features = Flags::new();
    for typ in types {
        let feature = phone
            && matches!(
                typ,
                IanaType::Iana(
                    VCardType::Fax
                        | VCardType::Cell
                        | VCardType::Video
                        | VCardType::Pager
                        | VCardType::Textphone
                        | VCardType::MainNumber
                        | VCardType::Text
                        | VCardType::Voice
                )
            );
        let key = match typ {
            IanaType::Iana(VCardType::Home) => CompactString::const_new("private"),
            IanaType::Iana(VCardType::Cell) => CompactString::const_new("mobile"),
            IanaType::Iana(known) => lower(known.as_str()),
            IanaType::Other(other) => lower(&other),
        };
        if feature {
            &mut features
        } else {
            &mut contexts
        }
        .insert(key, true);
    }
    (contexts, features)
}

/// `name` in lower case, made where it is held.
fn lower(name: &str) -> CompactString {
    let mut key = CompactString::from(name);
    key.make_ascii_lowercase();
    key
}

/// Contexts as the JSON object a member kept as JSON holds.
pub(super) fn flags_json(flags: Flags) -> Value {
    Value::Object(
        flags
            .into_iter()
            .map(|(k, v)| (k, Value::Bool(v)))
            .collect(),
    )
}

/// Parameters kept for the `vCard` member: lower-case name, values in order.
#[derive(Default)]
pub(super) struct Kept(Vec<(String, Vec<Value>)>);

impl Kept {
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds `value` under `name`.
    pub(super) fn push(&mut self, name: String, value: Value) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(value),
            None => self.0.push((name, vec![value])),
        }
    }

    /// Adds what is left of a property's parameters, and its group; returns its `VALUE` where
    /// that is not the property's default.
    pub(super) fn add(
        &mut self,
        params: Vec<VCardParameter>,
        group: Option<String>,
        default: VCardValueType,
    ) -> Option<ValueType> {
        if params.is_empty() && group.is_none() {
            return None;
        }
        let mut value_type = None;
        for param in params {
            if param.name == P::Value {
                if let Some(v) = param
                    .value
                    .into_value_type()
                    .filter(|v| !v.is_iana_and(|v| *v == default))
                {
                    value_type = Some(v);
                }
                continue;
            }
            let name = param.name.as_str().to_ascii_lowercase();
            self.push(name, Value::String(param.value.into_text().into_owned()));
        }
        if let Some(group) = group {
            let group = vec![Value::String(group)];
            match self.0.iter_mut().find(|(n, _)| n == "group") {
                Some((_, values)) => *values = group,
                None => self.0.push(("group".to_owned(), group)),
            }
        }
        value_type
    }

    /// As a JSON object: one value as itself, several as an array.
    pub(super) fn into_json(self) -> Value {
        let map: Map<String, Value> = self
            .0
            .into_iter()
            .map(|(name, mut values)| {
                let value = if values.len() == 1 {
                    values.remove(0)
                } else {
                    Value::Array(values)
                };
                (name, value)
            })
            .collect();
        Value::Object(map)
    }
}

/// A property's default value type: a `VALUE` naming it says nothing and is not kept.
pub(super) fn default_type(prop: &VCardProperty) -> VCardValueType {
    use VCardProperty as V;
    match prop {
        V::Photo | V::Impp | V::Geo | V::Logo | V::Url | V::Uid | V::Related | V::Sound => {
            VCardValueType::Uri
        }
        V::Bday | V::Anniversary | V::Deathdate => VCardValueType::DateAndOrTime,
        V::Tz => VCardValueType::UtcOffset,
        V::Rev => VCardValueType::Timestamp,
        _ => VCardValueType::Text,
    }
}

/// A value of a property kept whole, as jCard writes it.
pub(super) fn value_json(value: VCardValue, value_type: Option<&ValueType>) -> Value {
    match value {
        VCardValue::Text(v) => Value::String(v),
        VCardValue::Component(v) => Value::String(v.join(",")),
        VCardValue::Integer(v) => Value::from(v),
        VCardValue::Float(v) => Value::from(v),
        VCardValue::Boolean(v) => Value::Bool(v),
        VCardValue::PartialDateTime(v) => {
            let fmt =
                value_type
                    .and_then(IanaType::iana)
                    .unwrap_or(if v.has_date() && v.has_time() {
                        &VCardValueType::Timestamp
                    } else {
                        &VCardValueType::DateAndOrTime
                    });
            let mut out = String::new();
            let _ = v.format_as_vcard(&mut out, fmt);
            Value::String(out)
        }
        VCardValue::Binary(v) => Value::String(v.to_unwrapped_string()),
        VCardValue::Sex(v) => Value::String(v.as_str().to_owned()),
        VCardValue::GramGender(v) => Value::String(v.as_str().to_owned()),
        VCardValue::Kind(v) => Value::String(v.as_str().to_owned()),
    }
}
