//! The iP1 emulator's data: contacts in creation order, and the blacklist.

use super::metadata::phone_metadata;
use super::query::{Order, Params};
use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The system label iP1 puts on every contact.
pub const SYSTEM_LABEL: &str = "all";

/// One stored contact.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredContact {
    /// 24 hex digits.
    pub id: String,
    /// String properties.
    pub properties: BTreeMap<String, String>,
    /// User labels (never `all`).
    pub labels: BTreeSet<String>,
}

/// The account's data.
#[derive(Debug)]
pub struct Store {
    /// The account id shown as `ownerId`.
    pub owner: String,
    next: u64,
    /// Creation sequence → contact.
    contacts: BTreeMap<u64, StoredContact>,
    /// id → sequence.
    index: BTreeMap<String, u64>,
    /// Blocked numbers: MSISDN digits (no `+`) → when each was added, as the vendor renders
    /// `created` (a local time without zone, e.g. `2019-11-01T16:32:18.253`).
    pub blacklist: BTreeMap<String, String>,
}

impl Default for Store {
    fn default() -> Self {
        Self {
            owner: "ip1-00001".into(),
            next: 1,
            contacts: BTreeMap::new(),
            index: BTreeMap::new(),
            blacklist: BTreeMap::new(),
        }
    }
}

impl Store {
    /// Stores a new contact and returns it.
    pub fn insert(
        &mut self,
        properties: BTreeMap<String, String>,
        labels: BTreeSet<String>,
    ) -> StoredContact {
        let seq = self.next;
        self.next += 1;
        // ObjectId-like: a fixed timestamp part and the sequence.
        let id = format!("{:08x}{:016x}", 0x6063_12a5u32, seq);
        let contact = StoredContact {
            id: id.clone(),
            properties,
            labels,
        };
        self.index.insert(id, seq);
        self.contacts.insert(seq, contact.clone());
        contact
    }

    /// Removes every contact and blocked number.
    pub fn clear(&mut self) {
        self.contacts.clear();
        self.index.clear();
        self.blacklist.clear();
    }

    /// A contact by id.
    pub fn get(&self, id: &str) -> Option<&StoredContact> {
        self.index.get(id).and_then(|seq| self.contacts.get(seq))
    }

    /// A contact by id, to change.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut StoredContact> {
        let seq = *self.index.get(id)?;
        self.contacts.get_mut(&seq)
    }

    /// Removes a contact.
    pub fn remove(&mut self, id: &str) -> Option<StoredContact> {
        let seq = self.index.remove(id)?;
        self.contacts.remove(&seq)
    }

    /// Every contact in creation order.
    pub fn all(&self) -> impl DoubleEndedIterator<Item = &StoredContact> {
        self.contacts.values()
    }

    /// Number of contacts.
    pub fn len(&self) -> usize {
        self.contacts.len()
    }

    /// The metadata of a contact.
    pub fn metadata(&self, contact: &StoredContact) -> Map<String, Value> {
        let mut meta = Map::new();
        if let Some(phone) = contact.properties.get("phoneNumber") {
            meta.insert(
                "phoneNumber".into(),
                Value::Object(phone_metadata(phone, &self.blacklist)),
            );
        }
        meta
    }

    /// The JSON document of a contact, with `all` among its labels and metadata if asked, as a
    /// borrowed view: serializing it writes straight from the store, with no `Value` tree.
    pub fn render<'a>(&'a self, contact: &'a StoredContact, meta: bool) -> ContactView<'a> {
        ContactView {
            id: &contact.id,
            labels: Labels(&contact.labels),
            metadata: meta.then(|| self.metadata(contact)),
            owner_id: &self.owner,
            properties: &contact.properties,
        }
    }

    /// [`render`](Self::render) as a `serde_json::Value`, for callers that keep documents.
    pub fn render_value(&self, contact: &StoredContact, meta: bool) -> Value {
        serde_json::to_value(self.render(contact, meta)).unwrap_or(Value::Null)
    }

    /// Whether a contact passes the filters: any of the `labels` (several labels are OR-ed;
    /// the vendor does not document it), every property and metadata equality.
    pub fn matches(&self, contact: &StoredContact, params: &Params) -> bool {
        let labels_ok = params.labels.is_empty()
            || params
                .labels
                .iter()
                .any(|l| l == SYSTEM_LABEL || contact.labels.contains(l));
        let props_ok = params
            .properties
            .iter()
            .all(|(k, v)| contact.properties.get(k) == Some(v));
        let meta_ok = params.metadata.is_empty() || {
            let meta = self.metadata(contact);
            params.metadata.iter().all(|(path, v)| {
                path.split_once('.')
                    .and_then(|(p, f)| meta.get(p)?.get(f)?.as_str().map(|s| s == v))
                    .unwrap_or(false)
            })
        };
        labels_ok && props_ok && meta_ok
    }

    /// The matching contacts in the requested order, lazily: a page costs what it shows, not
    /// what the account holds.
    pub fn matching<'a>(
        &'a self,
        params: &'a Params,
    ) -> Box<dyn Iterator<Item = &'a StoredContact> + 'a> {
        let all = self.all();
        let ordered: Box<dyn Iterator<Item = &StoredContact>> = match params.order {
            Order::Asc => Box::new(all),
            Order::Desc => Box::new(all.rev()),
        };
        Box::new(ordered.filter(move |c| self.matches(c, params)))
    }
}

/// A contact as the API renders it, borrowing from the store. Fields are declared in the
/// order `serde_json` writes object keys (sorted), so the bytes match a rendered `Value`.
#[derive(Debug, Serialize)]
pub struct ContactView<'a> {
    id: &'a str,
    labels: Labels<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<Map<String, Value>>,
    #[serde(rename = "ownerId")]
    owner_id: &'a str,
    properties: &'a BTreeMap<String, String>,
}

/// A contact's user labels followed by the system label [`SYSTEM_LABEL`].
#[derive(Debug)]
struct Labels<'a>(&'a BTreeSet<String>);

impl Serialize for Labels<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len() + 1))?;
        for label in self.0 {
            seq.serialize_element(label)?;
        }
        seq.serialize_element(SYSTEM_LABEL)?;
        seq.end()
    }
}
