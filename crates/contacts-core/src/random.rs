//! 128 random bits without a random-number crate, for identities that must never repeat.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Draws made so far by this process: makes two draws of one process differ even if the
/// random keys repeated.
static DRAWN: AtomicU64 = AtomicU64::new(0);

/// 128 bits from the standard library's randomly keyed hasher (seeded from the system's
/// randomness), mixed with the time and a per-process count.
pub(crate) fn bits128() -> u128 {
    let count = DRAWN.fetch_add(1, Ordering::Relaxed);
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
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

/// A thousand draws of `draw`, each checked to be one not drawn before: where the tests of
/// every identity made from [`bits128`] start.
#[cfg(test)]
pub(crate) fn thousand_distinct(draw: fn() -> String) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    (0..1000)
        .map(|_| draw())
        .inspect(|id| assert!(seen.insert(id.clone()), "{id} was drawn twice"))
        .collect()
}

/// A random (version 4) UUID as `urn:uuid:xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.
pub(crate) fn urn_uuid() -> String {
    let bits = bits128();
    // Version 4 in bits 76..80, variant 10 in bits 62..64 (RFC 9562 §5.4).
    let bits = (bits & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_version_4_and_do_not_repeat() {
        for id in thousand_distinct(urn_uuid) {
            assert_eq!(id.len(), 9 + 36, "{id}");
            assert_eq!(&id[9 + 14..9 + 15], "4", "{id}");
            assert!("89ab".contains(&id[9 + 19..9 + 20]), "{id}");
        }
    }
}
