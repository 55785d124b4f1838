//! Repairs to a vCard as calcard parsed it, before RFC 9555 conversion: what the programs
//! people export from write, and calcard 0.3.14 reads wrongly or loses. Each repair says what
//! goes wrong without it.

use calcard::common::PartialDateTime;
use calcard::vcard::{
    VCard, VCardEntry, VCardParameter, VCardParameterName, VCardParameterValue, VCardProperty,
    VCardValue,
};
use std::borrow::Cow;

/// Apple's parameter for a birthday without a year: `BDAY;X-APPLE-OMIT-YEAR=1604:1604-07-01`.
pub(crate) const APPLE_OMIT_YEAR: &str = "X-APPLE-OMIT-YEAR";

/// Rewrites the year-less dates `--MM-DD` (Android 2.1 writes `BDAY:--05-14`) as `--MMDD`.
/// calcard reads `--05-14` as "May" and loses the day.
pub(crate) fn dashed_dates(text: &str) -> Cow<'_, str> {
    if !text.contains(":--") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\r', '\n']);
        match dashed_date_line(body) {
            Some(fixed) => {
                out.push_str(&fixed);
                out.push_str(&line[body.len()..]);
            }
            None => out.push_str(line),
        }
    }
    Cow::Owned(out)
}

fn dashed_date_line(line: &str) -> Option<String> {
    let (head, value) = line.rsplit_once(':')?;
    let name_end = head.find(';').unwrap_or(head.len());
    let name = head[..name_end].rsplit('.').next()?.to_ascii_uppercase();
    let b = value.as_bytes();
    let dashed = b.len() == 7
        && value.starts_with("--")
        && b[4] == b'-'
        && [2, 3, 5, 6].iter().all(|&i| b[i].is_ascii_digit());
    (dashed && matches!(name.as_str(), "BDAY" | "ANNIVERSARY" | "DEATHDATE"))
        .then(|| format!("{head}:--{}{}", &value[2..4], &value[5..7]))
}

/// All repairs of a parsed card, in the order they must run.
pub(crate) fn repair(vcard: &mut VCard) {
    let legacy = version(vcard).is_some_and(|v| !v.starts_with('4'));
    for entry in &mut vcard.entries {
        if legacy {
            bare_parameters(entry);
            legacy_address(entry);
        }
        legacy_media_type(entry);
        org_trailing_units(entry);
        apple_omit_year(entry);
    }
    document_order(vcard);
}

fn version(vcard: &VCard) -> Option<&str> {
    vcard
        .entries
        .iter()
        .find(|e| e.name == VCardProperty::Version)
        .and_then(|e| e.values.first())
        .and_then(VCardValue::as_text)
}

/// vCard 2.1 writes types as bare parameters (`TEL;WORK;PREF:`, `EMAIL;INTERNET:`,
/// `PHOTO;ENCODING=BASE64;JPEG:`). calcard knows some (`WORK`, `CELL`) but turns `PREF` into
/// a valueless `PREF` parameter RFC 9555 drops (the preferred phone is lost) and keeps the
/// others as unknown parameters written back as `EMAIL;INTERNET=:`. All of them are `TYPE`s.
fn bare_parameters(entry: &mut VCardEntry) {
    for param in &mut entry.params {
        if param.value != VCardParameterValue::Null {
            continue;
        }
        let name = match &param.name {
            VCardParameterName::Pref => "PREF".to_owned(),
            VCardParameterName::Other(name) => name.clone(),
            _ => continue,
        };
        *param = VCardParameter::typ(VCardParameterValue::Text(name));
    }
}

/// An inline photo whose type is only a `TYPE` (`JPEG`), once [`bare_parameters`] made it
/// one, gets its media type, so the card's photo is `data:image/jpeg;base64,…`, not
/// `data:;base64,…`.
fn legacy_media_type(entry: &mut VCardEntry) {
    let declared = entry.params.iter().find_map(|p| match (&p.name, &p.value) {
        (VCardParameterName::Type, VCardParameterValue::Text(t)) => image_type(t),
        _ => None,
    });
    let Some(media_type) = declared else { return };
    for value in &mut entry.values {
        if let VCardValue::Binary(data) = value
            && data.content_type.is_none()
        {
            data.content_type = Some(media_type.to_owned());
        }
    }
}

fn image_type(token: &str) -> Option<&'static str> {
    let known = [
        ("JPEG", "image/jpeg"),
        ("JPG", "image/jpeg"),
        ("PNG", "image/png"),
        ("GIF", "image/gif"),
        ("BMP", "image/bmp"),
        ("TIFF", "image/tiff"),
        ("WEBP", "image/webp"),
    ];
    known
        .into_iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(token))
        .map(|(_, m)| m)
}

/// Apple writes `ORG:Company;Department;` with a trailing empty component, which calcard
/// makes an organisation unit named "" (and the flat `department` would be wrong for a card
/// with no department at all).
fn org_trailing_units(entry: &mut VCardEntry) {
    if entry.name != VCardProperty::Org {
        return;
    }
    while entry.values.len() > 1
        && matches!(entry.values.last(), Some(VCardValue::Text(t)) if t.is_empty())
    {
        entry.values.pop();
    }
}

/// Before vCard 4.0 an `ADR` has seven components. Google writes an eighth, the formatted
/// address; calcard takes any eighth component for RFC 9554's extended address and then
/// ignores the street (component 3): "Kungsgatan 5" was lost. The eighth component becomes
/// the address's label (`full`), where RFC 9555 puts a formatted address.
fn legacy_address(entry: &mut VCardEntry) {
    if entry.name != VCardProperty::Adr || entry.values.len() <= 7 {
        return;
    }
    let extra = entry.values.split_off(7);
    let has_label = entry
        .params
        .iter()
        .any(|p| p.name == VCardParameterName::Label);
    if let Some(VCardValue::Text(label)) = extra.into_iter().next()
        && !label.is_empty()
        && !has_label
    {
        entry.params.push(VCardParameter::label(label));
    }
}

/// The placeholder year of Apple's `X-APPLE-OMIT-YEAR=1604` parameter on `entry`, if it has
/// one: read here to drop the year, and by [`super::write_repairs`] to put it back.
pub(crate) fn apple_omitted_year(entry: &VCardEntry) -> Option<u16> {
    entry.params.iter().find_map(|p| match (&p.name, &p.value) {
        (VCardParameterName::Other(n), VCardParameterValue::Text(y))
            if n.eq_ignore_ascii_case(APPLE_OMIT_YEAR) =>
        {
            y.parse::<u16>().ok()
        }
        _ => None,
    })
}

/// Apple's year-less birthday `BDAY;X-APPLE-OMIT-YEAR=1604:1604-07-01` is 1 July with no
/// year, not 1 July 1604. The parameter stays, so the card is written back as Apple reads it
/// ([`super::write_repairs`] puts the year back).
fn apple_omit_year(entry: &mut VCardEntry) {
    let Some(year) = apple_omitted_year(entry) else {
        return;
    };
    for value in &mut entry.values {
        if let VCardValue::PartialDateTime(PartialDateTime {
            year: y @ Some(_), ..
        }) = value
            && *y == Some(year)
        {
            *y = None;
        }
    }
}

/// calcard's conversion sorts the entries with `sort_unstable_by_key` (entries with a
/// language other than the card's after the rest, `ROLE`/`BIRTHPLACE`/`DEATHPLACE` later,
/// `X-ABLabel` last), and an unstable sort shuffles entries of equal rank: phones and e-mails
/// came out in another order than the file's, so the "first written" phone changed. Sorting
/// by the same rank stably here hands calcard an already sorted list, which its sort leaves
/// as it is (std's sort returns at once on a sorted slice). The rank follows calcard's own;
/// for a card whose default language calcard infers from the majority of `LANGUAGE`
/// parameters it may differ, and such a card can still be reordered.
fn document_order(vcard: &mut VCard) {
    let default_language = vcard
        .entries
        .iter()
        .find(|e| e.name == VCardProperty::Language)
        .and_then(|e| e.values.first())
        .and_then(VCardValue::as_text)
        .map(str::to_ascii_lowercase);
    let rank = |entry: &VCardEntry| {
        let language = entry.language();
        let weight = u32::from(language.is_some() && default_language.as_deref() != language);
        match &entry.name {
            VCardProperty::Birthplace | VCardProperty::Deathplace | VCardProperty::Role => {
                weight + 2
            }
            VCardProperty::Other(name) if name.eq_ignore_ascii_case("X-ABLabel") => weight + 3,
            _ => weight,
        }
    };
    // Most cards are in order already: one look at each entry says so, where the sort
    // would rank each entry twice or more.
    let mut last = 0;
    let sorted = vcard.entries.iter().all(|entry| {
        let this = rank(entry);
        let in_order = this >= last;
        last = this;
        in_order
    });
    if !sorted {
        vcard.entries.sort_by_key(rank);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashed_year_less_dates_are_rewritten_only_in_date_properties() {
        let text = "BDAY:--05-14\r\nitem1.ANNIVERSARY;VALUE=date:--12-01\r\nNOTE:--05-14\r\n";
        assert_eq!(
            dashed_dates(text),
            "BDAY:--0514\r\nitem1.ANNIVERSARY;VALUE=date:--1201\r\nNOTE:--05-14\r\n"
        );
    }
}
