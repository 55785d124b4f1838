//! A listing over cards as real-world exports write them: one garbage card and one with a
//! broken line are skipped and reported while the rest is listed; a card after a nested
//! `BEGIN` keeps its number; a resource holding two cards is its first card, and the second
//! is reported.

use axum::Router;
use contacts_core::{ContactProviderExt, ContactQuery};
use contacts_testkit::{Capture, dav};
use futures::TryStreamExt;

const ANDROID_21: &str = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg;;;\r\nTEL;CELL;PREF:+46701234567\r\nEND:VCARD\r\n";
const GARBAGE: &str = "this is not a card at all";
/// A `NOTE` re-wrapped by a text editor: its second line lost the space that folds it.
const BROKEN_LINE: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ek;Jo;;;\r\nNOTE:Waters the plants and\r\nkeeps the key.\r\nEND:VCARD\r\n";
const AGENT: &str = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Doe;Jo\r\nAGENT:\r\nBEGIN:VCARD\r\nN:Assistant;Al\r\nTEL:+4699\r\nEND:VCARD\r\nTEL:+46700000002\r\nEND:VCARD\r\n";
const TWO: &str = "BEGIN:VCARD\r\nVERSION:4.0\r\nN:Ek;Ann;;;\r\nTEL:+46700000003\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nN:Berg;Bo;;;\r\nEND:VCARD\r\n";

/// A multistatus answer holding `cards` (name, text) of the book `/book/`.
fn multistatus(cards: &[(&str, &str)]) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="utf-8"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">"#,
    );
    for (i, (name, text)) in cards.iter().enumerate() {
        xml.push_str(&format!(
            r#"<d:response><d:href>/book/{name}</d:href><d:propstat><d:prop><d:getetag>"e{i}"</d:getetag><c:address-data>{text}</c:address-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"#
        ));
    }
    xml.push_str("</d:multistatus>");
    xml
}

#[tokio::test]
async fn one_garbage_card_is_skipped_and_reported_while_the_rest_is_listed() {
    let (captured, _installed) = Capture::install_at(tracing::Level::WARN);

    let body = multistatus(&[
        ("a.vcf", ANDROID_21),
        ("garbage.vcf", GARBAGE),
        ("broken.vcf", BROKEN_LINE),
        ("agent.vcf", AGENT),
        ("two.vcf", TWO),
    ]);
    let router = Router::new().fallback(move || {
        let body = body.clone();
        async move { dav::answer(207, "application/xml; charset=utf-8", body) }
    });
    let provider = dav::fake_book(router).await;

    let listed: Vec<_> = provider
        .list(ContactQuery::new())
        .try_collect()
        .await
        .expect("one bad card does not abort the listing");
    let seen: Vec<(&str, Option<&str>, Option<&str>)> = listed
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                c.properties.last_name(),
                c.properties.phone_number(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("a.vcf", Some("Müller"), Some("+46701234567")),
            ("agent.vcf", Some("Doe"), Some("+46700000002")),
            ("two.vcf", Some("Ek"), Some("+46700000003")),
        ]
    );
    let logs = captured.text();
    for reported in ["/book/garbage.vcf", "/book/broken.vcf", "line 5"] {
        assert!(logs.contains(reported), "{reported} not in {logs}");
    }
    assert!(
        logs.contains("two.vcf") && logs.contains("holds 2 vCards"),
        "{logs}"
    );
    assert!(!logs.contains("Binary"), "{logs}");
}
