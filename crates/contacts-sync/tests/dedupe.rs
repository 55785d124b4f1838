//! Duplicates merged on request (`contacts_sync::dedupe`), on the in-memory store: the number
//! and e-mail rules, chains, fields and labels joined, a second value of one field reported on
//! a flat store and kept on a store of cards, and a second run finding nothing.

mod common;

use common::all;
use contacts_core::card::{Card, EmailAddress};
use contacts_core::{
    Capabilities, Contact, ContactId, ContactPatch, ContactProvider, GetOptions, InMemoryProvider,
    NewContact,
};
use contacts_sync::dedupe::{self, ApplyOptions, DedupeOptions, DedupePlan, MatchRule, Write};

fn swedish() -> DedupeOptions {
    DedupeOptions {
        region: Some("SE".parse().unwrap()),
    }
}

/// A store that keeps flat properties only (as iP1 does).
fn flat_store() -> InMemoryProvider {
    let mut caps = Capabilities::full();
    caps.card_parts = Vec::new();
    InMemoryProvider::with_capabilities(caps)
}

fn person(pairs: &[(&str, &str)]) -> NewContact {
    pairs
        .iter()
        .fold(NewContact::new(), |doc, (k, v)| doc.property(*k, *v))
}

async fn get(store: &InMemoryProvider, id: &str) -> Contact {
    store
        .get(&ContactId::new(id), &GetOptions::default())
        .await
        .unwrap()
}

/// A [`flat_store`] holding one contact of each list of key-value pairs, and the dedupe plan
/// over it with the Swedish region.
async fn planned_flat(people: &[&[(&str, &str)]]) -> (InMemoryProvider, DedupePlan) {
    let docs: Vec<NewContact> = people.iter().map(|pairs| person(pairs)).collect();
    planned(flat_store(), &docs).await
}

/// `store` holding `docs`, and the dedupe plan over it with the Swedish region.
async fn planned(store: InMemoryProvider, docs: &[NewContact]) -> (InMemoryProvider, DedupePlan) {
    store.create(docs).await.unwrap();
    let plan = dedupe::plan(&store, &swedish()).await.unwrap();
    (store, plan)
}

#[tokio::test]
async fn the_same_number_in_two_spellings_is_one_person() {
    let (store, plan) = planned_flat(&[
        &[("phoneNumber", "+46 70 123 45 67"), ("firstName", "Ada")],
        &[("phoneNumber", "0709999999")],
        &[("phoneNumber", "070-123 45 67"), ("lastName", "Lovelace")],
    ])
    .await;
    assert_eq!(plan.contacts, 3);
    assert_eq!(plan.groups.len(), 1, "{plan}");
    let group = &plan.groups[0];
    assert_eq!(group.kept.as_str(), "1");
    assert_eq!(group.merged_away, vec![ContactId::new("3")]);
    assert_eq!(
        group.matches[0].rule,
        MatchRule::SameNumber {
            number: "+46701234567".into()
        }
    );
    assert!(
        plan.to_string().contains("same number +46701234567: 1, 3"),
        "{plan}"
    );
    // Without the region, the national spelling is not a number: no group.
    let plan = dedupe::plan(&store, &DedupeOptions::default())
        .await
        .unwrap();
    assert!(plan.groups.is_empty(), "{plan}");
}

#[tokio::test]
async fn e_mails_match_with_the_domain_in_any_case_and_the_local_part_exactly() {
    let (_, plan) = planned_flat(&[
        &[("email", "Ada@Example.COM"), ("firstName", "Ada")],
        &[("email", " Ada@example.com")],
        &[("email", "ada@example.com")],
    ])
    .await;
    assert_eq!(plan.groups.len(), 1, "{plan}");
    let group = &plan.groups[0];
    assert_eq!(
        (group.kept.as_str(), group.merged_away.clone()),
        ("1", vec![ContactId::new("2")])
    );
    assert_eq!(
        group.matches[0].rule,
        MatchRule::SameEmail {
            address: "Ada@example.com".into()
        }
    );
}

#[tokio::test]
async fn matches_chain_into_one_group_and_one_merge() {
    let (store, plan) = planned_flat(&[
        &[("phoneNumber", "+46701234567"), ("firstName", "Ada")],
        &[("phoneNumber", "0701234567"), ("email", "ada@x.se")],
        &[("email", "ada@X.se"), ("company", "Analytical")],
        &[("email", "bob@x.se")],
    ])
    .await;
    assert_eq!(plan.groups.len(), 1, "{plan}");
    let group = &plan.groups[0];
    assert_eq!(group.matches.len(), 2, "{plan}");
    let mut members = group.merged_away.clone();
    members.push(group.kept.clone());
    members.sort();
    assert_eq!(members, ["1", "2", "3"].map(ContactId::new).to_vec());
    dedupe::apply(&store, &plan, &ApplyOptions::default()).await;
    assert_eq!(store.len(), 2);
}

#[tokio::test]
async fn fields_only_one_has_and_every_label_are_kept_then_nothing_is_found() {
    let (store, plan) = planned(
        flat_store(),
        &[
            person(&[("phoneNumber", "+46701234567"), ("firstName", "Ada")]).label("VIP"),
            person(&[("phoneNumber", "0701234567"), ("company", "Analytical")])
                .label("VIP")
                .label("Maths"),
        ],
    )
    .await;
    let group = &plan.groups[0];
    assert!(group.not_kept.is_empty(), "{plan}");
    assert!(matches!(group.write, Write::Update { .. }), "{plan}");
    let text = plan.to_string();
    assert!(
        text.contains("adds: company Analytical from contact 2"),
        "{text}"
    );
    assert!(text.contains("adds: label Maths from contact 2"), "{text}");
    let applied = dedupe::apply(&store, &plan, &ApplyOptions::default()).await;
    assert_eq!(applied.merges.len(), 1, "{applied}");
    assert_eq!(applied.merges[0].merged_away.as_str(), "2");
    assert_eq!(applied.merges[0].store_identity, store.store_identity());
    let kept = get(&store, "1").await;
    assert_eq!(kept.properties.company(), Some("Analytical"));
    assert_eq!(kept.properties.first_name(), Some("Ada"));
    assert_eq!(kept.properties.phone_number(), Some("+46701234567"));
    let labels: Vec<&str> = kept.labels.iter().collect();
    assert_eq!(labels, ["Maths", "VIP"]);
    assert_eq!(all(&store).await.len(), 1);
    let again = dedupe::plan(&store, &swedish()).await.unwrap();
    assert!(again.groups.is_empty(), "{again}");
}

#[tokio::test]
async fn the_contact_with_most_fields_is_kept() {
    let (_, plan) = planned_flat(&[
        &[("phoneNumber", "+46701234567")],
        &[("phoneNumber", "0701234567"), ("firstName", "Ada")],
    ])
    .await;
    assert_eq!(plan.groups[0].kept.as_str(), "2", "{plan}");
    assert!(matches!(plan.groups[0].write, Write::Nothing), "{plan}");
}

#[tokio::test]
async fn a_second_value_on_a_flat_store_is_reported_and_not_merged_without_consent() {
    let (store, plan) = planned_flat(&[
        &[("phoneNumber", "+46701234567"), ("email", "a@x.se")],
        &[("phoneNumber", "0701234567"), ("email", "b@x.se")],
    ])
    .await;
    assert!(plan.loses_values());
    assert!(
        plan.to_string()
            .contains("not kept: email b@x.se from contact 2"),
        "{plan}"
    );
    let applied = dedupe::apply(&store, &plan, &ApplyOptions::default()).await;
    assert!(applied.merges.is_empty(), "{applied}");
    assert_eq!(applied.left.len(), 1, "{applied}");
    assert!(applied.left[0].reason.contains("would not keep 1 value"));
    assert_eq!(store.len(), 2, "nothing merged, nothing lost");
    let allowed = ApplyOptions { allow_loss: true };
    let applied = dedupe::apply(&store, &plan, &allowed).await;
    assert_eq!(applied.merges.len(), 1, "{applied}");
    assert_eq!(get(&store, "1").await.properties.email(), Some("a@x.se"));
    assert_eq!(store.len(), 1);
}

/// A card with `emails` as its e-mail addresses, the first preferred.
fn card_with(number: &str, emails: &[&str]) -> NewContact {
    let mut card = Card::new();
    card.set_property("phoneNumber", Some(number));
    for (n, address) in emails.iter().enumerate() {
        let email = EmailAddress {
            address: (*address).into(),
            pref: (n == 0).then_some(1),
            ..EmailAddress::default()
        };
        card.emails.insert(format!("e{}", n + 1), email);
    }
    NewContact::from_card(card)
}

#[tokio::test]
async fn a_second_value_on_a_store_of_cards_is_kept_beside_the_first() {
    let (store, plan) = planned(
        InMemoryProvider::new(),
        &[
            card_with("+46701234567", &["a@x.se"]),
            card_with("0701234567", &["b@x.se", "A@X.SE"]).label("VIP"),
            // A flat contact on a store of cards: its values join the card too.
            person(&[("email", "b@X.se"), ("company", "Analytical")]),
        ],
    )
    .await;
    assert_eq!(plan.groups.len(), 1, "{plan}");
    let group = &plan.groups[0];
    assert!(group.not_kept.is_empty(), "{plan}");
    assert_eq!(group.kept.as_str(), "2", "the most values: {plan}");
    assert!(matches!(group.write, Write::Replace { .. }), "{plan}");
    let applied = dedupe::apply(&store, &plan, &ApplyOptions::default()).await;
    assert_eq!(applied.merges.len(), 2, "{applied}");
    let kept = get(&store, "2").await;
    let card = kept.card.as_deref().unwrap();
    let mut emails: Vec<&str> = card.emails.values().map(|e| e.address.as_str()).collect();
    emails.sort_unstable();
    assert_eq!(emails, ["A@X.SE", "a@x.se", "b@x.se"], "{card:?}");
    assert_eq!(
        kept.properties.email(),
        Some("b@x.se"),
        "the preferred stays"
    );
    assert_eq!(kept.properties.company(), Some("Analytical"));
    assert_eq!(card.phones.len(), 1, "one number, written twice");
    assert!(kept.labels.contains("VIP"));
    assert!(
        dedupe::plan(&store, &swedish())
            .await
            .unwrap()
            .groups
            .is_empty()
    );
}

#[tokio::test]
async fn a_group_changed_since_the_plan_is_left_and_the_others_go_on() {
    let (store, plan) = planned_flat(&[
        &[("phoneNumber", "+46701234567"), ("firstName", "Ada")],
        &[("phoneNumber", "0701234567")],
        &[("email", "bob@x.se"), ("firstName", "Bob")],
        &[("email", "bob@x.se")],
    ])
    .await;
    assert_eq!(plan.groups.len(), 2, "{plan}");
    let patch = ContactPatch::new().set("company", "Edited meanwhile");
    store.update(&ContactId::new("2"), &patch).await.unwrap();
    let applied = dedupe::apply(&store, &plan, &ApplyOptions::default()).await;
    assert_eq!(applied.left.len(), 1, "{applied}");
    assert!(
        applied.left[0].reason.contains("contact 2 changed"),
        "{applied}"
    );
    assert_eq!(applied.merges.len(), 1, "{applied}");
    assert_eq!(applied.merges[0].merged_away.as_str(), "4");
    assert_eq!(store.len(), 3);
}
