//! The store identity of an in-memory store: random, drawn once per store.

/// A new identity: `memory-` and 32 hex digits that never repeat in practice.
pub(crate) fn fresh() -> String {
    format!("memory-{:032x}", crate::random::bits128())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_have_128_bits_and_do_not_repeat() {
        for id in crate::random::thousand_distinct(fresh) {
            assert!(id.len() == 7 + 32 && id.starts_with("memory-"), "{id}");
        }
    }
}
