//! `Ip1Provider`: iP1 REST v2 behind the `ContactProvider` trait.

use crate::delete_verb::DeleteVerb;
use crate::mapping::{SYSTEM_LABEL, WireContact, WireDoc};
use async_trait::async_trait;
use contacts_core::optional::{BackgroundImport, Blocklist, LabelAdmin, Summarize};
use contacts_core::{
    Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactQuery, DeleteTarget,
    Error, GetOptions, Labels, NewContact, Page, PageToken, PartialFailure, PendingPage, Result,
    validate,
};
use contacts_http::WriteLocks;
use contacts_http::{HttpClient, Method, Request, Response, path_segment};
use futures::stream::{self, StreamExt};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The registry name of the iP1 provider.
pub const IP1_PROVIDER: &str = "ip1";
/// Most contacts one `sync` import takes, as the vendor documents.
pub const MAX_SYNC_IMPORT: usize = 1000;

/// iP1's contacts as a [`ContactProvider`].
///
/// Built with [`Ip1Provider::builder`], which wraps it in the standard layers
/// ([`Standard`](contacts_core::Standard)): the contract's refusals and a span per operation
/// come from there, and this type holds only what is iP1's:
///
/// - Listing follows the `next` link of the `Link` header (offsets are never computed). A
///   relative link is resolved against the request's URL, and a link on another host (the
///   vendor's API gateway) is re-based onto the configured origin; the [`PageToken`] carries
///   the resolved link, and a token pointing at another origin is refused so a token cannot
///   send the key elsewhere. The vendor's only link example carries no filters, so filter
///   parameters a link lacks are put back, and every contact of every page is checked against
///   the whole filter client-side.
/// - A filter with an empty label or value is refused before any request (iP1 may read
///   `labels=` as no filter, and its unfiltered `DELETE /v2/contacts` deletes every contact);
///   only [`DeleteTarget::EveryContact`] sends that unfiltered delete.
/// - `delete` sends `DELETE`; on a 405, or a 404 for a contact a `GET` still finds, it sends
///   `POST` (the method the vendor's document prints) and keeps the method that worked.
/// - A mass delete by filter lists the matches, checks each again and deletes them by id, so
///   it never deletes a contact that does not match.
/// - The vendor does not document what several `labels` parameters mean, so only the first
///   label is sent and the others are checked client-side: label filters are always all-of.
///   A page can then hold fewer contacts than the page size, even none, with a `next` token.
/// - `create` splits a batch into `sync` imports of at most 1000 and returns the contacts in
///   input order. When every import failed with the same error, that error is returned;
///   otherwise a failure is `Error::PartialFailure`, every input index created or failed with
///   its own import's error (even when none was created), so a refused import's error never
///   stands for one that may have stored its contacts.
/// - Labels are added through `POST /labels/{label}/contacts` and removed by writing the
///   contact's whole document (`PUT`), so other labels are never touched.
/// - The system label `all` is hidden on read and refused on write.
#[derive(Debug, Clone)]
pub struct Ip1Provider {
    pub(crate) http: HttpClient,
    pub(crate) capabilities: Capabilities,
    create_concurrency: usize,
    /// The method that deletes one contact on this server, once known (see
    /// `delete_verb.rs`). Shared by clones.
    pub(crate) delete_verb: DeleteVerb,
    /// One write at a time per contact (see [`WriteLocks`]). Shared by clones.
    writes: WriteLocks,
}

impl Ip1Provider {
    pub(crate) fn new(http: HttpClient, create_concurrency: usize) -> Self {
        Self {
            http,
            capabilities: capabilities(),
            create_concurrency: create_concurrency.max(1),
            delete_verb: DeleteVerb::default(),
            writes: WriteLocks::new(),
        }
    }

    /// The path of contact `id`: the id as exactly one segment ([`path_segment`]), so no id
    /// addresses anything but its own contact. An id that cannot be one (empty, `.`, `..`:
    /// a URL resolves them to the collection, whose unfiltered `DELETE` wipes the account, or
    /// to the API root) is no iP1 id, so it is `NotFound` without a request.
    pub(crate) fn contact_path(id: &ContactId) -> Result<String> {
        let segment = path_segment(id.as_str()).ok_or_else(|| Error::contact_not_found(id))?;
        Ok(format!("v2/contacts/{segment}"))
    }

    /// The path of `label`'s contacts (`v2/labels/{label}/contacts`) or of the label itself,
    /// the label as exactly one segment; a label that cannot be one (empty, `.`, `..`) is
    /// one iP1 cannot hold, so it is `InvalidInput` without a request.
    pub(crate) fn label_path(label: &str, rest: &str) -> Result<String> {
        let segment = path_segment(label).ok_or_else(|| {
            Error::invalid(
                "label",
                format!("{label:?} cannot be an iP1 label: it cannot be written in a URL"),
            )
        })?;
        Ok(format!("v2/labels/{segment}{rest}"))
    }

    pub(crate) async fn send(&self, request: Request) -> Result<Response> {
        self.http.send(request).await
    }

    /// Decodes a success answer; maps an error answer, with 404 meaning `what` is missing.
    pub(crate) fn decode<T: serde::de::DeserializeOwned>(
        &self,
        response: &Response,
        what: &str,
    ) -> Result<T> {
        self.http.json(response, what)
    }

    fn contact_of(&self, response: &Response, id: &ContactId) -> Result<Contact> {
        let wire: WireContact = self.decode(response, &format!("contact {id}"))?;
        Ok(wire.into_contact())
    }

    /// Imports contacts in the background (`POST /contacts` without `sync`): iP1 answers 202
    /// at once and stores them shortly after, returning no ids. For large imports where ids are
    /// not needed.
    pub async fn import_background(&self, contacts: &[NewContact]) -> Result<ImportReceipt> {
        let mut caps = self.capabilities.clone();
        caps.max_batch_size = usize::MAX;
        validate::batch(IP1_PROVIDER, &caps, contacts)?;
        check_no_system_label(contacts.iter().map(|c| &c.labels))?;
        let docs: Vec<WireDoc<'_>> = contacts.iter().map(WireDoc::new).collect();
        let request = self
            .http
            .request(Method::POST, "v2/contacts")?
            .json(&docs)?;
        let response = self.http.send_ok(request, "contacts").await?;
        Ok(ImportReceipt {
            accepted: contacts.len(),
            status: response.status,
        })
    }

    async fn create_chunk(&self, chunk: &[NewContact]) -> Result<Vec<Contact>> {
        let docs: Vec<WireDoc<'_>> = chunk.iter().map(WireDoc::new).collect();
        let request = self
            .http
            .request(Method::POST, "v2/contacts")?
            .query([("sync", "true")])
            .json(&docs)?;
        let response = self.send(request).await?;
        let created: Vec<WireContact> = self.decode(&response, "contacts")?;
        if created.len() != chunk.len() {
            return Err(Error::Protocol {
                status: Some(response.status),
                message: format!(
                    "sent {} contacts, the server returned {}",
                    chunk.len(),
                    created.len()
                ),
                body_excerpt: contacts_http::excerpt(&response.body, self.http.secret()),
            });
        }
        Ok(created.into_iter().map(WireContact::into_contact).collect())
    }

    async fn put(&self, id: &ContactId, doc: &NewContact) -> Result<Contact> {
        let request = self
            .http
            .request(Method::PUT, &Self::contact_path(id)?)?
            .json(&WireDoc::new(doc))?;
        let response = self.send(request).await?;
        self.contact_of(&response, id)
    }

    async fn fetch(&self, id: &ContactId, meta: bool) -> Result<Contact> {
        let mut request = self.http.request(Method::GET, &Self::contact_path(id)?)?;
        if meta {
            request = request.query([("meta", "true")]);
        }
        let response = self.send(request).await?;
        self.contact_of(&response, id)
    }
}

/// What a background import was told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportReceipt {
    /// Contacts sent.
    pub accepted: usize,
    /// The HTTP status (202 when imported in the background).
    pub status: u16,
}

/// Refuses iP1's system label `all` in any of `labels`: it is on every contact and cannot be
/// set or removed.
pub(crate) fn check_no_system_label<'a>(
    labels: impl IntoIterator<Item = &'a Labels>,
) -> Result<()> {
    for set in labels {
        if set.contains(SYSTEM_LABEL) {
            return Err(Error::invalid(
                "labels",
                "\"all\" is iP1's system label, on every contact; it cannot be set or removed",
            ));
        }
    }
    Ok(())
}

/// The one error of a `create` whose every `sync` import failed with that same error: it is
/// then every contact's error, and nothing was stored under another. Imports that failed
/// differently (one refused with a 429, which stored nothing, another cut off by a 504, after
/// which its contacts may be stored) are no one error: each contact keeps its own import's in
/// a `PartialFailure`, so a caller can tell which may have been written
/// ([`Error::may_have_written`]) before sending any again.
fn same_failure(outcomes: &[Result<Vec<Contact>>]) -> Option<Error> {
    let (first, rest) = outcomes.split_first()?;
    let first = first.as_ref().err()?;
    rest.iter()
        .all(|outcome| outcome.as_ref().err() == Some(first))
        .then(|| first.clone())
}

/// Every operation of the trait ([`Capabilities::full`]: free-form keys, server-side filters,
/// pages of up to 1000), imports of up to 100,000 that can fail part-way, and every optional
/// capability the vendor documents. No card: iP1 stores flat properties only, so a card is
/// refused and a sync lists what it could not carry.
fn capabilities() -> Capabilities {
    let mut caps = Capabilities::full();
    caps.card_parts = Vec::new();
    caps.max_batch_size = 100_000;
    caps.atomic_batches = false;
    caps.label_admin = true;
    caps.blocklist = true;
    caps.account_summary = true;
    caps.background_import = true;
    caps
}

#[async_trait]
impl ContactProvider for Ip1Provider {
    contacts_core::provider_identity!(IP1_PROVIDER, capabilities);

    async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact> {
        self.fetch(id, options.include_metadata).await
    }

    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        self.list_page_deferred(query, token).await?.into_page()
    }

    /// The request, its status and the `Link` header are handled here (`listing.rs`); the
    /// body is decoded (and the label filter applied) by [`PendingPage::into_page`].
    async fn list_page_deferred(
        &self,
        query: &ContactQuery,
        token: Option<PageToken>,
    ) -> Result<PendingPage> {
        self.request_page(query, token).await
    }

    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        check_no_system_label(contacts.iter().map(|c| &c.labels))?;
        // Chunks go out `create_concurrency` at a time; results come back in input order.
        let chunks = contacts.len().div_ceil(MAX_SYNC_IMPORT);
        let outcomes: Vec<Result<Vec<Contact>>> = stream::iter(0..chunks)
            .map(|i| {
                let chunk =
                    &contacts[i * MAX_SYNC_IMPORT..((i + 1) * MAX_SYNC_IMPORT).min(contacts.len())];
                self.create_chunk(chunk)
            })
            .buffered(self.create_concurrency)
            .collect()
            .await;
        if outcomes.iter().all(Result::is_ok) {
            return Ok(outcomes
                .into_iter()
                .flat_map(Result::unwrap_or_default)
                .collect());
        }
        if let Some(error) = same_failure(&outcomes) {
            return Err(error);
        }
        let mut created = Vec::new();
        let mut failed = Vec::new();
        for (i, outcome) in outcomes.into_iter().enumerate() {
            let start = i * MAX_SYNC_IMPORT;
            match outcome {
                Ok(stored) => {
                    created.extend(stored.into_iter().enumerate().map(|(j, c)| (start + j, c)))
                }
                Err(e) => {
                    let end = (start + MAX_SYNC_IMPORT).min(contacts.len());
                    failed.extend((start..end).map(|k| (k, e.clone())));
                }
            }
        }
        Err(Error::PartialFailure(Box::new(PartialFailure {
            created,
            failed,
        })))
    }

    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        check_no_system_label([&patch.add_labels, &patch.remove_labels])?;
        let contact_path = Self::contact_path(id)?;
        for label in patch.add_labels.iter() {
            Self::label_path(label, "")?;
        }
        let _one_at_a_time = self.writes.lock(id).await;
        let mut current = None;
        if patch.properties.is_empty() && patch.add_labels.iter().next().is_some() {
            // The label call passes over ids the vendor does not hold in silence: the
            // contact is looked up first, so an unknown id is `NotFound` and the id never
            // goes anywhere but its own resource.
            self.fetch(id, false).await?;
        }
        if !patch.properties.is_empty() {
            let props: BTreeMap<&str, Value> = patch
                .properties
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_ref().map_or(Value::Null, |v| json!(v))))
                .collect();
            let request = self
                .http
                .request(Method::PATCH, &contact_path)?
                .json(&json!({"properties": props}))?;
            let response = self.send(request).await?;
            current = Some(self.contact_of(&response, id)?);
        }
        for label in patch
            .add_labels
            .iter()
            .filter(|l| !patch.remove_labels.contains(l))
        {
            let path = Self::label_path(label, "/contacts")?;
            let request = self
                .http
                .request(Method::POST, &path)?
                .json(&[id.as_str()])?;
            // Adding a label twice has the same effect: safe to retry.
            let request = request.idempotency(contacts_http::Idempotency::Idempotent);
            let response = self.send(request).await?;
            let _: Value = self.decode(&response, &format!("label {label}"))?;
            current = None;
        }
        let has_removals = patch.remove_labels.iter().next().is_some();
        let mut contact = match current {
            Some(c) if !has_removals => return Ok(c),
            Some(c) => c,
            None => self.fetch(id, false).await?,
        };
        if has_removals {
            let before = contact.labels.len();
            for label in patch.remove_labels.iter() {
                contact.labels.remove(label);
            }
            if contact.labels.len() != before {
                contact = self.put(id, &contact.to_new()).await?;
            }
        }
        Ok(contact)
    }

    async fn replace(&self, id: &ContactId, contact: &NewContact) -> Result<Contact> {
        check_no_system_label([&contact.labels])?;
        let _one_at_a_time = self.writes.lock(id).await;
        self.put(id, contact).await
    }

    async fn delete(&self, id: &ContactId) -> Result<()> {
        let _one_at_a_time = self.writes.lock(id).await;
        self.delete_one(id).await
    }

    /// A filter: listed, each match checked again and deleted by id (see `deletes.rs`).
    /// Every contact: the vendor's unfiltered `DELETE /v2/contacts`, the only request that
    /// ever reaches it.
    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>> {
        let filter = match target {
            DeleteTarget::EveryContact => return self.delete_everything().await,
            DeleteTarget::Matching(filter) => filter,
        };
        check_no_system_label([&filter.labels])?;
        self.delete_filtered(filter).await
    }

    fn label_admin(&self) -> Option<&dyn LabelAdmin> {
        Some(self)
    }

    fn blocklist(&self) -> Option<&dyn Blocklist> {
        Some(self)
    }

    fn account_summary(&self) -> Option<&dyn Summarize> {
        Some(self)
    }

    fn background_import(&self) -> Option<&dyn BackgroundImport> {
        Some(self)
    }

    /// The account: the API's URL and a fingerprint of the key (never the key).
    fn store_identity(&self) -> Option<String> {
        Some(format!("ip1:{}", self.http.account_identity()))
    }
}
