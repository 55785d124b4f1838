//! The blocklist over `/v1/blocklist`.

use crate::provider::RemoteProvider;
use async_trait::async_trait;
use contacts_core::Result;
use contacts_core::optional::Blocklist;
use contacts_http::{Method, Request};
use contacts_protocol::bodies::{BlockStatus, NumberList};
use contacts_protocol::paths;

#[async_trait]
impl Blocklist for RemoteProvider {
    async fn list_blocked(&self) -> Result<Vec<String>> {
        let request = self.wire.request(Method::GET, paths::BLOCKLIST)?;
        let list: NumberList = self.wire.call(request, "the blocklist").await?;
        Ok(list.numbers)
    }

    async fn check_number(&self, number: &str) -> Result<bool> {
        let request = self.number_request(Method::GET, number)?;
        let status: BlockStatus = self.wire.call(request, &format!("number {number}")).await?;
        Ok(status.blocked)
    }

    async fn block_number(&self, number: &str) -> Result<()> {
        let request = self.number_request(Method::PUT, number)?;
        self.wire
            .call_empty(request, &format!("number {number}"))
            .await
    }

    async fn unblock_number(&self, number: &str) -> Result<()> {
        let request = self.number_request(Method::DELETE, number)?;
        self.wire
            .call_empty(request, &format!("number {number}"))
            .await
    }
}

impl RemoteProvider {
    /// A request of `method` for `number`'s blocklist entry (`/v1/blocklist/{number}`).
    fn number_request(&self, method: Method, number: &str) -> Result<Request> {
        self.wire.request(method, &paths::blocked_number(number)?)
    }
}
