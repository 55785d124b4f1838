//! The store identity of an in-memory store: random, drawn once per store.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Stores made so far by this process: makes two identities of one process differ even if
/// the random keys repeated.
static MADE: AtomicU64 = AtomicU64::new(0);

/// A new identity: `memory-` and 32 hex digits. The bits come from the standard library's
/// randomly keyed hasher (seeded from the system's randomness), mixed with the time and a
/// per-process count, so no dependency on a random-number crate is needed for 128 bits that
/// never repeat in practice.
pub(crate) fn fresh() -> String {
    let count = MADE.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let half = |salt: u64| {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(salt);
        hasher.write_u64(count);
        hasher.write_u128(nanos);
        hasher.write_u32(std::process::id());
        hasher.finish()
    };
    format!("memory-{:016x}{:016x}", half(1), half(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_have_128_bits_and_do_not_repeat() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| fresh()).collect();
        assert_eq!(ids.len(), 1000);
        assert!(
            ids.iter()
                .all(|i| i.len() == 7 + 32 && i.starts_with("memory-"))
        );
    }
}
