//! Who is who: contacts of one side indexed by id and by the E.164 form of their number, and
//! the content hash that tells a change.

use crate::packed::Packed;
use contacts_core::{Contact, ContactId};
use contacts_phone::{Normalizer, Region};
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// A stable hash of what a sync carries (properties and labels), as 16 hex digits (FNV-1a,
/// 64 bits, over an unambiguous encoding), the same on every platform and build.
///
/// ```
/// use contacts_core::{Contact, ContactId, NewContact};
/// let a = NewContact::new().property("firstName", "Ada");
/// let c = |n: &NewContact, id: &str| Contact { id: ContactId::new(id), owner_id: None,
///     properties: n.properties.clone(), labels: n.labels.clone(), metadata: None, address_book: None };
/// assert_eq!(contacts_sync::content_hash(&c(&a, "1")), contacts_sync::content_hash(&c(&a, "2")));
/// ```
pub fn content_hash(contact: &Contact) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes
            .iter()
            .copied()
            .chain((bytes.len() as u64).to_le_bytes())
        {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for (key, value) in contact.properties.iter() {
        feed(b"p");
        feed(key.as_bytes());
        feed(value.as_bytes());
    }
    for label in contact.labels.iter() {
        feed(b"l");
        feed(label.as_bytes());
    }
    format!("{hash:016x}")
}

/// `raw` read by `normalizer`: its match key, or why it has none.
fn read_number(normalizer: &Normalizer, raw: &str) -> Result<String, String> {
    normalizer
        .normalize(raw)
        .map(|n| n.match_key().to_owned())
        .map_err(|e| e.to_string())
}

/// Numbers read on one side, remembered by their exact text for the other side: the same
/// number usually stands on both sides of a sync, often in the same spelling (the sync writes
/// E.164). A text is shared only when its reading cannot depend on the side: it starts with
/// `+` (read without the default region, errors included), or both sides read in the same
/// region. An exact text gives the exact same answer (key or error message), so the plan is the
/// same with and without it.
#[derive(Debug)]
pub(crate) struct Memo {
    same_region: bool,
    numbers: Mutex<HashMap<Box<str>, Result<String, String>>>,
}

impl Memo {
    /// A memo for sides reading national numbers in these regions.
    pub(crate) fn new(source: Option<Region>, target: Option<Region>) -> Self {
        Self {
            same_region: source == target,
            numbers: Mutex::new(HashMap::new()),
        }
    }

    fn shared(&self, raw: &str) -> bool {
        self.same_region || raw.starts_with('+')
    }

    /// The key of the number `raw` (a contact's `phoneNumber`, if any), read with
    /// `normalizer` or remembered from the other side.
    pub(crate) fn key(&self, normalizer: &Normalizer, raw: Option<&str>) -> Result<String, String> {
        let Some(raw) = raw else {
            return Err("no phoneNumber".to_owned());
        };
        if !self.shared(raw) {
            return read_number(normalizer, raw);
        }
        let lock = || self.numbers.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(known) = lock().get(raw) {
            return known.clone();
        }
        let key = read_number(normalizer, raw);
        lock().insert(raw.into(), key.clone());
        key
    }
}

/// One contact of a side, with what the plan asks of it.
#[derive(Debug)]
pub(crate) struct Entry {
    /// The contact's properties and labels, packed: most contacts are only compared by hash.
    pub(crate) packed: Packed,
    /// Its number key, or why it has none; `None` while deferred (see [`Index::add`]).
    pub(crate) key: Option<Result<String, String>>,
    /// Its [`content_hash`].
    pub(crate) hash: String,
    /// Whether the plan has accounted for it already.
    pub(crate) claimed: bool,
}

/// The contacts of one side, by id and by number.
#[derive(Debug, Default)]
pub(crate) struct Index {
    /// Every contact by id, in id order (so plans are deterministic).
    pub(crate) by_id: BTreeMap<ContactId, Entry>,
    /// The ids holding each number.
    pub(crate) by_key: HashMap<String, Vec<ContactId>>,
}

impl Index {
    /// Adds `contacts` (a page), reading their numbers with `normalizer` and `memo` now when
    /// `read` is given, otherwise leaving that to [`Index::resolve`], for when the plan needs
    /// them (a sync with nothing changed needs none).
    pub(crate) fn add(&mut self, contacts: Vec<Contact>, read: Option<(&Normalizer, &Memo)>) {
        for contact in contacts {
            let hash = content_hash(&contact);
            let packed = Packed::new(&contact);
            let key = match read {
                Some((normalizer, memo)) => {
                    let key = memo.key(normalizer, packed.phone_number());
                    self.hold(&contact.id, &key);
                    Some(key)
                }
                None => None,
            };
            let entry = Entry {
                packed,
                key,
                hash,
                claimed: false,
            };
            self.by_id.insert(contact.id, entry);
        }
    }

    fn hold(&mut self, id: &ContactId, key: &Result<String, String>) {
        if let Ok(k) = key {
            self.by_key.entry(k.clone()).or_default().push(id.clone());
        }
    }

    /// The entry of `id`.
    pub(crate) fn entry(&self, id: &ContactId) -> Option<&Entry> {
        self.by_id.get(id)
    }

    /// Whether the plan has accounted for `id` already.
    pub(crate) fn is_claimed(&self, id: &ContactId) -> bool {
        self.by_id.get(id).is_some_and(|e| e.claimed)
    }

    /// Marks `id` as accounted for (a contact not on this side is ignored).
    pub(crate) fn claim(&mut self, id: &ContactId) {
        if let Some(entry) = self.by_id.get_mut(id) {
            entry.claimed = true;
        }
    }

    /// Reads the numbers deferred by [`Index::add`].
    pub(crate) fn resolve(&mut self, normalizer: &Normalizer, memo: &Memo) {
        let mut read = Vec::new();
        for (id, entry) in self.by_id.iter_mut().filter(|(_, e)| e.key.is_none()) {
            let key = memo.key(normalizer, entry.packed.phone_number());
            entry.key = Some(key.clone());
            read.push((id.clone(), key));
        }
        for (id, key) in read {
            self.hold(&id, &key);
        }
    }

    /// The contact with `id` (its properties and labels, unpacked).
    pub(crate) fn get(&self, id: &ContactId) -> Option<Contact> {
        self.by_id.get(id).map(|e| e.packed.unpack(id))
    }

    /// Whether there is a contact with `id`.
    pub(crate) fn contains(&self, id: &ContactId) -> bool {
        self.by_id.contains_key(id)
    }

    /// The `phoneNumber` of the contact with `id`, as written.
    pub(crate) fn phone_number(&self, id: &ContactId) -> Option<&str> {
        self.by_id.get(id).and_then(|e| e.packed.phone_number())
    }

    /// The contact's content hash (empty when there is no such contact).
    pub(crate) fn hash(&self, id: &ContactId) -> &str {
        self.by_id.get(id).map_or("", |e| e.hash.as_str())
    }

    /// The contact's number key, or why it has none.
    pub(crate) fn key_or_why(&self, id: &ContactId) -> Option<&Result<String, String>> {
        let entry = self.by_id.get(id)?;
        debug_assert!(entry.key.is_some(), "a number the plan needs was not read");
        entry.key.as_ref()
    }

    /// The contact's number key.
    pub(crate) fn key(&self, id: &ContactId) -> Option<&str> {
        self.key_or_why(id)
            .and_then(|k| k.as_ref().ok())
            .map(String::as_str)
    }

    /// The ids holding number `key`.
    pub(crate) fn holders(&self, key: &str) -> &[ContactId] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }
}
