//! `contacts import` reads a file for what it is: vCards and JSON are never read as CSV,
//! Excel's CSV flavours (BOM and CRLF, `;` and Windows-1252, UTF-16 with tabs) are read as
//! Excel wrote them, empty rows are skipped and counted, and a broken CSV or a file that is not
//! a file is an error that names where, at once.

mod common;

use common::{Store, refused, stderr};
use std::time::Duration;

/// A file of this crate's test data.
fn data(name: &str) -> String {
    common::crate_file(&format!("tests/data/{name}"))
}

#[test]
fn a_vcard_file_is_read_as_vcards_whatever_its_name() {
    let store = Store::new();
    let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Lee\r\nTEL:+46701234567\r\nEND:VCARD\r\n";
    for name in ["out.vcf", "contacts.csv"] {
        let said = common::ok_for(name, store.import(name, card));
        assert!(said.starts_with("created 1 contact;"), "{name}: {said}");
    }
    let contacts = store.listed();
    assert_eq!(contacts.len(), 2);
    assert!(
        contacts
            .iter()
            .all(|c| c["properties"]["phoneNumber"] == "+46701234567"),
        "{contacts:?}"
    );
    let out = store.run(&["import", "--format", "jsonl", &store.file("x.vcf", card)]);
    refused(&out, 1, &["holds a vCard file"]);
}

#[test]
fn a_format_the_content_contradicts_is_an_error_naming_both() {
    let store = Store::new();
    let path = store.file("people.txt", "{\"properties\":{\"firstName\":\"Ada\"}}\n");
    let out = store.run(&["import", "--format", "csv", &path]);
    refused(&out, 1, &["--format csv", "JSON Lines"]);
    assert!(store.listed().is_empty());
    // Without --format the content decides, whatever the name says.
    common::ok(store.run(&["import", &path]));
    assert_eq!(store.listed()[0]["properties"]["firstName"], "Ada");
}

#[test]
fn a_json_array_of_contacts_is_read_with_its_items_by_line() {
    let (store, out) = Store::importing(
        "people.json",
        "[\n  {\"properties\": {\"firstName\": \"Ada\"}, \"labels\": [\"A\"]},\n  \
         {\"properties\": {\"firstName\": \"Bo\"}}\n]\n",
    );
    let out = common::ok(out);
    assert!(out.contains("created 2"), "{out}");
    assert_eq!(store.property("firstName"), ["Ada", "Bo"]);
}

#[test]
fn excel_csv_utf8_of_a_swedish_locale_is_read_with_bom_crlf_and_semicolons() {
    // Excel's "CSV UTF-8" writes a byte-order mark and CRLF, and on a Swedish (or German,
    // French…) locale separates fields with `;`.
    let store = Store::new();
    common::ok(store.run(&["import", &data("excel_csv_utf8.csv")]));
    let contacts = store.listed();
    assert_eq!(contacts.len(), 2);
    let first = &contacts[0];
    assert_eq!(first["properties"]["phoneNumber"], "+46701234501");
    assert_eq!(first["properties"]["firstName"], "Åsa");
    assert_eq!(first["properties"]["lastName"], "Öberg");
    assert_eq!(first["labels"], serde_json::json!(["VIP"]));
    assert_eq!(contacts[1]["properties"]["lastName"], "Núñez");
}

#[test]
fn excel_csv_of_a_european_locale_is_read_with_its_separator_and_encoding() {
    let store = Store::new();
    let file = data("excel_csv_europe_1252.csv");
    // Not UTF-8: an error that names the line and says what to give.
    let out = store.run(&["import", &file]);
    refused(&out, 1, &["line 2", "0xFC", "--encoding windows-1252"]);
    assert!(store.listed().is_empty());

    let out = store.run(&["import", "--encoding", "windows-1252", &file]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("separated by ';'"),
        "the detected separator is said: {}",
        stderr(&out)
    );
    let contacts = store.listed();
    assert_eq!(contacts.len(), 2);
    assert_eq!(contacts[0]["properties"]["lastName"], "Müller");
    assert_eq!(contacts[0]["properties"]["company"], "Bäckerei Groß");
    assert_eq!(contacts[1]["properties"]["firstName"], "Åke");
    assert!(contacts[1]["properties"].get("company").is_none());

    // -q: nothing on stderr; --delimiter chooses.
    let again = Store::new();
    let out = again.run(&[
        "-q",
        "import",
        "--encoding",
        "windows-1252",
        "--delimiter",
        ";",
        &file,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert_eq!(again.listed().len(), 2);
}

#[test]
fn excel_unicode_text_is_read_as_utf16_with_tabs() {
    let store = Store::new();
    let out = store.run(&["import", &data("excel_unicode_text.txt")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let contacts = store.listed();
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0]["properties"]["firstName"], "Zoë");
    assert_eq!(contacts[0]["properties"]["lastName"], "Łukasiewicz");
    assert_eq!(contacts[0]["properties"]["phoneNumber"], "+46701234504");
}

#[test]
fn empty_rows_are_skipped_and_counted_not_created() {
    let (store, out) = Store::importing(
        "gaps.csv",
        "phoneNumber,firstName,lastName\n+46701234561,A,B\n,,\n,,\n+46701234562,C,D\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    common::stderr_says(&out, "skipped 2 empty rows (lines 3, 4)");
    assert_eq!(store.listed().len(), 2);
}

#[test]
fn a_csv_export_imported_again_gains_no_id_property_unless_asked() {
    let (first, out) = Store::importing(
        "in.jsonl",
        "{\"properties\":{\"phoneNumber\":\"+46701234571\",\"firstName\":\"Ada\"}}\n",
    );
    common::ok(out);
    let export = first.dir.path().join("export.csv").display().to_string();
    common::ok(first.run(&["export", "--format", "csv", "--out", &export]));

    let second = Store::new();
    common::ok(second.run(&["import", &export]));
    let contact = &second.listed()[0];
    assert_eq!(
        contact["properties"],
        serde_json::json!({"phoneNumber": "+46701234571", "firstName": "Ada"})
    );
    let third = Store::new();
    common::ok(third.run(&["import", "--keep-ids", &export]));
    assert_eq!(third.listed()[0]["properties"]["id"], "1");
}

#[test]
fn an_unclosed_quote_is_an_error_naming_the_lines_it_swallowed() {
    let (store, out) = Store::importing(
        "quote.csv",
        "phoneNumber,firstName\n+46701234581,\"Ada\n+46701234582,Bo\n+46701234583,Cy\n",
    );
    refused(&out, 1, &["never closed", "lines 2–5"]);
    assert!(store.listed().is_empty(), "nothing folded was stored");

    // A value over two lines is legal; a row that does not fit the header names its lines.
    let out = store.import(
        "fields.csv",
        "phoneNumber,note\n+46701234584,\"two\nlines\"\n+46701234585,\"x\ny\",extra\n",
    );
    refused(&out, 1, &["3 fields where the header has 2 (lines 4–5"]);
    assert_eq!(store.listed()[0]["properties"]["note"], "two\nlines");
}

#[test]
fn a_blank_or_missing_header_is_an_error_not_a_header() {
    let store = Store::new();
    for (name, text, says) in [
        (
            "blank.csv",
            "\nphoneNumber\n+46701234591\n",
            "first line is blank",
        ),
        (
            "data.csv",
            "+46701234592,Ada\n+46701234593,Bo\n",
            "looks like data",
        ),
        (
            "digits.csv",
            "46701234594\n46701234595\n",
            "looks like data",
        ),
    ] {
        let out = store.import(name, text);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(stderr(&out).contains(says), "{name}: {}", stderr(&out));
    }
    assert!(store.listed().is_empty());
}

#[test]
fn a_jsonl_line_over_one_mib_is_an_error_naming_it() {
    let store = Store::new();
    let long = format!(
        "{{\"properties\":{{\"firstName\":\"Ada\"}}}}\n{{\"properties\":{{\"note\":\"{}\"}}}}\n",
        "x".repeat(2 * 1024 * 1024)
    );
    let out = store.import("long.jsonl", long);
    refused(&out, 1, &["line 2", "longer than 1 MiB"]);
    assert_eq!(store.listed().len(), 1);
}

#[test]
fn a_directory_or_a_device_is_refused_at_once_and_a_fifo_is_read() {
    let store = Store::new();
    let dir = store.dir.path().join("dir.jsonl");
    std::fs::create_dir(&dir).unwrap();
    let dir = dir.display().to_string();
    let limit = Duration::from_secs(20);
    for args in [
        vec!["--db", store.db.as_str(), "import", dir.as_str()],
        vec![
            "--db",
            store.db.as_str(),
            "import",
            "--format",
            "jsonl",
            "/dev/zero",
        ],
    ] {
        let command = common::command(store.dir.path(), &args);
        let out = common::output_within(command, limit).expect("refused at once, not read forever");
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(
            err.contains("is a directory") || err.contains("is a device"),
            "{err}"
        );
    }
    // A named pipe is a file to read.
    let fifo = store.dir.path().join("pipe.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let writer_path = fifo.clone();
        let writer = std::thread::spawn(move || {
            std::fs::write(writer_path, "phoneNumber\n+46701234599\n").unwrap();
        });
        let command = common::command(
            store.dir.path(),
            &["--db", &store.db, "import", &fifo.display().to_string()],
        );
        let out = common::output_within(command, limit).expect("the pipe is read to its end");
        writer.join().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(store.listed().len(), 1);
    }
}
