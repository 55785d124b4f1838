//! Creating a contact exactly once although Atom has no idempotency keys.
//!
//! A `contact/new` that fails ambiguously (a 5xx, a timeout, a dropped connection: the server
//! may or may not have stored it) is never blindly sent again. The provider first looks for a
//! contact that appeared in the book since the batch started and carries the same abbreviated
//! fields; if there is one, that is the contact; if not, it did not land and is sent again.

use crate::book_client::{BookClient, Rounds};
use crate::ids::read_id;
use contacts_core::{Contact, ContactId, Error, Labels, NewContact, Result};
use serde_json::Value;
use std::collections::HashSet;
use std::sync::Mutex;

/// What one batch of creates knows: ids the book had before it started, and ids already
/// attributed to one of its items (so two identical items never claim the same contact).
#[derive(Debug, Default)]
pub struct Batch {
    /// Ids present before the batch.
    pub before: HashSet<u64>,
    /// Ids attributed to an item of this batch.
    pub claimed: Mutex<HashSet<u64>>,
}

impl Batch {
    fn claim(&self, id: u64) -> bool {
        self.claimed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id)
    }

    fn is_claimed(&self, id: u64) -> bool {
        self.claimed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&id)
    }
}

impl BookClient {
    /// Creates `doc` once within `batch`: an ambiguous failure is never re-sent before the book
    /// shows it did not land (see [`Rounds`]).
    pub async fn create_once(&self, doc: &NewContact, batch: &Batch) -> Result<Contact> {
        let body = Value::Object(self.new_fields(doc)?);
        let mut rounds = Rounds::settle();
        loop {
            let sent = self.client.once("contact/new", body.clone()).await;
            let e = match sent {
                Ok(result) => {
                    let id = read_id(result.get("id"), "contact")?;
                    batch.claim(id);
                    return Ok(self.stored(doc, id));
                }
                Err(e) if e.may_have_written() => e,
                Err(e) => return Err(e),
            };
            if let Some(id) = self.look_until_known(doc, batch).await? {
                return Ok(self.stored(doc, id));
            }
            if !rounds.again().await {
                return Err(e);
            }
        }
    }

    /// Looks for the contact until the book could be read; if it never can, the outcome is
    /// unknown and that is the error (never a blind re-send).
    async fn look_until_known(&self, doc: &NewContact, batch: &Batch) -> Result<Option<u64>> {
        let mut rounds = Rounds::settle();
        loop {
            match self.landed(doc, batch).await {
                Ok(found) => return Ok(found),
                // A look is a read: it is tried again after whatever may pass (a throttle,
                // an outage, an answer that could not be read).
                Err(e) if e.may_have_written() || e.is_retryable() => {
                    if !rounds.again().await {
                        return Err(Error::Unavailable {
                            message: format!(
                                "a create failed and the address book could not be read to see \
                                 whether it landed; check before retrying ({e})"
                            ),
                            retry_after: None,
                        });
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// A new contact of the book whose abbreviated fields equal the document's, if any.
    async fn landed(&self, doc: &NewContact, batch: &Batch) -> Result<Option<u64>> {
        let wanted = self.fields.to_fields(doc, false)?;
        let same = |field: &str, item: &Value| {
            let have = item.get(field).and_then(Value::as_str).unwrap_or("");
            let want = wanted.get(field).and_then(Value::as_str).unwrap_or("");
            have == want
        };
        let mut found: Vec<u64> = self
            .ids()
            .await?
            .into_iter()
            .filter(|(id, item)| {
                !batch.before.contains(id)
                    && !batch.is_claimed(*id)
                    && ["phone_number", "first_name", "last_name"]
                        .iter()
                        .all(|f| same(f, item))
            })
            .map(|(id, _)| id)
            .collect();
        found.sort_unstable();
        Ok(found.into_iter().find(|id| batch.claim(*id)))
    }

    fn stored(&self, doc: &NewContact, id: u64) -> Contact {
        Contact {
            id: ContactId::from(id),
            owner_id: None,
            properties: doc.properties.clone(),
            labels: Labels::new(),
            metadata: None,
            address_book: Some(self.book_id()),
            card: None,
        }
    }
}
