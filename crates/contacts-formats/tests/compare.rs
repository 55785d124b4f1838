//! `semantic_diff`: vCards that hold the same contact compare equal however they are spelt,
//! and every kind of real change is reported.

use contacts_formats::{semantic_diff, vcard};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/vcf");

fn file(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}/{name}")).unwrap()
}

/// The `index`-th card (from 0) of a fixture file, as written there.
fn card_text(name: &str, index: usize) -> String {
    let text = file(name);
    let cards: Vec<&str> = text.split_inclusive("END:VCARD\r\n").collect();
    cards[index].to_owned()
}

/// `text` without the property starting with `name` and its folded continuation lines.
fn without_property(text: &str, name: &str) -> String {
    let mut skipping = false;
    text.split_inclusive("\r\n")
        .filter(|l| {
            skipping = l.starts_with(name) || (skipping && l.starts_with(' '));
            !skipping
        })
        .collect()
}

const PHOTO: &str = "iVBORw0KGgoAAAANSUhEUgAAAAYAAAAGCAIAAABvrngfAAAAHklEQVR42mP4+uzEiWw5IIIzGND4QAYDGh+kilyNACesPz1b0TIpAAAAAElFTkSuQmCC";

/// The one difference `semantic_diff` reports between `a` and `b`; fails if it reports none
/// or more than one.
fn one_difference(a: &str, b: &str) -> String {
    let mut diff = semantic_diff(a, b);
    assert_eq!(diff.len(), 1, "{diff:#?}");
    diff.remove(0)
}

#[test]
fn our_own_3_0_rewrite_of_each_fixture_card_is_the_same_contact() {
    for name in [
        "apple_contacts_3.0.vcf",
        "google_contacts_3.0.vcf",
        "android_2.1.vcf",
    ] {
        let original = file(name);
        let ours: String = vcard::read(&original)
            .into_iter()
            .map(|c| vcard::write(&c.unwrap().card, None).unwrap())
            .collect();
        let diff = semantic_diff(&original, &ours);
        assert!(diff.is_empty(), "{name}: {diff:#?}\n{ours}");
    }
}

#[test]
fn spelling_order_groups_and_photo_encoding_do_not_count() {
    let a = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//A//EN\r\nREV:2024\r\nFN:Ada\r\n\
         item1.TEL;type=CELL;type=VOICE:+1 555 0100\r\nitem1.X-ABLabel:Boat\r\n\
         NOTE:a\\, b\\; c\r\nPHOTO;ENCODING=b;TYPE=PNG:{PHOTO}\r\nEND:VCARD\r\n"
    );
    let b = format!(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nPHOTO;PROP-ID=m1:data:image/png;base64,{}\r\n {}\r\n\
         NOTE;PROP-ID=n1:a\\, b\\; c\r\nitem9.x-ablabel:Boat\r\nfn:Ada\r\n\
         item9.TEL;TYPE=\"voice,cell\":+1 555 0100\r\nREV:2025\r\nEND:VCARD\r\n",
        &PHOTO[..40],
        &PHOTO[40..]
    );
    assert_eq!(semantic_diff(&a, &b), Vec::<String>::new());
}

#[test]
fn a_dropped_photo_is_reported() {
    let a = card_text("apple_contacts_3.0.vcf", 1);
    let b = without_property(&a, "PHOTO");
    let only = one_difference(&a, &b);
    assert!(only.starts_with("only in the first: PHOTO"), "{only}");
    assert!(only.contains("87 bytes"), "{only}");
}

#[test]
fn a_photo_with_other_bytes_is_reported() {
    let a = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nPHOTO;ENCODING=b;TYPE=PNG:{PHOTO}\r\nEND:VCARD\r\n"
    );
    let b = a.replace("iVBORw0K", "iVBORw0L");
    assert!(one_difference(&a, &b).starts_with("PHOTO changed"));
}

#[test]
fn a_changed_tel_parameter_is_reported() {
    let a = card_text("apple_contacts_3.0.vcf", 0);
    let b = a.replace(
        "item1.TEL;type=CELL;type=VOICE;type=pref:",
        "item1.TEL;type=WORK;type=VOICE;type=pref:",
    );
    let only = one_difference(&a, &b);
    assert!(
        only.starts_with("TEL \"+46 70 123 45 67\" has other parameters")
            && only
                .ends_with("TYPE=cell,pref,voice in the first, TYPE=pref,voice,work in the second"),
        "{only}"
    );
}

#[test]
fn a_label_moved_to_another_group_is_reported() {
    let a = card_text("apple_contacts_3.0.vcf", 2);
    let b = a
        .replace(
            "item1.X-ABLabel:_$!<Mobile>!$_",
            "item2.X-ABLabel:_$!<Mobile>!$_",
        )
        .replace("item2.X-ABLabel:Boat", "item1.X-ABLabel:Boat");
    let diff = semantic_diff(&a, &b);
    assert!(!diff.is_empty());
    let moved = diff
        .iter()
        .find(|d| d.starts_with("X-ABLABEL \"Boat\" is in another group"))
        .unwrap_or_else(|| panic!("{diff:#?}"));
    assert!(
        moved.contains("grouped with TEL:+44 7700 900456 in the first")
            && moved.contains("grouped with TEL:+44 7700 900123 in the second"),
        "{moved}"
    );
    assert!(
        diff.iter().all(|d| d.contains("is in another group")),
        "{diff:#?}"
    );
}

#[test]
fn a_lost_x_property_is_reported() {
    let a = card_text("apple_contacts_3.0.vcf", 0);
    let b = without_property(&a, "X-SOCIALPROFILE");
    let lost =
        "X-SOCIALPROFILE;TYPE=twitter;X-USER=linnea_example:https://twitter.com/linnea_example";
    assert_eq!(one_difference(&a, &b), format!("only in the first: {lost}"));
    assert_eq!(
        one_difference(&b, &a),
        format!("only in the second: {lost}")
    );
}

#[test]
fn a_changed_value_and_a_card_count_are_reported() {
    let a = card_text("google_contacts_3.0.vcf", 2);
    let b = a.replace("NOTE:Ex-colleague", "NOTE:Former colleague");
    assert_eq!(
        semantic_diff(&a, &b),
        [
            "NOTE changed: \"Ex-colleague from the Boston office.\" in the first, \"Former colleague from the Boston office.\" in the second"
        ]
    );
    let two = format!("{a}{a}");
    assert!(semantic_diff(&a, &two)[0].starts_with("the first text holds 1 cards, the second 2"));
    assert!(semantic_diff("not a card", &a)[0].starts_with("the first text is not a vCard"));
}
