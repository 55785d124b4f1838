//! Deleting: one contact (with the method the server takes, see `delete_verb.rs`), and
//! contacts matching a filter (listed, re-checked, deleted one by one).

use crate::delete_verb::Verb;
use crate::filters::check_filter;
use crate::mapping::WireContact;
use crate::provider::Ip1Provider;
use contacts_core::{
    Contact, ContactFilter, ContactId, ContactProvider, ContactProviderExt, ContactQuery, Error,
    Result,
};
use contacts_http::{Idempotency, Method};
use futures::TryStreamExt;
use futures::stream::{self, StreamExt};

/// Deletes in flight at once during a filtered mass delete.
const DELETE_CONCURRENCY: usize = 4;

impl Ip1Provider {
    /// Deletes contact `id`: `DELETE`, or `POST` once the server has shown it takes that. A
    /// 405 to `DELETE`, or a 404 for a contact a `GET` still finds (an API gateway with no
    /// `DELETE` operation), sends `POST`, and the method that worked is kept for later deletes.
    pub(crate) async fn delete_one(&self, id: &ContactId) -> Result<()> {
        let path = Self::contact_path(id)?;
        let what = format!("contact {id}");
        let known = self.delete_verb.get();
        let mut still_held = false;
        if known != Verb::Post {
            let response = self.send(self.http.request(Method::DELETE, &path)?).await?;
            match response.status {
                200..=299 => {
                    self.delete_verb.learn(Verb::Delete);
                    return Ok(());
                }
                // DELETE is not allowed here: the document's POST is, from now on.
                405 => self.delete_verb.learn(Verb::Post),
                // Gone, or a gateway with no DELETE operation: a GET tells which.
                404 if known == Verb::Unknown && self.exists(id).await? => still_held = true,
                _ => return Err(self.http.error_for(&response, &what)),
            }
        }
        let request = self
            .http
            .request(Method::POST, &path)?
            // A repeated delete deletes nothing more (at worst it reads as NotFound).
            .idempotency(Idempotency::Idempotent);
        let response = self.send(request).await?;
        if response.is_success() {
            self.delete_verb.learn(Verb::Post);
            return Ok(());
        }
        if still_held && matches!(response.status, 404 | 405) {
            // The contact exists and neither method deletes it: never report that as "not
            // found", which a mass delete would pass over.
            return Err(Error::Protocol {
                status: Some(response.status),
                message: format!(
                    "the server refused both DELETE and POST for {what}, which it still holds"
                ),
                body_excerpt: contacts_http::excerpt(&response.body, self.http.secret()),
            });
        }
        Err(self.http.error_for(&response, &what))
    }

    /// Whether the server holds contact `id` (a `GET`).
    async fn exists(&self, id: &ContactId) -> Result<bool> {
        let response = self
            .send(self.http.request(Method::GET, &Self::contact_path(id)?)?)
            .await?;
        match response.status {
            200..=299 => Ok(true),
            404 => Ok(false),
            _ => Err(self.http.error_for(&response, &format!("contact {id}"))),
        }
    }

    /// Deletes every contact of the account: iP1's unfiltered `DELETE /v2/contacts`, which
    /// answers with the deleted contacts (an empty success body is read as none). Only
    /// `DeleteTarget::EveryContact` leads here.
    pub(crate) async fn delete_everything(&self) -> Result<Vec<Contact>> {
        let response = self
            .send(self.http.request(Method::DELETE, "v2/contacts")?)
            .await?;
        if response.is_success() && response.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Vec::new());
        }
        let deleted: Vec<WireContact> = self.decode(&response, "contacts")?;
        Ok(deleted.into_iter().map(WireContact::into_contact).collect())
    }

    /// Deletes the contacts matching `filter`, never one that does not match: they are listed
    /// (each page checked against the whole filter client-side), checked again, and deleted by
    /// id. iP1's `DELETE /v2/contacts?<filters>` is never sent: what the vendor does with a
    /// filter it does not take (or an empty one) is its own reading, and a wrong one deletes
    /// contacts for good. Contacts another client deleted meanwhile are left out of the answer.
    pub(crate) async fn delete_filtered(&self, filter: &ContactFilter) -> Result<Vec<Contact>> {
        if filter.is_empty() {
            return Err(Error::invalid(
                "filter",
                "an empty filter matches every contact; to delete them all, ask for every \
                 contact explicitly (DeleteTarget::EveryContact)",
            ));
        }
        check_filter(self, filter)?;
        let mut query = ContactQuery::new()
            .filter(filter.clone())
            .page_size(self.capabilities().max_page_size);
        // The metadata must come back for a metadata condition to be checked again below.
        query.include_metadata = !filter.metadata.is_empty();
        let doomed: Vec<Contact> = self.list(query).try_collect().await?;
        let mut outcomes = stream::iter(doomed.into_iter().filter(|c| filter.matches(c)))
            .map(|contact| async move {
                let outcome = self.delete(&contact.id).await;
                (contact, outcome)
            })
            .buffered(DELETE_CONCURRENCY);
        let mut deleted = Vec::new();
        while let Some((mut contact, outcome)) = outcomes.next().await {
            match outcome {
                Ok(()) => {
                    contact.metadata = None;
                    deleted.push(contact);
                }
                Err(e) if e.is_not_found() => {}
                Err(e) => return Err(e),
            }
        }
        Ok(deleted)
    }
}
