//! Creating a contact exactly once although Atom has no idempotency keys.
//!
//! A `contact/new` that fails ambiguously (a 5xx, a timeout, a dropped connection: the server
//! may or may not have stored it) is never blindly sent again. The provider first looks for a
//! contact that appeared in the book since the batch started and carries the same abbreviated
//! fields; if there is one, that is the contact; if not, it did not land and is sent again.

use crate::client::Call;
use crate::ids::read_id;
use crate::provider::AddressBookProvider;
use contacts_core::{AddressBookId, Contact, ContactId, Error, Labels, NewContact, Result};
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

/// How many times an ambiguous create is checked and re-sent before giving up. Each round
/// costs a create and a book listing; at a 13% fault rate eight rounds fail together about
/// once in ten million creates.
const MAX_ROUNDS: usize = 8;

/// Whether the server may have stored the contact although the call failed.
fn ambiguous(e: &Error) -> bool {
    matches!(e, Error::Unavailable { .. } | Error::Protocol { .. })
}

/// Creates `doc` once within `batch`.
pub async fn create_once(
    provider: &AddressBookProvider,
    doc: &NewContact,
    batch: &Batch,
) -> Result<Contact> {
    let body = Value::Object(provider.new_fields(doc)?);
    let mut last_error = None;
    for _ in 0..MAX_ROUNDS {
        match provider
            .client
            .call("contact/new", body.clone(), Call::NotIdempotent)
            .await
        {
            Ok(result) => {
                let id = read_id(result.get("id"), "contact")?;
                batch.claim(id);
                return Ok(stored(provider, doc, id));
            }
            Err(e) if ambiguous(&e) => {
                // Never re-send before knowing the first one did not land.
                match look_until_known(provider, doc, batch).await? {
                    Some(id) => return Ok(stored(provider, doc, id)),
                    None => last_error = Some(e),
                }
                // A short pause so a struggling server is not hammered in a tight loop.
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            Err(e) => return Err(e),
        }
    }
    Err(last_error.unwrap_or_else(|| Error::Unavailable {
        message: "the contact could not be created".into(),
        retry_after: None,
    }))
}

/// Looks for the contact until the book could be read; if it never can, the outcome is
/// unknown and that is the error (never a blind re-send).
async fn look_until_known(
    provider: &AddressBookProvider,
    doc: &NewContact,
    batch: &Batch,
) -> Result<Option<u64>> {
    let mut last = None;
    for _ in 0..MAX_ROUNDS {
        match landed(provider, doc, batch).await {
            Ok(found) => return Ok(found),
            Err(e) if ambiguous(&e) || e.is_retryable() => {
                last = Some(e);
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            Err(e) => return Err(e),
        }
    }
    Err(Error::Unavailable {
        message: format!(
            "a create failed and the address book could not be read to see whether it landed; \
             check before retrying ({})",
            last.map(|e| e.to_string()).unwrap_or_default()
        ),
        retry_after: None,
    })
}

/// A new contact of the book whose abbreviated fields equal the document's, if any.
async fn landed(
    provider: &AddressBookProvider,
    doc: &NewContact,
    batch: &Batch,
) -> Result<Option<u64>> {
    let wanted = provider.fields.to_fields(doc, false)?;
    let same = |field: &str, item: &Value| {
        let have = item.get(field).and_then(Value::as_str).unwrap_or("");
        let want = wanted.get(field).and_then(Value::as_str).unwrap_or("");
        have == want
    };
    let mut found: Vec<u64> = provider
        .book_ids()
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

fn stored(provider: &AddressBookProvider, doc: &NewContact, id: u64) -> Contact {
    Contact {
        id: ContactId::from(id),
        owner_id: None,
        properties: doc.properties.clone(),
        labels: Labels::new(),
        metadata: None,
        address_book: Some(AddressBookId::from(provider.book)),
    }
}
