//! vCard parameters: those RFC 9555 turns into card members (`TYPE` into contexts and
//! features, `PREF`, `LABEL`, `MEDIATYPE`, …), and the rest, kept for the `vCard` member.

use calcard::common::{IanaString, IanaType};
use calcard::vcard::{
    Jscomp, VCardParameter, VCardParameterName as P, VCardParameterValue, VCardProperty, VCardType,
    VCardValue, VCardValueType,
};
use contacts_core::card::Flags;
use serde_json::{Map, Value};

/// A `VALUE` parameter's type.
pub(super) type ValueType = IanaType<VCardValueType, String>;

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
    pub types: Vec<IanaType<VCardType, String>>,
    /// The last `JSCOMPS` (as calcard takes it).
    pub jscomps: Vec<Jscomp>,
}

/// Takes from `params` those named in `take` into [`Extracted`]; the others stay, in order.
pub(super) fn extract(params: &mut Vec<VCardParameter>, take: &[P]) -> Extracted {
    let mut p = Extracted::default();
    if params.is_empty() {
        return p;
    }
    for param in std::mem::take(params) {
        if !take.contains(&param.name) {
            params.push(param);
            continue;
        }
        let slot = match &param.name {
            P::Pref if p.pref.is_none() => {
                p.pref = match param.value {
                    VCardParameterValue::Integer(n) => Some(n),
                    _ => None,
                };
                continue;
            }
            P::Type => {
                p.types.extend(param.value.into_type());
                continue;
            }
            P::Jscomps => {
                if let Some(jscomps) = param.value.into_jscomps() {
                    p.jscomps = jscomps;
                }
                continue;
            }
            P::Mediatype => &mut p.media_type,
            P::Label => &mut p.label,
            P::Geo => &mut p.geo,
            P::Tz => &mut p.tz,
            P::Cc => &mut p.cc,
            P::ServiceType => &mut p.service,
            P::Username => &mut p.user,
            P::SortAs => &mut p.sort_as,
            P::PropId => &mut p.prop_id,
            _ => {
                params.push(param);
                continue;
            }
        };
        if slot.is_none() {
            *slot = Some(param.value.into_text().into_owned());
        } else {
            params.push(param);
        }
    }
    p
}

/// `TYPE`s as contexts and, for a phone, features: `HOME` is the context `private`, `CELL`
/// the feature `mobile`.
pub(super) fn flags(types: Vec<IanaType<VCardType, String>>, phone: bool) -> (Flags, Flags) {
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
            IanaType::Iana(VCardType::Home) => "private".to_owned(),
            IanaType::Iana(VCardType::Cell) => "mobile".to_owned(),
            other => other.into_string().to_ascii_lowercase(),
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
