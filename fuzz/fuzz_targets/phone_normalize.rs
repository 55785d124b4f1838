//! Phone numbers as people type them: normalizing never panics, an E.164 result normalizes to
//! itself, and "too long" is said only of more than 15 digits.
#![no_main]

use arbitrary::Arbitrary;
use contacts_phone::{PhoneError, Region, normalize};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    raw: &'a str,
    region: Option<&'a str>,
}

fuzz_target!(|input: Input<'_>| {
    let region = input.region.and_then(|r| r.parse::<Region>().ok());
    let number = match normalize(input.raw, region) {
        Ok(number) => number,
        // "Too long" is only said of more digits than E.164 allows.
        Err(PhoneError::TooLong { digits, .. }) => {
            assert!(
                digits > 15,
                "{:?}: too long with {digits} digits",
                input.raw
            );
            return;
        }
        Err(_) => return,
    };
    let _ = (
        number.is_valid(),
        number.number_type(),
        number.region(),
        number.match_key(),
    );
    let again = normalize(number.e164(), None).unwrap_or_else(|e| {
        panic!(
            "{:?} -> {:?} does not read back: {e}",
            input.raw,
            number.e164()
        )
    });
    assert_eq!(again.e164(), number.e164(), "from {:?}", input.raw);
});
