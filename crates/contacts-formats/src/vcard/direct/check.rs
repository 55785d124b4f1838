//! Which cards the direct mapping takes: one pass over the properties and their parameters,
//! before any work, so a card it does not cover goes whole to the old path.

use calcard::vcard::{VCard, VCardEntry, VCardParameterName as P, VCardProperty as V, VCardValue};

/// Whether [`super::to_card`] maps `vcard` exactly as calcard's own conversion would.
///
/// Not covered: language-tagged properties (`LANGUAGE`, or any `LANGUAGE` parameter, which
/// make localizations and may change the order calcard converts in), `ALTID`,
/// `JSCOMPS` on properties other than `N` and `ADR`, `JSPROP` patches, RFC 9554's and rarer RFC 6350 properties that map to members
/// this model keeps as JSON (`SOCIALPROFILE`, `KEY`, `CALURI`, `PRONOUNS`, …), a few
/// parameters that become members of their own (`AUTHOR`, `CREATED`, `PHONETIC`, …), a
/// non-numeric `PREF`, a `TZ` that is a UTC offset, and floating-point values.
pub(crate) fn covers(vcard: &VCard) -> bool {
    vcard.entries.iter().all(entry_covered)
}

fn entry_covered(entry: &VCardEntry) -> bool {
    property_covered(&entry.name)
        && entry.params.iter().all(|p| match &p.name {
            P::Pref => matches!(p.value, calcard::vcard::VCardParameterValue::Integer(_)),
            P::Jscomps => matches!(entry.name, V::N | V::Adr) && !entry.values.is_empty(),
            P::Other(name) => !name.eq_ignore_ascii_case("group"),
            name => parameter_covered(name),
        })
        && !entry
            .values
            .iter()
            .any(|v| matches!(v, VCardValue::Float(_)))
        && (entry.name != V::Tz
            || matches!(
                entry.values.first(),
                None | Some(VCardValue::Text(_) | VCardValue::Component(_))
            ))
}

fn property_covered(name: &V) -> bool {
    matches!(
        name,
        V::Version
            | V::Fn
            | V::N
            | V::Nickname
            | V::Tel
            | V::Email
            | V::Adr
            | V::Impp
            | V::Url
            | V::Org
            | V::Title
            | V::Role
            | V::Note
            | V::Bday
            | V::Anniversary
            | V::Deathdate
            | V::Photo
            | V::Logo
            | V::Sound
            | V::Categories
            | V::Uid
            | V::Prodid
            | V::Rev
            | V::Kind
            | V::Gender
            | V::Tz
            | V::Geo
            | V::Lang
            | V::Related
            | V::Xml
            | V::Clientpidmap
            | V::Other(_)
            | V::Begin
            | V::End
    )
}

fn parameter_covered(name: &P) -> bool {
    !matches!(
        name,
        P::Language
            | P::Altid
            | P::Jsptr
            | P::Created
            | P::Author
            | P::AuthorName
            | P::Phonetic
            | P::Script
            | P::Calscale
            | P::Index
            | P::Level
            | P::Group
    )
}
