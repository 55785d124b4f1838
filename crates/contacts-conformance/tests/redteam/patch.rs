//! Bugs of partial updates.

use super::Bug;
use super::adapter::hook;
use super::support::{Store, full};
use contacts_core::{
    Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactQuery, GetOptions,
    Labels, NewContact, Page, PageToken, Result, keys,
};
use std::collections::BTreeSet;
use std::sync::Mutex;

/// The property part of a patch alone.
fn properties_only(x: &ContactPatch) -> ContactPatch {
    ContactPatch {
        properties: x.properties.clone(),
        ..ContactPatch::new()
    }
}

/// The label part of a patch alone.
fn labels_only(x: &ContactPatch) -> ContactPatch {
    ContactPatch {
        add_labels: x.add_labels.clone(),
        remove_labels: x.remove_labels.clone(),
        ..ContactPatch::new()
    }
}

hook! {
    /// Meant to PATCH the properties and then call the label endpoints; the author returned the
    /// answer of the PATCH, taken before the labels changed, so the returned contact shows the old
    /// labels although the stored one is right.
    struct ReturnsBeforeLabelCalls;
    bug update_returns_labels_before_change over full();
    breaks "provider.rs, update: \"Applies a partial update and returns the contact \
            afterwards.\"";
    when "a patch that sets properties and changes labels";

    async fn update(&self, p: &Store, id: &ContactId, x: &ContactPatch) -> Result<Contact> {
        let labels = labels_only(x);
        if x.properties.is_empty() || labels.is_empty() {
            return p.update(id, x).await;
        }
        let answer = p.update(id, &properties_only(x)).await?;
        p.update(id, &labels).await?;
        Ok(answer)
    }
}

hook! {
    /// Meant to send sets as a PATCH body and removals as `DELETE /fields/{key}`; when a patch
    /// has both, the author's `if sets { patch } else if removals { delete }` sends only the sets.
    struct RemovalsDroppedWithSets;
    bug patch_removals_dropped_with_sets over full();
    breaks "DESIGN.md, The contract, update: \"three states per key — absent = \
            untouched, `null` = removed, value = set\"";
    when "a patch that both sets and removes keys";

    async fn update(&self, p: &Store, id: &ContactId, x: &ContactPatch) -> Result<Contact> {
        let sets = x.properties.values().any(Option::is_some);
        let mut x = x.clone();
        if sets {
            x.properties.retain(|_, v| v.is_some());
        }
        p.update(id, &x).await
    }
}

hook! {
    /// Meant to remove a label the only way the vendor allows, by PUTting the whole document; the
    /// author built that document from the patch instead of the stored contact, so every property
    /// the patch does not mention is wiped.
    struct LabelRemovalPutsPatchOnly;
    bug label_removal_wipes_other_properties over full();
    breaks "DESIGN.md, The contract, update: \"absent = untouched\"; architecture.md: \
            \"label add/remove leaves other labels alone\"";
    when "a patch removing a label from a contact with properties the patch omits";

    async fn update(&self, p: &Store, id: &ContactId, x: &ContactPatch) -> Result<Contact> {
        if x.remove_labels.is_empty() {
            return p.update(id, x).await;
        }
        let stored = p.get(id, &GetOptions::default()).await?;
        let mut labels = stored.labels.clone();
        labels.extend(x.add_labels.iter());
        for l in &x.remove_labels {
            labels.remove(l);
        }
        let mut doc = NewContact {
            labels,
            address_book: stored.address_book.clone(),
            ..NewContact::new()
        };
        for (k, v) in &x.properties {
            if let Some(v) = v {
                doc.properties.set(k.clone(), v.clone());
            }
        }
        p.replace(id, &doc).await
    }
}

hook! {
    /// Meant to skip empty strings when serialising a patch ("don't send blanks"); a key set to
    /// `""` should be removed, but the adapter leaves it untouched.
    struct EmptyStringLeftUntouched;
    bug patch_empty_string_left_untouched over full();
    breaks "DESIGN.md, Values: \"an empty string is no value: writing \\\"\\\" stores \
            nothing\"; patch.rs: \"Setting \\\"\\\" removes\"";
    when "a patch setting a key to the empty string";

    async fn update(&self, p: &Store, id: &ContactId, x: &ContactPatch) -> Result<Contact> {
        let mut x = x.clone();
        x.properties.retain(|_, v| v.as_deref() != Some(""));
        p.update(id, &x).await
    }
}

hook! {
    /// Meant to apply label additions and removals; the author sends the removals first and the
    /// additions second, so a label in both sets ends up present instead of removed.
    struct RemovesBeforeAdding;
    bug label_added_and_removed_stays over full();
    breaks "patch.rs, apply_to (the reference semantics every provider must reproduce): \
            \"a label in both sets ends up removed\"";
    when "the same label both added and removed in one patch";

    async fn update(&self, p: &Store, id: &ContactId, x: &ContactPatch) -> Result<Contact> {
        if !x.add_labels.iter().any(|l| x.remove_labels.contains(l)) {
            return p.update(id, x).await;
        }
        let first = ContactPatch {
            add_labels: Labels::new(),
            ..x.clone()
        };
        p.update(id, &first).await?;
        let second = ContactPatch {
            add_labels: x.add_labels.clone(),
            ..ContactPatch::new()
        };
        p.update(id, &second).await
    }
}

hook! {
    /// Meant to clean up form input in the patch builder; it trims every value it sets, so
    /// leading and trailing whitespace written through `update` is lost (create keeps it).
    struct PatchTrimsValues;
    bug patch_trims_values over full();
    breaks "DESIGN.md, Values: \"Leading and trailing whitespace is kept exactly.\"";
    when "a value with leading or trailing whitespace written by update";

    async fn update(&self, p: &Store, id: &ContactId, x: &ContactPatch) -> Result<Contact> {
        let mut x = x.clone();
        for value in x.properties.values_mut().flatten() {
            *value = value.trim().to_owned();
        }
        p.update(id, &x).await
    }
}

/// A reference store whose contacts must have a phone number, as a telephony vendor's do.
fn phone_required() -> Capabilities {
    let mut caps = full();
    caps.required_keys = vec![keys::PHONE_NUMBER.to_owned()];
    caps
}

hook! {
    /// Meant to refuse, before sending a patch, what would leave the vendor's required columns
    /// empty; the author's check refuses a required key set to `null` only and sends `""` as
    /// given. The vendor stores the empty column, which reads back as no value: the contact
    /// has lost its required key.
    struct BlankRequiredKeyWritten {
        /// The (contact, required key) pairs whose column the vendor holds empty.
        blanked: Mutex<BTreeSet<(ContactId, String)>>,
    }
    bug patch_blank_removes_required_key over phone_required();
    breaks "capabilities.rs, required_keys: \"a create or replace without one, or a patch \
            removing one, is `InvalidInput`\"; patch.rs: \"Setting \\\"\\\" removes, \
            because an empty string is no value\"";
    when "a patch setting a required key to the empty string";

    async fn update(&self, p: &Store, id: &ContactId, x: &ContactPatch) -> Result<Contact> {
        let required = &p.capabilities().required_keys;
        let blank = |key: &String| {
            required.contains(key) && x.properties[key].as_deref() == Some("")
        };
        let mut sent = x.clone();
        sent.properties.retain(|key, _| !blank(key));
        let updated = p.update(id, &sent).await?;
        let mut blanked = self.blanked.lock().expect("not poisoned");
        for key in x.properties.keys() {
            let pair = (id.clone(), key.clone());
            if blank(key) {
                blanked.insert(pair);
            } else {
                blanked.remove(&pair);
            }
        }
        Ok(shown(&blanked, updated))
    }

    async fn get(&self, p: &Store, id: &ContactId, o: &GetOptions) -> Result<Contact> {
        let got = p.get(id, o).await?;
        Ok(shown(&self.blanked.lock().expect("not poisoned"), got))
    }

    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        let mut page = p.list_page(q, t).await?;
        let blanked = self.blanked.lock().expect("not poisoned");
        page.items = page.items.into_iter().map(|c| shown(&blanked, c)).collect();
        Ok(page)
    }

    async fn replace(&self, p: &Store, id: &ContactId, c: &NewContact) -> Result<Contact> {
        let replaced = p.replace(id, c).await?;
        self.blanked.lock().expect("not poisoned").retain(|(of, _)| of != id);
        Ok(replaced)
    }
}

/// `contact` as the vendor reads it back: the columns it holds empty have no value.
fn shown(blanked: &BTreeSet<(ContactId, String)>, mut contact: Contact) -> Contact {
    for (_, key) in blanked.iter().filter(|(id, _)| *id == contact.id) {
        contact.properties.remove(key);
    }
    contact
}

/// The patch bugs.
pub fn bugs() -> Vec<Bug> {
    vec![
        ReturnsBeforeLabelCalls::bug(),
        RemovalsDroppedWithSets::bug(),
        LabelRemovalPutsPatchOnly::bug(),
        EmptyStringLeftUntouched::bug(),
        RemovesBeforeAdding::bug(),
        PatchTrimsValues::bug(),
        BlankRequiredKeyWritten::bug(),
    ]
}
