//! Deliberately broken providers: each wraps `InMemoryProvider` and breaks one rule, so the
//! suite's own tests can prove every check catches what it is meant to catch.
//!
//! Behind the feature `doubles` (the crate's own tests turn it on through its dev-dependency
//! on itself): an application never needs a broken provider, so it does not compile them.
//!
//! Run them through [`Factory::bare`](crate::Factory::bare): several flaws are about failing to
//! refuse something undeclared, which the `CheckedLayer` of [`Factory::new`](crate::Factory::new)
//! would refuse for them. For the same reason a double never delegates an operation it must
//! fail to refuse: `InMemoryProvider` refuses undeclared operations itself, so the double
//! answers those on its own.
//!
//! [`Broken`] breaks one rule everywhere ([`Flaw`]), [`Conditional`] only for some data or
//! sequences ([`Subtle`]), and [`FlawedFeed`] only in its change feed ([`FeedFlaw`]).

mod cards;
mod feed;
mod feed_provider;
mod flaw;
mod optional;
mod subtle;
mod subtle_provider;

pub use feed::{FeedFlaw, FlawedFeed};
pub use flaw::Flaw;
pub use subtle::{Conditional, Subtle};

use async_trait::async_trait;
use contacts_core::optional::{
    AddressBookAdmin, AddressBookInfo, BackgroundImport, Blocklist, LabelAdmin, Summarize,
};
use contacts_core::{
    Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactProviderExt,
    ContactQuery, DeleteTarget, Error, GetOptions, InMemoryProvider, NewContact, Order, Page,
    PageToken, Properties, Result,
};
use futures::TryStreamExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use unicode_normalization::UnicodeNormalization;

/// The optional accessors of [`Broken`]: the double itself where its flaw is about that
/// capability (its impls in `optional.rs` break it), the in-memory store's otherwise.
macro_rules! flawed_accessors {
    ($($accessor:ident: $trait:ident when $flaw:ident),*) => {$(
        fn $accessor(&self) -> Option<&dyn $trait> {
            if self.flaw == Flaw::$flaw {
                Some(self)
            } else {
                self.inner.$accessor()
            }
        }
    )*};
}

/// An in-memory provider with one [`Flaw`], declaring [`Flaw::capabilities`].
#[derive(Debug, Clone)]
pub struct Broken {
    inner: InMemoryProvider,
    flaw: Flaw,
    /// Updates so far per contact, for [`Flaw::EverySecondUpdateIgnored`].
    updates: Arc<Mutex<HashMap<ContactId, u32>>>,
    /// Address books, for [`Flaw::MoveIsNoop`].
    books: Arc<Mutex<Vec<AddressBookInfo>>>,
}

impl Broken {
    /// A fresh, empty broken provider.
    pub fn new(flaw: Flaw) -> Self {
        Self {
            inner: InMemoryProvider::with_capabilities(flaw.capabilities()),
            flaw,
            updates: Arc::default(),
            books: Arc::default(),
        }
    }

    /// The document as this double stores it.
    fn doc(&self, doc: &NewContact) -> NewContact {
        let mut out = doc.clone();
        let keys = &self.capabilities().keys;
        out.properties = match self.flaw {
            Flaw::ValuesTrimmed => map_values(&doc.properties, |v| v.trim().to_owned()),
            Flaw::UnicodeNormalised => map_values(&doc.properties, |v| v.nfc().collect()),
            Flaw::UnknownKeysDropped => doc
                .properties
                .iter()
                .filter(|(k, _)| keys.allows(k))
                .collect(),
            _ => doc.properties.clone(),
        };
        if self.flaw == Flaw::LabelsSilentlyDropped {
            out.labels = Default::default();
        }
        if self.flaw == Flaw::AddressBookDropped {
            out.address_book = None;
        }
        if self.flaw == Flaw::CardDroppedByFlatProvider {
            out.card = None;
        }
        out
    }

    /// The contact as it is, answered where an update or replace should have changed it.
    async fn unchanged(&self, id: &ContactId) -> Result<Contact> {
        self.inner.get(id, &GetOptions::default()).await
    }

    /// Whether this update is one [`Flaw::EverySecondUpdateIgnored`] ignores.
    fn ignores_update(&self, id: &ContactId) -> bool {
        if self.flaw != Flaw::EverySecondUpdateIgnored {
            return false;
        }
        let mut updates = self.updates.lock().unwrap_or_else(|p| p.into_inner());
        let count = updates.entry(id.clone()).or_default();
        *count += 1;
        (*count).is_multiple_of(2)
    }

    /// [`Flaw::LabelFilterAnyOf`]: every contact carrying any of the labels, on one page.
    async fn any_of(&self, query: &ContactQuery) -> Result<Page> {
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
        Ok(Page { items, next: None })
    }

    /// The id as this double reads it: [`Flaw::IdsReadAsNumbers`] drops spaces, a `+` and
    /// leading zeros.
    fn id(&self, id: &ContactId) -> ContactId {
        if self.flaw != Flaw::IdsReadAsNumbers {
            return id.clone();
        }
        let digits = id
            .as_str()
            .trim()
            .trim_start_matches('+')
            .trim_start_matches('0');
        if digits.is_empty() {
            id.clone()
        } else {
            ContactId::new(digits)
        }
    }

    /// The query as this double answers it: filters or order it should refuse are dropped.
    fn query(&self, query: &ContactQuery) -> ContactQuery {
        let mut query = query.clone();
        match self.flaw {
            Flaw::UndeclaredFiltersIgnored => query.filter = Default::default(),
            Flaw::DescendingIsAscending | Flaw::UndeclaredDescendingAnswered => {
                query.order = Order::Ascending;
            }
            _ => {}
        }
        query
    }
}

fn map_values(props: &Properties, f: impl Fn(&str) -> String) -> Properties {
    props.iter().map(|(k, v)| (k, f(v))).collect()
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
        let id = &self.id(id);
        match self.inner.get(id, options).await {
            Err(e) if e.is_not_found() && self.flaw == Flaw::UnknownIdFound => {
                Ok(empty_contact(id))
            }
            Ok(mut found) if self.flaw == Flaw::MetadataMissing => {
                found.metadata = None;
                Ok(found)
            }
            other => other,
        }
    }

    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        if self.flaw == Flaw::LabelFilterAnyOf && query.filter.labels.len() > 1 {
            return self.any_of(query).await;
        }
        let query = self.query(query);
        let had_token = token.is_some();
        let mut page = match self.inner.list_page(&query, token).await {
            Err(Error::InvalidInput { .. }) if self.flaw == Flaw::ForgedTokenRestarts => {
                self.inner.list_page(&query, None).await?
            }
            other => other?,
        };
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
        let id = &self.id(id);
        if self.flaw == Flaw::UndeclaredPatchIsNoop || self.ignores_update(id) {
            return self.unchanged(id).await;
        }
        let mut patch = patch.clone();
        match self.flaw {
            Flaw::CardDroppedByFlatProvider => patch.card = None,
            Flaw::PatchIgnoresNull => patch.properties.retain(|_, v| v.is_some()),
            Flaw::RemovingOneLabelRemovesAll if !patch.remove_labels.is_empty() => {
                patch.remove_labels = self.unchanged(id).await?.labels;
            }
            Flaw::LabelAddedAndRemovedStays => {
                let added = patch.add_labels.clone();
                patch.remove_labels = patch
                    .remove_labels
                    .iter()
                    .filter(|l| !added.contains(l))
                    .collect();
            }
            _ => {}
        }
        let updated = self.inner.update(id, &patch).await?;
        if self.flaw == Flaw::IdsChangeOnUpdate {
            self.inner.delete(id).await?;
            return self.inner.create_one(updated.to_new()).await;
        }
        Ok(updated)
    }

    async fn replace(&self, id: &ContactId, contact: &NewContact) -> Result<Contact> {
        let id = &self.id(id);
        let doc = self.doc(contact);
        match self.flaw {
            Flaw::UndeclaredReplaceIsNoop => self.unchanged(id).await,
            Flaw::ReplaceMerges => {
                let mut patch = ContactPatch::new();
                for (k, v) in doc.properties.iter() {
                    patch = patch.set(k, v);
                }
                patch.add_labels = doc.labels;
                self.inner.update(id, &patch).await
            }
            _ => self.inner.replace(id, &doc).await,
        }
    }

    async fn delete(&self, id: &ContactId) -> Result<()> {
        let id = &self.id(id);
        if self.flaw == Flaw::DeleteIsNoop {
            return self.unchanged(id).await.map(drop);
        }
        self.inner.delete(id).await
    }

    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>> {
        let refusable = target.filter().is_some_and(|f| f.is_empty());
        if self.flaw == Flaw::MassDeleteIsNoop && !refusable {
            return Ok(Vec::new());
        }
        self.inner.delete_matching(target).await
    }

    flawed_accessors! {
        address_books: AddressBookAdmin when MoveIsNoop,
        label_admin: LabelAdmin when LabelDeleteIsNoop,
        blocklist: Blocklist when BlockIsNoop,
        account_summary: Summarize when SummaryTotalOffByOne,
        background_import: BackgroundImport when ImportNeverStores
    }
}

/// What [`Flaw::UnknownIdFound`] answers for an id it never stored.
fn empty_contact(id: &ContactId) -> Contact {
    Contact::from_new(id.clone(), NewContact::new())
}
