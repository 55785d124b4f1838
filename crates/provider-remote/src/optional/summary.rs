//! The account summary over `/v1/summary`.

use crate::provider::RemoteProvider;
use async_trait::async_trait;
use contacts_core::Result;
use contacts_core::optional::{AccountSummary, Summarize};
use contacts_http::Method;
use contacts_protocol::paths;

#[async_trait]
impl Summarize for RemoteProvider {
    async fn summarize(&self) -> Result<AccountSummary> {
        let request = self.wire.request(Method::GET, paths::SUMMARY)?;
        self.wire.call(request, "the account summary").await
    }
}
