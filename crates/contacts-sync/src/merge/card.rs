//! The merge of two cards, entry by entry: a flat view cannot tell a phone added on one side
//! from a note changed on the other (both are "the card changed"), so a pair of cards is merged
//! on the card itself, and the flat view is derived from the merged card afterwards.
//!
//! The card's base keeps, per top-level member (the name, the uid, each extension member), a
//! 64-bit hash of its value, and per entry of each multi-valued part (`phones/k2`,
//! `keywords/VIP`) the hash of that entry: the entry ids the base holds are the ids the pair
//! had, so an entry missing from the base was added since, and an entry in the base missing
//! from a side was removed there. Hashes only: no value, and no photo, goes into the state.

use super::{FieldMerge, Ways, decide};
use crate::hash::TextHash;
use crate::{ConflictPolicy, Side};
use contacts_core::card::{Card, IdMap};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

/// Members that only say who wrote the card and when: changed on both sides, the later value
/// is taken, never a conflict (every write may touch them).
const BOOKKEEPING: [&str; 2] = ["updated", "prodId"];

/// The base of a card, as the state keeps it (inside the pair's [`Base`](super::Base)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CardBase {
    /// Each top-level member that is not a multi-valued part: its value's hash, by name.
    #[serde(rename = "m", default)]
    members: BTreeMap<String, String>,
    /// Each entry of each multi-valued part: its value's hash, by `part/id`.
    #[serde(rename = "e", default)]
    entries: BTreeMap<String, String>,
}

/// The hash of a JSON value, its object members in sorted order (two systems writing the
/// same entry's members in another order still hash it alike): [`value_hash`](crate::hash::value_hash) of its
/// canonical text, streamed into the hash rather than built (a first sync hashes a few members
/// of every contact it creates; building the text cost ~4,500 instructions a member).
fn hash_value(value: &Value) -> String {
    let mut hash = TextHash::new();
    // Writing into the hash cannot fail.
    let _ = canonical(value, &mut hash);
    hash.finish()
}

/// `value` as JSON with every object's members sorted by name, written to `out`.
fn canonical(value: &Value, out: &mut impl Write) -> std::io::Result<()> {
    match value {
        Value::Object(map) => {
            out.write_all(b"{")?;
            if map.keys().is_sorted() {
                members_of(map.iter(), out)?;
            } else {
                let mut sorted: Vec<(&String, &Value)> = map.iter().collect();
                sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
                members_of(sorted.into_iter(), out)?;
            }
            out.write_all(b"}")
        }
        Value::Array(items) => {
            out.write_all(b"[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                canonical(item, out)?;
            }
            out.write_all(b"]")
        }
        other => serde_json::to_writer(out, other).map_err(std::io::Error::from),
    }
}

/// An object's members, in the order given, as [`canonical`] writes them.
fn members_of<'v>(
    members: impl Iterator<Item = (&'v String, &'v Value)>,
    out: &mut impl Write,
) -> std::io::Result<()> {
    for (i, (key, value)) in members.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, key.as_str()).map_err(std::io::Error::from)?;
        out.write_all(b":")?;
        canonical(value, out)?;
    }
    Ok(())
}

/// The top-level members of `card` that are not multi-valued parts, as JSON (the parts are
/// left out before serialising, so a photo is never copied here).
fn members(card: &Card) -> serde_json::Map<String, Value> {
    let bare = Card {
        card_type: card.card_type,
        version: card.version.clone(),
        uid: card.uid.clone(),
        kind: card.kind.clone(),
        updated: card.updated.clone(),
        prod_id: card.prod_id.clone(),
        name: card.name.clone(),
        vcard: card.vcard.clone(),
        extra: card.extra.clone(),
        ..Card::default()
    };
    match serde_json::to_value(bare) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    }
}

/// Calls a macro once per multi-valued part of a card: its JSON name and its field.
macro_rules! for_each_part {
    ($m:ident, $($args:tt)*) => {
        $m!("organizations", organizations, $($args)*);
        $m!("titles", titles, $($args)*);
        $m!("phones", phones, $($args)*);
        $m!("emails", emails, $($args)*);
        $m!("addresses", addresses, $($args)*);
        $m!("onlineServices", online_services, $($args)*);
        $m!("notes", notes, $($args)*);
        $m!("anniversaries", anniversaries, $($args)*);
        $m!("media", media, $($args)*);
        $m!("links", links, $($args)*);
    };
}

/// The keywords as entries (`keywords/NAME`), so labels merge as the other parts do.
fn keywords(card: &Card) -> IdMap<bool> {
    card.keywords.iter().map(|(k, v)| (k.clone(), *v)).collect()
}

impl CardBase {
    /// The base of `card`.
    pub(crate) fn of(card: &Card) -> Self {
        let mut base = Self {
            members: members(card)
                .into_iter()
                .map(|(name, value)| {
                    let hash = hash_value(&value);
                    (name, hash)
                })
                .collect(),
            entries: BTreeMap::new(),
        };
        macro_rules! record {
            ($name:literal, $field:ident, $card:ident, $base:ident) => {
                $base.record($name, &$card.$field);
            };
        }
        for_each_part!(record, card, base);
        base.record("keywords", &keywords(card));
        base
    }

    /// Records every entry of `part`.
    fn record<T: Serialize>(&mut self, part: &str, map: &IdMap<T>) {
        for (id, entry) in map.iter() {
            let value = serde_json::to_value(entry).unwrap_or(Value::Null);
            let mut key = String::with_capacity(part.len() + 1 + id.len());
            key.push_str(part);
            key.push('/');
            key.push_str(id);
            self.entries.insert(key, hash_value(&value));
        }
    }
}

/// The outcome of [`merge_cards`].
#[derive(Debug)]
pub(crate) struct CardMerged {
    /// The card both sides hold afterwards (as the target names things).
    pub(crate) card: Card,
    /// Every member and entry that changed on some side.
    pub(crate) fields: Vec<FieldMerge>,
    /// Members and entries changed differently on both sides that nothing resolved.
    pub(crate) unresolved: usize,
}

/// An entry added on both sides under one id, with different content.
struct Apart {
    /// `part/id`.
    field: String,
    /// The source's entry.
    source: Value,
    /// The target's entry.
    target: Value,
    /// The side whose entry moves to a new id.
    moved: Side,
    /// The entry kept under the id.
    kept: Value,
}

/// What a merge of one card needs besides the cards.
struct Merging<'a> {
    base: &'a CardBase,
    choose: &'a dyn Fn(&str) -> Option<Side>,
    policy: ConflictPolicy,
    fields: Vec<FieldMerge>,
    unresolved: usize,
}

/// The merge of `source` (fitted to the target: its naming, its parts) and `target` against
/// `base`; `choose` gives a resolution for a member or entry (`phones/k2`), if one was given.
/// `None`: the merged members do not make a card (not met in practice; the caller falls back
/// to the flat view).
pub(crate) fn merge_cards(
    base: &CardBase,
    source: &Card,
    target: &Card,
    choose: &dyn Fn(&str) -> Option<Side>,
    policy: ConflictPolicy,
) -> Option<CardMerged> {
    let mut merging = Merging {
        base,
        choose,
        policy,
        fields: Vec::new(),
        unresolved: 0,
    };
    let mut card: Card = serde_json::from_value(Value::Object(
        merging.members(&members(source), &members(target)),
    ))
    .ok()?;
    macro_rules! part {
        ($name:literal, $field:ident, $merging:ident, $card:ident) => {
            $card.$field = $merging.entries($name, &source.$field, &target.$field);
        };
    }
    for_each_part!(part, merging, card);
    card.keywords = merging
        .entries("keywords", &keywords(source), &keywords(target))
        .iter()
        .map(|(k, v)| (k.to_owned(), *v))
        .collect();
    Some(CardMerged {
        card,
        fields: merging.fields,
        unresolved: merging.unresolved,
    })
}

/// The entry `id` of one side's part.
fn find<'v>(side: &'v [(String, Value)], id: &str) -> Option<&'v Value> {
    side.iter().find(|(k, _)| k == id).map(|(_, v)| v)
}

/// A value for the plan to show: a text as it is, an entry by its main text (the number, the
/// address, the note), else its JSON; cut short (a photo is not printed whole).
fn shown(value: &Value) -> String {
    const MAIN: [&str; 8] = [
        "number", "address", "note", "name", "full", "uri", "user", "kind",
    ];
    let text = match value {
        Value::String(text) => text.clone(),
        Value::Object(map) => MAIN
            .iter()
            .find_map(|key| map.get(*key).and_then(Value::as_str))
            .map_or_else(|| value.to_string(), str::to_owned),
        Value::Bool(true) => "present".to_owned(),
        other => other.to_string(),
    };
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

impl Merging<'_> {
    /// Whether `value` is what the base recorded under `hash` (none: absent).
    fn as_base(hash: Option<&String>, value: Option<&Value>) -> bool {
        match (hash, value) {
            (None, None) => true,
            (Some(hash), Some(value)) => *hash == hash_value(value),
            _ => false,
        }
    }

    /// The top-level members that are not multi-valued parts, merged one by one.
    fn members(
        &mut self,
        source: &serde_json::Map<String, Value>,
        target: &serde_json::Map<String, Value>,
    ) -> serde_json::Map<String, Value> {
        let names: BTreeSet<&String> = source
            .keys()
            .chain(target.keys())
            .chain(self.base.members.keys())
            .collect();
        let mut out = serde_json::Map::new();
        for name in names {
            let (s, t) = (source.get(name), target.get(name));
            let hash = self.base.members.get(name);
            let ways = Ways {
                source_as_base: Self::as_base(hash, s),
                target_as_base: Self::as_base(hash, t),
                chosen: (self.choose)(name),
                policy: self.policy,
            };
            let (rule, result) = match decide(s, t, &ways) {
                (_, None) if BOOKKEEPING.contains(&name.as_str()) => {
                    let later = match s.and_then(Value::as_str) >= t.and_then(Value::as_str) {
                        true => s,
                        false => t,
                    };
                    ("changed on both; the later kept", Some(later))
                }
                decided => decided,
            };
            self.unresolved += ways.note(name, (s, t), (rule, result), shown, &mut self.fields);
            if let Some(value) = result.flatten() {
                out.insert(name.clone(), value.clone());
            }
        }
        out
    }

    /// The entries of one part merged one by one: the target's order, then the entries only
    /// the source has, in its order.
    fn entries<T>(&mut self, part: &str, source: &IdMap<T>, target: &IdMap<T>) -> IdMap<T>
    where
        T: Serialize + for<'de> Deserialize<'de>,
    {
        let json = |map: &IdMap<T>| -> Vec<(String, Value)> {
            map.iter()
                .map(|(id, e)| {
                    (
                        id.to_owned(),
                        serde_json::to_value(e).unwrap_or(Value::Null),
                    )
                })
                .collect()
        };
        let (s, t) = (json(source), json(target));
        let merged = self.entry_values(part, &s, &t);
        merged
            .into_iter()
            .filter_map(|(id, value)| Some((id, serde_json::from_value(value).ok()?)))
            .collect()
    }

    /// [`Merging::entries`] over JSON values.
    fn entry_values(
        &mut self,
        part: &str,
        source: &[(String, Value)],
        target: &[(String, Value)],
    ) -> Vec<(String, Value)> {
        let prefix = format!("{part}/");
        let in_base: Vec<&str> = (self.base.entries.range(prefix.clone()..))
            .take_while(|(key, _)| key.starts_with(&prefix))
            .map(|(key, _)| &key[prefix.len()..])
            .collect();
        let mut ids: Vec<&str> = target.iter().map(|(id, _)| id.as_str()).collect();
        for id in source.iter().map(|(id, _)| id.as_str()).chain(in_base) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let mut out: Vec<(String, Value)> = Vec::new();
        let mut added_apart = Vec::new();
        for id in &ids {
            let (s, t) = (find(source, id), find(target, id));
            let field = format!("{prefix}{id}");
            let hash = self.base.entries.get(&field);
            let ways = Ways {
                source_as_base: Self::as_base(hash, s),
                target_as_base: Self::as_base(hash, t),
                chosen: (self.choose)(&field),
                policy: self.policy,
            };
            if let (None, Some(s), Some(t)) = (hash, s, t)
                && s != t
            {
                // Added on both sides under one id, with different content: both kept, the
                // one the policy (or a resolution) favours under the id, in its place.
                let source_first = match (ways.chosen, ways.policy) {
                    (Some(side), _) => side == Side::Source,
                    (None, policy) => policy == ConflictPolicy::SourceWins,
                };
                let (kept, moved) = match source_first {
                    true => ((s, Side::Source), (t, Side::Target)),
                    false => ((t, Side::Target), (s, Side::Source)),
                };
                out.push(((*id).to_owned(), kept.0.clone()));
                added_apart.push(Apart {
                    field,
                    source: s.clone(),
                    target: t.clone(),
                    moved: moved.1,
                    kept: kept.0.clone(),
                });
                continue;
            }
            let (rule, result) = decide(s, t, &ways);
            self.unresolved += ways.note(&field, (s, t), (rule, result), shown, &mut self.fields);
            if let Some(value) = result.flatten() {
                out.push(((*id).to_owned(), value.clone()));
            }
        }
        self.keep_both(&prefix, &ids, added_apart, &mut out);
        out
    }

    /// Entries added on both sides under one id with different content: the one not kept
    /// under the id is added under a new one (unless the other side added the same content
    /// under another id).
    fn keep_both(
        &mut self,
        prefix: &str,
        ids: &[&str],
        added: Vec<Apart>,
        out: &mut Vec<(String, Value)>,
    ) {
        for apart in added {
            let id = &apart.field[prefix.len()..];
            let value = match apart.moved {
                Side::Source => &apart.source,
                Side::Target => &apart.target,
            };
            let rule = if out.iter().any(|(_, v)| v == value) {
                format!(
                    "added on both sides under one id; the {}'s already held",
                    apart.moved
                )
            } else {
                let stem = id.trim_end_matches(|c: char| c.is_ascii_digit());
                let taken = |new: &str| {
                    ids.contains(&new)
                        || out.iter().any(|(k, _)| k == new)
                        || self.base.entries.contains_key(&format!("{prefix}{new}"))
                };
                let new = (2..)
                    .map(|n| format!("{stem}{n}"))
                    .find(|new| !taken(new))
                    .unwrap_or_else(|| format!("{id}-{}", apart.moved));
                out.push((new.clone(), value.clone()));
                format!(
                    "added on both sides under one id; both kept, the {}'s as {new}",
                    apart.moved
                )
            };
            self.fields.push(FieldMerge {
                field: apart.field,
                changed_on: "both".to_owned(),
                source: Some(shown(&apart.source)),
                target: Some(shown(&apart.target)),
                result: Some(shown(&apart.kept)),
                rule,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::value_hash;
    use serde_json::json;

    /// Bases already in state files were hashed from the canonical text built whole: the
    /// streamed hash must give exactly the same value (sorted members, no spaces, serde_json's
    /// escapes and numbers), or every pair changed on both sides would look like a conflict.
    #[test]
    fn a_value_hashes_as_its_canonical_text() {
        let value = json!({
            "phones": {"k2": {"number": "+46 70-123 45 67", "features": {"voice": true}}},
            "name": {"components": [{"kind": "given", "value": "Å \"Ada\"\n"}], "isOrdered": false},
            "@type": "Card",
            "n": [1, -2, 2.5, null]
        });
        let text = r#"{"@type":"Card","n":[1,-2,2.5,null],"name":{"components":[{"kind":"given","value":"Å \"Ada\"\n"}],"isOrdered":false},"phones":{"k2":{"features":{"voice":true},"number":"+46 70-123 45 67"}}}"#;
        assert_eq!(hash_value(&value), value_hash(text));
        assert_ne!(
            hash_value(&json!({"a": "b"})),
            hash_value(&json!({"a": "c"}))
        );
    }
}
