//! Conveniences built on the lean trait, available on every provider.

use crate::{
    Contact, ContactFilter, ContactId, ContactPatch, ContactProvider, ContactQuery, Error,
    NewContact, PageToken, Result, keys, layer::Layer,
};
use async_trait::async_trait;
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};

/// What [`ContactProviderExt::upsert_by_phone`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upserted {
    /// No contact had the phone number; this one was created.
    Created(Contact),
    /// A contact had the phone number; it was patched with the new properties and labels.
    Updated(Contact),
}

impl Upserted {
    /// The contact, whichever way it came about.
    pub fn contact(&self) -> &Contact {
        match self {
            Upserted::Created(c) | Upserted::Updated(c) => c,
        }
    }
}

/// Per-item outcome of [`ContactProviderExt::delete_many`], in input order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeleteReport {
    /// Ids that were deleted.
    pub deleted: Vec<ContactId>,
    /// Ids that were not, with the reason.
    pub failed: Vec<(ContactId, Error)>,
}

impl DeleteReport {
    /// Whether every id was deleted.
    pub fn is_complete(&self) -> bool {
        self.failed.is_empty()
    }
}

/// Conveniences for every [`ContactProvider`] (blanket impl), so the core trait stays small.
#[async_trait]
pub trait ContactProviderExt: ContactProvider {
    /// Wraps this provider in `layer` (see [`layer`](crate::layer)); calls chain, innermost
    /// first: `provider.layer(CheckedLayer).layer(TracingLayer)`.
    fn layer<L: Layer<Self>>(self, layer: L) -> L::Provider
    where
        Self: Sized,
    {
        layer.layer(self)
    }

    /// Every contact matching `query`, page after page, as a stream. Memory stays bounded by one
    /// page; an error ends the stream after being yielded.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use contacts_core::{ContactProvider, ContactProviderExt, ContactQuery, InMemoryProvider, NewContact};
    /// use futures::TryStreamExt;
    /// let p = InMemoryProvider::new();
    /// let batch: Vec<_> = (0..7).map(|i| NewContact::new().property("n", i.to_string())).collect();
    /// p.create(&batch).await?;
    /// let all: Vec<_> = p.list(ContactQuery::new().page_size(3)).try_collect().await?;
    /// assert_eq!(all.len(), 7);
    /// # Ok::<_, contacts_core::Error>(()) }).unwrap();
    /// ```
    fn list(&self, query: ContactQuery) -> BoxStream<'_, Result<Contact>> {
        enum Cursor {
            Start,
            Next(PageToken),
            Done,
        }
        let pages = stream::try_unfold((query, Cursor::Start), move |(query, cursor)| async move {
            let token = match cursor {
                Cursor::Done => return Ok(None),
                Cursor::Start => None,
                Cursor::Next(token) => Some(token),
            };
            let page = self.list_page(&query, token).await?;
            let cursor = page.next.map_or(Cursor::Done, Cursor::Next);
            Ok(Some((
                stream::iter(page.items.into_iter().map(Ok::<_, Error>)),
                (query, cursor),
            )))
        });
        pages.try_flatten().boxed()
    }

    /// The first contact whose `phoneNumber` is exactly `phone`, if any.
    async fn get_by_phone(&self, phone: &str) -> Result<Option<Contact>> {
        let query = ContactQuery::new()
            .filter(ContactFilter::new().property(keys::PHONE_NUMBER, phone))
            .page_size(1);
        Ok(self.list_page(&query, None).await?.items.into_iter().next())
    }

    /// Creates a single contact.
    async fn create_one(&self, contact: NewContact) -> Result<Contact> {
        let mut created = self.create(std::slice::from_ref(&contact)).await?;
        created.pop().ok_or_else(|| Error::Protocol {
            status: None,
            message: "the provider created nothing and reported no error".into(),
            body_excerpt: String::new(),
        })
    }

    /// Creates the contact, or, if one with the same `phoneNumber` exists, sets its properties
    /// and adds its labels to that one (other properties and labels are left alone).
    async fn upsert_by_phone(&self, contact: NewContact) -> Result<Upserted> {
        let phone = contact
            .properties
            .phone_number()
            .ok_or_else(|| {
                Error::invalid(
                    "properties.phoneNumber",
                    "an upsert by phone needs a phone number",
                )
            })?
            .to_owned();
        match self.get_by_phone(&phone).await? {
            Some(existing) => {
                let patch = ContactPatch::merging(&contact);
                Ok(Upserted::Updated(self.update(&existing.id, &patch).await?))
            }
            None => Ok(Upserted::Created(self.create_one(contact).await?)),
        }
    }

    /// Deletes many contacts one by one with at most `concurrency` in flight, reporting each
    /// outcome; one failure does not stop the others.
    async fn delete_many(&self, ids: &[ContactId], concurrency: usize) -> DeleteReport {
        let outcomes: Vec<(ContactId, Result<()>)> = stream::iter(ids.iter().cloned())
            .map(|id| async move {
                let outcome = self.delete(&id).await;
                (id, outcome)
            })
            .buffered(concurrency.max(1))
            .collect()
            .await;
        let mut report = DeleteReport::default();
        for (id, outcome) in outcomes {
            match outcome {
                Ok(()) => report.deleted.push(id),
                Err(e) => report.failed.push((id, e)),
            }
        }
        report
    }
}

impl<T: ContactProvider + ?Sized> ContactProviderExt for T {}
