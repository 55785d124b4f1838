//! Deliberately broken providers: each wraps `InMemoryProvider` and breaks one rule, so the
//! suite's own tests can prove every check catches what it is meant to catch.

use async_trait::async_trait;
use contacts_core::{
    Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactProviderExt,
    ContactQuery, DeleteTarget, GetOptions, InMemoryProvider, NewContact, Page, PageToken,
    Properties, Result,
};
use futures::TryStreamExt;
use unicode_normalization::UnicodeNormalization;

/// The rule a [`Broken`] provider breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flaw {
    /// `update` ignores `null` (removals).
    PatchIgnoresNull,
    /// `delete` answers Ok and deletes nothing.
    DeleteIsNoop,
    /// Listing loses the last page when there is more than one.
    ListingDropsLastPage,
    /// A filter of several labels matches contacts with any of them.
    LabelFilterAnyOf,
    /// Labels are declared but silently dropped on write.
    LabelsSilentlyDropped,
    /// Values are trimmed on write.
    ValuesTrimmed,
    /// Values are NFC-normalised on write.
    UnicodeNormalised,
    /// `update` gives the contact a new id.
    IdsChangeOnUpdate,
    /// `create` returns the batch in reverse order.
    CreateOrderReversed,
    /// `replace` merges instead of replacing.
    ReplaceMerges,
    /// Mass delete is declared but does nothing.
    MassDeleteIsNoop,
    /// An unknown id answers an empty contact instead of NotFound.
    UnknownIdFound,
}

impl Flaw {
    /// Every flaw.
    pub const ALL: [Flaw; 12] = [
        Flaw::PatchIgnoresNull,
        Flaw::DeleteIsNoop,
        Flaw::ListingDropsLastPage,
        Flaw::LabelFilterAnyOf,
        Flaw::LabelsSilentlyDropped,
        Flaw::ValuesTrimmed,
        Flaw::UnicodeNormalised,
        Flaw::IdsChangeOnUpdate,
        Flaw::CreateOrderReversed,
        Flaw::ReplaceMerges,
        Flaw::MassDeleteIsNoop,
        Flaw::UnknownIdFound,
    ];

    /// The check meant to catch this flaw.
    pub fn caught_by(self) -> &'static str {
        match self {
            Flaw::PatchIgnoresNull => "patch_three_states",
            Flaw::DeleteIsNoop => "delete_then_not_found",
            Flaw::ListingDropsLastPage => "paging",
            Flaw::LabelFilterAnyOf => "filters",
            Flaw::LabelsSilentlyDropped => "capabilities_truthful",
            Flaw::ValuesTrimmed | Flaw::UnicodeNormalised => "values_kept_exactly",
            Flaw::IdsChangeOnUpdate => "ids_stable_on_update",
            Flaw::CreateOrderReversed => "batch_order_and_ids",
            Flaw::ReplaceMerges => "replace_exact",
            Flaw::MassDeleteIsNoop => "capabilities_truthful",
            Flaw::UnknownIdFound => "unknown_ids",
        }
    }
}

/// An in-memory provider with one [`Flaw`].
#[derive(Debug, Clone)]
pub struct Broken {
    inner: InMemoryProvider,
    flaw: Flaw,
}

impl Broken {
    /// A fresh, empty broken provider.
    pub fn new(flaw: Flaw) -> Self {
        Self {
            inner: InMemoryProvider::new(),
            flaw,
        }
    }

    fn mangle(&self, props: &Properties) -> Properties {
        match self.flaw {
            Flaw::ValuesTrimmed => props
                .iter()
                .map(|(k, v)| (k, v.trim().to_owned()))
                .collect(),
            Flaw::UnicodeNormalised => props
                .iter()
                .map(|(k, v)| (k, v.nfc().collect::<String>()))
                .collect(),
            _ => props.clone(),
        }
    }

    fn doc(&self, doc: &NewContact) -> NewContact {
        let mut out = doc.clone();
        out.properties = self.mangle(&doc.properties);
        if self.flaw == Flaw::LabelsSilentlyDropped {
            out.labels = Default::default();
        }
        out
    }
}

#[async_trait]
impl ContactProvider for Broken {
    fn name(&self) -> &str {
        "broken"
    }

    fn capabilities(&self) -> &Capabilities {
        self.inner.capabilities()
    }

    async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact> {
        match self.inner.get(id, options).await {
            Err(e) if e.is_not_found() && self.flaw == Flaw::UnknownIdFound => Ok(Contact {
                id: id.clone(),
                owner_id: None,
                properties: Properties::new(),
                labels: Default::default(),
                metadata: None,
                address_book: None,
            }),
            other => other,
        }
    }

    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        if self.flaw == Flaw::LabelFilterAnyOf && query.filter.labels.len() > 1 {
            let mut rest = query.clone();
            rest.filter.labels = Default::default();
            rest.page_size = Some(self.capabilities().max_page_size);
            let wanted = query.filter.labels.clone();
            let items: Vec<Contact> = self
                .inner
                .list(rest)
                .try_filter(|c| futures::future::ready(wanted.iter().any(|l| c.labels.contains(l))))
                .try_collect()
                .await?;
            return Ok(Page { items, next: None });
        }
        let had_token = token.is_some();
        let mut page = self.inner.list_page(query, token).await?;
        if self.flaw == Flaw::ListingDropsLastPage && had_token && page.next.is_none() {
            page.items.clear();
        }
        Ok(page)
    }

    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        let docs: Vec<NewContact> = contacts.iter().map(|d| self.doc(d)).collect();
        let mut created = self.inner.create(&docs).await?;
        if self.flaw == Flaw::CreateOrderReversed {
            created.reverse();
        }
        Ok(created)
    }

    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        let mut patch = patch.clone();
        if self.flaw == Flaw::PatchIgnoresNull {
            patch.properties.retain(|_, v| v.is_some());
        }
        let updated = self.inner.update(id, &patch).await?;
        if self.flaw == Flaw::IdsChangeOnUpdate {
            self.inner.delete(id).await?;
            return self.inner.create_one(updated.to_new()).await;
        }
        Ok(updated)
    }

    async fn replace(&self, id: &ContactId, contact: &NewContact) -> Result<Contact> {
        let doc = self.doc(contact);
        if self.flaw == Flaw::ReplaceMerges {
            let mut patch = ContactPatch::new();
            for (k, v) in doc.properties.iter() {
                patch = patch.set(k, v);
            }
            patch.add_labels = doc.labels.clone();
            return self.inner.update(id, &patch).await;
        }
        self.inner.replace(id, &doc).await
    }

    async fn delete(&self, id: &ContactId) -> Result<()> {
        if self.flaw == Flaw::DeleteIsNoop {
            return self.inner.get(id, &GetOptions::default()).await.map(|_| ());
        }
        self.inner.delete(id).await
    }

    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>> {
        if self.flaw == Flaw::MassDeleteIsNoop {
            if let Some(f) = target.filter() {
                if f.is_empty() {
                    return self.inner.delete_matching(target).await;
                }
            }
            return Ok(Vec::new());
        }
        self.inner.delete_matching(target).await
    }
}
