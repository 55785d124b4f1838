//! The differential test of the direct mapping ([`super::direct`]): every card of the
//! fixtures and of a generated corpus is read both ways, straight into the model and through
//! calcard's JSContact conversion and JSON text, and the two cards must be equal. The cards
//! the direct mapping leaves to the old path are counted and shown.

mod corpus;

use super::{cards, convert, direct, read_repairs};
use calcard::{Entry, Parser};
use contacts_core::Card;

/// How many cards were compared, and how many of them the direct mapping took.
#[derive(Debug, Default)]
struct Tally {
    cards: usize,
    direct: usize,
    /// Cards with a `JSCOMPS` on `N` or `ADR` that took the direct path.
    ordered: usize,
    /// Cards with a `PROP-ID` that took the direct path.
    named: usize,
}

/// Reads every card of `text` both ways and fails on the first difference.
fn compare(text: &str, tally: &mut Tally) {
    for chunk in cards(text).flatten() {
        let fixed = read_repairs::dashed_dates(&chunk.text);
        let Entry::VCard(vcard) = Parser::new(&fixed).entry() else {
            continue;
        };
        let mut repaired = vcard.clone();
        read_repairs::repair(&mut repaired);
        let covered = direct::covers(&repaired);
        let old = convert::to_card_via_jscontact(vcard.clone());
        let new = convert::to_card(vcard);
        tally.cards += 1;
        tally.direct += usize::from(covered);
        tally.ordered += usize::from(covered && chunk.text.contains("JSCOMPS"));
        tally.named += usize::from(covered && chunk.text.contains("PROP-ID"));
        if old != new {
            panic!(
                "the direct mapping differs on\n{}\nold: {}\nnew: {}",
                chunk.text,
                json(&old),
                json(&new)
            );
        }
    }
}

fn json(card: &Result<Card, String>) -> String {
    match card {
        Ok(card) => serde_json::to_string_pretty(card).unwrap_or_default(),
        Err(e) => format!("error {e}"),
    }
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/data/vcf/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_fixture_card_reads_the_same_and_real_exports_take_the_direct_path() {
    let exports = [
        "apple_contacts_3.0.vcf",
        "google_contacts_3.0.vcf",
        "android_2.1.vcf",
        "vcard_4.0_rich.vcf",
    ];
    for name in exports {
        let mut tally = Tally::default();
        compare(&fixture(name), &mut tally);
        assert!(tally.cards > 0, "{name} has cards");
        assert_eq!(
            tally.direct, tally.cards,
            "{name}: every card on the direct path"
        );
    }
    compare(&fixture("malformed_mixed.vcf"), &mut Tally::default());
}

#[test]
fn the_benchmark_card_takes_the_direct_path() {
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person 7 Example\r\nN:Example;Person 7;;;\r\n\
                TEL;TYPE=CELL:+46 70 007 07 00\r\nTEL;TYPE=WORK,VOICE:+46 8 000007\r\n\
                EMAIL;TYPE=INTERNET:person7@example.com\r\n\
                ADR;TYPE=HOME:;;Storgatan 7;Uppsala;;753 20;Sweden\r\n\
                ORG:Example AB;Department 0;\r\nNOTE:Met\\, spring.\\nLikes coffee\\; not tea.\r\n\
                PHOTO;ENCODING=b;TYPE=JPEG:iVBORw0KGgoAAAANSUhEUgAAAAYAAAAGCAIAAABvrngf\r\n\
                END:VCARD\r\n";
    let mut tally = Tally::default();
    compare(card, &mut tally);
    assert_eq!((tally.cards, tally.direct), (1, 1));
}

/// The corpus of `cards` cards from `seed`, compared card by card.
fn corpus(seed: u64, cards: usize) -> Tally {
    let mut rng = corpus::Rng::new(seed);
    let mut tally = Tally::default();
    for _ in 0..cards {
        compare(&corpus::card(&mut rng), &mut tally);
    }
    println!(
        "{} generated cards, {} on the direct path ({:.1}% fell back)",
        tally.cards,
        tally.direct,
        100.0 * (tally.cards - tally.direct) as f64 / tally.cards.max(1) as f64
    );
    tally
}

#[test]
fn ten_thousand_generated_cards_read_the_same_both_ways() {
    let tally = corpus(9555, 10_000);
    assert_eq!(tally.cards, 10_000, "every generated card parses");
    assert!(
        tally.direct * 2 > tally.cards,
        "most generated cards take the direct path: {tally:?}"
    );
    assert!(
        tally.ordered > 1000,
        "names and addresses with JSCOMPS take the direct path: {tally:?}"
    );
    assert!(
        tally.named > 1000,
        "properties with PROP-ID take the direct path: {tally:?}"
    );
}

#[test]
#[ignore = "a million cards take minutes; run with --ignored"]
fn a_million_generated_cards_read_the_same_both_ways() {
    corpus(6350, 1_000_000);
}

/// What this crate writes (`JSCOMPS` on every address and on ordered names, `PROP-ID` on every
/// 4.0 property) reads back on the direct path, the same as through calcard's conversion: a card exported and imported again,
/// or stored on a CardDAV server and read back, is not left to the slow path.
#[test]
fn cards_this_crate_writes_read_back_on_the_direct_path() {
    let mut written = 0;
    for name in [
        "vcard_4.0_rich.vcf",
        "apple_contacts_3.0.vcf",
        "google_contacts_3.0.vcf",
    ] {
        for card in super::read(&fixture(name)).into_iter().flatten() {
            for version in [super::Version::V4, super::Version::V3] {
                let text = super::write(&card.card, Some(version)).unwrap();
                written += usize::from(text.contains("JSCOMPS"));
                let mut tally = Tally::default();
                compare(&text, &mut tally);
                assert_eq!((tally.cards, tally.direct), (1, 1), "{text}");
            }
        }
    }
    assert!(written > 0, "the writer puts JSCOMPS on some card");
}
