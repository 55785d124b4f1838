//! How a [`Conditional`] double answers: the in-memory store, bent by its [`Subtle`] flaw only
//! where that flaw's data or sequence occurs.

use super::subtle::{Conditional, Subtle};
use async_trait::async_trait;
use contacts_core::{
    Contact, ContactId, ContactPatch, ContactProvider, ContactQuery, DeleteTarget, Error,
    GetOptions, Labels, Metadata, NewContact, Page, PageToken, PendingPage, Result, validate,
};

impl Conditional {
    /// Whether the store would refuse `doc` (the atomic-batch flaws look for one).
    fn refused(&self, doc: &NewContact) -> bool {
        validate::new_contact(self.name(), self.capabilities(), doc).is_err()
    }

    /// The batch as the flawed store writes it, or its answer when it answers on its own.
    async fn bent_batch(&self, docs: &[NewContact]) -> Result<Option<Vec<Contact>>> {
        let bad = docs.iter().position(|d| self.refused(d));
        match (self.flaw, bad) {
            (Subtle::AtomicBatchStoresPrefix, Some(bad)) => {
                if bad > 0 {
                    self.inner.create(&docs[..bad]).await?;
                }
                // The store refuses the invalid item as it would (the same error).
                self.inner.create(&docs[bad..=bad]).await.map(Some)
            }
            (Subtle::AtomicBatchSkipsInvalid, Some(_)) if docs.len() > 1 => {
                let valid: Vec<NewContact> =
                    docs.iter().filter(|d| !self.refused(d)).cloned().collect();
                Ok(Some(self.inner.create(&valid).await?))
            }
            (Subtle::IdenticalBatchItemsMerged | Subtle::IdenticalDocumentsUpserted, _)
                if validate::batch(self.name(), self.capabilities(), docs).is_err() =>
            {
                Ok(None)
            }
            (Subtle::IdenticalBatchItemsMerged, _) => {
                let mut unique: Vec<NewContact> = Vec::new();
                for doc in docs {
                    if !unique.contains(doc) {
                        unique.push(doc.clone());
                    }
                }
                let created = self.inner.create(&unique).await?;
                let by_doc = |doc: &NewContact| unique.iter().position(|u| u == doc);
                Ok(Some(
                    docs.iter()
                        .filter_map(|d| by_doc(d).map(|i| created[i].clone()))
                        .collect(),
                ))
            }
            (Subtle::IdenticalDocumentsUpserted, _) => {
                let existing = self.everything().await?;
                let mut out = Vec::with_capacity(docs.len());
                for doc in docs {
                    let same = existing
                        .iter()
                        .find(|c| c.properties == doc.properties && c.labels == doc.labels);
                    out.push(match same {
                        Some(found) => found.clone(),
                        None => self
                            .inner
                            .create(std::slice::from_ref(doc))
                            .await?
                            .remove(0),
                    });
                }
                Ok(Some(out))
            }
            _ => Ok(None),
        }
    }

    /// [`Subtle::LabelsMergedByCase`]: labels take the spelling of a stored label equal to them
    /// but for case.
    async fn merge_labels(&self, docs: &[NewContact]) -> Result<Vec<NewContact>> {
        let mut known: Vec<String> = self
            .everything()
            .await?
            .into_iter()
            .flat_map(|c| c.labels.iter().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        let mut out = Vec::with_capacity(docs.len());
        for doc in docs {
            let mut doc = doc.clone();
            let mut labels = Labels::new();
            for label in doc.labels.iter() {
                let spelled = known
                    .iter()
                    .find(|k| k.to_lowercase() == label.to_lowercase())
                    .cloned()
                    .unwrap_or_else(|| label.to_owned());
                known.push(spelled.clone());
                labels.insert(spelled);
            }
            doc.labels = labels;
            out.push(doc);
        }
        Ok(out)
    }

    /// After a create: the id flaws rename or resurrect, the stale-metadata flaw remembers.
    async fn after_create(&self, mut created: Vec<Contact>) -> Result<Vec<Contact>> {
        for contact in &created {
            self.compute_metadata(contact).await?;
        }
        if self.flaw == Subtle::IdsReusedAfterDelete {
            let mut ids = self.ids();
            for contact in &mut created {
                if let Some(old) = ids.freed.pop() {
                    ids.aliases.insert(old.clone(), contact.id.clone());
                    contact.id = old;
                }
            }
        }
        if self.flaw == Subtle::MetadataStaleInListings {
            for contact in &created {
                let meta = self
                    .inner
                    .get(&contact.id, &GetOptions::with_metadata())
                    .await?;
                self.ids()
                    .first_metadata
                    .insert(contact.id.clone(), meta.metadata);
            }
        }
        Ok(created)
    }

    /// The patch as the flawed store applies it.
    async fn bent_patch(&self, inner_id: &ContactId, patch: &ContactPatch) -> Result<ContactPatch> {
        let mut patch = patch.clone();
        let empty = |v: &Option<String>| v.as_deref() == Some("");
        match self.flaw {
            Subtle::EmptyValueIgnored => patch.properties.retain(|_, v| !empty(v)),
            Subtle::EmptyValueRefused if patch.properties.values().any(empty) => {
                return Err(Error::invalid("properties", "empty values are refused"));
            }
            Subtle::LabelRemovalFoldsCase if !patch.remove_labels.is_empty() => {
                let current = self
                    .inner
                    .get(inner_id, &GetOptions::default())
                    .await?
                    .labels;
                let folded: Vec<String> =
                    patch.remove_labels.iter().map(str::to_lowercase).collect();
                for label in current.iter() {
                    if folded.contains(&label.to_lowercase()) {
                        patch.remove_labels.insert(label);
                    }
                }
            }
            _ => {}
        }
        Ok(patch)
    }

    /// Metadata as a server computes it from the number (its digits), so metadata changes
    /// when the number does.
    async fn compute_metadata(&self, contact: &Contact) -> Result<()> {
        let inner_id = self.inner_id(&contact.id);
        let Some(phone) = contact.properties.get("phoneNumber") else {
            return Ok(());
        };
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        let fields = std::collections::BTreeMap::from([("digits".to_owned(), digits)]);
        let meta = std::collections::BTreeMap::from([("phoneNumber".to_owned(), fields)]);
        self.inner.set_metadata(&inner_id, Metadata::from(meta))
    }

    /// Whether this double answers mass deletes itself (its flaw is about them).
    fn deletes_itself(&self) -> bool {
        matches!(
            self.flaw,
            Subtle::MassDeleteReturnsFirstOnly
                | Subtle::MassDeleteStopsAfterFirst
                | Subtle::MassDeleteMatchesPrefix
                | Subtle::MassDeleteNormalises
        )
    }
}

#[async_trait]
impl ContactProvider for Conditional {
    contacts_core::provider_identity!(inner inner);

    async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact> {
        let found = self.inner.get(&self.inner_id(id), options).await?;
        Ok(self.outer(found))
    }

    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        if self.filters_itself() && !query.filter.is_empty() && token.is_none() {
            let items = self
                .everything()
                .await?
                .into_iter()
                .filter(|c| self.filter_matches(&query.filter, c, false))
                .map(|mut c| {
                    if !query.include_metadata {
                        c.metadata = None;
                    }
                    c
                })
                .collect();
            return Ok(Page { items, next: None });
        }
        let mut page = self.inner.list_page(query, token).await?;
        page.items = page.items.into_iter().map(|c| self.outer(c)).collect();
        if query.include_metadata {
            for contact in &mut page.items {
                match self.flaw {
                    Subtle::MetadataMissingInListings
                        if contact
                            .properties
                            .get("phoneNumber")
                            .is_some_and(|n| n.starts_with('+')) =>
                    {
                        contact.metadata = None;
                    }
                    Subtle::MetadataStaleInListings => {
                        if let Some(first) = self.ids().first_metadata.get(&contact.id) {
                            contact.metadata.clone_from(first);
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(page)
    }

    async fn list_page_deferred(
        &self,
        query: &ContactQuery,
        token: Option<PageToken>,
    ) -> Result<PendingPage> {
        let mut page = self.list_page(query, token).await?;
        if self.flaw == Subtle::DeferredPageDropsLast && page.items.len() > 1 {
            page.items.pop();
        }
        Ok(PendingPage::ready(page))
    }

    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        let docs: Vec<NewContact> = contacts.iter().map(|d| self.card_written(d)).collect();
        let docs = if self.flaw == Subtle::LabelsMergedByCase {
            self.merge_labels(&docs).await?
        } else {
            docs
        };
        let created = match self.bent_batch(&docs).await? {
            Some(answered) => answered,
            None => self.inner.create(&docs).await?,
        };
        self.after_create(created).await
    }

    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        let inner_id = self.inner_id(id);
        let patch = self.bent_patch(&inner_id, patch).await?;
        let updated = match self.card_update(&inner_id, &patch).await? {
            Some(updated) => updated,
            None => self.inner.update(&inner_id, &patch).await?,
        };
        self.compute_metadata(&updated).await?;
        Ok(self.outer(updated))
    }

    async fn replace(&self, id: &ContactId, contact: &NewContact) -> Result<Contact> {
        let inner_id = self.inner_id(id);
        let doc = self.card_replaced(&inner_id, contact).await?;
        Ok(self.outer(self.inner.replace(&inner_id, &doc).await?))
    }

    async fn delete(&self, id: &ContactId) -> Result<()> {
        let inner_id = self.inner_id(id);
        self.inner.delete(&inner_id).await?;
        let mut ids = self.ids();
        ids.aliases.remove(id);
        if self.flaw == Subtle::IdsReusedAfterDelete {
            ids.freed.push(id.clone());
        }
        Ok(())
    }

    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>> {
        let filter = match target {
            DeleteTarget::Matching(filter) if self.deletes_itself() && !filter.is_empty() => filter,
            _ => {
                let deleted = self.inner.delete_matching(target).await?;
                return Ok(deleted.into_iter().map(|c| self.outer(c)).collect());
            }
        };
        let mut matches: Vec<Contact> = self
            .everything()
            .await?
            .into_iter()
            .filter(|c| self.filter_matches(filter, c, true))
            .map(|mut c| {
                c.metadata = None;
                c
            })
            .collect();
        if self.flaw == Subtle::MassDeleteStopsAfterFirst {
            matches.truncate(1);
        }
        for contact in &matches {
            self.inner.delete(&self.inner_id(&contact.id)).await?;
        }
        if self.flaw == Subtle::MassDeleteReturnsFirstOnly {
            matches.truncate(1);
        }
        Ok(matches)
    }
}
