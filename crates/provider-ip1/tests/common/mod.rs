//! What the emulator-backed tests share.

use contacts_core::{Contact, ContactProvider, NewContact, Standard};
use contacts_emulator::ip1::Ip1Emulator;
use provider_ip1::Ip1Provider;
use std::time::Duration;

/// An emulator (key `k1`, background imports after 20 ms) and a provider for it, in the
/// standard layers, retrying quickly.
pub async fn setup() -> (Ip1Emulator, Standard<Ip1Provider>) {
    let emulator = Ip1Emulator::builder()
        .api_key("k1")
        .import_delay(Duration::from_millis(20));
    contacts_testkit::ip1::started(emulator).await
}

/// [`setup`] with `docs` already created through the provider: the emulator, the provider and
/// the contacts as created (in input order), for tests whose subject comes after the data.
pub async fn holding(docs: &[NewContact]) -> (Ip1Emulator, Standard<Ip1Provider>, Vec<Contact>) {
    let (emulator, provider) = setup().await;
    let created = provider.create(docs).await.unwrap_or_else(|e| {
        panic!(
            "creating the {} contacts the test starts with: {e}",
            docs.len()
        )
    });
    (emulator, provider, created)
}
