//! The in-memory store's blocklist: international numbers (`+` and 1 to 15 digits), kept as
//! given.

use super::store::MemoryStore;
use crate::optional::Blocklist;
use crate::{Error, Result};
use async_trait::async_trait;

/// `number` if it is in the one form this store accepts, `+` and 1 to 15 digits.
fn international(number: &str) -> Result<&str> {
    let digits = number.strip_prefix('+').unwrap_or_default();
    let well_formed =
        (1..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    if well_formed {
        Ok(number)
    } else {
        Err(Error::invalid(
            "phone_number",
            format!("{number:?} is not an international number: + and 1 to 15 digits"),
        ))
    }
}

#[async_trait]
impl Blocklist for MemoryStore {
    async fn list_blocked(&self) -> Result<Vec<String>> {
        Ok(self.lock().blocked.iter().cloned().collect())
    }

    async fn check_number(&self, number: &str) -> Result<bool> {
        let number = international(number)?;
        Ok(self.lock().blocked.contains(number))
    }

    async fn block_number(&self, number: &str) -> Result<()> {
        let number = international(number)?;
        self.lock().blocked.insert(number.to_owned());
        Ok(())
    }

    async fn unblock_number(&self, number: &str) -> Result<()> {
        let number = international(number)?;
        if self.lock().blocked.remove(number) {
            Ok(())
        } else {
            Err(Error::not_found(format!("blocked number {number}")))
        }
    }
}
