//! The mapping between vCards and the contact model.
//!
//! **Reading** is calcard's: it parses vCard 3.0 and 4.0 (and 2.1) and decodes values; the
//! mapping then picks, from the parsed entries:
//!
//! | vCard | model |
//! |---|---|
//! | the preferred `TEL` (lowest `PREF`, or `TYPE=pref`, else the first); a `tel:` URI without its scheme | `phoneNumber` |
//! | the preferred `EMAIL` | `email` |
//! | `N` given name / family name (without `N`: `FN` as `firstName`) | `firstName` / `lastName` |
//! | `ORG` first / second component | `company` / `department` |
//! | every value of every `CATEGORIES` | labels (case kept) |
//! | `UID` | kept, never changed |
//!
//! **Writing** edits content lines of the stored text: only the lines of the mapped
//! properties that change are rewritten, inserted or removed, and every other line — `PHOTO`,
//! `BDAY`, `ADR`, the other `TEL`s and `EMAIL`s, `X-` properties, parameters, groups, even the
//! original folding — is written back byte for byte. calcard's writer is not used for this,
//! because it re-serialises every property: measured on calcard 0.1.3, a vCard 3.0
//! `PHOTO;ENCODING=b;TYPE=JPEG:QUJD` comes back as `PHOTO;TYPE=JPEG:ABC` (decoded, the
//! encoding dropped: the picture is destroyed) and an `N` list component `Jo ,x` as `Jo \,x`.
//!
//! A card keeps its version: a 3.0 card is edited as 3.0 (`TEL` as text), a 4.0 card as 4.0.
//! New cards are written as vCard 4.0: `VERSION`, `UID` (`urn:uuid:`), `FN`, `N`, then `TEL`
//! (`VALUE=uri:tel:+…` when the number is already a valid E.164 number, so it reads back
//! exactly, `VALUE=text` otherwise), `EMAIL`, `ORG`, `CATEGORIES`.

use crate::text::{self, escape};
use calcard::vcard::{VCard, VCardEntry, VCardParameter, VCardProperty, VCardType, VCardValue};
use contacts_core::{Error, Labels, NewContact, Properties, keys};

/// The keys the mapping stores.
pub(crate) const KEYS: [&str; 6] = [
    keys::PHONE_NUMBER,
    keys::EMAIL,
    keys::FIRST_NAME,
    keys::LAST_NAME,
    keys::COMPANY,
    keys::DEPARTMENT,
];

/// What a vCard says in the model's terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Mapped {
    pub properties: Properties,
    pub labels: Labels,
    pub uid: Option<String>,
}

/// Parses a vCard with calcard; the error says why it is not one.
pub(crate) fn parse(text: &str) -> Result<VCard, String> {
    parse_counted(text).map(|(card, _)| card)
}

/// Parses the first vCard of `text` (without components nested in it, see [`nesting`]) and
/// says how many cards `text` holds at its top level. A mapped property whose value does
/// not decode to text makes the card malformed (see [`values`]).
pub(crate) fn parse_counted(text: &str) -> Result<(VCard, usize), String> {
    let shape = nesting::flatten(text);
    match calcard::Parser::new(&shape.text).entry() {
        calcard::Entry::VCard(mut card) => {
            card.entries.iter_mut().for_each(|entry| {
                values::decode_utf8(entry);
                ungroup(entry);
            });
            values::check_mapped(&card)?;
            let exact = lines::categories_exact(&shape.text);
            let categories = card
                .entries
                .iter_mut()
                .filter(|e| e.name == VCardProperty::Categories);
            for (entry, values) in categories.zip(exact) {
                entry.values = values.into_iter().map(VCardValue::Text).collect();
            }
            Ok((card, shape.cards))
        }
        calcard::Entry::Eof => Err("the resource is empty".into()),
        other => Err(format!("not a vCard: {other:?}")
            .chars()
            .take(200)
            .collect()),
    }
}

/// calcard 0.1.3 reads a grouped property (`item1.TEL`, as Apple's clients write) as an
/// unknown property named `item1.TEL` with `;`-separated values. This gives it back its group
/// and its name, and its values their shape, so a grouped `TEL` counts as a `TEL` here as it
/// does for the line editor.
fn ungroup(entry: &mut VCardEntry) {
    let VCardProperty::Other(full) = &entry.name else {
        return;
    };
    let Some((group, base)) = full.split_once('.') else {
        return;
    };
    let Ok(name) = VCardProperty::try_from(base.as_bytes()) else {
        return;
    };
    if !entry.values.iter().all(values::is_text) {
        // Left as they are, for `values::check_mapped` to report.
        entry.group = Some(group.to_owned());
        entry.name = name;
        return;
    }
    let texts: Vec<String> = entry.values.iter().map(value_text).collect();
    entry.values = match name {
        VCardProperty::N | VCardProperty::Org | VCardProperty::Adr => {
            texts.into_iter().map(VCardValue::Text).collect()
        }
        VCardProperty::Categories => texts
            .join(";")
            .split(',')
            .map(|t| VCardValue::Text(t.to_owned()))
            .collect(),
        _ => vec![VCardValue::Text(texts.join(";"))],
    };
    entry.group = Some(group.to_owned());
    entry.name = name;
}

fn value_text(value: &VCardValue) -> String {
    match value {
        VCardValue::Text(s) => s.clone(),
        VCardValue::Integer(i) => i.to_string(),
        VCardValue::Float(f) => f.to_string(),
        VCardValue::Boolean(b) => b.to_string(),
        // Never reached for a mapped property (`values::check_mapped` refuses the card);
        // never debug text either.
        _ => String::new(),
    }
}

/// How preferred an entry is: `PREF=n` is `n`, a 3.0 `TYPE=pref` is 1, none is last.
fn rank(entry: &VCardEntry) -> u32 {
    let mut rank = u32::MAX;
    for param in &entry.params {
        match param {
            VCardParameter::Pref(n) => rank = rank.min(*n),
            VCardParameter::Type(types)
                if types.iter().any(
                    |t| matches!(t, VCardType::Other(s) if s.eq_ignore_ascii_case("pref")),
                ) =>
            {
                rank = rank.min(1);
            }
            VCardParameter::Other(words)
                if words
                    .first()
                    .is_some_and(|w| w.eq_ignore_ascii_case("pref")) =>
            {
                rank = rank.min(1);
            }
            _ => {}
        }
    }
    rank
}

/// The ordinal, among the entries named `name`, of the preferred one.
pub(crate) fn preferred(card: &VCard, name: &VCardProperty) -> Option<usize> {
    card.entries
        .iter()
        .filter(|e| &e.name == name)
        .enumerate()
        .min_by_key(|(index, e)| (rank(e), *index))
        .map(|(index, _)| index)
}

fn nth<'a>(card: &'a VCard, name: &VCardProperty, n: usize) -> Option<&'a VCardEntry> {
    card.entries.iter().filter(|e| &e.name == name).nth(n)
}

fn component(entry: &VCardEntry, index: usize) -> String {
    entry.values.get(index).map(value_text).unwrap_or_default()
}

/// The phone number of a `TEL` entry: a `tel:` URI loses its scheme unless `VALUE=text`.
fn phone(entry: &VCardEntry) -> String {
    let raw = entry
        .values
        .iter()
        .map(value_text)
        .collect::<Vec<_>>()
        .join(";");
    let is_text = entry.params.iter().any(|p| {
        matches!(p, VCardParameter::Value(types) if types.iter().any(|t| format!("{t:?}").eq_ignore_ascii_case("text")))
    });
    if is_text {
        return raw;
    }
    match raw.get(..4) {
        Some(scheme) if scheme.eq_ignore_ascii_case("tel:") => raw[4..].to_owned(),
        _ => raw,
    }
}

/// Maps a parsed card to the model (see the module docs for the table).
pub(crate) fn map(card: &VCard) -> Mapped {
    let mut properties = Properties::new();
    if let Some(tel) =
        preferred(card, &VCardProperty::Tel).and_then(|n| nth(card, &VCardProperty::Tel, n))
    {
        properties.set(keys::PHONE_NUMBER, phone(tel));
    }
    if let Some(email) =
        preferred(card, &VCardProperty::Email).and_then(|n| nth(card, &VCardProperty::Email, n))
    {
        properties.set(keys::EMAIL, component(email, 0));
    }
    match card.property(&VCardProperty::N) {
        Some(n) => {
            properties.set(keys::LAST_NAME, component(n, 0));
            properties.set(keys::FIRST_NAME, component(n, 1));
        }
        None => {
            if let Some(full) = card.property(&VCardProperty::Fn) {
                properties.set(keys::FIRST_NAME, component(full, 0));
            }
        }
    }
    if let Some(org) = card.property(&VCardProperty::Org) {
        properties.set(keys::COMPANY, component(org, 0));
        properties.set(keys::DEPARTMENT, component(org, 1));
    }
    let labels = card
        .entries
        .iter()
        .filter(|e| e.name == VCardProperty::Categories)
        .flat_map(|e| e.values.iter().map(value_text))
        .filter(|l| !l.is_empty())
        .collect();
    Mapped {
        properties,
        labels,
        uid: card.uid().map(str::to_owned),
    }
}

/// What of `props` (of the keys a card stores) and `labels` a card mapped as `mapped` does not
/// hold as given, named for an error (`None` when it holds exactly them). A key in
/// `next_may_show` that `props` removes may read back with another value: the card's next
/// entry of that property (see [`edit`]).
pub(crate) fn differs(
    mapped: &Mapped,
    props: &Properties,
    labels: &Labels,
    next_may_show: &[&str],
) -> Option<String> {
    // Only the keys a card stores (the contract's layer refuses others before a write).
    let mut keys: Vec<&str> = KEYS
        .into_iter()
        .filter(|key| mapped.properties.get(key) != props.get(key))
        .filter(|key| props.contains_key(key) || !next_may_show.contains(key))
        .collect();
    keys.sort_unstable();
    if mapped.labels != *labels {
        keys.push("labels");
    }
    (!keys.is_empty()).then(|| format!("it would read back with other {}", keys.join(", ")))
}

/// The keys whose property `card` holds more than once (`TEL`, `EMAIL`): removing the mapped
/// one lets the next one read as the key.
pub(crate) fn repeated(card: &VCard) -> Vec<&'static str> {
    [
        (keys::PHONE_NUMBER, VCardProperty::Tel),
        (keys::EMAIL, VCardProperty::Email),
    ]
    .into_iter()
    .filter(|(_, name)| card.entries.iter().filter(|e| e.name == *name).count() > 1)
    .map(|(key, _)| key)
    .collect()
}

/// Refuses values a vCard cannot carry exactly: control characters other than tab and line
/// feed (a carriage return would come back as a line feed; the others are not allowed in
/// XML, so no server could send them back).
pub(crate) fn check_values(properties: &Properties, labels: &Labels) -> Result<(), Error> {
    let bad = |v: &str| {
        v.chars()
            .any(|c| c.is_control() && c != '\t' && c != '\n' && (c as u32) < 0x20)
    };
    for (key, value) in properties.iter() {
        if bad(value) {
            return Err(Error::invalid(
                format!("properties.{key}"),
                "a vCard cannot hold control characters other than tab and line feed",
            ));
        }
    }
    for label in labels.iter() {
        if bad(label) {
            return Err(Error::invalid(
                "labels",
                "a vCard cannot hold control characters other than tab and line feed",
            ));
        }
    }
    Ok(())
}

/// Appends `content` folded (see [`text::fold`]).
fn fold(out: &mut String, content: &str) {
    text::fold_into(content, out);
}

/// The value part of a `TEL` line for `number`: a `tel:` URI in 4.0 when the number is a
/// valid E.164 number written exactly so (it then reads back unchanged), text otherwise.
fn tel_value(number: &str, v4: bool) -> (Option<&'static str>, String) {
    let looks_like_uri = number
        .get(..4)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("tel:"));
    if !v4 {
        // A 3.0 number is text; one that starts like a URI says so, or it would lose `tel:`.
        return (looks_like_uri.then_some("VALUE=text"), escape(number));
    }
    // Only `+` and digits can be an E.164 form exactly; anything else is text without reading
    // the number (reading one costs microseconds, an export writes thousands).
    let e164_shaped = number
        .strip_prefix('+')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
    match e164_shaped.then(|| contacts_phone::normalize(number, None)) {
        Some(Ok(n)) if n.is_valid() && n.e164() == number => {
            (Some("VALUE=uri"), format!("tel:{number}"))
        }
        _ => (Some("VALUE=text"), escape(number)),
    }
}

/// The display name written to `FN`: given and family name, else company, e-mail, phone.
fn display_name(props: &Properties) -> String {
    let names: Vec<&str> = [props.first_name(), props.last_name()]
        .into_iter()
        .flatten()
        .collect();
    if !names.is_empty() {
        return names.join(" ");
    }
    props
        .company()
        .or(props.email())
        .or(props.phone_number())
        .unwrap_or("")
        .to_owned()
}

fn categories(labels: &Labels) -> String {
    let labels: Vec<String> = labels.iter().map(escape).collect();
    format!("CATEGORIES:{}", labels.join(","))
}

/// A new vCard 4.0 for `doc` with `uid` (see the module docs for what is written).
pub(crate) fn new_card(uid: &str, doc: &NewContact) -> String {
    let p = &doc.properties;
    let mut out = String::new();
    fold(&mut out, "BEGIN:VCARD");
    fold(&mut out, "VERSION:4.0");
    fold(&mut out, &format!("UID:{}", escape(uid)));
    fold(&mut out, &format!("FN:{}", escape(&display_name(p))));
    fold(
        &mut out,
        &format!(
            "N:{};{};;;",
            escape(p.last_name().unwrap_or("")),
            escape(p.first_name().unwrap_or(""))
        ),
    );
    if let Some(number) = p.phone_number() {
        let (param, value) = tel_value(number, true);
        let param = param.map(|p| format!(";{p}")).unwrap_or_default();
        fold(&mut out, &format!("TEL{param}:{value}"));
    }
    if let Some(email) = p.email() {
        fold(&mut out, &format!("EMAIL:{}", escape(email)));
    }
    if p.company().is_some() || p.department().is_some() {
        fold(&mut out, &org_line("ORG", &[], p, &[]));
    }
    if !doc.labels.is_empty() {
        fold(&mut out, &categories(&doc.labels));
    }
    fold(&mut out, "END:VCARD");
    out
}

fn org_line(name: &str, params: &[&str], p: &Properties, rest: &[&str]) -> String {
    let mut value = escape(p.company().unwrap_or(""));
    if p.department().is_some() || !rest.is_empty() {
        value.push(';');
        value.push_str(&escape(p.department().unwrap_or("")));
    }
    for raw in rest {
        value.push(';');
        value.push_str(raw);
    }
    let params: String = params.iter().map(|p| format!(";{p}")).collect();
    format!("{name}{params}:{value}")
}

mod lines;
mod nesting;
mod values;
pub(crate) use lines::edit;

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (VCard, Mapped) {
        let card = parse(text).unwrap();
        let mapped = map(&card);
        (card, mapped)
    }

    fn edited(text: &str, change: impl FnOnce(&mut Properties, &mut Labels)) -> String {
        let (card, old) = read(text);
        let (mut props, mut labels) = (old.properties.clone(), old.labels.clone());
        change(&mut props, &mut labels);
        edit(text, &card, &old, &props, &labels)
    }

    const V3: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x\r\nFN:Dr. Jo Doe\r\nN:Doe;Jo;Q.;Dr.;\r\nitem1.TEL;TYPE=CELL:+46701234567\r\nTEL;TYPE=HOME,pref:+46 8 123\r\nORG:ACME;Sales;Floor 2\r\nPHOTO;ENCODING=b;TYPE=JPEG:QUJD\r\n REVG\r\nCATEGORIES:a,b\r\nCATEGORIES:c\r\nEND:VCARD\r\n";

    #[test]
    fn reads_preferred_entries_and_every_category() {
        let (_, m) = read(V3);
        assert_eq!(
            m.properties.phone_number(),
            Some("+46 8 123"),
            "TYPE=pref wins"
        );
        let grouped = "BEGIN:VCARD\r\nVERSION:3.0\r\nitem1.EMAIL;type=INTERNET:a@b\r\nitem2.CATEGORIES:x,y\r\nitem3.TEL:tel:+1;ext=2\r\nEND:VCARD\r\n";
        let (_, g) = read(grouped);
        assert_eq!(g.properties.email(), Some("a@b"));
        assert_eq!(g.properties.phone_number(), Some("+1;ext=2"));
        assert_eq!(g.labels.iter().collect::<Vec<_>>(), ["x", "y"]);
        assert_eq!(m.properties.first_name(), Some("Jo"));
        assert_eq!(m.properties.company(), Some("ACME"));
        assert_eq!(m.properties.department(), Some("Sales"));
        assert_eq!(m.labels.iter().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(m.uid.as_deref(), Some("x"));
    }

    #[test]
    fn an_edit_rewrites_only_the_lines_that_change() {
        let out = edited(V3, |p, l| {
            p.set(keys::PHONE_NUMBER, "+46709999999");
            p.set(keys::LAST_NAME, "Roe");
            p.set(keys::COMPANY, "Big; Co");
            l.insert("d,e");
        });
        let lines: Vec<&str> = out.split("\r\n").collect();
        for kept in [
            "VERSION:3.0",
            "item1.TEL;TYPE=CELL:+46701234567",
            "PHOTO;ENCODING=b;TYPE=JPEG:QUJD",
            " REVG",
            "N:Roe;Jo;Q.;Dr.;",
            "FN:Jo Roe",
            "ORG:Big\\; Co;Sales;Floor 2",
            "CATEGORIES:a,b,c,d\\,e",
        ] {
            assert!(lines.contains(&kept), "{kept:?} not in\n{out}");
        }
        // 3.0 keeps its TEL as text, with its parameters.
        assert!(lines.contains(&"TEL;TYPE=HOME,pref:+46709999999"), "{out}");
        let (_, m) = read(&out);
        assert_eq!(m.properties.company(), Some("Big; Co"));
        assert!(m.labels.contains("d,e"));
    }

    #[test]
    fn a_3_0_number_that_looks_like_a_uri_stays_text() {
        let out = edited(V3, |p, _| {
            p.set(keys::PHONE_NUMBER, "tel:12");
        });
        assert_eq!(
            read(&out).1.properties.phone_number(),
            Some("tel:12"),
            "{out}"
        );
    }

    #[test]
    fn a_pref_parameter_picks_the_number_and_other_parameters_do_not() {
        for (tel_lines, number) in [
            ("TEL:+1\r\nTEL;PREF=1:+2", "+2"),
            ("TEL;PREF=2:+1\r\nTEL;PREF=1:+2", "+2"),
            ("TEL:+1\r\nitem1.TEL;PREF=1:+2", "+2"),
            ("TEL:+1\r\nTEL;X-ABC=1:+2", "+1"),
        ] {
            let text = format!("BEGIN:VCARD\r\nVERSION:4.0\r\n{tel_lines}\r\nEND:VCARD\r\n");
            assert_eq!(
                read(&text).1.properties.phone_number(),
                Some(number),
                "{tel_lines}"
            );
        }
    }

    #[test]
    fn grouped_names_and_organisations_keep_their_components() {
        let (_, m) = read(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nitem1.N:Doe;Jo;;;\r\nitem2.ORG:ACME;Sales\r\nEND:VCARD\r\n",
        );
        assert_eq!(m.properties.last_name(), Some("Doe"));
        assert_eq!(m.properties.first_name(), Some("Jo"));
        assert_eq!(m.properties.company(), Some("ACME"));
        assert_eq!(m.properties.department(), Some("Sales"));
    }

    #[test]
    fn quoted_parameters_keep_their_colons_and_semicolons() {
        let text = "BEGIN:VCARD\r\nVERSION:4.0\r\nTEL;X-A=\"a;VALUE=b:c\";TYPE=cell:+46701234567\r\nCATEGORIES;X-B=\"x:y\":a,b\r\nEND:VCARD\r\n";
        let (_, m) = read(text);
        assert_eq!(m.labels.iter().collect::<Vec<_>>(), ["a", "b"]);
        let out = edited(text, |p, _| {
            p.set(keys::PHONE_NUMBER, "+46709999999");
        });
        assert!(
            out.contains("\r\nTEL;X-A=\"a;VALUE=b:c\";TYPE=cell;VALUE=uri:tel:+46709999999\r\n"),
            "{out}"
        );
    }

    #[test]
    fn new_lines_go_before_the_end_in_the_order_written() {
        let out = edited(
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jo\r\nEND:VCARD\r\n",
            |p, l| {
                p.set(keys::PHONE_NUMBER, "+46701234567");
                p.set(keys::EMAIL, "jo@example.com");
                p.set(keys::COMPANY, "ACME");
                l.insert("VIP");
            },
        );
        assert_eq!(
            out,
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jo\r\nTEL;VALUE=uri:tel:+46701234567\r\n\
             EMAIL:jo@example.com\r\nORG:ACME\r\nCATEGORIES:VIP\r\nEND:VCARD\r\n"
        );
    }

    #[test]
    fn a_department_alone_changes_and_a_removed_line_leaves_no_gap() {
        let text = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jo\r\nEMAIL:jo@example.com\r\nORG:ACME;Sales\r\nEND:VCARD\r\n";
        let out = edited(text, |p, _| {
            p.set(keys::DEPARTMENT, "Support");
            p.remove(keys::EMAIL);
        });
        assert_eq!(
            out,
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jo\r\nORG:ACME;Support\r\nEND:VCARD\r\n"
        );
    }

    #[test]
    fn components_and_parameters_split_as_the_grammar_says() {
        // Components split on every unescaped `;`, quotes or not; the ones past the department
        // are kept as they were.
        let out = edited(
            "BEGIN:VCARD\r\nVERSION:4.0\r\nORG:\"A;B\";C;D\r\nEND:VCARD\r\n",
            |p, _| {
                p.set(keys::COMPANY, "X");
            },
        );
        assert!(out.contains("\r\nORG:X;B\";C;D\r\n"), "{out}");
        // A parameter value ends at `;` even after a `\` (no escapes in parameters): the
        // `VALUE` after it is the line's own, and is replaced.
        let out = edited(
            "BEGIN:VCARD\r\nVERSION:4.0\r\nTEL;X-A=a\\;VALUE=text:+46701234567\r\nEND:VCARD\r\n",
            |p, _| {
                p.set(keys::PHONE_NUMBER, "+46709999999");
            },
        );
        assert!(
            out.contains("\r\nTEL;X-A=a\\;VALUE=uri:tel:+46709999999\r\n"),
            "{out}"
        );
    }

    #[test]
    fn a_4_0_number_is_a_tel_uri_only_when_valid_and_written_as_its_e164_form() {
        for (number, line) in [
            ("+46701234567", "TEL;VALUE=uri:tel:+46701234567"),
            // Well-formed, in no range: text.
            ("+61100000000", "TEL;VALUE=text:+61100000000"),
            ("+46 70 123 45 67", "TEL;VALUE=text:+46 70 123 45 67"),
        ] {
            let out = edited(
                "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jo\r\nEND:VCARD\r\n",
                |p, _| {
                    p.set(keys::PHONE_NUMBER, number);
                },
            );
            assert!(out.contains(&format!("\r\n{line}\r\n")), "{number}: {out}");
            assert_eq!(read(&out).1.properties.phone_number(), Some(number));
        }
    }

    #[test]
    fn repeated_names_the_keys_whose_property_the_card_holds_more_than_once() {
        let (card, _) = read(V3);
        assert_eq!(repeated(&card), [keys::PHONE_NUMBER]);
        let (card, _) =
            read("BEGIN:VCARD\r\nVERSION:4.0\r\nTEL:1\r\nEMAIL:a@b\r\nEMAIL:c@d\r\nEND:VCARD\r\n");
        assert_eq!(repeated(&card), [keys::EMAIL]);
    }

    #[test]
    fn differs_names_what_does_not_read_back_and_excuses_only_a_removed_repeat() {
        let mapped = Mapped {
            properties: Properties::new()
                .with(keys::PHONE_NUMBER, "+4682")
                .with(keys::COMPANY, "ACME"),
            labels: ["a"].into_iter().collect(),
            uid: None,
        };
        let labels: Labels = ["a"].into_iter().collect();
        let asked = Properties::new()
            .with(keys::PHONE_NUMBER, "+4681")
            .with(keys::COMPANY, "ACME");
        // A number that was set must read back, repeated or not.
        for excused in [&[][..], &[keys::PHONE_NUMBER][..]] {
            assert_eq!(
                differs(&mapped, &asked, &labels, excused).as_deref(),
                Some("it would read back with other phoneNumber")
            );
        }
        // A removed number may read back as the next one only where the card repeats it.
        let removed = Properties::new().with(keys::COMPANY, "ACME");
        assert_eq!(
            differs(&mapped, &removed, &labels, &[keys::PHONE_NUMBER]),
            None
        );
        assert!(differs(&mapped, &removed, &labels, &[]).is_some());
        // Keys a card does not store are not its to keep; labels are.
        let other = removed.clone().with("custom1", "x");
        assert_eq!(
            differs(&mapped, &other, &labels, &[keys::PHONE_NUMBER]),
            None
        );
        assert_eq!(
            differs(&mapped, &removed, &Labels::new(), &[keys::PHONE_NUMBER]).as_deref(),
            Some("it would read back with other labels")
        );
    }

    #[test]
    fn removing_the_number_removes_its_line_and_the_next_one_shows() {
        let out = edited(V3, |p, _| {
            p.remove(keys::PHONE_NUMBER);
        });
        assert!(!out.contains("+46 8 123"));
        let (_, m) = read(&out);
        assert_eq!(m.properties.phone_number(), Some("+46701234567"));
    }

    #[test]
    fn new_cards_are_4_0_and_read_back_exactly() {
        let doc = NewContact::new()
            .property(keys::PHONE_NUMBER, "+46701234567")
            .property(keys::FIRST_NAME, "  a,b;c\\d\ne  ")
            .property(keys::DEPARTMENT, "R&D")
            .property(keys::EMAIL, "x".repeat(200))
            .label("Kund ✓");
        let text = new_card("urn:uuid:1", &doc);
        assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"));
        assert!(text.contains("TEL;VALUE=uri:tel:+46701234567"), "{text}");
        assert!(text.lines().all(|l| l.len() <= 76), "folded:\n{text}");
        let (_, m) = read(&text);
        assert_eq!(m.properties, doc.properties);
        assert_eq!(m.labels, doc.labels);
        let text = new_card(
            "u",
            &NewContact::new().property(keys::PHONE_NUMBER, "tel:0412 345"),
        );
        assert!(text.contains("TEL;VALUE=text:tel:0412 345"), "{text}");
        assert_eq!(
            read(&text).1.properties.phone_number(),
            Some("tel:0412 345")
        );
        // A valid number not written exactly in E.164, and one that is E.164-shaped but not
        // valid, stay text, so they read back as written.
        for number in ["+46 70 123 45 67", "0701234567", "+4600", "+"] {
            let text = new_card("u", &NewContact::new().property(keys::PHONE_NUMBER, number));
            assert!(text.contains(&format!("TEL;VALUE=text:{number}")), "{text}");
            assert_eq!(read(&text).1.properties.phone_number(), Some(number));
        }
    }

    #[test]
    fn control_characters_are_refused() {
        let labels = Labels::new();
        let props = Properties::new().with(keys::FIRST_NAME, "a\rb");
        assert!(matches!(
            check_values(&props, &labels),
            Err(Error::InvalidInput { .. })
        ));
        let props = Properties::new().with(keys::FIRST_NAME, "a\n\tb");
        assert!(check_values(&props, &labels).is_ok());
        let labels: Labels = ["a\u{1}b"].into_iter().collect();
        assert!(matches!(
            check_values(&Properties::new(), &labels),
            Err(Error::InvalidInput { ref field, .. }) if field == "labels"
        ));
    }
}
