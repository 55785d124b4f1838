//! Phone numbers as the index keeps them: read into their match key (the E.164 form) once,
//! and a key of `+` and up to 18 digits coded as a number (no text kept for it).

use contacts_phone::Normalizer;

/// `raw` read by `normalizer`: its match key, or why it has none.
pub(crate) fn read_number(normalizer: &Normalizer, raw: Option<&str>) -> Result<String, String> {
    let Some(raw) = raw else {
        return Err("no phoneNumber".to_owned());
    };
    normalizer
        .normalize(raw)
        .map(|n| n.match_key().to_owned())
        .map_err(|e| e.to_string())
}

/// The code of an E.164 key: its digits as a number (`+` then 1 to 18 digits, the first not
/// 0, so the text comes back exactly).
pub(crate) fn digits_code(key: &str) -> Option<u64> {
    let digits = key.strip_prefix('+')?;
    let plain = (1..=18).contains(&digits.len())
        && !digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit());
    plain.then(|| digits.parse().ok()).flatten()
}
