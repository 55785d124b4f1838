//! Generated contacts that stay within what a provider declares it can store.

use contacts_core::{Capabilities, ContactPatch, KeySupport, Labels, NewContact, Properties, keys};
use proptest::collection::{btree_map, btree_set, vec};
use proptest::prelude::*;
use proptest::sample::select;

/// Custom keys used for free-form providers, beside the well-known ones.
const CUSTOM_KEYS: [&str; 3] = ["note", "Custom Key", "x-ref"];

/// Values that break careless storage: combining marks, right-to-left text, emoji sequences,
/// spaces at the ends, quotes and separators, long text, then arbitrary Unicode.
pub fn tricky_value(max_chars: usize) -> SBoxedStrategy<String> {
    let long = max_chars.clamp(1, 300);
    prop_oneof![
        Just("e\u{301}".to_owned()),
        Just("\u{5e9}\u{5dc}\u{5d5}\u{5dd} \u{202b}mixed\u{202c}".to_owned()),
        Just("👩\u{200d}👩\u{200d}👧 🏳\u{fe0f}\u{200d}🌈".to_owned()),
        Just("  padded  ".to_owned()),
        Just("a,b;c\"d'e\\f".to_owned()),
        Just("Ω≈ç√∫˜µ≤≥÷".to_owned()),
        "[a-zA-Z0-9 ]{1,20}",
        "\\PC{1,24}",
        proptest::string::string_regex(&format!("[a-z]{{{long}}}")).expect("valid regex"),
    ]
    .prop_filter(
        "values are non-empty and within the declared length",
        move |v| !v.is_empty() && v.chars().count() <= max_chars.max(1),
    )
    .sboxed()
}

/// The keys generated for a provider.
pub fn keys_for(caps: &Capabilities) -> Vec<String> {
    match &caps.keys {
        KeySupport::FreeForm => keys::ALL
            .iter()
            .chain(&CUSTOM_KEYS)
            .map(|k| (*k).to_owned())
            .collect(),
        KeySupport::Fixed { keys } => keys.clone(),
    }
}

fn max_chars(caps: &Capabilities) -> usize {
    caps.max_value_chars.unwrap_or(300)
}

/// Labels to draw from.
const LABELS: [&str; 5] = ["VIP", "Sales", "Kund ✓", "a b", "Z"];

fn labels(caps: &Capabilities) -> SBoxedStrategy<Labels> {
    if caps.labels {
        btree_set(select(&LABELS[..]), 0..3)
            .prop_map(|s| s.into_iter().collect())
            .sboxed()
    } else {
        Just(Labels::new()).sboxed()
    }
}

/// A document within the provider's keys, with every required key set.
pub fn new_contact(caps: &Capabilities) -> SBoxedStrategy<NewContact> {
    let keys = keys_for(caps);
    let required = caps.required_keys.clone();
    let value = tricky_value(max_chars(caps));
    let req_values = vec(value.clone(), required.len()..=required.len());
    (
        btree_map(select(keys), value, 0..5),
        req_values,
        labels(caps),
    )
        .prop_map(move |(props, req, labels)| {
            let mut properties: Properties = props.into_iter().collect();
            for (key, value) in required.iter().zip(req) {
                properties.set(key.clone(), value);
            }
            NewContact {
                properties,
                labels,
                address_book: None,
                card: None,
            }
        })
        .sboxed()
}

/// A patch within the provider's keys that never removes a required key.
pub fn patch(caps: &Capabilities) -> SBoxedStrategy<ContactPatch> {
    let keys = keys_for(caps);
    let required = caps.required_keys.clone();
    let change = proptest::option::weighted(0.7, tricky_value(max_chars(caps)));
    (
        btree_map(select(keys), change, 0..4),
        labels(caps),
        labels(caps),
    )
        .prop_map(move |(changes, add, remove)| patch_of(changes, add, remove, &required))
        .sboxed()
}

/// A patch of `changes` (`None` removes) and label edits that never removes a key of
/// `required`.
pub(crate) fn patch_of(
    changes: impl IntoIterator<Item = (String, Option<String>)>,
    add: Labels,
    remove: Labels,
    required: &[String],
) -> ContactPatch {
    let mut patch = ContactPatch::new();
    for (key, value) in changes {
        patch = match value {
            Some(v) => patch.set(key, v),
            None if required.contains(&key) => patch,
            None => patch.remove(key),
        };
    }
    patch.add_labels = add;
    patch.remove_labels = remove;
    patch
}
