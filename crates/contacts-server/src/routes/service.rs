//! `GET /v1`: the service document, answered without a token so a client can learn the
//! protocol version before it authenticates.

use super::Api;
use axum::Json;
use axum::extract::State;
use contacts_protocol::ServiceDocument;

/// The protocol, its version, the provider's name, capabilities and store identity.
pub(super) async fn document(State(api): State<Api>) -> Json<ServiceDocument> {
    let provider = &api.provider;
    Json(ServiceDocument::new(
        provider.name(),
        provider.capabilities().clone(),
        provider.store_identity(),
    ))
}
