//! A complete third-party adapter, written the way an author outside this workspace would,
//! checked with the suite in one macro line. It stores contacts in a `BTreeMap` and declares
//! modest capabilities (fixed keys, no labels, no metadata, no mass delete, no descending
//! order), so the suite runs the checks that apply and skips the others with a reason.
//!
//! It holds only what only it can know — its ids, its page tokens, its storage — and validates
//! nothing: it even "forgets" to refuse what it does not declare (a mass delete answers
//! `Ok(vec![])`, metadata requests and labels are ignored). `Factory::new` puts it behind the
//! `CheckedLayer`, which refuses all that for it, so it passes; the last test shows that the
//! same adapter without the layers fails.

use async_trait::async_trait;
use contacts_conformance::{Config, Factory, Report, Status, conformance_tests, run};
use contacts_core::{
    Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactQuery, DeleteTarget,
    Error, FilterSupport, GetOptions, KeySupport, NewContact, Page, PageToken, Result,
};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// The adapter: a phone book that keeps name and number only.
#[derive(Debug)]
struct PhoneBook {
    rows: Mutex<BTreeMap<u64, Contact>>,
    next: Mutex<u64>,
    caps: Capabilities,
}

impl PhoneBook {
    fn new() -> Self {
        let mut caps = Capabilities::default();
        caps.keys = KeySupport::Fixed {
            keys: vec!["phoneNumber".into(), "firstName".into(), "lastName".into()],
        };
        caps.required_keys = vec!["phoneNumber".into()];
        caps.property_filter = FilterSupport::Client;
        caps.patch = true;
        caps.replace = true;
        caps.max_batch_size = 100;
        caps.default_page_size = 20;
        caps.max_page_size = 100;
        caps.max_value_chars = Some(120);
        Self {
            rows: Mutex::new(BTreeMap::new()),
            next: Mutex::new(1),
            caps,
        }
    }

    /// The number an id stands for; only its exact decimal form (`01` and `+1` are not 1).
    fn key(id: &ContactId) -> Result<u64> {
        id.as_str()
            .parse::<u64>()
            .ok()
            .filter(|n| n.to_string() == id.as_str())
            .ok_or_else(|| Error::contact_not_found(id))
    }
}

#[async_trait]
impl ContactProvider for PhoneBook {
    contacts_core::provider_identity!("phonebook", caps);

    /// Metadata is not declared; a request for it is simply ignored.
    async fn get(&self, id: &ContactId, _options: &GetOptions) -> Result<Contact> {
        let rows = self.rows.lock().unwrap();
        rows.get(&Self::key(id)?)
            .cloned()
            .ok_or_else(|| Error::contact_not_found(id))
    }

    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        let after: u64 = match token {
            None => 0,
            Some(t) => t
                .as_str()
                .strip_prefix("after:")
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| Error::invalid("page_token", "not a phonebook token"))?,
        };
        let size = query.page_size.unwrap_or(self.caps.default_page_size) as usize;
        let rows = self.rows.lock().unwrap();
        let mut matching = rows
            .range(after + 1..)
            .filter(|(_, c)| query.filter.matches(c));
        let items: Vec<(u64, Contact)> = matching
            .by_ref()
            .take(size)
            .map(|(k, c)| (*k, c.clone()))
            .collect();
        let next = match (items.last(), matching.next()) {
            (Some((last, _)), Some(_)) => Some(PageToken::new(format!("after:{last}"))),
            _ => None,
        };
        Ok(Page {
            items: items.into_iter().map(|(_, c)| c).collect(),
            next,
        })
    }

    /// Labels are not declared; they are simply not stored.
    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        let mut rows = self.rows.lock().unwrap();
        let mut next = self.next.lock().unwrap();
        Ok(contacts
            .iter()
            .map(|doc| {
                let contact = Contact {
                    id: ContactId::from(*next),
                    owner_id: None,
                    properties: doc.properties.clone(),
                    labels: Default::default(),
                    metadata: None,
                    address_book: None,
                    card: None,
                };
                rows.insert(*next, contact.clone());
                *next += 1;
                contact
            })
            .collect())
    }

    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        let mut rows = self.rows.lock().unwrap();
        let contact = rows
            .get_mut(&Self::key(id)?)
            .ok_or_else(|| Error::contact_not_found(id))?;
        patch.apply_to(contact);
        Ok(contact.clone())
    }

    async fn replace(&self, id: &ContactId, doc: &NewContact) -> Result<Contact> {
        let mut rows = self.rows.lock().unwrap();
        let contact = rows
            .get_mut(&Self::key(id)?)
            .ok_or_else(|| Error::contact_not_found(id))?;
        contact.properties = doc.properties.clone();
        Ok(contact.clone())
    }

    async fn delete(&self, id: &ContactId) -> Result<()> {
        let mut rows = self.rows.lock().unwrap();
        rows.remove(&Self::key(id)?)
            .map(|_| ())
            .ok_or_else(|| Error::contact_not_found(id))
    }

    /// Mass delete is not declared, and the author forgot to refuse it: it deletes nothing and
    /// says so by returning no contacts. Silent no-ops like this are what the `CheckedLayer`
    /// exists to prevent.
    async fn delete_matching(&self, _target: &DeleteTarget) -> Result<Vec<Contact>> {
        Ok(Vec::new())
    }
}

async fn phonebook() -> Result<Box<dyn ContactProvider>> {
    Ok(Box::new(PhoneBook::new()) as Box<dyn ContactProvider>)
}

/// Adopting the suite: a factory and one macro line.
fn factory() -> Factory {
    Factory::new("phonebook", phonebook)
}

fn config() -> Config {
    Config::default().cases(12)
}

conformance_tests!(factory(), config());

/// The layers are what make the adapter pass: bare, its forgotten refusals fail the checks of
/// what it does not declare.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_standard_layers_refuse_what_the_adapter_forgot_to() {
    let layered = run(&factory(), &config()).await;
    assert!(
        layered.passed(),
        "{}",
        Report {
            providers: vec![layered.clone()],
            ..Report::default()
        }
    );

    let bare = run(&Factory::bare("phonebook-bare", phonebook), &config()).await;
    assert!(
        !bare.passed(),
        "{}",
        Report {
            providers: vec![bare.clone()],
            ..Report::default()
        }
    );
    for check in [
        "mass_delete_declared",
        "metadata_declared",
        "labels_declared",
    ] {
        let result = bare.check(check).expect("the check ran");
        assert_eq!(result.status, Status::Failed, "{check}: {result:?}");
        assert!(
            result
                .reason
                .as_deref()
                .is_some_and(|r| r.contains("Unsupported")),
            "{check} explains what was not refused: {result:?}"
        );
    }
}
