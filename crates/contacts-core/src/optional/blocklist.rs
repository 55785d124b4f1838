//! A blocklist of phone numbers the provider will not send to.

use crate::Result;
use async_trait::async_trait;

/// Blocked phone numbers (declared by
/// [`Capabilities::blocklist`](crate::Capabilities::blocklist)). Numbers are international
/// (`+46701234567`); the provider says which forms it accepts with `InvalidInput`.
#[async_trait]
pub trait Blocklist: Send + Sync {
    /// Every blocked number, in international format.
    async fn list_blocked(&self) -> Result<Vec<String>>;

    /// Whether `number` is blocked.
    async fn check_number(&self, number: &str) -> Result<bool>;

    /// Blocks `number` (blocking a blocked number is not an error).
    async fn block_number(&self, number: &str) -> Result<()>;

    /// Unblocks `number`; `NotFound` if it was not blocked.
    async fn unblock_number(&self, number: &str) -> Result<()>;
}
