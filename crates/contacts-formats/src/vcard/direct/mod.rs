//! vCard to card without calcard's JSContact step: calcard's parsed [`VCard`] (after
//! [`super::read_repairs`]) is mapped straight into the model's [`Card`], by the same RFC 9555
//! rules calcard 0.3.14's `VCard::into_jscontact` applies, without building its JSON tree and
//! without the JSON text that carried that tree into a `Card`. Those two steps cost six times
//! calcard's own parsing; reading a 10,000-card export spent most of its time in them.
//!
//! The mapping covers what address books export (Apple, Google, Android, DAVx5): names, phones,
//! e-mails, addresses, organisations, titles, notes, dates, photos, links, online accounts,
//! keywords, groups with `X-ABLabel`, and any property JSContact has no name for. A card with
//! anything else (a `LANGUAGE` or `ALTID`, `JSPROP`, properties of RFC 9554 …) is
//! left to the old path ([`covers`] says so, cheaply, before any work): the two must give the
//! same card, which the differential test (`vcard::differential`) checks over the fixtures and a generated
//! corpus.

mod address;
mod check;
mod contact;
mod dates;
mod name;
mod ordered;
mod params;
mod state;
mod unknown;

pub(crate) use address::ADR_KINDS;
pub(crate) use check::covers;

use calcard::vcard::{VCard, VCardProperty};
use contacts_core::Card;
use state::{Entry, State};

/// The card calcard's conversion would give for `vcard`, which [`covers`] accepted and
/// [`super::read_repairs::repair`] repaired. The `to_card` post-steps are not applied here.
pub(crate) fn to_card(vcard: VCard) -> Card {
    let mut state = State::with_capacity(vcard.entries.len());
    for entry in vcard.entries {
        let mut entry = Entry::new(entry);
        match entry.entry.name {
            VCardProperty::Nickname => {
                contact::nicknames(&mut state, entry);
                continue;
            }
            VCardProperty::Begin | VCardProperty::End => continue,
            _ => map_entry(&mut state, &mut entry),
        }
        state.add_conversion_props(entry);
    }
    state.finish()
}

/// Maps one property; what it leaves in `entry` (its parameters, or the whole property when
/// nothing took it) goes to the card's `vCard` member.
fn map_entry(state: &mut State, entry: &mut Entry) {
    match &entry.entry.name {
        VCardProperty::Fn => name::full_name(state, entry),
        VCardProperty::N => name::name(state, entry),
        VCardProperty::Adr => address::address(state, entry),
        VCardProperty::Geo | VCardProperty::Tz => address::geo_or_tz(state, entry),
        VCardProperty::Bday | VCardProperty::Anniversary | VCardProperty::Deathdate => {
            dates::anniversary(state, entry)
        }
        VCardProperty::Rev => dates::updated(state, entry),
        VCardProperty::Uid | VCardProperty::Prodid => unknown::uid_or_prodid(state, entry),
        VCardProperty::Kind => unknown::kind(state, entry),
        VCardProperty::Categories => unknown::keywords(state, entry),
        VCardProperty::Related => unknown::related(state, entry),
        VCardProperty::Other(name)
            if name.eq_ignore_ascii_case("X-ABLabel") && entry.entry.group.is_some() =>
        {
            unknown::ab_label(state, entry)
        }
        _ => contact::named(state, entry),
    }
}
