//! Entry points for the fuzz targets in `fuzz/` (compiled only under `cargo fuzz`, which sets
//! `--cfg fuzzing`): what a server sends is read here, so it is what a fuzzer should feed.

use crate::mapping::Stored;
use contacts_core::{Error, Labels, Properties, keys};

/// The well-known keys, in the order the fuzz targets pick them (the core's display order).
pub const KEYS: [&str; 6] = keys::ALL;

/// A card as the provider reads one from a server: its flat view, or why not.
pub fn read_card(text: &str) -> Result<(Properties, Labels), Error> {
    let stored = Stored::read("fuzz.vcf".into(), None, text.to_owned())?;
    Ok((stored.card.flat_properties(), stored.card.flat_labels()))
}

/// The stored `text` edited as a flat update to `props` and `labels` writes it (the core's
/// rules applied to its card, then the line editor), or why the update is refused:
/// `InvalidInput` for values a vCard cannot carry, `Protocol` when the edited card would not
/// read back as asked.
pub fn edit_card(text: &str, props: &Properties, labels: &Labels) -> Result<String, Error> {
    crate::card_text::check_values(props, labels)?;
    let stored = Stored::read("fuzz.vcf".into(), None, text.to_owned())?;
    let mut target = stored.card.clone();
    target.apply_flat(props, labels);
    Ok(stored.edited(&target)?.text)
}

/// A `207 Multi-Status` body as the provider reads one: the number of responses, or why not.
pub fn multistatus(body: &[u8]) -> Result<usize, Error> {
    crate::xml::parse_multistatus(207, body, Some("fuzz-secret")).map(|ms| ms.responses.len())
}
