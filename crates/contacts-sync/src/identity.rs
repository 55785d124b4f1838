//! Who is who: contacts of one side indexed by id and by the E.164 form of their number, and
//! the content hash that tells a change.

use crate::SyncError;
use crate::packed;
use crate::scratch::{Reader, Scratch, Span};
use contacts_core::{Contact, ContactId};
use contacts_phone::Normalizer;
use hashbrown::HashTable;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::path::PathBuf;

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
    hash_text(hash64(contact))
}

/// The 64 bits behind [`content_hash`].
pub(crate) fn hash64(contact: &Contact) -> u64 {
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
    hash
}

/// `hash` as [`content_hash`] writes it.
pub(crate) fn hash_text(hash: u64) -> String {
    format!("{hash:016x}")
}

/// Whether `recorded` (a hash kept in the state) is `hash`.
pub(crate) fn same_hash(hash: u64, recorded: &str) -> bool {
    recorded.len() == 16 && u64::from_str_radix(recorded, 16) == Ok(hash)
}

/// `raw` read by `normalizer`: its match key, or why it has none.
fn read_number(normalizer: &Normalizer, raw: Option<&str>) -> Result<String, String> {
    let Some(raw) = raw else {
        return Err("no phoneNumber".to_owned());
    };
    normalizer
        .normalize(raw)
        .map(|n| n.match_key().to_owned())
        .map_err(|e| e.to_string())
}

/// Whether a contact's number was read, and what came of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Number {
    /// Not read yet (see [`Index::add`]).
    Deferred,
    /// Read: its key is in [`Index::keys`].
    Key,
    /// Read, unusable: why is in [`Index::why`].
    Why,
}

/// One contact of a side, with what the plan asks of it: fixed-size, its texts elsewhere
/// (id and number key in the index's arenas, properties and labels in its scratch file).
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Its content hash (see [`content_hash`]).
    hash: u64,
    /// Where its packed properties and labels are in the scratch.
    doc: Span,
    /// Its id: offset and length in [`Index::ids`].
    id_at: u32,
    id_len: u32,
    /// Its number key: offset and length in [`Index::keys`] (when `number` is `Key`).
    key_at: u32,
    key_len: u16,
    number: Number,
    /// Whether the plan has accounted for it already.
    claimed: bool,
    /// The next contact with the same number key (`NONE` ends the chain).
    next_holder: u32,
}

/// The end of a chain of holders.
const NONE: u32 = u32::MAX;

/// The contacts of one side, by id and by number, in flat memory: a fixed-size entry each, the
/// ids and keys in two strings, the contents in a [`Scratch`], and two hash tables of entry
/// numbers. A side of 100,000 contacts takes a few megabytes.
#[derive(Debug)]
pub(crate) struct Index {
    entries: Vec<Entry>,
    ids: String,
    keys: String,
    /// Why a contact's number is unusable, by entry.
    why: HashMap<u32, String>,
    /// Entries by id.
    by_id: HashTable<u32>,
    /// The first holder of each number key, and how many hold it.
    by_key: HashTable<(u32, u32)>,
    hasher: RandomState,
    /// The contacts' packed properties and labels.
    scratch: Scratch,
}

impl Default for Index {
    fn default() -> Self {
        Self::new(None)
    }
}

fn text_offset(text: &str, what: &str) -> Result<u32, SyncError> {
    u32::try_from(text.len()).map_err(|_| {
        SyncError::Scratch(format!(
            "more than 4 GiB of contact {what}s on one side; sync it in parts (by label)"
        ))
    })
}

impl Index {
    /// An empty index whose scratch file (if it needs one) goes into `dir`.
    pub(crate) fn new(dir: Option<PathBuf>) -> Self {
        Self {
            entries: Vec::new(),
            ids: String::new(),
            keys: String::new(),
            why: HashMap::new(),
            by_id: HashTable::new(),
            by_key: HashTable::new(),
            hasher: RandomState::new(),
            scratch: Scratch::new(dir),
        }
    }

    /// How many contacts.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is none.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn id_text(&self, slot: u32) -> &str {
        let e = &self.entries[slot as usize];
        &self.ids[e.id_at as usize..(e.id_at + e.id_len) as usize]
    }

    fn key_text(&self, slot: u32) -> Option<&str> {
        let e = &self.entries[slot as usize];
        (e.number == Number::Key).then(|| &self.keys[e.key_at as usize..][..e.key_len as usize])
    }

    /// Adds `contacts` (a page), reading their numbers with `normalizer` now when given,
    /// otherwise leaving that to [`Index::resolve`], for when the plan needs them (a sync
    /// with nothing changed needs none). A contact listed twice keeps its last listing.
    pub(crate) fn add(
        &mut self,
        contacts: Vec<Contact>,
        normalizer: Option<&Normalizer>,
    ) -> Result<(), SyncError> {
        let mut text = String::new();
        for contact in contacts {
            text.clear();
            packed::pack(&contact, &mut text);
            let doc = self.scratch.push(&text)?;
            let id = contact.id.as_str();
            let id_at = text_offset(&self.ids, "id")?;
            let mut entry = Entry {
                hash: hash64(&contact),
                doc,
                id_at,
                id_len: text_offset(id, "id")?,
                key_at: 0,
                key_len: 0,
                number: Number::Deferred,
                claimed: false,
                next_holder: NONE,
            };
            let slot = match self.find(&contact.id) {
                Some(slot) => {
                    // Listed again: the last listing counts (its id text is the same).
                    self.unhold(slot);
                    entry.id_at = self.entries[slot as usize].id_at;
                    self.entries[slot as usize] = entry;
                    slot
                }
                None => {
                    let slot = u32::try_from(self.entries.len())
                        .ok()
                        .filter(|s| *s != NONE)
                        .ok_or_else(|| {
                            SyncError::Scratch("more than 4 billion contacts on one side".into())
                        })?;
                    self.ids.push_str(id);
                    self.entries.push(entry);
                    let hasher = &self.hasher;
                    let (entries, ids) = (&self.entries, &self.ids);
                    let id_of = |s: &u32| {
                        let e = &entries[*s as usize];
                        &ids[e.id_at as usize..(e.id_at + e.id_len) as usize]
                    };
                    self.by_id
                        .insert_unique(hasher.hash_one(id), slot, |s| hasher.hash_one(id_of(s)));
                    slot
                }
            };
            if let Some(normalizer) = normalizer {
                let key = read_number(normalizer, packed::phone_number(&text));
                self.set_number(slot, key)?;
            }
        }
        Ok(())
    }

    /// Records the reading of `slot`'s number and makes it a holder of its key.
    fn set_number(&mut self, slot: u32, key: Result<String, String>) -> Result<(), SyncError> {
        match key {
            Ok(key) => {
                let Ok(key_len) = u16::try_from(key.len()) else {
                    return self.set_number(slot, Err("the number is too long".into()));
                };
                let key_at = text_offset(&self.keys, "number")?;
                self.keys.push_str(&key);
                let e = &mut self.entries[slot as usize];
                (e.key_at, e.key_len, e.number) = (key_at, key_len, Number::Key);
                self.hold(slot);
            }
            Err(why) => {
                self.entries[slot as usize].number = Number::Why;
                self.why.insert(slot, why);
            }
        }
        Ok(())
    }

    fn key_slot(&self, key: &str) -> Option<&(u32, u32)> {
        let hash = self.hasher.hash_one(key);
        self.by_key
            .find(hash, |(head, _)| self.key_text(*head) == Some(key))
    }

    /// Makes `slot` a holder of its key.
    fn hold(&mut self, slot: u32) {
        let Some(key) = self.key_text(slot) else {
            return;
        };
        let hash = self.hasher.hash_one(key);
        let (entries, keys, hasher) = (&self.entries, &self.keys, &self.hasher);
        let text = |s: u32| {
            let e = &entries[s as usize];
            &keys[e.key_at as usize..][..e.key_len as usize]
        };
        let key = text(slot);
        match self.by_key.find_mut(hash, |(head, _)| text(*head) == key) {
            Some((head, count)) => {
                let previous = std::mem::replace(head, slot);
                *count += 1;
                self.entries[slot as usize].next_holder = previous;
            }
            None => {
                self.by_key
                    .insert_unique(hash, (slot, 1), |(head, _)| hasher.hash_one(text(*head)));
            }
        }
    }

    /// Takes `slot` out of its key's holders (before its listing is replaced).
    fn unhold(&mut self, slot: u32) {
        self.why.remove(&slot);
        let Some(key) = self.key_text(slot).map(str::to_owned) else {
            return;
        };
        let hash = self.hasher.hash_one(key.as_str());
        let holders: Vec<u32> = self.chain(&key).filter(|s| *s != slot).collect();
        let (entries, keys) = (&self.entries, &self.keys);
        let text = |s: u32| {
            let e = &entries[s as usize];
            &keys[e.key_at as usize..][..e.key_len as usize]
        };
        if let Ok(found) = self.by_key.find_entry(hash, |(head, _)| text(*head) == key) {
            found.remove();
        }
        // The rest are held again, in their order.
        for s in holders.into_iter().rev() {
            self.entries[s as usize].next_holder = NONE;
            self.hold(s);
        }
    }

    /// The holders of `key`, most recently listed first.
    fn chain(&self, key: &str) -> impl Iterator<Item = u32> + '_ {
        let mut next = self.key_slot(key).map_or(NONE, |(head, _)| *head);
        std::iter::from_fn(move || {
            let slot = (next != NONE).then_some(next)?;
            next = self.entries[slot as usize].next_holder;
            Some(slot)
        })
    }

    /// Reads the numbers deferred by [`Index::add`] (one pass over the scratch file).
    pub(crate) fn resolve(&mut self, normalizer: &Normalizer) -> Result<(), SyncError> {
        let mut read = Vec::new();
        {
            let mut reader = self.scratch.reader();
            for (slot, e) in self.entries.iter().enumerate() {
                if e.number == Number::Deferred {
                    let text = reader.get(e.doc)?;
                    read.push((
                        slot as u32,
                        read_number(normalizer, packed::phone_number(&text)),
                    ));
                }
            }
        }
        for (slot, key) in read {
            self.set_number(slot, key)?;
        }
        Ok(())
    }

    /// The entry number of `id`.
    pub(crate) fn find(&self, id: &ContactId) -> Option<u32> {
        let id = id.as_str();
        self.by_id
            .find(self.hasher.hash_one(id), |s| self.id_text(*s) == id)
            .copied()
    }

    /// The id of entry `slot`.
    pub(crate) fn id_at(&self, slot: u32) -> ContactId {
        ContactId::new(self.id_text(slot))
    }

    /// The content hash of entry `slot`.
    pub(crate) fn hash_at(&self, slot: u32) -> u64 {
        self.entries[slot as usize].hash
    }

    /// The number key of entry `slot`.
    pub(crate) fn key_at(&self, slot: u32) -> Option<&str> {
        self.key_text(slot)
    }

    /// The contact of entry `slot`, read back from the scratch through `reader`.
    pub(crate) fn contact_at(
        &self,
        slot: u32,
        reader: &mut Reader<'_>,
    ) -> Result<Contact, SyncError> {
        let text = reader.get(self.entries[slot as usize].doc)?;
        Ok(packed::unpack(&text, &self.id_at(slot)))
    }

    /// A reader for [`Index::contact_at`].
    pub(crate) fn reader(&self) -> Reader<'_> {
        self.scratch.reader()
    }

    /// The entries not accounted for yet, in id order (so plans are deterministic).
    pub(crate) fn unclaimed(&self) -> Vec<u32> {
        let mut slots: Vec<u32> = (0..self.entries.len() as u32)
            .filter(|s| !self.entries[*s as usize].claimed)
            .collect();
        slots.sort_unstable_by(|a, b| self.id_text(*a).cmp(self.id_text(*b)));
        slots
    }

    /// Whether every entry's hash is what `recorded` says of its id (`None`: no such id).
    pub(crate) fn all_as<'p>(
        &self,
        mut recorded: impl Iterator<Item = (&'p ContactId, &'p str)>,
    ) -> bool {
        recorded.all(|(id, hash)| {
            self.find(id)
                .is_some_and(|s| same_hash(self.hash_at(s), hash))
        })
    }

    /// A failure reading the scratch while planning (the plan must then fail).
    pub(crate) fn failure(&self) -> Option<SyncError> {
        self.scratch.failure()
    }

    /// Whether the plan has accounted for `id` already.
    pub(crate) fn is_claimed(&self, id: &ContactId) -> bool {
        self.find(id)
            .is_some_and(|s| self.entries[s as usize].claimed)
    }

    /// Marks `id` as accounted for (a contact not on this side is ignored).
    pub(crate) fn claim(&mut self, id: &ContactId) {
        if let Some(s) = self.find(id) {
            self.entries[s as usize].claimed = true;
        }
    }

    /// The contact with `id` (its properties and labels, unpacked); a failure to read it back
    /// is kept for [`Index::failure`].
    pub(crate) fn get(&self, id: &ContactId) -> Option<Contact> {
        let slot = self.find(id)?;
        let text = self.scratch.get_or_note(self.entries[slot as usize].doc)?;
        Some(packed::unpack(&text, id))
    }

    /// Whether there is a contact with `id`.
    pub(crate) fn contains(&self, id: &ContactId) -> bool {
        self.find(id).is_some()
    }

    /// The `phoneNumber` of the contact with `id`, as written.
    pub(crate) fn phone_number(&self, id: &ContactId) -> Option<String> {
        let slot = self.find(id)?;
        let text = self.scratch.get_or_note(self.entries[slot as usize].doc)?;
        packed::phone_number(&text).map(str::to_owned)
    }

    /// The contact's content hash.
    pub(crate) fn hash(&self, id: &ContactId) -> Option<u64> {
        self.find(id).map(|s| self.hash_at(s))
    }

    /// The contact's number key, or why it has none.
    pub(crate) fn key_or_why(&self, id: &ContactId) -> Option<Result<&str, &str>> {
        let slot = self.find(id)?;
        match self.entries[slot as usize].number {
            Number::Key => self.key_text(slot).map(Ok),
            Number::Why => self.why.get(&slot).map(|w| Err(w.as_str())),
            Number::Deferred => {
                debug_assert!(false, "a number the plan needs was not read");
                None
            }
        }
    }

    /// The contact's number key.
    pub(crate) fn key(&self, id: &ContactId) -> Option<&str> {
        self.key_or_why(id).and_then(Result::ok)
    }

    /// How many contacts hold number `key`.
    pub(crate) fn holder_count(&self, key: &str) -> usize {
        self.key_slot(key).map_or(0, |(_, count)| *count as usize)
    }

    /// The ids holding number `key`.
    pub(crate) fn holders(&self, key: &str) -> Vec<ContactId> {
        let mut ids: Vec<ContactId> = self.chain(key).map(|s| self.id_at(s)).collect();
        ids.reverse();
        ids
    }

    /// Frees what only planning needs (the lookup tables), keeping what a plan's steps read.
    pub(crate) fn seal(&mut self) {
        self.by_id = HashTable::new();
        self.by_key = HashTable::new();
        self.why = HashMap::new();
    }
}
