//! iP1's blacklist behind the neutral [`Blocklist`].

use crate::provider::Ip1Provider;
use contacts_core::optional::Blocklist;
use contacts_core::{Result, async_trait};

#[async_trait]
impl Blocklist for Ip1Provider {
    async fn list_blocked(&self) -> Result<Vec<String>> {
        self.blacklist().await
    }

    async fn check_number(&self, number: &str) -> Result<bool> {
        self.is_blocked(number).await
    }

    async fn block_number(&self, number: &str) -> Result<()> {
        self.block(number).await
    }

    async fn unblock_number(&self, number: &str) -> Result<()> {
        self.unblock(number).await
    }
}
