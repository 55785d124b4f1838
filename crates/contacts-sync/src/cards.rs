//! Whole cards on their way to a side that stores cards: the parts that side does not store,
//! the photo policy, custom keys renamed, and the size a card is written at. Every part left
//! out is noted, so the report says per contact what was not carried.

use crate::{KeyMap, PhotoPolicy, Side};
use contacts_core::card::Card;
use contacts_core::{Capabilities, keys};

/// The note prefix of everything a side could not take.
pub(crate) const NOT_CARRIED: &str = "not carried: ";

/// `card` of side `from` made fit for the other side (`to`): custom keys renamed by the key
/// map, parts `to` does not store removed, the photo policy applied. The notes say what was
/// left out.
pub(crate) fn fit(
    mut card: Card,
    from: Side,
    to: &Capabilities,
    key_map: &KeyMap,
    photos: PhotoPolicy,
) -> (Card, Vec<String>) {
    let mut notes = Vec::new();
    rename_custom(&mut card, from, key_map, &mut notes);
    drop_unstorable_keys(&mut card, from, to, &mut notes);
    for part in to.unstored_parts(&card) {
        let before = card.beyond_flat();
        card.remove_part(part);
        let gone = gone_items(&before, &card);
        let what = if gone.is_empty() {
            part.as_str().to_owned()
        } else {
            gone.join(", ")
        };
        notes.push(format!(
            "{NOT_CARRIED}{what} (the {} does not store {})",
            from.other(),
            part.as_str()
        ));
    }
    apply_photo_policy(&mut card, photos, &mut notes);
    (card, notes)
}

/// What `before` (a card's [`Card::beyond_flat`]) lists that `card` no longer does.
fn gone_items(before: &[String], card: &Card) -> Vec<String> {
    let after = card.beyond_flat();
    before
        .iter()
        .filter(|item| !after.contains(item))
        .cloned()
        .collect()
}

/// Custom flat keys renamed as the key map says (well-known keys live in the card's
/// structure, not under a name, and are not renamed between cards). A key the map cannot
/// carry ([`KeyMap::rename`]), or whose new name the card holds already (a well-known key, left
/// in place), is removed and noted: nothing is overwritten.
fn rename_custom(card: &mut Card, from: Side, key_map: &KeyMap, notes: &mut Vec<String>) {
    let mut renamed = Vec::new();
    for (key, value) in card.flat_properties().iter() {
        if keys::ALL.contains(&key) {
            continue;
        }
        match key_map.rename(key, from) {
            Some(name) if name == key => continue,
            Some(name) => renamed.push((key.to_owned(), name.to_owned(), value.to_owned())),
            None => notes.push(KeyMap::not_carried(key, from)),
        }
        card.set_property(key, None);
    }
    // What the card holds once the renamed keys are out; each new name is given once
    // (`RenameMap` refuses a second), so setting one does not change what another finds.
    let held = card.flat_properties();
    for (key, name, value) in renamed {
        if held.get(&name).is_some() {
            notes.push(format!(
                "key {key:?} not carried: it is {name:?} on the {}, which the card holds \
                 already (--map); rename one of them",
                from.other()
            ));
        } else {
            card.set_property(&name, Some(&value));
        }
    }
}

/// Custom keys the other side cannot store (fixed keys) removed, noted as a flat sync notes
/// them.
fn drop_unstorable_keys(card: &mut Card, from: Side, to: &Capabilities, notes: &mut Vec<String>) {
    for key in card.flat_properties().keys() {
        if !to.keys.allows(key) && !keys::ALL.contains(&key) {
            card.set_property(key, None);
            notes.push(format!(
                "the {} cannot store key {key:?} (map it to one it can: {key}=KEY)",
                from.other()
            ));
        }
    }
}

/// Removes the photos `policy` leaves out, noting each.
fn apply_photo_policy(card: &mut Card, policy: PhotoPolicy, notes: &mut Vec<String>) {
    let leave_out = |inline: bool| match policy {
        PhotoPolicy::Keep => false,
        PhotoPolicy::Drop => true,
        PhotoPolicy::Link => inline,
    };
    let mut left_out = Vec::new();
    card.media.retain(|_, media| {
        let out = media.kind == "photo" && leave_out(media.is_inline());
        if out {
            let how = if media.is_inline() {
                "inline"
            } else {
                "linked"
            };
            left_out.push(format!("{NOT_CARRIED}{how} photo (--photos {policy})"));
        }
        !out
    });
    notes.extend(left_out);
}

/// Puts back into `card` the photos of `current` (the card it replaces) that `policy` leaves
/// out: a photo the sync does not carry is not removed either (a two-way sync with
/// `--photos drop` must not strip the photos of the side that has them).
pub(crate) fn keep_left_out(card: &mut Card, current: Option<&Card>, policy: PhotoPolicy) {
    let Some(current) = current else { return };
    for (id, media) in current.media.iter() {
        let governed = match policy {
            PhotoPolicy::Keep => false,
            PhotoPolicy::Drop => true,
            PhotoPolicy::Link => media.is_inline(),
        };
        if media.kind == "photo" && governed && card.media.get(id).is_none() {
            card.media.insert(id, media.clone());
        }
    }
}

/// The size of `card` as a vCard (the card's own version), in bytes.
///
/// # Errors
/// The card cannot be written as a vCard: why.
pub(crate) fn vcard_bytes(card: &Card) -> Result<usize, String> {
    contacts_formats::vcard::write(card, None)
        .map(|text| text.len())
        .map_err(|e| e.to_string())
}

/// Why `card` may not be written under `limit`: its vCard size is over it.
pub(crate) fn over_limit(card: &Card, limit: Option<usize>) -> Option<String> {
    let limit = limit?;
    match vcard_bytes(card) {
        Ok(size) if size > limit => Some(format!(
            "card of {} bytes is over --max-card-bytes {limit}; use --photos link or drop",
            thousands(size)
        )),
        Ok(_) => None,
        Err(e) => Some(format!(
            "the card cannot be written as a vCard to size it: {e}"
        )),
    }
}

/// `1234567` as `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Bytes a card holds in media and other large members, roughly: what a batch of cards
/// weighs in memory.
pub(crate) fn weight(card: &Card) -> usize {
    let media: usize = card.media.values().map(|m| m.uri.len()).sum();
    let notes: usize = card.notes.values().map(|n| n.note.len()).sum();
    1024 + media + notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::card::{CardPart, Organization, Title};

    /// `card` of the source fitted to a target declaring `to`, with no key map and photos
    /// kept.
    fn fit_to(card: Card, to: &Capabilities) -> (Card, Vec<String>) {
        fit(
            card,
            Side::Source,
            to,
            &KeyMap::default(),
            PhotoPolicy::Keep,
        )
    }

    #[test]
    fn titles_kept_without_their_organizations_link_to_none() {
        let mut card = Card::new();
        let org = Organization {
            name: Some("Engines & Co".into()),
            ..Organization::default()
        };
        card.organizations.insert("o1", org);
        let title = Title {
            name: "Analyst".into(),
            organization_id: Some("o1".into()),
            ..Title::default()
        };
        card.titles.insert("t1", title);
        let mut to = Capabilities::full();
        to.card_parts.retain(|p| *p != CardPart::Organizations);
        let (fitted, notes) = fit_to(card, &to);
        assert!(fitted.organizations.is_empty());
        let title = fitted.titles.get("t1").unwrap();
        assert_eq!(
            title.organization_id, None,
            "a link to a removed organization"
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].contains("does not store organizations"),
            "{notes:?}"
        );
    }

    #[test]
    fn keywords_are_not_carried_to_a_side_without_labels() {
        let mut card = Card::new();
        card.keywords.insert("VIP".into(), true);
        let mut to = Capabilities::full();
        to.labels = false;
        let (fitted, notes) = fit_to(card, &to);
        assert!(fitted.keywords.is_empty());
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].starts_with("not carried: keywords"), "{notes:?}");
    }

    #[test]
    fn sizes_read_with_thousands_separators() {
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
    }
}
