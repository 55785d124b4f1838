//! [`Region`]: an ISO 3166 alpha-2 region code that phone-number metadata knows.

use std::fmt;
use std::str::FromStr;

use phonenumber::country::Id;

/// A region (country or territory) by its ISO 3166-1 alpha-2 code, such as `SE` or `AU`.
///
/// Only the codes for which numbering-plan metadata exists are accepted (every country with a
/// telephone network, plus a few territories with their own plan such as `AC`, Ascension
/// Island). Parsing ignores case and surrounding whitespace.
///
/// ```
/// use contacts_phone::Region;
///
/// let au: Region = "AU".parse()?;
/// assert_eq!(au.as_str(), "AU");
/// assert_eq!(" se ".parse::<Region>()?.to_string(), "SE");
/// assert!("XX".parse::<Region>().is_err());
/// # Ok::<(), contacts_phone::RegionError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region(Id);

impl Region {
    /// The two-letter upper-case code, e.g. `"AU"`.
    pub fn as_str(&self) -> &str {
        self.0.as_ref()
    }

    pub(crate) fn id(self) -> Id {
        self.0
    }

    pub(crate) fn from_id(id: Id) -> Self {
        Self(id)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Region {
    type Err = RegionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let code = s.trim();
        let well_formed = code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic());
        if !well_formed {
            return Err(RegionError::new(s));
        }
        Id::from_str(&code.to_ascii_uppercase())
            .map(Self)
            .map_err(|_| RegionError::new(s))
    }
}

impl TryFrom<&str> for Region {
    type Error = RegionError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// A string that is not a known ISO 3166 alpha-2 region code.
///
/// ```
/// let err = "Sweden".parse::<contacts_phone::Region>().unwrap_err();
/// assert_eq!(err.input(), "Sweden");
/// assert!(err.to_string().contains("two-letter"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown region {input:?}: expected a two-letter ISO 3166 code of a country with phone numbers, such as SE or AU"
)]
pub struct RegionError {
    input: String,
}

impl RegionError {
    fn new(input: &str) -> Self {
        Self {
            input: input.to_owned(),
        }
    }

    /// The text that was given.
    pub fn input(&self) -> &str {
        &self.input
    }
}
