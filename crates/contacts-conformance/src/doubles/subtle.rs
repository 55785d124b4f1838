//! Conditional doubles: adapters that are right for almost every input and wrong only for
//! some data or some sequences — the bugs real adapters have. Each [`Subtle`] flaw passes every
//! check but the one meant for it (the crate's self-test runs the whole suite on each).

use contacts_core::{
    Capabilities, Contact, ContactFilter, ContactId, ContactProviderExt, ContactQuery,
    InMemoryProvider, Result,
};
use futures::TryStreamExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use unicode_normalization::UnicodeNormalization;

super::flaw::flaws! {
    /// A rule a [`Conditional`] provider breaks only for some data or some sequences; its
    /// `caught_by` check fails it and every other check passes it.
    Subtle;
    /// A create after a delete hands out the deleted contact's id.
    IdsReusedAfterDelete => "ids_never_reused",
    /// Identical documents in one batch are stored once (the result names it twice).
    IdenticalBatchItemsMerged => "identical_documents_distinct",
    /// A document identical to a stored contact answers that contact instead of a new one.
    IdenticalDocumentsUpserted => "identical_documents_distinct",
    /// A property filter matches every value starting with the one asked for.
    PropertyFilterMatchesPrefix => "property_filter_whole_value",
    /// A property filter compares NFC forms, so `e` + combining accent matches `é`.
    PropertyFilterNormalises => "property_filter_whole_value",
    /// A property filter collapses runs of spaces inside values.
    PropertyFilterCollapsesSpaces => "property_filter_whole_value",
    /// A property filter ignores spaces at the end of values.
    PropertyFilterTrimsEnd => "property_filter_whole_value",
    /// A mass delete removes every match but returns only the first.
    MassDeleteReturnsFirstOnly => "delete_matching_exact",
    /// A mass delete removes and returns only the first match.
    MassDeleteStopsAfterFirst => "delete_matching_exact",
    /// A mass delete also removes values starting with the one asked for.
    MassDeleteMatchesPrefix => "delete_matching_exact",
    /// A mass delete compares NFC forms.
    MassDeleteNormalises => "delete_matching_exact",
    /// A label filter folds case.
    LabelFilterFoldsCase => "labels_case_sensitive",
    /// A label filter matches every label starting with the one asked for.
    LabelFilterMatchesPrefix => "labels_case_sensitive",
    /// Removing a label also removes its case variants.
    LabelRemovalFoldsCase => "labels_case_sensitive",
    /// A new label differing only by case from one already stored takes the stored spelling.
    LabelsMergedByCase => "labels_case_sensitive",
    /// An atomic batch with an invalid item stores the items before it.
    AtomicBatchStoresPrefix => "atomic_batch_all_or_nothing",
    /// A batch with an invalid item among valid ones stores the valid ones and answers Ok.
    AtomicBatchSkipsInvalid => "atomic_batch_all_or_nothing",
    /// A patch value of `""` leaves the old value.
    EmptyValueIgnored => "empty_value_removes",
    /// A patch value of `""` is refused as InvalidInput.
    EmptyValueRefused => "empty_value_removes",
    /// Listings with metadata carry none for numbers written in international form (`+…`).
    MetadataMissingInListings => "metadata_list_matches_get",
    /// Listings carry the metadata computed when the contact was created, never updated.
    MetadataStaleInListings => "metadata_list_matches_get",
    /// A deferred page (`list_page_deferred`) leaves out the last contact of a full page.
    DeferredPageDropsLast => "deferred_pages_agree",
    /// A card's second phone is dropped on every write (the store keeps one TEL per kind).
    CardSecondPhoneDropped => "card_round_trip",
    /// Inline photos (`data:` URIs) are dropped on write; linked ones are kept.
    CardInlinePhotosLost => "card_round_trip",
    /// Every write gives the card a new uid, the one it was written with or given before.
    CardUidRegenerated => "card_uid_kept",
    /// `phoneNumber` shows the card's first phone, not its preferred one.
    CardFlatViewFromFirstPhone => "card_flat_view",
    /// A flat patch rebuilds the card from the patched flat properties (the uid kept): the
    /// photos, the note, the other phone are lost.
    CardFlatPatchRebuilds => "card_flat_patch",
    /// A replace with a flat document lays it over the stored card, keeping its rich parts.
    CardFlatReplaceKeeps => "card_replace_whole",
}

/// `s` with every run of spaces folded into one (padding at the ends stays).
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    out
}

/// The ids the double has renamed, for the id flaws: outer id -> the store's id.
#[derive(Debug, Default)]
pub(super) struct Ids {
    pub(super) aliases: HashMap<ContactId, ContactId>,
    /// Deleted ids, for [`Subtle::IdsReusedAfterDelete`].
    pub(super) freed: Vec<ContactId>,
    /// Metadata at creation, for [`Subtle::MetadataStaleInListings`].
    pub(super) first_metadata: HashMap<ContactId, Option<contacts_core::Metadata>>,
}

/// An in-memory provider with one [`Subtle`] flaw, declaring everything
/// ([`Capabilities::full`]).
#[derive(Debug, Clone)]
pub struct Conditional {
    pub(super) inner: InMemoryProvider,
    pub(super) flaw: Subtle,
    ids: Arc<Mutex<Ids>>,
}

impl Conditional {
    /// A fresh, empty provider with `flaw`.
    pub fn new(flaw: Subtle) -> Self {
        Self {
            inner: InMemoryProvider::with_capabilities(Capabilities::full()),
            flaw,
            ids: Arc::default(),
        }
    }

    pub(super) fn ids(&self) -> std::sync::MutexGuard<'_, Ids> {
        self.ids.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The store's id for an outer id.
    pub(super) fn inner_id(&self, id: &ContactId) -> ContactId {
        self.ids()
            .aliases
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.clone())
    }

    /// The contact with its outer id, as this double shows it.
    pub(super) fn outer(&self, mut contact: Contact) -> Contact {
        {
            let ids = self.ids();
            if let Some((outer, _)) = ids.aliases.iter().find(|(_, inner)| **inner == contact.id) {
                contact.id = outer.clone();
            }
        }
        self.card_shown(contact)
    }

    /// Every stored contact (outer ids), with metadata.
    pub(super) async fn everything(&self) -> Result<Vec<Contact>> {
        let all: Vec<Contact> = self
            .inner
            .list(ContactQuery::new().page_size(1000).with_metadata())
            .try_collect()
            .await?;
        Ok(all.into_iter().map(|c| self.outer(c)).collect())
    }

    /// Whether `value` answers a filter for `wanted`, as this double compares.
    fn value_matches(&self, value: &str, wanted: &str, deleting: bool) -> bool {
        match (self.flaw, deleting) {
            (Subtle::PropertyFilterMatchesPrefix, false)
            | (Subtle::MassDeleteMatchesPrefix, true) => value.starts_with(wanted),
            (Subtle::PropertyFilterNormalises, false) | (Subtle::MassDeleteNormalises, true) => {
                value.nfc().eq(wanted.nfc())
            }
            (Subtle::PropertyFilterCollapsesSpaces, false) => collapse(value) == collapse(wanted),
            (Subtle::PropertyFilterTrimsEnd, false) => value.trim_end() == wanted.trim_end(),
            _ => value == wanted,
        }
    }

    fn label_matches(&self, label: &str, wanted: &str) -> bool {
        match self.flaw {
            Subtle::LabelFilterFoldsCase => label.to_lowercase() == wanted.to_lowercase(),
            Subtle::LabelFilterMatchesPrefix => label.starts_with(wanted),
            _ => label == wanted,
        }
    }

    pub(super) fn filter_matches(
        &self,
        filter: &ContactFilter,
        contact: &Contact,
        deleting: bool,
    ) -> bool {
        let labels = filter
            .labels
            .iter()
            .all(|wanted| contact.labels.iter().any(|l| self.label_matches(l, wanted)));
        let properties = filter.properties.iter().all(|(k, wanted)| {
            contact
                .properties
                .get(k)
                .is_some_and(|v| self.value_matches(v, wanted, deleting))
        });
        let metadata = ContactFilter {
            metadata: filter.metadata.clone(),
            ..ContactFilter::default()
        };
        labels && properties && metadata.matches(contact)
    }

    /// Whether this double answers filtered listings itself (its flaw is about filters).
    pub(super) fn filters_itself(&self) -> bool {
        matches!(
            self.flaw,
            Subtle::PropertyFilterMatchesPrefix
                | Subtle::PropertyFilterNormalises
                | Subtle::PropertyFilterCollapsesSpaces
                | Subtle::PropertyFilterTrimsEnd
                | Subtle::LabelFilterFoldsCase
                | Subtle::LabelFilterMatchesPrefix
        )
    }
}
