//! What this provider does to vCard text itself, beside the workspace's one reader and writer
//! (`contacts_formats::vcard`): setting a resource's nested components aside before it is
//! read ([`nesting`]), and the line editor ([`lines`]) that applies a flat edit to a stored
//! card without re-serialising it.
//!
//! **Why a line editor.** A flat patch (`email` set, a label added) changes one or two
//! properties of a card another client wrote. Writing the whole card again through the
//! writer would be faithful in meaning but not in bytes: folding, parameter spelling, group
//! names, property order and the other client's quirks would all change, and every other
//! client would see a changed card. The editor rewrites only the content lines the flat view
//! reads (the preferred `TEL` and `EMAIL`, `N`, `FN`, the first `ORG`, `CATEGORIES`, the
//! `JSPROP` of a custom key) and writes every other line back byte for byte. What those lines
//! must say is the core's flat rules applied to the stored card ([`Card::apply_flat`]), so
//! the editor decides nothing about meaning; the edited text is read back and compared with
//! that card's flat view before anything is written.

use contacts_core::{Card, Error, Labels, Properties};

/// Refuses values a vCard cannot carry exactly: control characters other than tab and line
/// feed (a carriage return would come back as a line feed; the others are not allowed in
/// XML, so no server could send them back). Keys are checked too: a custom key is a `JSPROP`
/// parameter value.
pub(crate) fn check_values(properties: &Properties, labels: &Labels) -> Result<(), Error> {
    let bad = |v: &str| {
        v.chars()
            .any(|c| c.is_control() && c != '\t' && c != '\n' && (c as u32) < 0x20)
    };
    const WHY: &str = "a vCard cannot hold control characters other than tab and line feed";
    for (key, value) in properties.iter() {
        if bad(value) || bad(key) {
            return Err(Error::invalid(format!("properties.{key}"), WHY));
        }
    }
    if labels.iter().any(bad) {
        return Err(Error::invalid("labels", WHY));
    }
    Ok(())
}

/// What of the flat view `want` (properties and labels) the card `got` does not show as
/// given, named for an error (`None` when it shows exactly them).
pub(crate) fn differs(got: &Card, want: &Card) -> Option<String> {
    let (got_props, want_props) = (got.flat_properties(), want.flat_properties());
    let mut keys: Vec<&str> = got_props
        .keys()
        .chain(want_props.keys())
        .filter(|key| got_props.get(key) != want_props.get(key))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    if got.flat_labels() != want.flat_labels() {
        keys.push("labels");
    }
    (!keys.is_empty()).then(|| format!("it would read back with other {}", keys.join(", ")))
}

/// Repairs what the workspace's reader (calcard 0.3 under `contacts-formats`) gets wrong for
/// this provider's contract: labels it trimmed are read exactly from the `CATEGORIES` lines
/// ([`lines::exact_labels`]), which only the line reader here still has.
pub(crate) fn repair_read(text: &str, card: &mut Card) {
    if let Some(labels) = lines::exact_labels(text, &card.flat_labels()) {
        card.set_labels(&labels);
    }
}

mod lines;
pub(crate) mod nesting;
pub(crate) use lines::edit;

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::keys;

    #[test]
    fn control_characters_are_refused_in_values_keys_and_labels() {
        let labels = Labels::new();
        let props = Properties::new().with(keys::FIRST_NAME, "a\rb");
        assert!(matches!(
            check_values(&props, &labels),
            Err(Error::InvalidInput { .. })
        ));
        let props = Properties::new().with(keys::FIRST_NAME, "a\n\tb");
        assert!(check_values(&props, &labels).is_ok());
        let props = Properties::new().with("shoe\u{1}size", "42");
        assert!(matches!(
            check_values(&props, &labels),
            Err(Error::InvalidInput { ref field, .. }) if field == "properties.shoe\u{1}size"
        ));
        let labels: Labels = ["a\u{1}b"].into_iter().collect();
        assert!(matches!(
            check_values(&Properties::new(), &labels),
            Err(Error::InvalidInput { ref field, .. }) if field == "labels"
        ));
    }

    /// A department without a company, labels with spaces at their ends: through the writer
    /// and the reader with these repairs, the flat view is what was written.
    #[test]
    fn the_writer_and_reader_keep_a_lone_department_and_padded_labels() {
        let props = Properties::new().with(keys::DEPARTMENT, "  Sales ");
        let labels: Labels = ["Zoë ", " a", "b"].into_iter().collect();
        let card = Card::from_flat(&props, &labels);
        let text = contacts_formats::vcard::write(&card, None).unwrap();
        let mut back = contacts_formats::vcard::read_one(&text).unwrap().0;
        repair_read(&text, &mut back);
        assert_eq!(back.flat_properties(), props, "{text}");
        assert_eq!(back.flat_labels(), labels, "{text}");
        assert_eq!(back.organizations, card.organizations);
    }

    #[test]
    fn differs_names_every_key_and_the_labels_that_do_not_match() {
        let want = Card::from_flat(
            &Properties::new()
                .with(keys::PHONE_NUMBER, "+4681")
                .with("shoeSize", "42"),
            &["a"].into_iter().collect(),
        );
        assert_eq!(differs(&want, &want), None);
        let got = Card::from_flat(
            &Properties::new().with(keys::PHONE_NUMBER, "+4682"),
            &Labels::new(),
        );
        assert_eq!(
            differs(&got, &want).as_deref(),
            Some("it would read back with other phoneNumber, shoeSize, labels")
        );
    }
}
