//! Comparing two vCards the way a person would, property by property: what a sync through
//! another server changed, not how it happened to spell it.
//!
//! A CardDAV server that stores a card and gives it back may fold lines elsewhere, escape
//! differently, reorder properties and parameter values, rename groups (`item1` becomes
//! `item3`), write a photo as `ENCODING=b` instead of a `data:` URI, add `PROP-ID`s and bump
//! `REV`. None of that is a change to the contact. A dropped photo, a phone that lost its
//! `TYPE=cell`, a label now attached to another phone, or a lost `X-` property is one, and
//! [`semantic_diff`] names it.

use crate::vcard::read_repairs;
use base64::Engine;
use calcard::common::IanaString;
use calcard::vcard::VCardProperty;
use calcard::vcard::{VCard, VCardEntry, VCardParameterName, VCardParameterValue, VCardValue};
use calcard::{Entry, Parser};
use contacts_core::card::Media;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Properties that say how or when a card was written, not what it holds.
const IGNORED_PROPERTIES: [&str; 3] = ["VERSION", "PRODID", "REV"];

/// Parameters that say how a value was written (or number it for a conversion), not what it
/// is: RFC 9554's `PROP-ID`, RFC 9555's `JSCOMPS`, `DERIVED`, and the encodings of 2.1/3.0.
const IGNORED_PARAMETERS: [&str; 5] = ["PROP-ID", "JSCOMPS", "DERIVED", "CHARSET", "ENCODING"];

/// Parameters that only describe an inline photo's encoding, which is compared by its bytes.
const MEDIA_PARAMETERS: [&str; 3] = ["TYPE", "MEDIATYPE", "VALUE"];

/// The differences between two vCard texts (each one card, or several compared in order),
/// as sentences a person can read; empty when the two hold the same contact.
///
/// Compared: the same properties, with the same values and parameters. Not compared:
/// property order; the case of property and parameter names; the order of a parameter's
/// values; `PROP-ID`, `JSCOMPS`, `DERIVED`, `CHARSET`, `ENCODING`; the properties `VERSION`,
/// `PRODID` and `REV`; folding and escaping; trailing empty components (`N:a;b;;;` against
/// `N:a;b;;;;;`), properties that hold nothing (`N:;;;;`), and RFC 9554's components after the fifth of `N` and the seventh of `ADR`,
/// which repeat the classic ones; how an inline photo is encoded (`ENCODING=b` or a `data:` URI: the decoded
/// bytes are compared); and group names: a grouped property is compared with the other
/// properties of its group (Apple's `item1.TEL` with its `item1.X-ABLabel`), whatever the
/// group is called. A property marked `DERIVED=TRUE` (composed by a program, such as the
/// `FN` of a card without a name) is left out. Both texts are read as [`crate::vcard::read`] reads them, so a 2.1
/// `TEL;CELL` is a `TYPE=cell` and Google's eighth `ADR` component its `LABEL`; the order
/// of `CATEGORIES` does not count either.
///
/// ```
/// use contacts_formats::semantic_diff;
/// let a = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nitem1.TEL;TYPE=CELL,VOICE:+1 555\r\n\
///          item1.X-ABLabel:Boat\r\nEND:VCARD\r\n";
/// let b = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nitem7.X-ABLABEL:Boat\r\n\
///          item7.TEL;type=voice;type=cell;PROP-ID=p1:+1 555\r\nEND:VCARD\r\n";
/// assert!(semantic_diff(a, b).is_empty());
/// let c = a.replace("TYPE=CELL,VOICE", "TYPE=VOICE");
/// assert_eq!(
///     semantic_diff(a, &c),
///     ["TEL \"+1 555\" has other parameters: TYPE=cell,voice in the first, TYPE=voice in the second"]
/// );
/// ```
pub fn semantic_diff(a: &str, b: &str) -> Vec<String> {
    let (left, right) = match (parse(a), parse(b)) {
        (Ok(left), Ok(right)) => (left, right),
        (Err(e), _) => return vec![format!("the first text is not a vCard: {e}")],
        (_, Err(e)) => return vec![format!("the second text is not a vCard: {e}")],
    };
    let mut out = Vec::new();
    if left.len() != right.len() {
        out.push(format!(
            "the first text holds {} cards, the second {}",
            left.len(),
            right.len()
        ));
    }
    let several = left.len().max(right.len()) > 1;
    for (i, (l, r)) in left.iter().zip(&right).enumerate() {
        let prefix = if several {
            format!("card {}: ", i + 1)
        } else {
            String::new()
        };
        out.extend(card_diff(l, r).into_iter().map(|d| format!("{prefix}{d}")));
    }
    out
}

fn parse(text: &str) -> Result<Vec<VCard>, String> {
    let text = read_repairs::dashed_dates(text);
    let mut parser = Parser::new(&text);
    let mut cards = Vec::new();
    loop {
        match parser.entry() {
            Entry::VCard(mut card) => {
                read_repairs::repair(&mut card);
                cards.push(card);
            }
            Entry::Eof => break,
            Entry::InvalidLine(line) => return Err(format!("cannot read {line:?}")),
            other => return Err(format!("not a vCard ({other:?})")),
        }
    }
    if cards.is_empty() {
        return Err("no BEGIN:VCARD".into());
    }
    Ok(cards)
}

/// One property as a person sees it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Property {
    name: String,
    params: BTreeMap<String, BTreeSet<String>>,
    values: Vec<String>,
}

impl Property {
    /// The parameters as written (`TYPE=cell,voice;X-USER=a`), or "no parameters".
    fn params_text(&self) -> String {
        if self.params.is_empty() {
            return "no parameters".into();
        }
        let params: Vec<String> = self
            .params
            .iter()
            .map(|(name, values)| {
                let values: Vec<&str> = values.iter().map(String::as_str).collect();
                format!("{name}={}", values.join(","))
            })
            .collect();
        params.join(";")
    }

    /// Whether the property holds nothing (`N:;;;;`, an empty `NOTE:`).
    fn is_empty(&self) -> bool {
        self.params.is_empty() && self.values.iter().all(|v| v.trim().is_empty())
    }
}

impl fmt::Display for Property {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if !self.params.is_empty() {
            write!(f, ";{}", self.params_text())?;
        }
        write!(f, ":{}", self.values.join(";"))
    }
}

/// A property with the other properties of its group (their names and values: a changed
/// parameter of one is a change of that one alone).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Grouped {
    property: Property,
    siblings: Vec<Property>,
}

impl Grouped {
    fn describe(&self) -> String {
        if self.siblings.is_empty() {
            return self.property.to_string();
        }
        let siblings: Vec<String> = self.siblings.iter().map(Property::to_string).collect();
        format!("{} (grouped with {})", self.property, siblings.join(", "))
    }
}

fn grouped(card: &VCard) -> Vec<Grouped> {
    let properties: Vec<(Option<String>, Property)> = card
        .entries
        .iter()
        .filter(|e| {
            !IGNORED_PROPERTIES
                .iter()
                .any(|p| e.name.as_str().eq_ignore_ascii_case(p))
                && !derived(e)
        })
        .map(|e| {
            (
                e.group.as_ref().map(|g| g.to_ascii_lowercase()),
                property(e),
            )
        })
        .filter(|(_, p)| !p.is_empty())
        .collect();
    let mut out: Vec<Grouped> = properties
        .iter()
        .enumerate()
        .map(|(i, (group, property))| {
            let mut siblings: Vec<Property> = properties
                .iter()
                .enumerate()
                .filter(|(j, (g, _))| *j != i && group.is_some() && g == group)
                .map(|(_, (_, p))| Property {
                    params: BTreeMap::new(),
                    ..p.clone()
                })
                .collect();
            siblings.sort();
            Grouped {
                property: property.clone(),
                siblings,
            }
        })
        .collect();
    out.sort();
    out
}

/// How many components of a structured property are compared: RFC 9554's further `N` and
/// `ADR` components repeat the classic ones for programs that know them (a 4.0 writer adds
/// them, a 3.0 one cannot), so the classic five and seven carry the meaning.
fn compared_components(name: &VCardProperty) -> usize {
    match name {
        VCardProperty::N => 5,
        VCardProperty::Adr => 7,
        _ => usize::MAX,
    }
}

/// A property marked `DERIVED=TRUE` was composed by a program from the others (RFC 9554
/// §4.4), such as the `FN` a writer adds to a card without a name: not the person's data.
fn derived(entry: &VCardEntry) -> bool {
    entry.params.iter().any(|p| {
        p.name == VCardParameterName::Derived
            && match &p.value {
                VCardParameterValue::Bool(b) => *b,
                VCardParameterValue::Text(t) => t.eq_ignore_ascii_case("true"),
                _ => false,
            }
    })
}

fn property(entry: &VCardEntry) -> Property {
    let mut values: Vec<String> = entry.values.iter().map(value_text).collect();
    values.truncate(compared_components(&entry.name));
    if entry.name == VCardProperty::Categories {
        // Categories are a set: address books sort them as they like.
        values.sort();
    }
    while values.len() > 1 && values.last().is_some_and(String::is_empty) {
        values.pop();
    }
    let inline = entry
        .values
        .iter()
        .any(|v| matches!(v, VCardValue::Binary(_)))
        || values.iter().any(|v| v.starts_with("inline data"));
    let mut params: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for param in &entry.params {
        let (name, value) = parameter(&param.name, &param.value);
        let skip = IGNORED_PARAMETERS.contains(&name.as_str())
            || (inline && MEDIA_PARAMETERS.contains(&name.as_str()));
        if !skip {
            params.entry(name).or_default().insert(value);
        }
    }
    Property {
        name: entry.name.as_str().to_ascii_uppercase(),
        params,
        values,
    }
}

/// A parameter's name (upper-case) and value. A 2.1 bare parameter (`TEL;CELL`) is a `TYPE`;
/// `TYPE` values compare without case (`cell`, `CELL`).
fn parameter(name: &VCardParameterName, value: &VCardParameterValue) -> (String, String) {
    let name = name.as_str().to_ascii_uppercase();
    let text = match value {
        VCardParameterValue::Null => return ("TYPE".into(), name.to_ascii_lowercase()),
        VCardParameterValue::Text(t) => t.clone(),
        VCardParameterValue::Integer(i) => i.to_string(),
        VCardParameterValue::Timestamp(t) => t.to_string(),
        VCardParameterValue::Bool(b) => b.to_string(),
        VCardParameterValue::ValueType(v) => v.as_str().to_owned(),
        VCardParameterValue::Type(t) => t.as_str().to_owned(),
        other => format!("{other:?}"),
    };
    let case_free = matches!(name.as_str(), "TYPE" | "VALUE");
    (
        name,
        if case_free {
            text.to_ascii_lowercase()
        } else {
            text
        },
    )
}

fn value_text(value: &VCardValue) -> String {
    match value {
        VCardValue::Text(t) => match data_uri_bytes(t) {
            Some(bytes) => describe_bytes(&bytes),
            None => t.clone(),
        },
        VCardValue::Component(parts) => parts.join(","),
        VCardValue::Binary(data) => describe_bytes(&data.data),
        VCardValue::PartialDateTime(d) => format!("{d:?}"),
        VCardValue::Integer(i) => i.to_string(),
        VCardValue::Float(f) => f.to_string(),
        VCardValue::Boolean(b) => b.to_string(),
        other => value_text_other(other),
    }
}

fn value_text_other(value: &VCardValue) -> String {
    value
        .as_text()
        .map_or_else(|| format!("{value:?}"), str::to_owned)
}

fn data_uri_bytes(text: &str) -> Option<Vec<u8>> {
    let rest = Media::is_inline_uri(text).then(|| &text[5..])?;
    let (_, data) = rest.split_once(";base64,")?;
    base64::engine::general_purpose::STANDARD.decode(data).ok()
}

/// Inline bytes, shown by size and a fingerprint: equal bytes give the same text.
fn describe_bytes(bytes: &[u8]) -> String {
    // FNV-1a: a fixed, dependency-free fingerprint, the same in every run.
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!(
        "inline data, {} bytes, fingerprint {hash:016x}",
        bytes.len()
    )
}

/// The differences of two cards: properties only one of them has, described as a change
/// where the other has a property of the same name that differs in one way.
fn card_diff(left: &VCard, right: &VCard) -> Vec<String> {
    let (mut only_left, mut only_right) = (grouped(left), grouped(right));
    for item in only_left.clone() {
        if let Some(at) = only_right.iter().position(|r| *r == item) {
            only_right.remove(at);
            let at = only_left.iter().position(|l| *l == item);
            if let Some(at) = at {
                only_left.remove(at);
            }
        }
    }
    let mut out = Vec::new();
    for l in only_left {
        match only_right.iter().position(|r| similar(&l, r)) {
            Some(at) => out.push(change(&l, &only_right.remove(at))),
            None => out.push(format!("only in the first: {}", l.describe())),
        }
    }
    out.extend(
        only_right
            .iter()
            .map(|r| format!("only in the second: {}", r.describe())),
    );
    out
}

/// Whether two properties are one property changed in one way: same name, and two of
/// (values, parameters, group) equal.
fn similar(l: &Grouped, r: &Grouped) -> bool {
    let (lp, rp) = (&l.property, &r.property);
    lp.name == rp.name
        && [
            lp.values == rp.values,
            lp.params == rp.params,
            l.siblings == r.siblings,
        ]
        .iter()
        .filter(|same| **same)
        .count()
            >= 2
}

fn change(l: &Grouped, r: &Grouped) -> String {
    let (lp, rp) = (&l.property, &r.property);
    if lp.values != rp.values {
        return format!(
            "{} changed: {:?} in the first, {:?} in the second",
            lp.name,
            lp.values.join(";"),
            rp.values.join(";")
        );
    }
    if lp.params != rp.params {
        return format!(
            "{} {:?} has other parameters: {} in the first, {} in the second",
            lp.name,
            lp.values.join(";"),
            lp.params_text(),
            rp.params_text()
        );
    }
    let group = |g: &Grouped| {
        if g.siblings.is_empty() {
            "in no group".to_owned()
        } else {
            let s: Vec<String> = g.siblings.iter().map(Property::to_string).collect();
            format!("grouped with {}", s.join(", "))
        }
    };
    format!(
        "{} {:?} is in another group: {} in the first, {} in the second",
        lp.name,
        lp.values.join(";"),
        group(l),
        group(r)
    )
}
