//! `BookClient`: the calls on one Atom address book that the provider, the listing and the
//! reconciliation all make, in one place.

use crate::client::AtomClient;
use crate::ids::{parse_contact_id, read_id};
use crate::mapping::FieldMap;
use contacts_core::{AddressBookId, Contact, ContactId, Error, Labels, NewContact, Result};
use contacts_http::RetryPolicy;
use serde_json::{Map, Value, json};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// The rounds in which a write whose outcome is unknown (a 5xx, a timeout, a broken
/// connection: the server may or may not have acted) is settled by looking before trying
/// again, for creates and deletes alike: up to 8 rounds, each a write or a look, with a short
/// jittered backoff (20 ms doubling to 200 ms) so a struggling server is not hammered, within
/// 30 s in all. At a 13% fault rate eight rounds fail together about once in ten million.
#[derive(Debug)]
pub struct Rounds {
    policy: RetryPolicy,
    started: Instant,
    round: u32,
}

impl Rounds {
    /// The first round starts now.
    pub fn settle() -> Self {
        Self {
            policy: RetryPolicy::default()
                .max_attempts(8)
                .backoff(Duration::from_millis(20), Duration::from_millis(200))
                .budget(Duration::from_secs(30)),
            started: Instant::now(),
            round: 1,
        }
    }

    /// Waits before the next round and says whether there is one.
    pub async fn again(&mut self) -> bool {
        match self.policy.delay(self.round, self.started.elapsed(), None) {
            Some(wait) => {
                tokio::time::sleep(wait).await;
                self.round += 1;
                true
            }
            None => false,
        }
    }
}

/// One address book of the account: its id, how its fields map to properties, and how many
/// requests go at once for bulk work. Clones share the HTTP client and its rate limiter.
#[derive(Debug, Clone)]
pub struct BookClient {
    /// The account's client.
    pub client: AtomClient,
    /// The book's id.
    pub id: u64,
    /// Custom-slot mapping.
    pub fields: Arc<FieldMap>,
    /// Requests in flight at once for bulk work.
    pub concurrency: usize,
}

impl BookClient {
    /// The book's id as the model's type.
    pub fn book_id(&self) -> AddressBookId {
        AddressBookId::from(self.id)
    }

    /// The full record of one contact. A contact deleted meanwhile is `NotFound` whichever
    /// way Atom says so (see [`gone`](Self::gone)).
    pub async fn detail(&self, id: u64) -> Result<Contact> {
        let result = self
            .client
            .idempotent_about("contact/detail", json!({"id": id.to_string()}), || {
                self.gone(id)
            })
            .await?;
        let contact = result
            .get("contact")
            .and_then(Value::as_object)
            .ok_or_else(|| {
                self.client
                    .protocol("contact/detail without a `contact` object", &result)
            })?;
        let id = read_id(contact.get("id"), "contact").unwrap_or(id);
        let book = contact
            .get("group_id")
            .and_then(|v| read_id(Some(v), "address book").ok())
            .unwrap_or(self.id);
        // Atom's ids are account-wide: a contact moved to another book is still answered,
        // but a provider opened on this book holds only this book's contacts.
        if book != self.id {
            return Err(Error::not_found(format!(
                "contact {id} in address book {} (it is in book {book})",
                self.id
            )));
        }
        Ok(Contact {
            id: ContactId::from(id),
            owner_id: None,
            properties: self.fields.from_fields(contact),
            labels: Labels::new(),
            metadata: None,
            address_book: Some(AddressBookId::from(book)),
            card: None,
        })
    }

    /// `NotFound` unless contact `numeric` is in this book. Atom's ids are account-wide and
    /// `contact/detail`, `contact/edit` and `contact/delete` answer for any book (the detail
    /// without saying which), so a provider opened on one book would read, change or delete
    /// a contact moved to another: the book's own list settles it, at one request more.
    pub async fn ensure_here(&self, numeric: u64, id: &ContactId) -> Result<()> {
        if self.ids().await?.iter().any(|(held, _)| *held == numeric) {
            Ok(())
        } else {
            Err(Error::contact_not_found(id))
        }
    }

    /// `NotFound` if contact `numeric` is no longer in this book, asked after a call about it
    /// got a 500 that gave no reason: Atom documents no "not found" (only 200, 403 and 500),
    /// so such a 500 may mean the contact was deleted meanwhile, and then repeating the call
    /// cannot succeed. `None` (try again) when it is still there or the book cannot be read.
    pub async fn gone(&self, numeric: u64) -> Option<Error> {
        match self.ids().await {
            Ok(held) if !held.iter().any(|(id, _)| *id == numeric) => {
                Some(Error::not_found(format!("contact {numeric}")))
            }
            _ => None,
        }
    }

    /// Ids of the book's contacts with their abbreviated records, from `address-book/detail`.
    pub async fn ids(&self) -> Result<Vec<(u64, Value)>> {
        let result = self
            .client
            .idempotent("address-book/detail", json!({"id": self.id}))
            .await
            .map_err(|e| match e {
                Error::NotFound { .. } => Error::not_found(format!("address book {}", self.id)),
                other => other,
            })?;
        let contacts = match result.get("contacts") {
            Some(Value::Array(items)) => items.clone(),
            Some(Value::Null) | None => Vec::new(),
            Some(_) => {
                return Err(self
                    .client
                    .protocol("`contacts` of address-book/detail is not a list", &result));
            }
        };
        contacts
            .into_iter()
            .map(|c| Ok((read_id(c.get("id"), "contact")?, c)))
            .collect()
    }

    /// `contact/edit` of the contact `id` with `fields` (absolute values: safe to repeat).
    pub async fn edit(&self, id: &ContactId, mut fields: Map<String, Value>) -> Result<()> {
        let numeric = parse_contact_id(id)?;
        self.ensure_here(numeric, id).await?;
        fields.insert("id".into(), json!(numeric));
        self.client
            .idempotent_about("contact/edit", Value::Object(fields), || self.gone(numeric))
            .await
            .map_err(|e| not_found_as(e, id))?;
        Ok(())
    }

    /// Deletes one contact and confirms it. Atom's delete is not idempotent (a second one is
    /// an error), so an ambiguous failure is settled by looking: a contact that is gone was
    /// deleted; one still there is deleted again.
    pub async fn delete_confirmed(&self, id: &ContactId) -> Result<()> {
        let numeric = parse_contact_id(id)?;
        self.ensure_here(numeric, id).await?;
        let mut rounds = Rounds::settle();
        loop {
            let sent = self
                .client
                .once("contact/delete", json!({"id": numeric}))
                .await;
            match sent {
                Ok(_) => return Ok(()),
                Err(e) if e.is_not_found() => return Err(Error::contact_not_found(id)),
                Err(e) if e.may_have_written() => match self.detail(numeric).await {
                    Err(gone) if gone.is_not_found() => return Ok(()),
                    Err(other) => return Err(other),
                    Ok(_) if rounds.again().await => {}
                    Ok(_) => return Err(e),
                },
                Err(e) => return Err(e),
            }
        }
    }

    /// The fields of a new contact of this book.
    pub fn new_fields(&self, doc: &NewContact) -> Result<Map<String, Value>> {
        let mut fields = self.fields.to_fields(doc, false)?;
        fields.insert("group_id".into(), json!(self.id));
        Ok(fields)
    }
}

/// `NotFound` about the contact `id` instead of the vendor's wording.
pub fn not_found_as(e: Error, id: &ContactId) -> Error {
    if e.is_not_found() {
        Error::contact_not_found(id)
    } else {
        e
    }
}
