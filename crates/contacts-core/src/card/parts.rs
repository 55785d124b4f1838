//! The parts of a card a provider can declare it stores, so tools know before writing what
//! would not arrive.

use super::{CUSTOM_PROPERTY_PREFIX, Card, IdMap};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A part of a [`Card`], as [`Capabilities::card_parts`](crate::Capabilities::card_parts)
/// declares which ones a provider stores.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum CardPart {
    /// The name with all its components and the full name.
    Name,
    /// Several phone numbers with features, contexts and labels.
    Phones,
    /// Several e-mail addresses.
    Emails,
    /// Postal addresses.
    Addresses,
    /// Online services.
    OnlineServices,
    /// Organisations with units.
    Organizations,
    /// Titles and roles.
    Titles,
    /// Notes.
    Notes,
    /// Birthdays and other dates.
    Anniversaries,
    /// Photos, logos and sounds, inline or linked.
    Media,
    /// Links.
    Links,
    /// Keywords (labels).
    Keywords,
    /// Members this model has no field for, vendor extensions and vCard properties without a
    /// JSContact name (custom flat properties are not counted here: they are properties, and
    /// neither is the vCard version a card was read from).
    Extensions,
}

impl CardPart {
    /// Every part, in declaration order.
    pub const ALL: [CardPart; 13] = [
        CardPart::Name,
        CardPart::Phones,
        CardPart::Emails,
        CardPart::Addresses,
        CardPart::OnlineServices,
        CardPart::Organizations,
        CardPart::Titles,
        CardPart::Notes,
        CardPart::Anniversaries,
        CardPart::Media,
        CardPart::Links,
        CardPart::Keywords,
        CardPart::Extensions,
    ];

    /// The part's name as in JSON (`onlineServices`).
    pub fn as_str(self) -> &'static str {
        match self {
            CardPart::Name => "name",
            CardPart::Phones => "phones",
            CardPart::Emails => "emails",
            CardPart::Addresses => "addresses",
            CardPart::OnlineServices => "onlineServices",
            CardPart::Organizations => "organizations",
            CardPart::Titles => "titles",
            CardPart::Notes => "notes",
            CardPart::Anniversaries => "anniversaries",
            CardPart::Media => "media",
            CardPart::Links => "links",
            CardPart::Keywords => "keywords",
            CardPart::Extensions => "extensions",
        }
    }
}

impl Card {
    /// The parts this card has something in.
    ///
    /// ```
    /// use contacts_core::card::{Card, CardPart};
    /// let mut card = Card::new();
    /// card.set_property("phoneNumber", Some("+46701234567"));
    /// assert_eq!(card.parts(), vec![CardPart::Phones]);
    /// ```
    pub fn parts(&self) -> Vec<CardPart> {
        // The vCard member's `VERSION` entry and its notes on how converted properties were
        // written (groups, labels) belong to the parts they annotate; only vCard properties
        // without a JSContact name are an extension of their own.
        let extensions = self.vcard.property_names().next().is_some()
            || self.extra.iter().any(|(member, value)| {
                !(member.starts_with(CUSTOM_PROPERTY_PREFIX) && value.is_string())
            });
        let has = [
            self.name.is_some(),
            !self.phones.is_empty(),
            !self.emails.is_empty(),
            !self.addresses.is_empty(),
            !self.online_services.is_empty(),
            !self.organizations.is_empty(),
            !self.titles.is_empty(),
            !self.notes.is_empty(),
            !self.anniversaries.is_empty(),
            !self.media.is_empty(),
            !self.links.is_empty(),
            !self.keywords.is_empty(),
            extensions,
        ];
        CardPart::ALL
            .into_iter()
            .zip(has)
            .filter_map(|(part, has)| has.then_some(part))
            .collect()
    }

    /// Empties `part`, by the same rule as [`parts`](Card::parts): removing
    /// [`Extensions`](CardPart::Extensions) keeps the custom flat properties, the vCard version
    /// and the notes on how converted properties were written (they belong to other parts).
    /// Removing [`Organizations`](CardPart::Organizations) also clears the titles' links to
    /// them ([`Title::organization_id`](super::Title::organization_id)), which would point at
    /// nothing.
    ///
    /// ```
    /// use contacts_core::card::{Card, CardPart, Organization, Title};
    /// let mut card = Card::new();
    /// card.organizations.insert("o1", Organization { name: Some("Engines & Co".into()), ..Organization::default() });
    /// card.titles.insert("t1", Title { name: "Analyst".into(), organization_id: Some("o1".into()), ..Title::default() });
    /// card.remove_part(CardPart::Organizations);
    /// assert_eq!(card.parts(), [CardPart::Titles]);
    /// assert_eq!(card.titles.get("t1").unwrap().organization_id, None);
    /// ```
    pub fn remove_part(&mut self, part: CardPart) {
        match part {
            CardPart::Name => self.name = None,
            CardPart::Phones => self.phones = IdMap::new(),
            CardPart::Emails => self.emails = IdMap::new(),
            CardPart::Addresses => self.addresses = IdMap::new(),
            CardPart::OnlineServices => self.online_services = IdMap::new(),
            CardPart::Organizations => {
                self.organizations = IdMap::new();
                for title in self.titles.values_mut() {
                    title.organization_id = None;
                }
            }
            CardPart::Titles => self.titles = IdMap::new(),
            CardPart::Notes => self.notes = IdMap::new(),
            CardPart::Anniversaries => self.anniversaries = IdMap::new(),
            CardPart::Media => self.media = IdMap::new(),
            CardPart::Links => self.links = IdMap::new(),
            CardPart::Keywords => self.keywords.clear(),
            CardPart::Extensions => {
                self.vcard.properties.retain(|p| {
                    p.get(0)
                        .and_then(serde_json::Value::as_str)
                        .is_some_and(|name| name.eq_ignore_ascii_case("version"))
                });
                self.extra.retain(|member, value| {
                    member.starts_with(CUSTOM_PROPERTY_PREFIX) && value.is_string()
                });
            }
        }
    }
}
