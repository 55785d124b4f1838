//! The content hash: 64 bits over what a sync carries of a contact, recorded per side of each
//! pair in the state, so that a change is a hash that differs from the recorded one.

use contacts_core::Contact;

/// A stable hash of what a sync carries (properties, labels, and the whole card where there is
/// one), as 16 hex digits (FNV-1a, 64 bits, over an unambiguous encoding), the same on every
/// platform and build. A contact without a card hashes exactly as before cards existed, so
/// state files recorded then still see their contacts unchanged; the card enters as its
/// canonical JSON (document order, sorted extension members), so a photo changed on one side
/// is a change.
///
/// ```
/// use contacts_core::{Contact, NewContact};
/// let a = NewContact::new().property("firstName", "Ada");
/// let c = |n: &NewContact, id: &str| Contact::from_new(id, n.clone());
/// assert_eq!(contacts_sync::content_hash(&c(&a, "1")), contacts_sync::content_hash(&c(&a, "2")));
/// ```
pub fn content_hash(contact: &Contact) -> String {
    hash_text(hash64(contact))
}

/// FNV-1a, fed field by field: each field's bytes, then its length.
struct Fnv(u64);

impl Fnv {
    fn bytes(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        self.bytes(bytes);
        self.bytes(&(bytes.len() as u64).to_le_bytes());
    }
}

/// The 64 bits behind [`content_hash`].
pub(crate) fn hash64(contact: &Contact) -> u64 {
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    for (key, value) in contact.properties.iter() {
        hash.feed(b"p");
        hash.feed(key.as_bytes());
        hash.feed(value.as_bytes());
    }
    for label in contact.labels.iter() {
        hash.feed(b"l");
        hash.feed(label.as_bytes());
    }
    if let Some(card) = &contact.card {
        hash.feed(b"c");
        // The card's JSON is streamed into the hash (no copy of a card with a large photo).
        let mut out = TextHash { hash, len: 0 };
        // Writing into memory cannot fail; a card that could not be written would hash as
        // its tag alone, and the length below still tells it from any other.
        let _ = serde_json::to_writer(&mut out, card);
        out.hash.bytes(&out.len.to_le_bytes());
        hash = out.hash;
    }
    hash.0
}

/// The hash of one value (a field of the base a merge compares against), as [`hash_text`]
/// writes it.
pub(crate) fn value_hash(value: &str) -> String {
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    hash.feed(value.as_bytes());
    hash_text(hash.0)
}

/// [`value_hash`] of a text written in pieces (`io::Write`), which is never held whole: a
/// merge base hashes each card member's JSON this way, once per create of a first sync.
pub(crate) struct TextHash {
    hash: Fnv,
    len: u64,
}

impl TextHash {
    pub(crate) fn new() -> Self {
        Self {
            hash: Fnv(0xcbf2_9ce4_8422_2325),
            len: 0,
        }
    }

    /// The hash of everything written, exactly as [`value_hash`] gives it for that text.
    pub(crate) fn finish(mut self) -> String {
        self.hash.bytes(&self.len.to_le_bytes());
        hash_text(self.hash.0)
    }
}

impl std::io::Write for TextHash {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.hash.bytes(buf);
        self.len += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `hash` as [`content_hash`] writes it.
pub(crate) fn hash_text(hash: u64) -> String {
    // By hand rather than `format!("{hash:016x}")`: the same 16 lower-case digits without
    // the formatting machinery (~650 instructions a call; a first sync writes several a
    // contact: its content hash and each field of its merge base).
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(16);
    for shift in (0..16).rev() {
        text.push(char::from(DIGITS[((hash >> (shift * 4)) & 0xf) as usize]));
    }
    text
}

/// Whether `recorded` (a hash kept in the state) is `hash` as [`hash_text`] writes it.
pub(crate) fn same_hash(hash: u64, recorded: &str) -> bool {
    parse_hash(recorded) == Some(hash)
}

/// The hash whose [`hash_text`] is exactly `recorded`, if there is one.
pub(crate) fn parse_hash(recorded: &str) -> Option<u64> {
    let lower_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    let exact = recorded.len() == 16 && recorded.bytes().all(lower_hex);
    exact
        .then(|| u64::from_str_radix(recorded, 16).ok())
        .flatten()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use contacts_core::NewContact;

    /// A contact with `number`, its id as its first name: the crate's unit tests' fixture.
    pub(crate) fn contact(id: &str, number: &str) -> Contact {
        let new = NewContact::new().property("phoneNumber", number);
        Contact::from_new(id, new.property("firstName", id))
    }

    /// The hand-written hex is `{:016x}`: state files hold hashes written by `format!`.
    #[test]
    fn hash_text_writes_sixteen_lower_case_digits() {
        for hash in [
            0,
            1,
            0xf,
            0xdead_beef,
            0x0123_4567_89ab_cdef,
            u64::MAX,
            1 << 63,
        ] {
            assert_eq!(hash_text(hash), format!("{hash:016x}"));
            assert!(same_hash(hash, &hash_text(hash)));
        }
    }

    /// State files keep these hashes: the function must never change between builds.
    #[test]
    fn the_content_hash_is_stable() {
        let mut c = contact("1", "+46701234567");
        c.labels.insert("VIP");
        assert_eq!(content_hash(&c), "4d0ae859562bd28e");
        c.labels = Default::default();
        c.properties = Default::default();
        assert_eq!(content_hash(&c), "cbf29ce484222325");
    }

    #[test]
    fn a_recorded_hash_matches_only_its_exact_text() {
        let hash = 0x0123_4567_89ab_cdef;
        assert!(same_hash(hash, &hash_text(hash)));
        for other in [
            "0123456789ABCDEF",
            "+123456789abcdef",
            "123456789abcdef",
            "",
        ] {
            assert!(!same_hash(hash, other), "{other}");
        }
        assert!(!same_hash(hash + 1, &hash_text(hash)));
    }
}
