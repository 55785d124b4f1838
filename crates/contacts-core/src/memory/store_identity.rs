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
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| fresh()).collect();
        assert_eq!(ids.len(), 1000);
        assert!(
            ids.iter()
                .all(|i| i.len() == 7 + 32 && i.starts_with("memory-"))
        );
    }
}
