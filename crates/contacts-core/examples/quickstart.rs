//! A tour of the contract on the in-memory reference provider: create, patch, list by label in
//! pages, mass delete, and the typed errors.
//!
//! Run it with `cargo run -p contacts-core --example quickstart`.

use contacts_core::{
    ContactFilter, ContactPatch, ContactProvider, ContactProviderExt, ContactQuery, DeleteTarget,
    GetOptions, InMemoryProvider, NewContact, ProviderConfig, Registry,
};
use futures::TryStreamExt;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), contacts_core::Error> {
    // Providers are picked by name at run time, as the CLI does.
    let provider = Registry::new().build("memory", &ProviderConfig::new())?;
    println!("provider: {}", provider.name());

    let team: Vec<NewContact> = ["Ada", "Grace", "Linus", "Barbara", "Ken"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let contact = NewContact::new()
                .property("firstName", *name)
                .property("phoneNumber", format!("+4670000000{i}"));
            if i % 2 == 0 {
                contact.label("VIP")
            } else {
                contact
            }
        })
        .collect();
    let created = provider.create(&team).await?;
    println!(
        "created {} contacts: {:?}",
        created.len(),
        created.iter().map(|c| c.id.as_str()).collect::<Vec<_>>()
    );

    let ada = provider
        .update(
            &created[0].id,
            &ContactPatch::new()
                .set("email", "ada@example.com")
                .add_label("Founder"),
        )
        .await?;
    println!(
        "patched: {}",
        serde_json::to_string(&ada).expect("contacts serialise")
    );

    let vips: Vec<_> = provider
        .list(
            ContactQuery::new()
                .filter(ContactFilter::new().label("VIP"))
                .page_size(2),
        )
        .try_collect()
        .await?;
    println!(
        "VIPs (listed in pages of 2): {:?}",
        vips.iter()
            .filter_map(|c| c.properties.first_name())
            .collect::<Vec<_>>()
    );

    let refused = provider
        .delete_matching(&DeleteTarget::Matching(ContactFilter::new()))
        .await
        .unwrap_err();
    println!("an empty mass-delete filter is refused: {refused}");

    let removed = provider
        .delete_matching(&DeleteTarget::Matching(ContactFilter::new().label("VIP")))
        .await?;
    println!("deleted {} VIPs", removed.len());
    let err = provider
        .get(&created[0].id, &GetOptions::default())
        .await
        .unwrap_err();
    println!("reading a deleted contact: {err}");

    let memory = InMemoryProvider::new();
    println!("a fresh store is empty: {}", memory.is_empty());
    Ok(())
}
