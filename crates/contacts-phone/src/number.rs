//! [`PhoneNumber`] and [`NumberType`]: a number read into E.164, and what kind of line it is.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use phonenumber::NationalNumber;

use crate::{Region, ranges};

/// E.164 numbers have at most 15 digits.
pub(crate) const MAX_E164_DIGITS: usize = 15;

/// A phone number read into its international form (E.164: `+`, country calling code and
/// national number, digits only, at most 15 of them).
///
/// Two `PhoneNumber`s are equal when their E.164 forms are: `0412 345 678` read in `AU` equals
/// `+61 412 345 678`. [`Display`](fmt::Display) writes the E.164 form.
///
/// ```
/// use contacts_phone::{normalize, NumberType};
///
/// let n = normalize("0412 345 678", Some("AU".parse()?))?;
/// assert_eq!(n.e164(), "+61412345678");
/// assert_eq!(n.to_string(), "+61412345678");
/// assert!(n.is_valid());
/// assert_eq!(n.number_type(), NumberType::Mobile);
/// assert_eq!(n.region().map(|r| r.to_string()).as_deref(), Some("AU"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct PhoneNumber {
    e164: E164,
    code: u16,
    national: NationalNumber,
    /// The type and region, read once: libphonenumber matches the number against its ranges'
    /// patterns for them, the costliest part of reading a number, and validity is read from
    /// the type too.
    reading: OnceLock<ranges::Reading>,
}

/// The E.164 text kept inline: `+`, a calling code of up to 3 digits and a national number of
/// up to 17 (libphonenumber's bound; more than E.164's 15 in all is refused later), so a number
/// costs no allocation.
#[derive(Clone, Copy)]
struct E164 {
    bytes: [u8; E164::CAPACITY],
    len: u8,
}

impl E164 {
    const CAPACITY: usize = 1 + 3 + 17;

    /// `+`, the code and the national number with its leading zeros.
    fn new(code: u16, national: NationalNumber) -> Self {
        let mut e164 = Self {
            bytes: [0; Self::CAPACITY],
            len: 0,
        };
        e164.push(b"+");
        e164.push(itoa::Buffer::new().format(code).as_bytes());
        for _ in 0..national.zeros() {
            e164.push(b"0");
        }
        e164.push(itoa::Buffer::new().format(national.value()).as_bytes());
        e164
    }

    /// Appends what fits (a national number holds at most 17 digits: zeros and a value under
    /// 2^56, and the parsers refuse longer ones, so everything fits).
    fn push(&mut self, bytes: &[u8]) {
        let at = usize::from(self.len);
        let count = bytes.len().min(Self::CAPACITY - at);
        self.bytes[at..at + count].copy_from_slice(&bytes[..count]);
        self.len += count as u8;
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits and `+` are ever pushed.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("+")
    }
}

impl PhoneNumber {
    /// A number by its calling code and national number (leading zeros included).
    pub(crate) fn new(code: u16, national: NationalNumber) -> Self {
        // E.164 is `+`, the calling code and the national significant number (leading zeros
        // included), as libphonenumber's E.164 formatter writes it; written here directly, as
        // that formatter first matches the number against the country's display formats,
        // which E.164 does not use.
        Self {
            e164: E164::new(code, national),
            code,
            national,
            reading: OnceLock::new(),
        }
    }

    /// The number `phonenumber`'s parser read.
    pub(crate) fn from_parsed(parsed: &phonenumber::PhoneNumber) -> Self {
        Self::new(parsed.code().value(), *parsed.national())
    }

    /// The calling code.
    pub(crate) fn code(&self) -> u16 {
        self.code
    }

    /// The national number, leading zeros included.
    pub(crate) fn national(&self) -> NationalNumber {
        self.national
    }

    /// libphonenumber's type and region of the number, read on first use (see [`ranges`]),
    /// from the national number without leading zeros as `number_type` reads it.
    fn reading(&self) -> ranges::Reading {
        *self.reading.get_or_init(|| {
            let mut digits = itoa::Buffer::new();
            let national = digits.format(self.national.value());
            ranges::read(self.code, national)
        })
    }

    fn kind(&self) -> phonenumber::Type {
        self.reading().kind
    }

    /// The E.164 form: `+` followed by the country calling code and the national number.
    pub fn e164(&self) -> &str {
        self.e164.as_str()
    }

    /// The E.164 form's bytes, without `e164`'s UTF-8 check (the memo compares and hashes
    /// them on every reading).
    pub(crate) fn e164_bytes(&self) -> &[u8] {
        self.e164.as_bytes()
    }

    /// How many digits the E.164 form has (without the `+`).
    pub(crate) fn digit_count(&self) -> usize {
        usize::from(self.e164.len) - 1
    }

    /// Whether the number is in a range the numbering plan of its country assigns (by
    /// libphonenumber's metadata). A number can be well-formed yet not valid, such as
    /// `+61 1000 0000`; such a number still has an E.164 form and a match key.
    pub fn is_valid(&self) -> bool {
        // libphonenumber calls a number valid when its ranges give it a type; it reads the
        // type for validity from the national number written with its leading zeros, and for
        // `number_type` without them. Without leading zeros the two readings are one.
        if self.national.zeros() == 0 {
            self.kind() != phonenumber::Type::Unknown
        } else {
            // The national number with its zeros: the E.164 text after the calling code.
            let e164 = self.e164();
            let national = &e164[e164.len() - self.national_len()..];
            ranges::read(self.code, national).kind != phonenumber::Type::Unknown
        }
    }

    /// What kind of line the number is, by its range; [`NumberType::Unknown`] when the range is
    /// not assigned.
    pub fn number_type(&self) -> NumberType {
        NumberType::from(self.kind())
    }

    /// The region the number belongs to, or `None` for numbers of no single region (such as
    /// `+800` international freephone) and numbers in unassigned ranges.
    pub fn region(&self) -> Option<Region> {
        self.reading()
            .region
            .and_then(|territory| territory.id.parse().ok())
            .map(Region::from_id)
    }

    /// The key two records of the same person share: the E.164 form. Two texts that
    /// [`normalize`](crate::normalize) reads as the same number have the same key, whatever
    /// their spacing, prefixes (`+`, `00`, a national `0`) or region.
    ///
    /// ```
    /// use contacts_phone::normalize;
    ///
    /// let se = Some("SE".parse()?);
    /// let a = normalize("070-123 45 67", se)?;
    /// let b = normalize("0046 70 123 45 67", None)?;
    /// let c = normalize("46701234567", None)?;
    /// assert_eq!(a.match_key(), b.match_key());
    /// assert_eq!(b.match_key(), c.match_key());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn match_key(&self) -> &str {
        self.e164()
    }

    /// How many digits the national number has, leading zeros included.
    fn national_len(&self) -> usize {
        let value = self.national.value();
        let digits = value.checked_ilog10().map_or(1, |log| log as usize + 1);
        digits + usize::from(self.national.zeros())
    }
}

impl Clone for PhoneNumber {
    /// A copy, with the type and region when they were read. `OnceLock`'s own `clone` sets the
    /// copy's value through its `Once` (hundreds of instructions); `From` makes it set, and a
    /// number is copied on every answer from a cache or the memo.
    fn clone(&self) -> Self {
        Self {
            e164: self.e164,
            code: self.code,
            national: self.national,
            reading: self
                .reading
                .get()
                .map_or_else(OnceLock::new, |&reading| OnceLock::from(reading)),
        }
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.e164())
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PhoneNumber").field(&self.e164()).finish()
    }
}

impl PartialEq for PhoneNumber {
    fn eq(&self, other: &Self) -> bool {
        self.e164() == other.e164()
    }
}

impl Eq for PhoneNumber {}

impl Hash for PhoneNumber {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.e164().hash(state);
    }
}

/// What kind of line a number is, by the range it falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NumberType {
    /// A mobile phone.
    Mobile,
    /// A fixed (landline) phone.
    FixedLine,
    /// Either; the region's plan does not tell them apart (as in the US and Canada).
    FixedLineOrMobile,
    /// Free to call (freephone).
    TollFree,
    /// Premium rate.
    PremiumRate,
    /// The cost is shared between caller and called.
    SharedCost,
    /// A personal number, routed on to another number.
    PersonalNumber,
    /// Voice over IP.
    Voip,
    /// A pager.
    Pager,
    /// A "universal access" company number.
    Uan,
    /// Voicemail access.
    Voicemail,
    /// No type: the range is not assigned.
    Unknown,
}

impl NumberType {
    /// The libphonenumber name of the type (`MOBILE`, `FIXED_LINE`, …), as iP1's metadata and
    /// the local store's spell it.
    ///
    /// ```
    /// assert_eq!(contacts_phone::NumberType::FixedLineOrMobile.as_str(), "FIXED_LINE_OR_MOBILE");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mobile => "MOBILE",
            Self::FixedLine => "FIXED_LINE",
            Self::FixedLineOrMobile => "FIXED_LINE_OR_MOBILE",
            Self::TollFree => "TOLL_FREE",
            Self::PremiumRate => "PREMIUM_RATE",
            Self::SharedCost => "SHARED_COST",
            Self::PersonalNumber => "PERSONAL_NUMBER",
            Self::Voip => "VOIP",
            Self::Pager => "PAGER",
            Self::Uan => "UAN",
            Self::Voicemail => "VOICEMAIL",
            Self::Unknown => "UNKNOWN",
        }
    }
}

impl From<phonenumber::Type> for NumberType {
    fn from(kind: phonenumber::Type) -> Self {
        use phonenumber::Type as T;
        match kind {
            T::Mobile => Self::Mobile,
            T::FixedLine => Self::FixedLine,
            T::FixedLineOrMobile => Self::FixedLineOrMobile,
            T::TollFree => Self::TollFree,
            T::PremiumRate => Self::PremiumRate,
            T::SharedCost => Self::SharedCost,
            T::PersonalNumber => Self::PersonalNumber,
            T::Voip => Self::Voip,
            T::Pager => Self::Pager,
            T::Uan => Self::Uan,
            T::Voicemail => Self::Voicemail,
            _ => Self::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::differential::number_type_ranges;
    use phonenumber::metadata::DATABASE;
    use proptest::prelude::*;

    /// Every calling code in the metadata (non-geographic ones such as +800 included).
    fn codes() -> Vec<u16> {
        (1..1000).filter(|c| DATABASE.region(c).is_some()).collect()
    }

    /// This crate's readings of `parsed` are libphonenumber's own.
    fn assert_agrees(parsed: &phonenumber::PhoneNumber) {
        let number = PhoneNumber::from_parsed(parsed);
        let formatted = parsed.format().mode(phonenumber::Mode::E164).to_string();
        assert_eq!(number.e164(), formatted.as_str());
        assert_eq!(
            number.is_valid(),
            phonenumber::is_valid(parsed),
            "{formatted}"
        );
        assert_eq!(
            number.number_type(),
            NumberType::from(parsed.number_type(&DATABASE)),
            "{formatted}"
        );
        assert_eq!(
            number.region(),
            parsed.country().id().map(Region::from_id),
            "{formatted}"
        );
    }

    proptest! {
        /// The E.164 text written directly, validity, type and region read from the ranges
        /// compiled here give exactly what libphonenumber gives, for any number it parses
        /// (every calling code; leading zeros, unassigned ranges and numbers of no single
        /// region included).
        #[test]
        fn shortcuts_agree_with_libphonenumber(
            code in prop::sample::select(codes()),
            national in "0{0,2}[0-9]{1,12}",
        ) {
            if let Ok(parsed) = phonenumber::parse(None, format!("+{code}{national}")) {
                assert_agrees(&parsed);
            }
        }

        /// The same near the numbers the metadata gives as examples (valid ones of every
        /// type), with their last digits changed.
        #[test]
        fn shortcuts_agree_near_valid_numbers(
            at in any::<prop::sample::Index>(),
            tail in "[0-9]{0,3}",
        ) {
            let examples: Vec<(u16, &str)> = DATABASE
                .iter()
                .flat_map(|m| {
                    let d = m.descriptors();
                    [d.general(), d.fixed_line().unwrap_or(d.general()), d.mobile().unwrap_or(d.general()), d.toll_free().unwrap_or(d.general())]
                        .into_iter()
                        .filter_map(|r| r.example())
                        .map(move |e| (m.country_code(), e))
                })
                .collect();
            let (code, example) = examples[at.index(examples.len())];
            let national = format!("{}{tail}", &example[..example.len().saturating_sub(tail.len())]);
            if let Ok(parsed) = phonenumber::parse(None, format!("+{code}{national}")) {
                assert_agrees(&parsed);
            }
        }
    }

    #[test]
    fn every_example_of_the_metadata_reads_as_libphonenumber_reads_it() {
        let mut checked = 0;
        for meta in DATABASE.iter() {
            let d = meta.descriptors();
            let ranges = std::iter::once(Some(d.general())).chain(number_type_ranges(d));
            for range in ranges.flatten() {
                let Some(example) = range.example() else {
                    continue;
                };
                let text = format!("+{}{example}", meta.country_code());
                if let Ok(parsed) = phonenumber::parse(None, &text) {
                    assert_agrees(&parsed);
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }
}
