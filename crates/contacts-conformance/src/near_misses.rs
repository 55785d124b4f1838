//! Near collisions: a value with the values a careless adapter confuses with it.
//!
//! Real adapter bugs are conditional: a filter that matches prefixes, a comparison that folds
//! case or Unicode forms, a store that trims. Random values almost never sit next to each other
//! like that, so these strategies build them on purpose: a base value, one or more exact copies
//! of it, and near misses (case variants, prefixes, extensions, the other Unicode normal form,
//! whitespace variants). A check stores the whole family and asks for the base; only the exact
//! copies may answer.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use unicode_normalization::UnicodeNormalization;

/// Bases with something to confuse: composed letters (whose NFD form differs), mixed case,
/// a space inside.
const BASES: [&str; 8] = [
    "Zoë",
    "Ann",
    "Åsa Berg",
    "Müller",
    "VIP",
    "café",
    "O'Neil",
    "Nguyễn",
];

/// Second words, for bases with an inner space.
const SECOND: [&str; 3] = ["Berg", "Lena", "de la Cruz"];

/// A base value, how many contacts hold it exactly, and near misses of it (never equal to it,
/// never equal to each other).
#[derive(Debug, Clone)]
pub struct Family {
    /// The value asked for.
    pub base: String,
    /// How many contacts hold `base` exactly (1 or 2: a mass delete must take every one).
    pub copies: usize,
    /// Values that must not match `base`.
    pub near: Vec<String>,
}

impl Family {
    /// Every value of the family with whether it is an exact copy, copies first, each once
    /// per contact to create.
    pub fn values(&self) -> Vec<(String, bool)> {
        std::iter::repeat_n((self.base.clone(), true), self.copies)
            .chain(self.near.iter().map(|v| (v.clone(), false)))
            .collect()
    }
}

/// Every near miss of `base` this module knows, deduplicated and without `base` itself.
pub fn near_misses(base: &str) -> Vec<String> {
    let mut chars = base.chars();
    let first_flipped: String = match chars.next() {
        Some(c) if c.is_uppercase() => c.to_lowercase().chain(chars).collect(),
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    let shorter: String = {
        let n = base.chars().count();
        base.chars().take(n.saturating_sub(1)).collect()
    };
    let candidates = [
        base.to_lowercase(),
        base.to_uppercase(),
        first_flipped,
        shorter,
        format!("{base}a"),
        format!("{base} {base}"),
        base.nfd().collect(),
        base.nfc().collect(),
        format!(" {base}"),
        format!("{base} "),
        base.replace(' ', "  "),
    ];
    let mut out: Vec<String> = Vec::new();
    for candidate in candidates {
        if !candidate.is_empty() && candidate != base && !out.contains(&candidate) {
            out.push(candidate);
        }
    }
    out
}

/// A [`Family`] around one of a few tricky bases (composed letters, mixed case) or a generated
/// word: 1–2 exact copies and most of its near misses (each kept with probability 0.8). Shrinking drops near misses one by one, so a
/// failure shows the one or two values that matter.
pub fn family() -> SBoxedStrategy<Family> {
    let word = prop_oneof![
        3 => select(&BASES[..]).prop_map(str::to_owned),
        1 => "[A-Za-zåäöéü]{2,6}",
    ];
    // Half the bases have a second word, so values with inner spaces (and their doubled-space
    // near misses) come up in most runs.
    let base =
        (word, proptest::option::of(select(&SECOND[..]))).prop_map(|(w, second)| match second {
            Some(second) => format!("{w} {second}"),
            None => w,
        });
    base.prop_flat_map(|base| {
        let near = near_misses(&base);
        let keep = vec(proptest::bool::weighted(0.8), near.len());
        (Just(base), 1usize..=2, Just(near), keep)
    })
    .prop_map(|(base, copies, near, keep)| Family {
        base,
        copies,
        near: near
            .into_iter()
            .zip(keep)
            .filter_map(|(value, kept)| kept.then_some(value))
            .collect(),
    })
    .sboxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_distinct_from_the_base_and_each_other() {
        for base in BASES {
            let near = near_misses(base);
            assert!(!near.contains(&base.to_owned()), "{base}: {near:?}");
            let unique: std::collections::BTreeSet<_> = near.iter().collect();
            assert_eq!(unique.len(), near.len(), "{base}: {near:?}");
            assert!(near.len() >= 6, "{base} has enough near misses: {near:?}");
        }
    }

    #[test]
    fn composed_bases_have_their_other_normal_form_as_a_near_miss() {
        let near = near_misses("Zoë");
        assert!(near.contains(&"Zoe\u{308}".to_owned()), "{near:?}");
    }
}
