//! Comparing two cards part by part. A provider may renumber the ids of a card's entries (a
//! vCard has no ids; a store may number them itself), so entries are compared in order, and a
//! title's organisation is compared by the position of that organisation, not its id. The
//! failure names the part and the entry.

use contacts_core::card::{CUSTOM_PROPERTY_PREFIX, Card, CardPart, IdMap};
use serde::Serialize;
use serde_json::Value;

/// One entry of a part: where it was (its id, or member name) and what it holds.
type Entry = (String, Value);

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn entries<T: Serialize>(map: &IdMap<T>) -> Vec<Entry> {
    map.iter()
        .map(|(id, v)| (id.to_owned(), to_json(v)))
        .collect()
}

/// The titles, each naming its organisation by position (`organizations entry 1`), not id.
fn titles(card: &Card) -> Vec<Entry> {
    let position = |id: &str| card.organizations.keys().position(|k| k == id);
    card.titles
        .iter()
        .map(|(id, title)| {
            let mut value = to_json(title);
            if let (Some(org), Some(obj)) = (&title.organization_id, value.as_object_mut()) {
                let named = match position(org) {
                    Some(n) => format!("organizations entry {}", n + 1),
                    None => format!("no organization (id {org:?})"),
                };
                obj.insert("organizationId".into(), Value::String(named));
            }
            (id.to_owned(), value)
        })
        .collect()
}

/// Members of `extra` for which `keep` holds, by name.
fn members(card: &Card, keep: impl Fn(&str, &Value) -> bool) -> Vec<Entry> {
    let mut out: Vec<Entry> = card
        .extra
        .iter()
        .filter(|(k, v)| keep(k, v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn is_custom(member: &str, value: &Value) -> bool {
    member.starts_with(CUSTOM_PROPERTY_PREFIX) && value.is_string()
}

/// `value` without `isOrdered`: components are compared in order, so a provider that keeps
/// the order and marks it significant (a vCard `JSCOMPS` parameter reads back as
/// `isOrdered: true`, RFC 9555 §3.3.2) has lost nothing a person would see.
fn unflagged(mut value: Value) -> Value {
    if let Value::Object(object) = &mut value {
        object.remove("isOrdered");
    }
    value
}

/// The entries of `part` in `card`, in order.
fn part_entries(card: &Card, part: CardPart) -> Vec<Entry> {
    match part {
        CardPart::Name => card
            .name
            .iter()
            .map(|n| ("name".to_owned(), unflagged(to_json(n))))
            .collect(),
        CardPart::Phones => entries(&card.phones),
        CardPart::Emails => entries(&card.emails),
        CardPart::Addresses => entries(&card.addresses)
            .into_iter()
            .map(|(id, value)| (id, unflagged(value)))
            .collect(),
        CardPart::OnlineServices => entries(&card.online_services),
        CardPart::Organizations => entries(&card.organizations),
        CardPart::Titles => titles(card),
        CardPart::Notes => entries(&card.notes),
        CardPart::Anniversaries => entries(&card.anniversaries),
        CardPart::Media => entries(&card.media),
        CardPart::Links => entries(&card.links),
        CardPart::Keywords => card
            .keywords
            .iter()
            .map(|(k, on)| (k.clone(), Value::Bool(*on)))
            .collect(),
        // RFC 9555's `vCard` member is a vCard store's own bookkeeping, not compared.
        CardPart::Extensions => members(card, |k, v| !is_custom(k, v)),
    }
}

/// A value for a message, clipped so that a photo does not fill the screen.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(160) {
        Some((at, _)) => format!("{}… ({} characters)", &text[..at], text.chars().count()),
        None => text,
    }
}

/// The first difference between two lists of entries of the part called `part`.
/// `read` in the order of `wrote` when it kept every id (a CardDAV server may reorder the
/// properties one part is read from, e.g. `BDAY` and `ANNIVERSARY`, while `PROP-ID` keeps
/// their ids), else as read: ids may be renumbered, and then order is what pairs entries.
fn paired<'a>(wrote: &[Entry], read: &'a [Entry]) -> Vec<&'a Entry> {
    let by_id: Vec<&Entry> = wrote
        .iter()
        .filter_map(|(id, _)| read.iter().find(|(rid, _)| rid == id))
        .collect();
    if by_id.len() == wrote.len() && read.len() == wrote.len() {
        by_id
    } else {
        read.iter().collect()
    }
}

fn differ(part: &str, wrote: &[Entry], read: &[Entry]) -> Option<String> {
    let read_paired = paired(wrote, read);
    for (n, pair) in wrote.iter().zip(read_paired).enumerate() {
        let ((wid, w), (rid, r)) = pair;
        if w != r {
            return Some(format!(
                "{part} entry {} (written as {wid:?}, read as {rid:?}) differs: wrote {}, read {}",
                n + 1,
                shown(w),
                shown(r)
            ));
        }
    }
    let (w, r) = (wrote.len(), read.len());
    if w > r {
        let (id, lost) = &wrote[r];
        return Some(format!(
            "{part}: wrote {w} entries, read {r}; entry {} ({id:?}: {}) is missing",
            r + 1,
            shown(lost)
        ));
    }
    (r > w).then(|| {
        let (id, extra) = &read[w];
        format!(
            "{part}: wrote {w} entries, read {r}; entry {} ({id:?}: {}) was never written",
            w + 1,
            shown(extra)
        )
    })
}

/// The first difference between `wrote` and `read` in the parts `parts` and in the custom
/// flat properties the card holds, naming the part and the entry.
pub(crate) fn first_difference(wrote: &Card, read: &Card, parts: &[CardPart]) -> Option<String> {
    let custom = |card: &Card| members(card, is_custom);
    if let Some(found) = differ("custom properties", &custom(wrote), &custom(read)) {
        return Some(found);
    }
    parts.iter().find_map(|&part| {
        differ(
            part.as_str(),
            &part_entries(wrote, part),
            &part_entries(read, part),
        )
    })
}
