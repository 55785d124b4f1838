//! The provider: a store reached over the contacts provider protocol.

use crate::client::Wire;
use crate::mapping::{contact_path, created};
use async_trait::async_trait;
use contacts_core::{
    Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactQuery, DeleteTarget,
    GetOptions, NewContact, Page, PageToken, Result,
};
use contacts_http::Method;
use contacts_protocol::ServiceDocument;
use contacts_protocol::bodies::{ContactList, CreateRequest, CreateResults, DeleteRequest};
use contacts_protocol::paths;

/// The name `provider-remote` registers under.
pub const REMOTE_PROVIDER: &str = "remote";

/// A contact store behind a server of the contacts provider protocol: `contacts serve` over
/// any configured provider, or an adapter written in any language. Every operation of the
/// trait is one request; each optional capability is offered exactly when the server's
/// service document declares it.
///
/// Its capabilities are the server's, read once from `GET /v1` when the provider is built
/// (see [`RemoteProviderBuilder`](crate::RemoteProviderBuilder)): a server whose store
/// changes what it supports is reached anew. Its `Debug` shows the server, never the token.
#[derive(Debug, Clone)]
pub struct RemoteProvider {
    pub(crate) wire: Wire,
    pub(crate) service: ServiceDocument,
}

impl RemoteProvider {
    pub(crate) fn new(wire: Wire, service: ServiceDocument) -> Self {
        Self { wire, service }
    }

    /// The registry name of the provider behind the server (e.g. `sqlite`, `my-crm`); this
    /// provider's own [`name`](ContactProvider::name) is always `remote`.
    pub fn remote_name(&self) -> &str {
        &self.service.provider
    }

    /// The service document the server answered (or the one the builder was given).
    pub fn service_document(&self) -> &ServiceDocument {
        &self.service
    }
}

#[async_trait]
impl ContactProvider for RemoteProvider {
    fn name(&self) -> &str {
        REMOTE_PROVIDER
    }

    fn capabilities(&self) -> &Capabilities {
        &self.service.capabilities
    }

    /// `remote:` and the server's identity of its store, so it never equals the identity of
    /// a local store of the same kind; `None` when the server cannot tell.
    fn store_identity(&self) -> Option<String> {
        let identity = self.service.store_identity.as_ref()?;
        Some(format!("{REMOTE_PROVIDER}:{identity}"))
    }

    async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact> {
        let mut path = contact_path(id)?;
        if options.include_metadata {
            path = format!("{path}?{}", paths::WITH_METADATA);
        }
        let request = self.wire.request(Method::GET, &path)?;
        self.wire.call(request, &format!("contact {id}")).await
    }

    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        crate::listing::page(&self.wire, query, token).await
    }

    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        let body = CreateRequest {
            contacts: contacts.to_vec(),
        };
        let request = self.wire.post(paths::CONTACTS, &body)?;
        let response = self.wire.send(request, "creating contacts").await?;
        let results: CreateResults = self.wire.decode(&response)?;
        created(response.status, results, contacts.len())
    }

    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        let request = self.wire.request(Method::PATCH, &contact_path(id)?)?;
        let what = format!("contact {id}");
        self.wire.call(request.json(patch)?, &what).await
    }

    async fn replace(&self, id: &ContactId, contact: &NewContact) -> Result<Contact> {
        let request = self.wire.request(Method::PUT, &contact_path(id)?)?;
        let what = format!("contact {id}");
        self.wire.call(request.json(contact)?, &what).await
    }

    async fn delete(&self, id: &ContactId) -> Result<()> {
        let request = self.wire.request(Method::DELETE, &contact_path(id)?)?;
        self.wire
            .call_empty(request, &format!("contact {id}"))
            .await
    }

    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>> {
        let body = DeleteRequest {
            target: target.clone(),
        };
        let request = self.wire.post(paths::CONTACT_DELETIONS, &body)?;
        let deleted: ContactList = self.wire.call(request, "deleting contacts").await?;
        Ok(deleted.contacts)
    }

    // Each accessor offers a capability exactly when the server declares it, so a caller
    // never reaches a path the server would answer `unsupported`.
    contacts_core::optional_accessors!(declared);
}
