//! The change feed over `/v1/changes`.

use crate::provider::RemoteProvider;
use async_trait::async_trait;
use contacts_core::Result;
use contacts_core::optional::{ChangeFeed, ChangeSet, ChangeToken};
use contacts_http::Method;
use contacts_protocol::bodies::CurrentToken;
use contacts_protocol::paths;

#[async_trait]
impl ChangeFeed for RemoteProvider {
    async fn current_token(&self) -> Result<ChangeToken> {
        let request = self.wire.request(Method::GET, paths::CHANGES_CURRENT)?;
        let current: CurrentToken = self.wire.call(request, "the change token").await?;
        Ok(current.token)
    }

    async fn changes_since(&self, token: &ChangeToken) -> Result<ChangeSet> {
        let path = paths::changes_since(token.as_str());
        let request = self.wire.request(Method::GET, &path)?;
        self.wire.call(request, "changes").await
    }
}
