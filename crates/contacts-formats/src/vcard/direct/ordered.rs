//! `JSCOMPS` (RFC 9555 §2.3.2): the order of an `N`'s or `ADR`'s parts and the separators
//! between them, as this crate's writer puts on every address and on names whose order
//! matters. Read as calcard 0.3.14 reads it, so a card written here and read back (from a
//! file or a CardDAV server) takes the direct path.

use calcard::vcard::{Jscomp, VCardValue};

/// What `JSCOMPS` says of a property's parts.
#[derive(Default)]
pub(super) struct Ordered {
    /// The parts in the order it gives, separators among them (`kind` `separator`), when it
    /// is valid (every entry names a value the property has); `None` otherwise, and the parts
    /// are read in field order.
    pub components: Option<Vec<(&'static str, String)>>,
    /// Its first, leading separator, the name's or address's `defaultSeparator`.
    pub default_separator: Option<String>,
}

/// Reads `jscomps` against the property's `values`, whose fields are `kinds` by position.
pub(super) fn read(jscomps: Vec<Jscomp>, values: &[VCardValue], kinds: &[&'static str]) -> Ordered {
    let mut ordered = Ordered::default();
    if jscomps.is_empty() {
        return ordered;
    }
    let mut components = Vec::with_capacity(jscomps.len());
    let mut max_position = 0;
    for (at, jscomp) in jscomps.into_iter().enumerate() {
        match jscomp {
            Jscomp::Entry { position, value } => {
                let Some(found) = part(values, kinds, position, value) else {
                    return ordered;
                };
                max_position = max_position.max(position as usize);
                components.push(found);
            }
            Jscomp::Separator(separator) if separator.is_empty() => {}
            Jscomp::Separator(separator) if at > 0 => components.push(("separator", separator)),
            Jscomp::Separator(separator) => ordered.default_separator = Some(separator),
        }
    }
    if !components.is_empty() && max_position < values.len() {
        ordered.components = Some(components);
    }
    ordered
}

/// The value `value` of field `position`: a text field holds one (0), a list field many.
fn part(
    values: &[VCardValue],
    kinds: &[&'static str],
    position: u32,
    value: u32,
) -> Option<(&'static str, String)> {
    let kind = kinds.get(position as usize)?;
    let text = match values.get(position as usize)? {
        VCardValue::Text(text) if value == 0 => text,
        VCardValue::Component(list) => list.get(value as usize)?,
        _ => return None,
    };
    Some((kind, text.clone()))
}
