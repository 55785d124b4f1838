//! What writing one side's contact to the other side means: the document to create, or the
//! patch that makes the other side's contact equal on everything both sides can store.

use crate::{KeyMap, Side};
use contacts_core::{Capabilities, Contact, ContactPatch, Labels, NewContact, Properties, keys};

/// The two sides' capabilities and the key map: everything a translation needs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Translation<'a> {
    /// The source's capabilities.
    pub(crate) source: &'a Capabilities,
    /// The target's capabilities.
    pub(crate) target: &'a Capabilities,
    /// Renamed keys.
    pub(crate) key_map: &'a KeyMap,
}

/// A contact of one side as the other side should hold it.
#[derive(Debug)]
pub(crate) struct Desired {
    /// The properties, named for the other side.
    pub(crate) properties: Properties,
    /// The labels, if the other side has labels.
    pub(crate) labels: Option<Labels>,
    /// What cannot be carried.
    pub(crate) notes: Vec<String>,
}

impl Translation<'_> {
    fn caps(&self, side: Side) -> &Capabilities {
        match side {
            Side::Source => self.source,
            Side::Target => self.target,
        }
    }

    /// `origin` (on `from`) as the other side should hold it; its number is written as
    /// `e164` (so a side that insists on E.164 accepts it) unless `keep_number` is given.
    pub(crate) fn desired(
        &self,
        origin: &Contact,
        from: Side,
        e164: Option<&str>,
        keep_number: Option<&str>,
    ) -> Desired {
        let to = from.other();
        let (mut properties, dropped) =
            self.key_map
                .translate(&origin.properties, from, self.caps(to));
        if let Some(number) = keep_number.or(e164) {
            properties.set(keys::PHONE_NUMBER, number);
        }
        let mut notes: Vec<String> = dropped
            .iter()
            .filter(|k| *k != keys::PHONE_NUMBER)
            .map(|k| format!("the {to} cannot store key {k:?} (map it to one it can: {k}=KEY)"))
            .collect();
        let labels = if self.caps(to).labels {
            self.caps(from).labels.then(|| origin.labels.clone())
        } else {
            if !origin.labels.is_empty() {
                let list: Vec<&str> = origin.labels.iter().collect();
                notes.push(format!(
                    "the {to} has no labels; not carried: {}",
                    list.join(", ")
                ));
            }
            None
        };
        Desired {
            properties,
            labels,
            notes,
        }
    }

    /// The document to create, and the notes.
    pub(crate) fn new_contact(desired: Desired) -> (NewContact, Vec<String>) {
        let contact = NewContact {
            properties: desired.properties,
            labels: desired.labels.unwrap_or_default(),
            address_book: None,
            card: None,
        };
        (contact, desired.notes)
    }

    /// The patch that makes `current` (on the side opposite `from`) hold `desired`. Keys the
    /// `from` side could have held but does not are removed; other keys are left alone.
    pub(crate) fn patch(&self, desired: &Desired, current: &Contact, from: Side) -> ContactPatch {
        let mut patch = ContactPatch::new();
        for (key, value) in desired.properties.iter() {
            if current.properties.get(key) != Some(value) {
                patch = patch.set(key, value);
            }
        }
        for key in current.properties.keys() {
            let back = self.key_map.rename(key, from.other());
            if !desired.properties.contains_key(key) && self.caps(from).keys.allows(back) {
                patch = patch.remove(key);
            }
        }
        if let Some(labels) = &desired.labels {
            for label in labels.iter().filter(|l| !current.labels.contains(l)) {
                patch = patch.add_label(label);
            }
            for label in current.labels.iter().filter(|l| !labels.contains(l)) {
                patch = patch.remove_label(label);
            }
        }
        patch
    }
}
