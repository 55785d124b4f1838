//! The `hostile_ids` check: the reference model passes it, and an adapter that reads ids as
//! numbers (as the Atom adapter did: `01` and `+1` were contact `1`) fails it.

use async_trait::async_trait;
use contacts_conformance::doubles::{Broken, Flaw};
use contacts_conformance::{Config, Factory, Status, run};
use contacts_core::{
    Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactQuery, DeleteTarget,
    GetOptions, InMemoryProvider, NewContact, Page, PageToken, Result,
};

fn only_hostile_ids() -> Config {
    Config::default().cases(4).seed(1).only(["hostile_ids"])
}

/// An adapter over the reference model that parses ids as numbers before using them, the
/// way `str::parse::<u64>` does: `+1` and `01` become `1`, ` 1` after a trim too.
#[derive(Debug)]
struct NumericIds(InMemoryProvider);

fn normalised(id: &ContactId) -> ContactId {
    match id.as_str().trim().parse::<u64>() {
        Ok(n) => ContactId::from(n),
        Err(_) => id.clone(),
    }
}

#[async_trait]
impl ContactProvider for NumericIds {
    fn name(&self) -> &str {
        "numeric-ids"
    }
    fn capabilities(&self) -> &Capabilities {
        self.0.capabilities()
    }
    async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact> {
        self.0.get(&normalised(id), options).await
    }
    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        self.0.list_page(query, token).await
    }
    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        self.0.create(contacts).await
    }
    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        self.0.update(&normalised(id), patch).await
    }
    async fn replace(&self, id: &ContactId, contact: &NewContact) -> Result<Contact> {
        self.0.replace(&normalised(id), contact).await
    }
    async fn delete(&self, id: &ContactId) -> Result<()> {
        self.0.delete(&normalised(id)).await
    }
    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>> {
        self.0.delete_matching(target).await
    }
}

#[tokio::test]
async fn the_reference_model_passes_with_every_capability() {
    let factory = Factory::new("memory", || async {
        let mut caps = Capabilities::full();
        caps.label_admin = true;
        Ok(Box::new(InMemoryProvider::with_capabilities(caps)) as Box<dyn ContactProvider>)
    });
    let report = run(&factory, &only_hostile_ids()).await;
    let check = report.check("hostile_ids").expect("the check ran");
    assert_eq!(check.status, Status::Passed, "{:?}", check.reason);
}

#[tokio::test]
async fn an_adapter_that_reads_ids_as_numbers_fails_naming_the_id() {
    let factory = Factory::new("numeric-ids", || async {
        Ok(Box::new(NumericIds(InMemoryProvider::new())) as Box<dyn ContactProvider>)
    });
    let report = run(&factory, &only_hostile_ids()).await;
    let check = report.check("hostile_ids").expect("the check ran");
    assert_eq!(check.status, Status::Failed);
    let reason = check.reason.as_deref().unwrap_or_default();
    assert!(
        reason.starts_with("get of the id \" 1\" gave Ok"),
        "{reason}"
    );
}

#[tokio::test]
async fn an_adapter_that_answers_for_ids_it_does_not_hold_fails() {
    let factory = Factory::bare("UnknownIdFound", || async {
        Ok(Box::new(Broken::new(Flaw::UnknownIdFound)) as Box<dyn ContactProvider>)
    });
    let report = run(&factory, &only_hostile_ids()).await;
    let check = report.check("hostile_ids").expect("the check ran");
    assert_eq!(check.status, Status::Failed);
    let reason = check.reason.as_deref().unwrap_or_default();
    assert!(reason.starts_with("get of the id \"\" gave Ok"), "{reason}");
}
