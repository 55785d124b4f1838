//! What a provider can do, declared truthfully.

use crate::card::{Card, CardPart};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which property keys a provider can store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum KeySupport {
    /// Any non-empty key (iP1).
    FreeForm,
    /// Only these keys (Atom: four fixed fields plus four configurable custom slots).
    Fixed {
        /// The keys that can be stored.
        keys: Vec<String>,
    },
}

impl KeySupport {
    /// Whether `key` can be stored.
    pub fn allows(&self, key: &str) -> bool {
        match self {
            KeySupport::FreeForm => !key.is_empty(),
            KeySupport::Fixed { keys } => keys.iter().any(|k| k == key),
        }
    }
}

/// Where a kind of filter is evaluated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum FilterSupport {
    /// The filter is refused with `Unsupported`.
    #[default]
    Unsupported,
    /// The provider asks the server to filter.
    Server,
    /// The provider fetches everything and filters itself, so the contract still holds (slower
    /// on large accounts).
    Client,
}

impl FilterSupport {
    /// Whether filters of this kind work at all.
    pub fn is_supported(self) -> bool {
        !matches!(self, FilterSupport::Unsupported)
    }
}

/// A rate limit the provider keeps to (requests per second on average, with bursts).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RateLimit {
    /// Average requests per second.
    pub requests_per_second: f64,
    /// How many requests may go at once before the average applies.
    pub burst: u32,
}

/// The capabilities of a provider: plain flags and limits, so tools and the conformance suite
/// can decide what to run. Anything not declared must fail with `Unsupported`, never be a silent
/// no-op.
///
/// The struct is `#[non_exhaustive]` so new flags can be added; start from
/// [`Capabilities::default`] (nothing supported) or [`Capabilities::full`] and set fields.
///
/// ```
/// use contacts_core::{Capabilities, FilterSupport};
/// let mut caps = Capabilities::default();
/// caps.labels = true;
/// caps.label_filter = FilterSupport::Client;
/// assert!(caps.label_filter.is_supported());
/// assert!(!caps.mass_delete);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Capabilities {
    /// Contacts carry user labels.
    pub labels: bool,
    /// Provider-computed metadata can be requested.
    pub metadata: bool,
    /// Which property keys can be stored.
    pub keys: KeySupport,
    /// Keys every stored contact must have (Atom: `phoneNumber`); a create or replace without
    /// one, or a patch removing one, is `InvalidInput`.
    #[serde(default)]
    pub required_keys: Vec<String>,
    /// Label filters (all-of).
    pub label_filter: FilterSupport,
    /// Property equality filters.
    pub property_filter: FilterSupport,
    /// Metadata equality filters.
    pub metadata_filter: FilterSupport,
    /// Descending order is supported (ascending always is).
    pub descending_order: bool,
    /// Partial updates (`update`).
    pub patch: bool,
    /// Whole-document replacement (`replace`).
    pub replace: bool,
    /// Deleting by filter (`delete_matching`).
    pub mass_delete: bool,
    /// Contacts live in address books (`Contact::address_book` is set).
    pub address_books: bool,
    /// The most contacts one `create` call accepts.
    pub max_batch_size: usize,
    /// A batch is validated whole before anything is written; when `false` a failure part-way
    /// reports which items were created (`Error::PartialFailure`).
    pub atomic_batches: bool,
    /// Page size used when the query leaves it open.
    pub default_page_size: u32,
    /// The largest page size accepted.
    pub max_page_size: u32,
    /// The longest property value, in characters, if the provider limits it.
    pub max_value_chars: Option<usize>,
    /// Phone numbers are validated on write (invalid ones are `InvalidInput`).
    pub validates_phone_numbers: bool,
    /// The provider's own rate limit, which the client keeps to.
    pub rate_limit: Option<RateLimit>,
    /// Address books can be listed, created, renamed and deleted, and contacts moved between
    /// them ([`ContactProvider::address_books`](crate::ContactProvider::address_books)).
    #[serde(default)]
    pub address_book_admin: bool,
    /// Labels can be counted, added to and removed from many contacts, and deleted everywhere
    /// ([`ContactProvider::label_admin`](crate::ContactProvider::label_admin)).
    #[serde(default)]
    pub label_admin: bool,
    /// A blocklist of phone numbers
    /// ([`ContactProvider::blocklist`](crate::ContactProvider::blocklist)).
    #[serde(default)]
    pub blocklist: bool,
    /// An account summary: total count, label and property usage
    /// ([`ContactProvider::account_summary`](crate::ContactProvider::account_summary)).
    #[serde(default)]
    pub account_summary: bool,
    /// Background import, submitted then polled
    /// ([`ContactProvider::background_import`](crate::ContactProvider::background_import)).
    #[serde(default)]
    pub background_import: bool,
    /// What changed since a token can be listed, without listing everything
    /// ([`ContactProvider::change_feed`](crate::ContactProvider::change_feed)).
    #[serde(default)]
    pub change_feed: bool,
    /// The parts of a whole [`Card`](crate::Card) the provider stores (CardDAV, the local
    /// store: all of them); empty for providers that store flat properties only, which refuse
    /// a document carrying a card (a sync lists what such a provider could not carry).
    #[serde(default)]
    pub card_parts: Vec<CardPart>,
}

impl Default for Capabilities {
    /// Nothing beyond the basics: no labels, no metadata, no filters, no patch/replace/mass delete,
    /// free-form keys, one contact per batch, pages of 50.
    fn default() -> Self {
        Self {
            labels: false,
            metadata: false,
            keys: KeySupport::FreeForm,
            required_keys: Vec::new(),
            label_filter: FilterSupport::Unsupported,
            property_filter: FilterSupport::Unsupported,
            metadata_filter: FilterSupport::Unsupported,
            descending_order: false,
            patch: false,
            replace: false,
            mass_delete: false,
            address_books: false,
            max_batch_size: 1,
            atomic_batches: true,
            default_page_size: 50,
            max_page_size: 50,
            max_value_chars: None,
            validates_phone_numbers: false,
            rate_limit: None,
            address_book_admin: false,
            label_admin: false,
            blocklist: false,
            account_summary: false,
            background_import: false,
            change_feed: false,
            card_parts: Vec::new(),
        }
    }
}

impl Capabilities {
    /// Every operation of the trait supported and every card part stored, as
    /// [`InMemoryProvider`](crate::InMemoryProvider) does. A provider that starts from here
    /// and stores flat properties only must clear
    /// [`card_parts`](Capabilities::card_parts). The optional capabilities ([`optional`](crate::optional)) stay off: each needs an
    /// implementation behind its accessor, not only a flag, so a provider turns on the ones it
    /// implements ([`InMemoryProvider::new`](crate::InMemoryProvider::new) adds label
    /// administration and the account summary).
    pub fn full() -> Self {
        Self {
            labels: true,
            metadata: true,
            label_filter: FilterSupport::Server,
            property_filter: FilterSupport::Server,
            metadata_filter: FilterSupport::Server,
            descending_order: true,
            patch: true,
            replace: true,
            mass_delete: true,
            max_batch_size: 1000,
            max_page_size: 1000,
            card_parts: CardPart::ALL.to_vec(),
            ..Self::default()
        }
    }

    /// Whether the provider stores whole cards (any card part).
    pub fn stores_cards(&self) -> bool {
        !self.card_parts.is_empty()
    }

    /// Whether the provider stores `part` of a card: [`card_parts`](Capabilities::card_parts)
    /// declares it, and for [`Keywords`](CardPart::Keywords) the provider has
    /// [`labels`](Capabilities::labels) too (a card's keywords are its contact's labels, so a
    /// provider without labels cannot keep them).
    pub fn stores_part(&self, part: CardPart) -> bool {
        self.card_parts.contains(&part) && (part != CardPart::Keywords || self.labels)
    }

    /// The parts `card` has that the provider cannot store ([`stores_part`](Self::stores_part)),
    /// in [`CardPart::ALL`] order: every part of the card where it stores no cards. Remove them
    /// with [`Card::remove_part`] to fit the card to the provider, or store the card's flat
    /// view instead; an empty list means the card can be stored whole.
    ///
    /// ```
    /// use contacts_core::Capabilities;
    /// use contacts_core::card::{Card, CardPart};
    /// let mut card = Card::new();
    /// card.set_property("phoneNumber", Some("+46701234567"));
    /// card.keywords.insert("VIP".into(), true);
    ///
    /// let mut caps = Capabilities::full();
    /// assert!(caps.unstored_parts(&card).is_empty());
    /// caps.labels = false; // keywords need labels
    /// assert_eq!(caps.unstored_parts(&card), [CardPart::Keywords]);
    ///
    /// for part in caps.unstored_parts(&card) {
    ///     card.remove_part(part);
    /// }
    /// assert_eq!(card.parts(), [CardPart::Phones]);
    /// ```
    pub fn unstored_parts(&self, card: &Card) -> Vec<CardPart> {
        card.parts()
            .into_iter()
            .filter(|&part| !self.stores_part(part))
            .collect()
    }
}
