//! [`Normalizer`]: which reading of a raw number to take, with an optional cache.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::database;
use crate::error::Failure;
use crate::lengths::{self, Fit};
use crate::memo;
use crate::number::MAX_E164_DIGITS;
use crate::parse;
use crate::scan::{Scanned, scan};
use crate::{PhoneError, PhoneNumber, Region};

/// Reads raw phone numbers into [`PhoneNumber`]s, with a default region for national numbers.
///
/// How a text is read:
/// - `+` first (`+46 70 123 45 67`): international, whatever the default region.
/// - digits only, with a default region: as a national number of that region (its trunk
///   prefix `0` and international prefixes such as Australia's `0011` understood); when that
///   is not a valid number there, a leading `00` or a number with no leading `0` is read as
///   international instead (`46712345678` → `+46712345678`, as iP1 writes MSISDNs), unless
///   that reading is no number at all (too short, unknown country code).
/// - digits only, no default region: `00…` and numbers with no leading `0` are international;
///   a leading single `0` is [`PhoneError::NeedsRegion`].
///
/// Spaces, `-`, `.`, `/` and parentheses between digits are ignored; letters and other
/// characters are an error.
///
/// Every reading is also kept a while in a small process-wide memo (a few thousand numbers)
/// by the E.164 form it gave, and a text that is exactly such a form (`+46701234567`, as the
/// local store is handed what its caller read) is answered from it, under any default region:
/// a `+` number is read without one. The answer is the reading's, type and region included.
///
/// [`Normalizer::with_cache`] remembers the numbers it has read, by their digits (and `+`),
/// so a data set that holds each number many times, however it is spaced, is read fast; the
/// result is the same with and without the cache (errors are not cached: their message
/// quotes the text as given).
///
/// ```
/// use contacts_phone::Normalizer;
///
/// let au = Normalizer::new(Some("AU".parse()?)).with_cache(1024);
/// assert_eq!(au.normalize("(02) 9876 5432")?.e164(), "+61298765432");
/// assert_eq!(au.normalize("61412345678")?.e164(), "+61412345678");
/// assert_eq!(au.normalize("+1 520-878-2491")?.e164(), "+15208782491");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct Normalizer {
    region: Option<Region>,
    cache: Option<Cache>,
    /// Every number through `phonenumber`'s parser, none through [`parse`]'s prefix rules:
    /// the path the differential test compares the fast one with.
    parser_only: bool,
    /// Neither consults nor fills the process-wide [`memo`]: the reading the memo's answers
    /// are compared with.
    no_memo: bool,
}

#[derive(Debug)]
struct Cache {
    capacity: usize,
    numbers: Mutex<HashMap<Box<str>, PhoneNumber>>,
}

impl Normalizer {
    /// A normalizer reading national numbers in `default_region` (none: only international
    /// numbers are accepted). Without a cache; see [`Normalizer::with_cache`].
    pub fn new(default_region: Option<Region>) -> Self {
        Self {
            region: default_region,
            cache: None,
            parser_only: false,
            no_memo: false,
        }
    }

    /// Reads every number through `phonenumber`'s parser (the reading before the fast path).
    #[cfg(test)]
    pub(crate) fn parser_only(mut self) -> Self {
        self.parser_only = true;
        self.no_memo = true;
        self
    }

    /// Reads every number by the rules, without the process-wide memo.
    #[cfg(test)]
    pub(crate) fn without_memo(mut self) -> Self {
        self.no_memo = true;
        self
    }

    /// Remembers up to `capacity` numbers read (it starts afresh when full). Worth it when the same numbers come again, as in a sync or a de-duplication.
    pub fn with_cache(mut self, capacity: usize) -> Self {
        self.cache = Some(Cache {
            capacity,
            numbers: Mutex::new(HashMap::new()),
        });
        self
    }

    /// The region national numbers are read in.
    pub fn default_region(&self) -> Option<Region> {
        self.region
    }

    /// Reads `raw` as a phone number; see the type's documentation for the rules.
    ///
    /// # Errors
    /// A [`PhoneError`] saying what was given and why it is not a phone number.
    pub fn normalize(&self, raw: &str) -> Result<PhoneNumber, PhoneError> {
        let memo = !self.no_memo;
        // An E.164 text some reading in this process produced a moment ago (the local store
        // reading what its caller read and wrote): that reading, whatever the default region.
        if let Some(hit) = memo.then(|| memo::recall(raw)).flatten() {
            // `raw` is `+` and digits: its own canonical text.
            if let Some(cache) = &self.cache {
                cache.store(raw, &hit);
            }
            return Ok(hit);
        }
        let scanned = scan(raw)?;
        let cache = self.cache.as_ref();
        let number = match cache.and_then(|c| c.lookup(scanned.canonical())) {
            Some(hit) => hit,
            None => {
                let number = self.read(raw, &scanned)?;
                if let Some(cache) = cache {
                    cache.store(scanned.canonical(), &number);
                }
                number
            }
        };
        if memo {
            memo::remember(&number);
        }
        Ok(number)
    }

    /// Reads scanned digits by the rules, without the cache.
    fn read(&self, raw: &str, scanned: &Scanned) -> Result<PhoneNumber, PhoneError> {
        memo::count_reading();
        let (plus, digits) = (scanned.plus(), scanned.digits());
        let read = if plus {
            international(digits, self.fast())
        } else {
            self.unprefixed(digits)
        };
        let region = if plus { None } else { self.region };
        let fail = |f: Failure| f.into_error(raw, region, digits.len());
        let mut number = read.map_err(fail)?;
        // The answer is an E.164 form that reads back as itself, so every answer is one the
        // normalizer gives for its own output. A national reading needs that checked, and so
        // does `+`: libphonenumber strips a trunk prefix after the calling code too, so
        // `+374 0000 0012 26144` reads as `+374 0000 1226144`, which reads as
        // `+374 001226144`, which is too short. `+` and the digits of the answer read exactly
        // so (the common case) need no second reading. Each reading that changes the form drops
        // at least one digit, so this ends.
        if !(plus && number.e164()[1..] == *digits) {
            for _ in 0..=digits.len() {
                let again = match self.read_again(&number) {
                    Some(again) => again.map_err(fail)?,
                    None => break,
                };
                let fixed = again.e164() == number.e164();
                number = again;
                if fixed {
                    break;
                }
            }
        }
        if number.digit_count() > MAX_E164_DIGITS {
            return Err(PhoneError::TooLong {
                input: raw.to_owned(),
                digits: number.digit_count(),
                region: None,
            });
        }
        Ok(number)
    }

    /// `number`'s E.164 digits read again as an international number; `None` when the prefix
    /// rules read them as the same number (then it is that number again, with the type and
    /// validity already read).
    fn read_again(&self, number: &PhoneNumber) -> Option<Result<PhoneNumber, Failure>> {
        let digits = &number.e164()[1..];
        let same = Some((number.code(), number.national()));
        // More digits than E.164 allows are refused by `international` (as too long for any
        // country): not the same number.
        let allowed = digits.len() <= MAX_E164_DIGITS;
        if self.fast() && allowed && parse::international(digits) == same {
            return None;
        }
        Some(international(digits, self.fast()))
    }

    fn fast(&self) -> bool {
        !self.parser_only
    }

    /// Digits with no `+`: national in the default region, or international (see the rules).
    fn unprefixed(&self, digits: &str) -> Result<PhoneNumber, Failure> {
        let after_00 = digits.strip_prefix("00");
        let international_digits = after_00.or((!digits.starts_with('0')).then_some(digits));
        let fast = self.fast();
        let Some(region) = self.region else {
            return international_digits
                .map_or(Err(Failure::NeedsRegion), |d| international(d, fast));
        };
        let national = national(region, digits, fast);
        if is_valid(&national) {
            return national;
        }
        match international_digits.map(|d| international(d, fast)) {
            Some(Ok(number)) => Ok(number),
            _ => national,
        }
    }
}

impl Cache {
    fn lookup(&self, canonical: &str) -> Option<PhoneNumber> {
        let numbers = self.numbers.lock().unwrap_or_else(|e| e.into_inner());
        numbers.get(canonical).cloned()
    }

    fn store(&self, canonical: &str, number: &PhoneNumber) {
        let mut numbers = self.numbers.lock().unwrap_or_else(|e| e.into_inner());
        if numbers.len() >= self.capacity {
            numbers.clear();
        }
        if self.capacity > 0 {
            numbers.insert(canonical.into(), number.clone());
        }
    }
}

fn is_valid(read: &Result<PhoneNumber, Failure>) -> bool {
    read.as_ref().is_ok_and(PhoneNumber::is_valid)
}

/// `+digits`: the country calling code leads, so no region takes part. `fast`: by the prefix
/// rules where they answer (see [`parse`]), else by `phonenumber`'s parser.
fn international(digits: &str, fast: bool) -> Result<PhoneNumber, Failure> {
    // Every digit after the `+` is the number's: more than E.164 allows is too long, whatever
    // libphonenumber would make of trunk zeros among them.
    if digits.len() > MAX_E164_DIGITS {
        return Err(Failure::TooLong);
    }
    if let Some((code, national)) = fast.then(|| parse::international(digits)).flatten() {
        return checked(PhoneNumber::new(code, national));
    }
    let mut text = String::with_capacity(digits.len() + 1);
    text.push('+');
    text.push_str(digits);
    let parsed = database::parse_international(&text, digits)?;
    checked(PhoneNumber::from_parsed(&parsed))
}

/// `digits` as written in `region` (`fast`: as in [`international`]).
fn national(region: Region, digits: &str, fast: bool) -> Result<PhoneNumber, Failure> {
    if let Some((code, national)) = fast.then(|| parse::national(region.id(), digits)).flatten() {
        return checked(PhoneNumber::new(code, national));
    }
    let parsed = database::parse_national(region.id(), digits)?;
    checked(PhoneNumber::from_parsed(&parsed))
}

/// Refuses a number shorter than every number of its country calling code (libphonenumber
/// itself only refuses national numbers under 2 digits), and a number no range holds that is
/// too short or too long for the ranges it starts like (see [`lengths`]); otherwise the number.
fn checked(number: PhoneNumber) -> Result<PhoneNumber, Failure> {
    let national = number.national();
    let digits = national.value().checked_ilog10().map_or(0, |log| log + 1);
    let length = digits as usize + usize::from(national.zeros());
    let code = number.code();
    if lengths::shortest(code).is_some_and(|min| length < usize::from(min)) {
        return Err(Failure::TooShort);
    }
    if number.is_valid() {
        return Ok(number);
    }
    match lengths::fit(code, &national.to_string()) {
        Fit::Fits => Ok(number),
        Fit::TooShort => Err(Failure::TooShort),
        Fit::TooLong => Err(Failure::TooLongForRegion),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cached(normalizer: &Normalizer) -> usize {
        let cache = normalizer.cache.as_ref().unwrap();
        cache.numbers.lock().unwrap().len()
    }

    #[test]
    fn the_cache_keeps_what_it_read_up_to_its_capacity_then_starts_afresh() {
        let normalizer = Normalizer::new(Some("SE".parse().unwrap())).with_cache(2);
        assert_eq!(
            normalizer
                .default_region()
                .map(|r| r.to_string())
                .as_deref(),
            Some("SE")
        );
        normalizer.normalize("070-123 45 67").unwrap();
        assert_eq!(cached(&normalizer), 1);
        // The same digits however spaced: one entry, answered from the cache.
        let cache = normalizer.cache.as_ref().unwrap();
        assert_eq!(cache.lookup("0701234567").unwrap().e164(), "+46701234567");
        normalizer.normalize("0701234567").unwrap();
        assert_eq!(cached(&normalizer), 1);
        normalizer.normalize("+61412345678").unwrap();
        assert_eq!(cached(&normalizer), 2);
        normalizer.normalize("+15208782491").unwrap();
        assert_eq!(cached(&normalizer), 1, "full: cleared, then the new one");
        let none = Normalizer::new(None).with_cache(0);
        none.normalize("+46701234567").unwrap();
        assert_eq!(cached(&none), 0);
    }

    #[test]
    fn fifteen_digits_is_the_most() {
        let fifteen = normalize_plain("+491234567890123").unwrap();
        assert_eq!(fifteen.digit_count(), 15);
        assert!(matches!(
            normalize_plain("+4912345678901234"),
            Err(PhoneError::TooLong { digits: 16, .. })
        ));
    }

    fn normalize_plain(raw: &str) -> Result<PhoneNumber, PhoneError> {
        Normalizer::new(None).normalize(raw)
    }
}
