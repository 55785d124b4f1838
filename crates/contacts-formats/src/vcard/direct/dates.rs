//! `BDAY`, `ANNIVERSARY`, `DEATHDATE` and `REV`: dates as RFC 9553 `PartialDate`s or
//! `Timestamp`s.

use super::params::extract;
use super::state::{Entry, Pointer, State};
use calcard::common::PartialDateTime;
use calcard::vcard::{VCardProperty, VCardValue};
use contacts_core::card::{Anniversary, Extra};
use serde_json::{Map, Value};

pub(super) fn anniversary(state: &mut State, entry: &mut Entry) {
    let kind = match entry.entry.name {
        VCardProperty::Bday => "birth",
        VCardProperty::Anniversary => "wedding",
        _ => "death",
    };
    let Some(VCardValue::PartialDateTime(date)) = entry.entry.values.first() else {
        return;
    };
    let Some(date) = date_json(date) else { return };
    let anniversary = Anniversary {
        kind: kind.into(),
        date,
        extra: Extra::new(),
    };
    let p = extract(
        &mut entry.entry.params,
        &[calcard::vcard::VCardParameterName::PropId],
    );
    state.add(entry, p.prop_id, anniversary);
}

/// A date with a time is a `Timestamp`; one with any of year, month or day a `PartialDate`.
fn date_json(date: &PartialDateTime) -> Option<Value> {
    let mut object = Map::new();
    if let Some(timestamp) = date.to_timestamp() {
        object.insert("@type".into(), Value::String("Timestamp".into()));
        object.insert("utc".into(), Value::String(rfc3339(timestamp)));
        return Some(Value::Object(object));
    }
    if date.day.is_none() && date.month.is_none() && date.year.is_none() {
        return None;
    }
    object.insert("@type".into(), Value::String("PartialDate".into()));
    let parts = [("year", date.year), ("month", date.month.map(u16::from))];
    for (name, part) in parts.into_iter().chain([("day", date.day.map(u16::from))]) {
        if let Some(part) = part {
            object.insert(name.into(), Value::from(part));
        }
    }
    Some(Value::Object(object))
}

/// `REV`, the first one, if it is a timestamp.
pub(super) fn updated(state: &mut State, entry: &mut Entry) {
    if state.card.updated.is_some() {
        return;
    }
    let Some(VCardValue::PartialDateTime(date)) = entry.entry.values.first() else {
        return;
    };
    let Some(timestamp) = date.to_timestamp() else {
        return;
    };
    state.card.updated = Some(rfc3339(timestamp));
    entry.converted(Pointer::Member("updated"));
}

/// Seconds since 1970 as RFC 3339 UTC, as calcard writes a timestamp (through mail-parser's
/// `DateTime::from_timestamp`, whose civil-from-days algorithm this is, year kept to 16 bits).
pub(super) fn rfc3339(timestamp: i64) -> String {
    let (days, seconds) = (
        timestamp.div_euclid(86400) + 719_468,
        timestamp.rem_euclid(86400),
    );
    let era = if days >= 0 { days } else { days - 146_096 } / 146_097;
    let doe = (days - era * 146_097) as u64;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = (yoe as i64 + era * 400 + i64::from(month <= 2)) as u16;
    let (hour, minute, second) = (seconds / 3600, (seconds / 60) % 60, seconds % 60);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}
