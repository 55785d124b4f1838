//! [`PhoneError`]: why a text is not a phone number, in words a person can act on.

use crate::Region;
use crate::number::MAX_E164_DIGITS;

/// Why a text could not be read as a phone number. Every variant keeps the text that was given
/// ([`PhoneError::input`]); the message says what was wrong with it.
///
/// ```
/// use contacts_phone::{normalize, PhoneError};
///
/// let err = normalize("call me", None).unwrap_err();
/// assert!(matches!(err, PhoneError::Letters { .. }));
/// assert_eq!(err.to_string(), r#""call me" is not a phone number: it has letters ('c')"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PhoneError {
    /// Empty, or only spaces and punctuation.
    #[error("{input:?} is not a phone number: no digits")]
    NoDigits {
        /// The text that was given.
        input: String,
    },
    /// Letters in the text (words, vanity numbers such as `1-800-FLOWERS`, extensions).
    #[error("{input:?} is not a phone number: it has letters ({found:?})")]
    Letters {
        /// The text that was given.
        input: String,
        /// The first letter found.
        found: char,
    },
    /// A character that is neither a digit, a leading `+` nor a separator (space, `-`, `.`,
    /// `/`, parentheses).
    #[error("{input:?} is not a phone number: unexpected character {found:?}")]
    UnexpectedCharacter {
        /// The text that was given.
        input: String,
        /// The first such character.
        found: char,
    },
    /// A `+` that is not in front of every digit.
    #[error("{input:?} is not a phone number: a '+' may only come first")]
    MisplacedPlus {
        /// The text that was given.
        input: String,
    },
    /// A national number (trunk prefix `0`) with no default region to read it in.
    #[error(
        "{input:?} is a national number (it starts with 0) and no default region was given: write it with + and the country code, or give a region"
    )]
    NeedsRegion {
        /// The text that was given.
        input: String,
    },
    /// Too few digits for a number of the region (or of any region, when none is known).
    #[error("{input:?} is not a phone number: too short{}", for_region(*.region))]
    TooShort {
        /// The text that was given.
        input: String,
        /// The region the number was read in, when one was known.
        region: Option<Region>,
    },
    /// More digits than an international number can have (E.164 allows 15), or than the
    /// numbers of its region that it starts like (`0412 345 6789` in AU: its mobiles have 9).
    #[error("{input:?} is not a phone number: too long{}", too_long(*.digits, *.region))]
    TooLong {
        /// The text that was given.
        input: String,
        /// How many digits it has.
        digits: usize,
        /// The region the number was read in, when one was known and its numbers are what it
        /// is too long for.
        region: Option<Region>,
    },
    /// An international number whose country calling code no country uses.
    #[error("{input:?} is not a phone number: no country has the calling code it starts with")]
    UnknownCountryCode {
        /// The text that was given.
        input: String,
    },
}

/// Why so many digits are too many.
fn too_long(digits: usize, region: Option<Region>) -> String {
    match region {
        _ if digits > MAX_E164_DIGITS => {
            format!(" ({digits} digits; E.164 allows {MAX_E164_DIGITS})")
        }
        Some(region) => format!(" for {region} ({digits} digits)"),
        None => format!(" for its country ({digits} digits)"),
    }
}

fn for_region(region: Option<Region>) -> String {
    region.map_or_else(String::new, |r| format!(" for {r}"))
}

impl PhoneError {
    /// The text that was given to [`normalize`](crate::normalize).
    pub fn input(&self) -> &str {
        match self {
            Self::NoDigits { input }
            | Self::Letters { input, .. }
            | Self::UnexpectedCharacter { input, .. }
            | Self::MisplacedPlus { input }
            | Self::NeedsRegion { input }
            | Self::TooShort { input, .. }
            | Self::TooLong { input, .. }
            | Self::UnknownCountryCode { input } => input,
        }
    }
}

/// What went wrong below the input text: turned into a [`PhoneError`] with the text and the
/// region once the reading is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    TooShort,
    /// More digits than E.164 allows.
    TooLong,
    /// A whole number of one of its country's ranges, and more digits.
    TooLongForRegion,
    /// libphonenumber could not read the national number as an integer: more digits than it
    /// holds, or none but zeros (`+61 0000 0000`).
    Malformed,
    UnknownCountryCode,
    NeedsRegion,
}

impl Failure {
    pub(crate) fn into_error(
        self,
        input: &str,
        region: Option<Region>,
        digits: usize,
    ) -> PhoneError {
        let input = input.to_owned();
        match self {
            Self::TooShort => PhoneError::TooShort { input, region },
            Self::TooLong => PhoneError::TooLong {
                input,
                digits,
                region: None,
            },
            Self::TooLongForRegion => PhoneError::TooLong {
                input,
                digits,
                region,
            },
            // Not "too long" when it has no more digits than E.164 allows: the national
            // number was zeros only.
            Self::Malformed if digits > MAX_E164_DIGITS => PhoneError::TooLong {
                input,
                digits,
                region: None,
            },
            Self::Malformed => PhoneError::TooShort { input, region },
            Self::UnknownCountryCode => PhoneError::UnknownCountryCode { input },
            Self::NeedsRegion => PhoneError::NeedsRegion { input },
        }
    }
}

impl From<phonenumber::ParseError> for Failure {
    fn from(err: phonenumber::ParseError) -> Self {
        use phonenumber::ParseError as E;
        match err {
            E::InvalidCountryCode => Self::UnknownCountryCode,
            E::TooLong => Self::TooLong,
            E::MalformedInteger(_) => Self::Malformed,
            E::NoNumber | E::TooShortAfterIdd | E::TooShortNsn => Self::TooShort,
        }
    }
}
