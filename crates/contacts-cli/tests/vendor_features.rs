//! The vendor features through the built binary, against in-process emulators: address books,
//! label administration, the blocklist, the summary, mass deletes, background import, the
//! guards of destructive commands and the message of a missing capability.

mod common;

use common::{json_lines, ok, stdout};
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_emulator::ip1::Ip1Emulator;
use serde_json::Value;
use std::process::Output;

fn contacts(args: &[&str]) -> Output {
    common::contacts(common::process_home(), args)
}

/// Asserts the run ended with `code`, saying `message` on stderr, and did not panic.
#[track_caller]
fn exits(o: &Output, code: i32, message: &str) {
    let err = common::refused(o, code, &[message]);
    assert!(!err.contains("panicked"), "{err}");
}

/// The `contacts` command line aimed at one emulator.
struct Target {
    prefix: Vec<String>,
}

impl Target {
    fn run(&self, args: &[&str]) -> Output {
        let mut all: Vec<&str> = self.prefix.iter().map(String::as_str).collect();
        all.extend_from_slice(args);
        contacts(&all)
    }

    /// Creates a contact and returns its id.
    fn create(&self, phone: &str, labels: &[&str]) -> String {
        let set = format!("phoneNumber={phone}");
        let mut args = vec!["--output", "json", "create", "--set", &set];
        for label in labels {
            args.extend(["--label", label]);
        }
        let out = ok(self.run(&args));
        let contact: Value = serde_json::from_str(out.trim()).unwrap();
        contact["id"].as_str().unwrap().to_owned()
    }

    /// Creates a contact for each `i` of `each`, numbered `{prefix}{i}`, with `labels`; their ids.
    fn create_each(
        &self,
        prefix: &str,
        each: std::ops::RangeInclusive<u32>,
        labels: &[&str],
    ) -> Vec<String> {
        each.map(|i| self.create(&format!("{prefix}{i}"), labels))
            .collect()
    }

    /// The ids `list` gives, with `args`.
    fn ids(&self, args: &[&str]) -> Vec<String> {
        let mut all = vec!["--output", "json", "list"];
        all.extend_from_slice(args);
        json_lines(&ok(self.run(&all)))
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    }
}

async fn ip1() -> (Ip1Emulator, Target) {
    let emu = contacts_testkit::ip1::emulator("vendor-key").await;
    let base = emu.base_url();
    let prefix = common::ip1_args(&base, "vendor-key", &[]);
    let prefix = prefix.into_iter().map(String::from).collect();
    (emu, Target { prefix })
}

async fn atom() -> (AddressBookEmulator, String, Target) {
    let emu = contacts_testkit::atom::emulator("atom").await;
    let book = emu.create_book("Main").to_string();
    let base = emu.base_url();
    let prefix = common::addressbook_args(&base, "atom", &book);
    let prefix = prefix.into_iter().map(String::from).collect();
    (emu, book, Target { prefix })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn labels_are_counted_added_removed_and_deleted_behind_the_guard() {
    let (_emu, ip1) = ip1().await;
    let ids = ip1.create_each("+4670000000", 1..=3, &[]);
    let mut add = vec!["labels", "add", "VIP"];
    add.extend(ids.iter().map(String::as_str));
    add.push("--dry-run");
    assert!(ok(ip1.run(&add)).contains("would add"));
    assert_eq!(ok(ip1.run(&["labels", "list"])), "");
    add.pop();
    ok(ip1.run(&add));
    assert_eq!(ok(ip1.run(&["labels", "list"])), "VIP\t3\n");
    ok(ip1.run(&["labels", "remove", "VIP", &ids[0]]));
    assert_eq!(ok(ip1.run(&["labels", "list"])), "VIP\t2\n");

    let refused = ip1.run(&["labels", "delete", "VIP"]);
    exits(&refused, 2, "--yes");
    common::stdout_says(&refused, "2 contacts");
    assert!(ok(ip1.run(&["labels", "delete", "VIP", "--dry-run"])).contains("would remove"));
    assert_eq!(ok(ip1.run(&["labels", "list"])), "VIP\t2\n");
    ok(ip1.run(&["labels", "delete", "VIP", "--yes"]));
    assert_eq!(ok(ip1.run(&["labels", "list"])), "");
    assert_eq!(ip1.ids(&[]).len(), 3, "the contacts stay");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_number_checks_blocked_and_filters_by_metadata() {
    let (_emu, ip1) = ip1().await;
    let blocked = ip1.create("+46700000001", &[]);
    ip1.create("+46700000002", &[]);
    let check = ["blocklist", "check", "+46700000001"];
    assert!(ok(ip1.run(&check)).contains("not blocked"));
    ok(ip1.run(&["blocklist", "add", "+46700000001", "--dry-run"]));
    assert!(
        ok(ip1.run(&check)).contains("not blocked"),
        "a dry run blocks nothing"
    );
    ok(ip1.run(&["blocklist", "add", "+46700000001"]));
    assert!(ok(ip1.run(&check)).contains(": blocked"));
    assert!(ok(ip1.run(&["blocklist", "list"])).contains("46700000001"));
    let only = ip1.ids(&["--meta-where", "phoneNumber.isBlocked=true"]);
    assert_eq!(only, [blocked]);
    ok(ip1.run(&["blocklist", "remove", "+46700000001"]));
    assert!(ok(ip1.run(&check)).contains("not blocked"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn summary_and_descending_order() {
    let (_emu, ip1) = ip1().await;
    let ids = ip1.create_each("+4670000001", 1..=3, &["team"]);
    let summary: Value =
        serde_json::from_str(ok(ip1.run(&["--output", "json", "summary"])).trim()).unwrap();
    assert_eq!(summary["totalCount"], 3);
    assert_eq!(summary["labels"][0]["label"], "team");
    assert_eq!(summary["labels"][0]["count"], 3);
    assert!(ok(ip1.run(&["summary"])).starts_with("total\t3\n"));
    let mut reversed = ids.clone();
    reversed.reverse();
    assert_eq!(ip1.ids(&["--order", "desc"]), reversed);
    assert_eq!(ip1.ids(&["--order", "asc"]), ids);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mass_delete_by_label_removes_exactly_those_and_only_with_yes() {
    let (_emu, ip1) = ip1().await;
    let gone = ip1.create_each("+4670000002", 1..=3, &["gone"]);
    let kept = ip1.create_each("+4670000002", 4..=5, &["kept"]);
    let refused = ip1.run(&["delete", "--label", "gone"]);
    exits(&refused, 2, "--yes");
    assert!(stdout(&refused).contains("would delete 3 contacts"));
    assert_eq!(ip1.ids(&[]).len(), 5, "nothing deleted without --yes");
    let dry = ok(ip1.run(&["delete", "--label", "gone", "--dry-run"]));
    assert!(dry.contains("would delete 3 contacts"), "{dry}");
    assert_eq!(ip1.ids(&[]).len(), 5, "nothing deleted in a dry run");
    exits(&ip1.run(&["delete", "--all"]), 2, "--yes");
    assert!(ok(ip1.run(&["delete", "--label", "gone", "--yes"])).contains("deleted 3"));
    assert_eq!(ip1.ids(&[]), kept);
    let where_ = format!("phoneNumber={}", "+46700000024");
    ok(ip1.run(&["delete", "--where", &where_, "--yes"]));
    assert_eq!(ip1.ids(&[]), kept[1..]);
    ok(ip1.run(&["delete", &kept[1], "--dry-run"]));
    assert_eq!(ip1.ids(&[]).len(), 1);
    ok(ip1.run(&["delete", "--all", "--yes"]));
    assert!(ip1.ids(&[]).is_empty());
    assert!(!gone.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn background_import_waits_until_the_contacts_are_listed() {
    let (_emu, ip1) = ip1().await;
    let dir = tempfile::tempdir().unwrap();
    let file = common::write_file(
        dir.path(),
        "people.csv",
        "phoneNumber,firstName\n+46700000031,Ada\n+46700000032,Bob\n+46700000033,Cy\n",
    );
    let path = file.to_str().unwrap();
    let dry = ok(ip1.run(&["import", "--background", "--dry-run", path]));
    assert!(dry.contains("would submit 3"), "{dry}");
    assert!(ip1.ids(&[]).is_empty());
    let out = ok(ip1.run(&["import", "--background", path]));
    assert!(out.contains("imported 3"), "{out}");
    assert_eq!(ip1.ids(&[]).len(), 3, "done means listed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn books_are_created_renamed_moved_into_and_deleted_behind_the_guard() {
    let (_emu, main_book, atom) = atom().await;
    let created = ok(atom.run(&["books", "create", "Archive"]));
    let (id, name) = created.trim().split_once('\t').unwrap();
    assert_eq!(name, "Archive");
    let id = id.to_owned();
    ok(atom.run(&["books", "rename", &id, "Archived"]));
    let listed = ok(atom.run(&["books", "list"]));
    assert!(listed.contains(&format!("{id}\tArchived")), "{listed}");
    assert!(listed.contains(&format!("{main_book}\tMain")), "{listed}");

    let contact = atom.create("+46700000041", &[]);
    ok(atom.run(&["move", &contact, "--to-book", &id, "--dry-run"]));
    assert_eq!(
        atom.ids(&[]),
        std::slice::from_ref(&contact),
        "a dry run moves nothing"
    );
    ok(atom.run(&["move", &contact, "--to-book", &id]));
    assert!(atom.ids(&[]).is_empty(), "it left its book");
    let there = atom.ids(&["--address-book", &id]);
    assert_eq!(there.len(), 1, "it is in the other book");

    let refused = atom.run(&["books", "delete", &id]);
    exits(&refused, 2, "--yes");
    common::stdout_says(&refused, "the 1 contacts");
    assert!(ok(atom.run(&["books", "list"])).contains("Archived"));
    ok(atom.run(&["books", "delete", &id, "--dry-run"]));
    assert!(ok(atom.run(&["books", "list"])).contains("Archived"));
    ok(atom.run(&["books", "delete", &id, "--yes"]));
    assert!(!ok(atom.run(&["books", "list"])).contains("Archived"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_capability_exits_1_with_the_message() {
    let (_ip1_emu, ip1) = ip1().await;
    let (_atom_emu, _book, atom) = atom().await;
    exits(
        &ip1.run(&["books", "list"]),
        1,
        "ip1 does not support address-book administration (books, move)",
    );
    exits(
        &ip1.run(&["books", "delete", "7", "--yes"]),
        1,
        "ip1 does not support address-book administration (books, move)",
    );
    exits(
        &ip1.run(&["move", "1", "--to-book", "2"]),
        1,
        "ip1 does not support address-book administration (books, move)",
    );
    let labels = "addressbook does not support label administration";
    exits(&atom.run(&["labels", "list"]), 1, labels);
    exits(&atom.run(&["labels", "delete", "x", "--yes"]), 1, labels);
    let blocklist = "addressbook does not support a blocklist";
    exits(
        &atom.run(&["blocklist", "check", "+46700000001"]),
        1,
        blocklist,
    );
    exits(
        &atom.run(&["summary"]),
        1,
        "addressbook does not support an account summary",
    );
    let dir = tempfile::tempdir().unwrap();
    let file = common::write_file(dir.path(), "one.csv", "phoneNumber\n+46700000051\n");
    exits(
        &atom.run(&["import", "--background", file.to_str().unwrap()]),
        1,
        "addressbook does not support background import",
    );
    let db = dir.path().join("local.db");
    let local = ["--db", db.to_str().unwrap()];
    let out = contacts(&[&local[..], &["blocklist", "list"]].concat());
    exits(&out, 1, "does not support a blocklist");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_runs_of_create_update_replace_write_nothing() {
    let (_emu, ip1) = ip1().await;
    let out = ok(ip1.run(&["create", "--set", "phoneNumber=+46700000061", "--dry-run"]));
    assert!(out.contains("would create"), "{out}");
    assert!(ip1.ids(&[]).is_empty());
    let id = ip1.create("+46700000062", &[]);
    ok(ip1.run(&["update", &id, "--set", "firstName=Ada", "--dry-run"]));
    ok(ip1.run(&[
        "replace",
        &id,
        "--set",
        "phoneNumber=+46700000063",
        "--dry-run",
    ]));
    let got = ok(ip1.run(&["--output", "json", "get", &id]));
    let got: Value = serde_json::from_str(got.trim()).unwrap();
    assert_eq!(
        got["properties"],
        serde_json::json!({"phoneNumber": "+46700000062"})
    );
}

// What a user's first week found: commands that said they did something they did not, plans
// that showed counts instead of contacts, and JSON output that some commands ignored.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn labels_add_names_an_unknown_id_and_changes_nothing() {
    let (_emu, ip1) = ip1().await;
    let id = ip1.create("+46700000001", &[]);
    for dry in [true, false] {
        let mut args = vec!["labels", "add", "Tmp", &id, "999999"];
        if dry {
            args.push("--dry-run");
        }
        exits(&ip1.run(&args), 1, "no contact with id 999999");
    }
    assert_eq!(ok(ip1.run(&["labels", "list"])), "", "nothing was labelled");
    let said = ok(ip1.run(&["--output", "json", "labels", "add", "Tmp", &id]));
    let line: Value = serde_json::from_str(said.trim()).unwrap();
    assert_eq!(line["add"], "Tmp");
    assert_eq!(line["ids"][0], id.as_str());
    let said = ok(ip1.run(&["labels", "add", "Tmp2", &id]));
    assert!(said.contains("to 1 contact\n"), "{said}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocklist_numbers_are_checked_in_a_dry_run_as_in_a_real_one() {
    let (_emu, ip1) = ip1().await;
    for dry in [true, false] {
        let mut args = vec!["blocklist", "add", "0701234567"];
        if dry {
            args.push("--dry-run");
        }
        exits(&ip1.run(&args), 2, "international form");
        let mut args = vec!["blocklist", "add", "+46", "70", "123", "45", "69"];
        if dry {
            args.push("--dry-run");
        }
        exits(&ip1.run(&args), 2, "quote it: \"+46 70 123 45 69\"");
    }
    assert_eq!(
        ok(ip1.run(&["blocklist", "list"])),
        "",
        "nothing was blocked"
    );
    let said = ok(ip1.run(&["--output", "json", "blocklist", "add", "+46 70 123 45 69"]));
    assert_eq!(said.trim(), r#"{"blocked":"+46701234569"}"#);
    let listed = ok(ip1.run(&["--output", "json", "blocklist", "list"]));
    assert_eq!(listed.trim(), r#"{"number":"+46701234569"}"#);
    let checked = ok(ip1.run(&["--output", "json", "blocklist", "check", "+46701234569"]));
    let checked: Value = serde_json::from_str(checked.trim()).unwrap();
    assert_eq!(checked["blocked"], true);
    exits(
        &ip1.run(&["blocklist", "remove", "+46701234560"]),
        1,
        "+46701234560 is not on the blocklist",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_several_ids_needs_yes_and_plans_name_the_contacts() {
    let (_emu, ip1) = ip1().await;
    let ids = ip1.create_each("+4670000000", 1..=3, &["Old"]);
    let refused = ip1.run(&["delete", &ids[0], &ids[1]]);
    exits(&refused, 2, "not confirmed");
    assert!(stdout(&refused).contains(&ids[1]), "{}", stdout(&refused));
    assert!(
        stdout(&refused).contains("+46700000002"),
        "the plan names the people: {}",
        stdout(&refused)
    );
    for dry in [true, false] {
        let mut args = vec!["delete", ids[0].as_str(), "999999", "--yes"];
        if dry {
            args.push("--dry-run");
        }
        exits(&ip1.run(&args), 1, "no contact with id 999999");
    }
    assert_eq!(ip1.ids(&[]).len(), 3, "nothing was deleted");

    let plan = ok(ip1.run(&["delete", "--label", "Old", "--dry-run"]));
    assert!(plan.contains("would delete 3 contacts"), "{plan}");
    for id in &ids {
        assert!(plan.contains(id.as_str()), "{plan}");
    }
    assert!(plan.contains("+46700000002"), "{plan}");
    let plan = ok(ip1.run(&["--output", "json", "delete", "--label", "Old", "--dry-run"]));
    let plan: Value = serde_json::from_str(plan.trim()).unwrap();
    assert_eq!(plan["dryRun"], true);
    assert_eq!(plan["items"].as_array().unwrap().len(), 3);

    ok(ip1.run(&["delete", &ids[0], &ids[1], "--yes"]));
    assert_eq!(ip1.ids(&[]), vec![ids[2].clone()]);
    let one = ok(ip1.run(&["delete", &ids[2]]));
    assert_eq!(
        one,
        format!("deleted {}\n", ids[2]),
        "one id needs no --yes"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn move_names_the_missing_book_not_the_contact() {
    let (_emu, book, atom) = atom().await;
    let id = atom.create("+61298765432", &[]);
    exits(
        &atom.run(&["move", &id, "--to-book", "99"]),
        1,
        "there is no address book 99",
    );
    exits(
        &atom.run(&["move", "424242", "--to-book", &book, "--dry-run"]),
        1,
        "there is no contact 424242",
    );
}
