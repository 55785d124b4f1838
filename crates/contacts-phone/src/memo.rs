//! A small process-wide memo of recent readings, by the E.164 text each produced, so that a
//! number read once and then handed on as E.164 text is not read again.
//!
//! The case it is for: `contacts import --normalize-phones` and `contacts sync` read each number
//! (`070-123 45 67` in `SE`) and write its E.164 form to the local store, and the store reads
//! that text (`+46701234567`) again for its metadata, in the same process, a batch (at most
//! 500 rows for the CLI) later. The store's call is `normalize(text, None)`: the memo answers
//! it with the number already read, type and region included.
//!
//! Why an answer from the memo is the answer a reading gives: a text starting with `+` is read
//! as international whatever the default region (the region takes no part, see
//! [`Normalizer`](crate::Normalizer)), and every answer of the normalizer is an E.164 form that
//! reads back as itself: the same calling code (calling codes are prefix-free) and the same
//! national number, so the same type, validity and region (a property test compares memo on
//! and off).
//!
//! Bounded and lock-free in effect: a direct-mapped table of [`SLOTS`] entries, each behind
//! its own mutex that is only ever *tried* (a slot another thread holds is a miss, or a
//! reading not kept), and held for a compare and a copy, never across a reading.

use std::cell::Cell;
use std::sync::Mutex;

use crate::PhoneNumber;
use crate::number::MAX_E164_DIGITS;

/// How many readings the memo holds: direct-mapped, so a batch of 500 numbers (the CLI's
/// largest) keeps about 94% of its readings until the store asks for them.
const SLOTS: usize = 4096;

/// The slots, by a hash of the E.164 digits.
static MEMO: [Mutex<Option<PhoneNumber>>; SLOTS] = [const { Mutex::new(None) }; SLOTS];

thread_local! {
    /// Readings (not memo answers) made on this thread; see [`readings_on_this_thread`].
    static READINGS: Cell<u64> = const { Cell::new(0) };
}

/// The number `text` reads as, when the memo holds it and `text` is exactly an E.164 form
/// (`+` and digits, nothing else: the memo holds only such forms, and `text` must equal one).
pub(crate) fn recall(text: &str) -> Option<PhoneNumber> {
    let text = text.as_bytes();
    let slot = slot_of(text)?;
    let held = MEMO[slot].try_lock().ok()?;
    held.as_ref().filter(|n| n.e164_bytes() == text).cloned()
}

/// Keeps `number` (just read) for [`recall`] by its E.164 form, in place of whatever its slot
/// held; nothing when another thread holds the slot.
pub(crate) fn remember(number: &PhoneNumber) {
    let e164 = number.e164_bytes();
    let Some(slot) = slot_of(e164) else {
        return;
    };
    let Ok(mut held) = MEMO[slot].try_lock() else {
        return;
    };
    if held.as_ref().is_none_or(|n| n.e164_bytes() != e164) {
        *held = Some(number.clone());
    }
}

/// Counts a reading made on this thread.
pub(crate) fn count_reading() {
    READINGS.with(|count| count.set(count.get() + 1));
}

/// How many numbers this thread has read by the rules (each call of
/// [`Normalizer::normalize`](crate::Normalizer::normalize) or [`normalize`](crate::normalize)
/// that was not answered from a cache or the memo): for tests that a number is read once.
#[doc(hidden)]
pub fn readings_on_this_thread() -> u64 {
    READINGS.with(Cell::get)
}

/// The slot of a text that may be an E.164 form: `None` when it cannot be one (no leading `+`,
/// or longer than `+` and [`MAX_E164_DIGITS`] digits). The digits themselves are not checked:
/// a text is answered only when it equals a number's E.164 form.
fn slot_of(text: &[u8]) -> Option<usize> {
    let (&b'+', digits) = text.split_first()? else {
        return None;
    };
    if digits.is_empty() || digits.len() > MAX_E164_DIGITS {
        return None;
    }
    let value = digits.iter().fold(0u64, |value, &digit| {
        value.wrapping_mul(10).wrapping_add(u64::from(digit))
    });
    // Fibonacci hashing: the top bits of the value times 2^64 / φ spread neighbouring numbers
    // (a block of numbers of one range) over the table.
    let hash = value.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    Some((hash >> (64 - SLOTS.trailing_zeros())) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::differential::{Inputs, plans, seen};
    use crate::{Normalizer, PhoneError, Region};

    /// The corpus's inputs and regions (`tests/corpus.csv`).
    fn corpus() -> Vec<(Option<Region>, &'static str)> {
        include_str!("../tests/corpus.csv")
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .map(|line| {
                let mut fields = line.rsplitn(3, ',').skip(1);
                let region = fields.next().unwrap_or_default();
                let input = fields.next().unwrap_or_default();
                (region.parse().ok(), input)
            })
            .collect()
    }

    fn plain(region: Option<Region>, text: &str) -> Result<PhoneNumber, PhoneError> {
        Normalizer::new(region).without_memo().normalize(text)
    }

    /// Reads `text` in `region` with the memo (filling it) and without, then the E.164 form
    /// of the answer in `other` both ways: all four are what a user sees of the same reading.
    /// Returns whether the memo held the answer when asked for it directly.
    fn compare(region: Option<Region>, other: Option<Region>, text: &str) -> bool {
        let off = plain(region, text);
        let on = Normalizer::new(region).normalize(text);
        assert_eq!(seen(&on), seen(&off), "{text:?} in {region:?}");
        let Ok(number) = off else {
            return false;
        };
        let expected = seen(&Ok(number.clone()));
        let e164 = number.e164();
        let held = recall(e164);
        if let Some(held) = &held {
            assert_eq!(seen(&Ok(held.clone())), expected, "{e164}");
        }
        let again_on = Normalizer::new(other).normalize(e164);
        let again_off = plain(other, e164);
        assert_eq!(seen(&again_on), expected, "{e164} in {other:?}");
        assert_eq!(seen(&again_off), expected, "{e164} in {other:?}");
        held.is_some()
    }

    #[test]
    fn memo_on_and_off_read_the_corpus_and_generated_inputs_alike() {
        let plans = plans();
        let mut inputs = Inputs(0x3e30_1dea_5eed);
        let mut hits = 0;
        let mut numbers = 0;
        let corpus = corpus();
        assert!(corpus.len() > 50, "{}", corpus.len());
        for (i, (region, text)) in corpus.into_iter().enumerate() {
            let other = Some(plans[i * 7 % plans.len()].region);
            hits += usize::from(compare(region, other, text));
        }
        for i in 0..20_000 {
            let (region, text) = inputs.next(&plans);
            let other = (i % 3 != 0).then(|| plans[i * 13 % plans.len()].region);
            let hit = compare(region, other, &text);
            numbers += usize::from(plain(region, &text).is_ok());
            hits += usize::from(hit);
        }
        // Other tests fill the memo at the same time, so a few readings are gone before they
        // are asked for; most are there.
        assert!(
            hits > numbers / 2,
            "{hits} memo answers for {numbers} numbers"
        );
    }

    #[test]
    fn an_e164_text_reads_as_the_same_number_under_every_default_region() {
        let plans = plans();
        let regions: Vec<_> = plans.iter().map(|p| Some(p.region)).collect();
        // NANP (a region by area code), +7 (Russia or Kazakhstan by leading digits), +44 with
        // its crown dependencies, +262 (Réunion, Mayotte), +599, +47 (Svalbard), +61 (islands).
        let shared = [
            ("+15208782491", "US"),
            ("+15062345678", "CA"),
            ("+18765230123", "JM"),
            ("+77123456789", "KZ"),
            ("+74951234567", "RU"),
            ("+447400123456", "GB"),
            ("+441481256789", "GG"),
            ("+262269601234", "YT"),
            ("+262692123456", "RE"),
            ("+59994351234", "CW"),
            ("+4779123456", "SJ"),
            ("+61891641234", "CX"),
            ("+46701234567", "SE"),
        ];
        for (e164, home) in shared {
            let alone = plain(None, e164);
            let region = alone.as_ref().ok().and_then(PhoneNumber::region);
            assert_eq!(
                region.map(|r| r.to_string()).as_deref(),
                Some(home),
                "{e164}"
            );
            assert!(alone.as_ref().is_ok_and(PhoneNumber::is_valid), "{e164}");
            for &region in &regions {
                assert_eq!(
                    seen(&plain(region, e164)),
                    seen(&alone),
                    "{e164} in {region:?}"
                );
            }
        }
    }

    #[test]
    fn only_the_exact_e164_text_is_answered() {
        let number = plain(None, "+46 70 123 45 67").unwrap();
        remember(&number);
        assert!(slot_of(b"+46701234567").is_some());
        assert!(slot_of(b"+4670123456789012").is_none(), "16 digits");
        for text in [
            "46701234567",
            "+46 70 123 45 67",
            "+",
            "",
            "0046701234567",
            "+4670123456",
        ] {
            assert!(recall(text).is_none(), "{text:?}");
        }
    }
}
