//! Which contacts of one store are the same person: the match rules (number, e-mail) and the
//! groups they chain into.
//!
//! Why a module of its own: the rules are what a person must be able to check before agreeing
//! to a merge, so they live in one short place, apart from how a merge is planned.

use contacts_core::card::Phone;
use contacts_core::{Contact, ContactId, keys};
use contacts_phone::Normalizer;
use serde::Serialize;
use std::collections::BTreeMap;

/// Why two contacts were taken for the same person.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "rule", rename_all = "camelCase")]
pub enum MatchRule {
    /// Both hold this number, as its E.164 form (read with the default region).
    #[serde(rename_all = "camelCase")]
    SameNumber {
        /// The E.164 form, e.g. `+46701234567`.
        number: String,
    },
    /// Both hold this e-mail address, by [`email_key`]'s rule.
    #[serde(rename_all = "camelCase")]
    SameEmail {
        /// The address as compared: the domain lower-cased.
        address: String,
    },
}

/// One rule joining contacts of a group, and which contacts share it (in listing order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Match {
    /// The rule and the value the contacts share.
    #[serde(flatten)]
    pub rule: MatchRule,
    /// The contacts sharing it.
    pub contacts: Vec<ContactId>,
}

/// The key two e-mail addresses of one person share, or `None` for a text that is not an
/// address (no `@`, or nothing before or after the last `@`).
///
/// The rule: surrounding whitespace is ignored; the domain (after the last `@`) is compared
/// without regard to case (Unicode lower case); the local part (before it) is compared exactly,
/// as RFC 5321 §2.4 leaves its case to the receiving server (`Ada@x.se` and `ada@x.se` may be
/// two mailboxes, `ada@X.SE` and `ada@x.se` are one).
///
/// ```
/// use contacts_sync::dedupe::email_key;
/// assert_eq!(email_key(" ada@Example.COM "), email_key("ada@example.com"));
/// assert_ne!(email_key("Ada@example.com"), email_key("ada@example.com"));
/// assert_eq!(email_key("not an address"), None);
/// ```
pub fn email_key(raw: &str) -> Option<String> {
    let (local, domain) = raw.trim().rsplit_once('@')?;
    if local.is_empty() || domain.is_empty() {
        return None;
    }
    Some(format!("{local}@{}", domain.to_lowercase()))
}

/// The key two phone numbers of one person share: the E.164 form of `raw` (a `tel:` URI read
/// as the number it shows, [`Phone::shown_number`]; a national number in the normalizer's
/// default region), or `None` for a text that does not read as a number (such a number
/// matches nothing, not even the same text).
///
/// ```
/// use contacts_phone::Normalizer;
/// use contacts_sync::dedupe::number_key;
/// let se = Normalizer::new(Some("SE".parse()?));
/// assert_eq!(number_key(&se, "070-123 45 67").as_deref(), Some("+46701234567"));
/// assert_eq!(number_key(&se, "tel:+46-70-123-45-67;ext=204"), number_key(&se, "+46701234567"));
/// assert_eq!(number_key(&se, "call me"), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn number_key(normalizer: &Normalizer, raw: &str) -> Option<String> {
    normalizer
        .normalize(Phone::shown_number(raw))
        .ok()
        .map(|n| n.match_key().to_owned())
}

/// Every match key of a contact: each number and e-mail of its card (every phone, not only
/// the preferred one), else its flat `phoneNumber` and `email`.
fn match_keys(contact: &Contact, normalizer: &Normalizer) -> Vec<MatchRule> {
    let (numbers, emails): (Vec<&str>, Vec<&str>) = match &contact.card {
        Some(card) => (
            card.phones.values().map(|p| p.number.as_str()).collect(),
            card.emails.values().map(|e| e.address.as_str()).collect(),
        ),
        None => (
            contact
                .properties
                .get(keys::PHONE_NUMBER)
                .into_iter()
                .collect(),
            contact.properties.get(keys::EMAIL).into_iter().collect(),
        ),
    };
    let mut found: Vec<MatchRule> = numbers
        .into_iter()
        .filter_map(|n| number_key(normalizer, n))
        .map(|number| MatchRule::SameNumber { number })
        .chain(
            emails
                .into_iter()
                .filter_map(email_key)
                .map(|address| MatchRule::SameEmail { address }),
        )
        .collect();
    found.sort();
    found.dedup();
    found
}

/// Union-find over listing positions: each position's representative.
struct Sets(Vec<usize>);

impl Sets {
    fn root(&mut self, mut at: usize) -> usize {
        while self.0[at] != at {
            self.0[at] = self.0[self.0[at]];
            at = self.0[at];
        }
        at
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        // The earlier position represents the set, so groups come out in listing order.
        let (low, high) = (a.min(b), a.max(b));
        self.0[high] = low;
    }
}

/// A group found: its members' positions in the listing (ascending) and the rules joining it.
pub(super) struct Found {
    pub(super) members: Vec<usize>,
    pub(super) matches: Vec<Match>,
}

/// The groups of two or more contacts that share a number or an e-mail, chained (A and B share
/// a number, B and C an e-mail: one group of three), in the order of their first member.
pub(super) fn groups(contacts: &[Contact], normalizer: &Normalizer) -> Vec<Found> {
    let mut by_key: BTreeMap<MatchRule, Vec<usize>> = BTreeMap::new();
    for (at, contact) in contacts.iter().enumerate() {
        for key in match_keys(contact, normalizer) {
            by_key.entry(key).or_default().push(at);
        }
    }
    by_key.retain(|_, holders| holders.len() > 1);
    let mut sets = Sets((0..contacts.len()).collect());
    let mut matched = vec![false; contacts.len()];
    for holders in by_key.values() {
        for pair in holders.windows(2) {
            sets.join(pair[0], pair[1]);
        }
        for &at in holders {
            matched[at] = true;
        }
    }
    let mut found: BTreeMap<usize, Found> = BTreeMap::new();
    for at in (0..contacts.len()).filter(|&at| matched[at]) {
        let root = sets.root(at);
        {
            let group = found.entry(root).or_insert_with(|| Found {
                members: Vec::new(),
                matches: Vec::new(),
            });
            group.members.push(at);
        }
    }
    for (rule, holders) in by_key {
        let root = sets.root(holders[0]);
        if let Some(group) = found.get_mut(&root) {
            let contacts = holders.iter().map(|&i| contacts[i].id.clone()).collect();
            group.matches.push(Match { rule, contacts });
        }
    }
    found
        .into_values()
        .filter(|g| g.members.len() > 1)
        .collect()
}
