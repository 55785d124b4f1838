//! A CardDAV account with books of its own, through the CLI against a real server (Radicale):
//! `contacts conformance` gives every check a new book of the account, deleted after it, so the
//! run needs no `--wipe-account` and leaves the user's book and contact as they were; and
//! `--address-book` picks the book, as it does for every provider with books.

mod common;

use common::{Profiles, ok};
use provider_carddav::testing::{Kind, PASSWORD, Server, USER};

/// A Radicale server and a profile `dav` of its account (no book named: the first one).
fn radicale() -> (Server, Profiles) {
    let server = Server::start(Kind::Radicale);
    let profiles = Profiles::new(&format!(
        "[profiles.dav]\nprovider = \"carddav\"\nbase_url = \"{}\"\nusername = \"{USER}\"\npassword = \"{PASSWORD}\"\n",
        server.base_url()
    ));
    (server, profiles)
}

#[test]
fn a_carddav_run_gives_every_check_a_new_book_and_leaves_the_account_as_it_was() {
    let (_server, profiles) = radicale();
    let dav = |args: &[&str]| profiles.run("dav", args);
    ok(dav(&["books", "create", "mine"]));
    ok(dav(&[
        "create",
        "--set",
        "phoneNumber=+46701234567",
        "--set",
        "firstName=Ada",
    ]));
    let books_before = ok(dav(&["books", "list"]));
    let contacts_before = ok(dav(&["--output", "json", "list"]));

    let out = dav(&["conformance", "--cases", "2"]);
    let report = ok(out);
    assert!(report.contains(" passed, 0 failed"), "{report}");

    assert_eq!(
        ok(dav(&["books", "list"])),
        books_before,
        "every check's book is deleted"
    );
    assert_eq!(
        ok(dav(&["--output", "json", "list"])),
        contacts_before,
        "the contact already there is untouched"
    );
}

#[test]
fn address_book_chooses_the_carddav_book_as_it_does_for_every_provider_with_books() {
    let (_server, profiles) = radicale();
    let dav = |args: &[&str]| profiles.run("dav", args);
    ok(dav(&["books", "create", "mine"]));
    ok(dav(&["books", "create", "other"]));
    let into = |book: &str, number: &str| {
        ok(dav(&[
            "--address-book",
            book,
            "create",
            "--set",
            &format!("phoneNumber={number}"),
        ]))
    };
    into("mine", "+46701234567");
    into("other", "+46709876543");
    for (book, number) in [("mine", "+46701234567"), ("other", "+46709876543")] {
        let listed = ok(dav(&["--address-book", book, "--output", "json", "list"]));
        assert_eq!(listed.lines().count(), 1, "{book}: {listed}");
        assert!(listed.contains(number), "{book}: {listed}");
    }
}
