//! Who is who: contacts of one side indexed by id and by the E.164 form of their number, and
//! the content hash that tells a change.

use contacts_core::{Contact, ContactId, keys};
use contacts_phone::Normalizer;
use std::collections::{BTreeMap, HashMap};

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

/// The match key of a contact's number, or why it has none.
pub(crate) fn number_key(normalizer: &Normalizer, contact: &Contact) -> Result<String, String> {
    let raw = contact
        .properties
        .get(keys::PHONE_NUMBER)
        .ok_or_else(|| "no phoneNumber".to_owned())?;
    normalizer
        .normalize(raw)
        .map(|n| n.match_key().to_owned())
        .map_err(|e| e.to_string())
}

/// The contacts of one side, by id and by number.
#[derive(Debug, Default)]
pub(crate) struct Index {
    /// Every contact by id, in id order (so plans are deterministic).
    pub(crate) by_id: BTreeMap<ContactId, Contact>,
    /// Each contact's number key, or why it has none.
    pub(crate) keys: HashMap<ContactId, Result<String, String>>,
    /// The ids holding each number.
    pub(crate) by_key: HashMap<String, Vec<ContactId>>,
}

impl Index {
    /// Indexes `contacts`, reading numbers with `normalizer`.
    pub(crate) fn new(contacts: Vec<Contact>, normalizer: &Normalizer) -> Self {
        let mut index = Index::default();
        for contact in contacts {
            let key = number_key(normalizer, &contact);
            if let Ok(k) = &key {
                index
                    .by_key
                    .entry(k.clone())
                    .or_default()
                    .push(contact.id.clone());
            }
            index.keys.insert(contact.id.clone(), key);
            index.by_id.insert(contact.id.clone(), contact);
        }
        index
    }

    /// The contact with `id`.
    pub(crate) fn get(&self, id: &ContactId) -> Option<&Contact> {
        self.by_id.get(id)
    }

    /// The contact's number key.
    pub(crate) fn key(&self, id: &ContactId) -> Option<&str> {
        self.keys
            .get(id)
            .and_then(|k| k.as_ref().ok())
            .map(String::as_str)
    }

    /// The ids holding number `key`.
    pub(crate) fn holders(&self, key: &str) -> &[ContactId] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }
}
