//! Entry points for the fuzz targets in `fuzz/` (compiled only under `cargo fuzz`, which sets
//! `--cfg fuzzing`): what a server sends is read here, so it is what a fuzzer should feed.

use crate::card::Stored;
use crate::vcard;
use contacts_core::{Error, Labels, Properties};

/// The keys the vCard mapping stores, in the order the fuzz targets pick them.
pub const KEYS: [&str; 6] = vcard::KEYS;

/// A card as the provider reads one from a server: its properties and labels, or why not.
pub fn read_card(text: &str) -> Result<(Properties, Labels), Error> {
    let stored = Stored::read("fuzz.vcf".into(), None, text.to_owned())?;
    Ok((stored.mapped.properties, stored.mapped.labels))
}

/// The stored `text` edited as an update to `props` and `labels` writes it, or why the update
/// is refused: `InvalidInput` for values a vCard cannot carry, `Protocol` when the edited card
/// would not read back as asked.
pub fn edit_card(text: &str, props: &Properties, labels: &Labels) -> Result<String, Error> {
    let stored = Stored::read("fuzz.vcf".into(), None, text.to_owned())?;
    Ok(stored.edited(props, labels)?.text)
}

/// A `207 Multi-Status` body as the provider reads one: the number of responses, or why not.
pub fn multistatus(body: &[u8]) -> Result<usize, Error> {
    crate::xml::parse_multistatus(207, body, Some("fuzz-secret")).map(|ms| ms.responses.len())
}
