//! The built `contacts` binary against the emulators, as a person would run it.

mod common;

use common::{process_home, stderr, stdout};
use contacts_emulator::ip1::Ip1Emulator;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

/// `contacts args…` with this test process's data home (see [`common::command`]).
fn contacts(args: &[&str]) -> Output {
    common::contacts(process_home(), args)
}

/// `contacts --db DB args…`: a run against the local store at `db`.
fn on_db(db: &str, args: &[&str]) -> Output {
    common::on_db(process_home(), db, args)
}

struct Ip1 {
    _emu: Ip1Emulator,
    base: String,
}

impl Ip1 {
    async fn start() -> Self {
        let emu = contacts_testkit::ip1::emulator("cli-key").await;
        let base = emu.base_url();
        Self { _emu: emu, base }
    }

    fn run(&self, args: &[&str]) -> Output {
        contacts(&common::ip1_args(&self.base, "cli-key", args))
    }

    /// `import FILE`, asserting it exited with `code` and its stdout says `said`.
    #[track_caller]
    fn import(&self, file: &std::path::Path, code: i32, said: &str) -> Output {
        let out = self.run(&["import", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(code), "{}", common::text(&out));
        assert!(stdout(&out).contains(said), "{}", stdout(&out));
        out
    }

    /// `--output json args…`, asserting it succeeded: the first JSON line it printed.
    #[track_caller]
    fn json(&self, args: &[&str]) -> Value {
        let out = self.run(&[&["--output", "json"], args].concat());
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        json_lines(&out).swap_remove(0)
    }

    /// `export --format FORMAT --out PATH`, asserting it succeeded.
    #[track_caller]
    fn export(&self, format: &str, path: &std::path::Path) {
        let out = self.run(&common::export_args(format, path));
        assert!(out.status.success(), "{}", stderr(&out));
    }
}

fn json_lines(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON contact per line"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_get_update_replace_list_delete() {
    let ip1 = Ip1::start().await;
    let created = &ip1.json(&[
        "create",
        "--set",
        "phoneNumber=+46701234567",
        "--set",
        "firstName= Ada ",
        "--label",
        "VIP",
    ]);
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["properties"]["firstName"], " Ada ");
    assert_eq!(created["labels"], serde_json::json!(["VIP"]));

    let got = ip1.json(&["get", &id, "--meta"]);
    assert_eq!(got["metadata"]["phoneNumber"]["isValidPhoneNumber"], "true");

    let updated = &ip1.json(&[
        "update",
        &id,
        "--set",
        "email=a@b.c",
        "--unset",
        "firstName",
        "--add-label",
        "New",
        "--remove-label",
        "VIP",
    ]);
    assert!(updated["properties"].get("firstName").is_none());
    assert_eq!(updated["labels"], serde_json::json!(["New"]));

    let replaced = ip1.json(&["replace", &id, "--set", "phoneNumber=+46701234568"]);
    assert_eq!(
        replaced["properties"],
        serde_json::json!({"phoneNumber": "+46701234568"})
    );

    ip1.run(&[
        "create",
        "--set",
        "phoneNumber=+46700000002",
        "--label",
        "Other",
    ]);
    let out = ip1.run(&["list", "--output", "json"]);
    assert_eq!(json_lines(&out).len(), 2);
    let out = ip1.run(&["list", "--label", "Other"]);
    let table = stdout(&out);
    assert!(table.starts_with("ID"), "{table}");
    assert_eq!(table.lines().count(), 2, "{table}");
    let out = ip1.run(&[
        "list",
        "--where",
        "phoneNumber=+46701234568",
        "--output",
        "json",
    ]);
    assert_eq!(json_lines(&out).len(), 1);
    let out = ip1.run(&["list", "--limit", "1", "--output", "json"]);
    assert_eq!(json_lines(&out).len(), 1);

    let out = ip1.run(&["delete", &id]);
    assert!(out.status.success());
    let out = ip1.run(&["get", &id]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out).trim().lines().count(),
        1,
        "one clear line: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("not found"), "{}", stderr(&out));

    let out = ip1.run(&["capabilities", "--output", "json"]);
    let caps: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(caps["labels"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_5000_row_csv_import_and_exports_give_back_what_went_in() {
    let ip1 = Ip1::start().await;
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("in.csv");
    let mut csv = String::from("phoneNumber,firstName,note,labels\n");
    for i in 0..5000 {
        // The first contact has no note: the csv export learns that column from the second
        // and widens the first row at the end.
        let note = match (i + 4) % 5 {
            0 => "\"quoted \"\"value\"\", with comma\"".to_owned(),
            1 => "\"multi\nline\"".to_owned(),
            2 => " spaced ".to_owned(),
            3 => "Ünïcødé 👩‍💻 שלום".to_owned(),
            _ => String::new(),
        };
        let labels = if i % 2 == 0 { "A;B" } else { "" };
        csv.push_str(&format!("+4670{i:07},name {i},{note},{labels}\n"));
    }
    std::fs::write(&csv_path, &csv).unwrap();
    ip1.import(&csv_path, 0, "created 5000 contacts; 0 rows failed");

    // jsonl export: every contact, exactly.
    let jsonl = dir.path().join("out.jsonl");
    ip1.export("jsonl", &jsonl);
    let exported: Vec<Value> = std::fs::read_to_string(&jsonl)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(exported.len(), 5000);
    let mut reader = ::csv::Reader::from_path(&csv_path).unwrap();
    let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    for (row, contact) in rows.iter().zip(&exported) {
        assert_eq!(contact["properties"]["phoneNumber"], row[0]);
        assert_eq!(contact["properties"]["firstName"], row[1]);
        match &row[2] {
            "" => assert!(
                contact["properties"].get("note").is_none(),
                "an empty cell is no value"
            ),
            note => assert_eq!(contact["properties"]["note"], note),
        }
        let labels: Vec<&str> = row[3].split(';').filter(|l| !l.is_empty()).collect();
        assert_eq!(contact["labels"], serde_json::json!(labels));
    }

    // csv export: id, one column per key, labels; values exactly as imported.
    let out_csv = dir.path().join("out.csv");
    ip1.export("csv", &out_csv);
    let mut reader = ::csv::Reader::from_path(&out_csv).unwrap();
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        vec!["id", "firstName", "note", "phoneNumber", "labels"]
    );
    let back: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(back.len(), 5000);
    for (row, again) in rows.iter().zip(&back) {
        assert_eq!(
            (&row[0], &row[1], &row[2], &row[3]),
            (&again[3], &again[1], &again[2], &again[4])
        );
    }

    // jsonl import of the export makes the same contacts again.
    let second = Ip1::start().await;
    second.import(&jsonl, 0, "created 5000 contacts");

    // vCard export: one card per contact, folded lines, and every property read back the
    // same by the workspace's vCard reader.
    let vcf = dir.path().join("out.vcf");
    ip1.export("vcard", &vcf);
    let text = std::fs::read_to_string(&vcf).unwrap();
    assert_eq!(text.matches("BEGIN:VCARD\r\nVERSION:4.0\r\n").count(), 5000);
    assert!(text.split("\r\n").all(|l| l.len() <= 75));
    let cards = contacts_formats::vcard::read(&text);
    assert_eq!(cards.len(), 5000);
    for (card, contact) in cards.iter().zip(&exported) {
        let card = &card.as_ref().unwrap().card;
        let props = serde_json::to_value(card.flat_properties()).unwrap();
        assert_eq!(props, contact["properties"], "{card:?}");
        let labels = serde_json::to_value(card.flat_labels()).unwrap();
        assert_eq!(labels, contact["labels"]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_rows_are_reported_by_line_and_the_rest_imported() {
    let ip1 = Ip1::start().await;
    let dir = tempfile::tempdir().unwrap();
    let path = common::write_file(
        dir.path(),
        "bad.csv",
        "phoneNumber,firstName\n+461,a\n+462\n+463,c\n",
    );
    let out = ip1.import(&path, 1, "created 2 contacts; 1 row failed");
    assert!(stderr(&out).contains("line 3:"), "{}", stderr(&out));
    let out = ip1.run(&["list", "--output", "json"]);
    assert_eq!(json_lines(&out).len(), 2);
    let dry = ip1.run(&["import", "--dry-run", path.to_str().unwrap()]);
    common::stdout_says(&dry, "would create 2 contacts");
    let out = ip1.run(&["list", "--output", "json"]);
    assert_eq!(json_lines(&out).len(), 2, "a dry run sends nothing");

    let from_stdin = ["import", "-", "--format", "jsonl"];
    let mut child = common::command(
        process_home(),
        &common::ip1_args(&ip1.base, "cli-key", &from_stdin),
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .spawn()
    .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"properties\":{\"phoneNumber\":\"+469\"}}\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    common::stdout_says(&out, "created 1 contact;");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_addressbook_provider_works_from_the_cli() {
    let atom = contacts_testkit::atom::emulator("atom").await;
    let book = atom.create_book("CLI").to_string();
    let base = atom.base_url();
    let run = |args: &[&str]| {
        contacts(&[&common::addressbook_args(&base, "atom", &book)[..], args].concat())
    };
    let out = run(&[
        "create",
        "--set",
        "phoneNumber=0412345678",
        "--set",
        "company=ACME",
        "--output",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&["create", "--set", "phoneNumber=1", "--label", "VIP"]);
    assert_eq!(out.status.code(), Some(1));
    common::stderr_says(&out, "does not support labels");
    let out = run(&["create", "--set", "phoneNumber=1", "--set", "email=x"]);
    assert!(stderr(&out).contains("email"), "{}", stderr(&out));
    let out = run(&["list", "--output", "json"]);
    assert_eq!(json_lines(&out).len(), 1);
    assert_eq!(atom.contacts_in(book.parse().unwrap()).len(), 1);
}

#[test]
fn usage_errors_exit_2_and_failures_exit_1_with_one_line() {
    let out = contacts(&["--provider", "nope", "list"]);
    assert_eq!(out.status.code(), Some(2));
    let out = contacts(&["--provider", "ip1", "list"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("api_key"), "{}", stderr(&out));
    let out = contacts(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let out = contacts(&common::ip1_args("http://example.com", "k", &["list"]));
    assert_eq!(
        out.status.code(),
        Some(2),
        "plain http to a remote host is refused: {}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_key_and_an_unreachable_host_fail_fast_without_echoing_the_key() {
    let ip1 = Ip1::start().await;
    let out = contacts(&common::ip1_args(&ip1.base, "wrong-secret-77", &["list"]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("authentication failed"), "{err}");
    assert!(!err.contains("wrong-secret-77") && !stdout(&out).contains("wrong-secret-77"));
    assert!(!err.contains("panicked"), "{err}");

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let start = Instant::now();
    let out = contacts(&common::ip1_args(
        &format!("http://127.0.0.1:{port}"),
        "k",
        &["list"],
    ));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!(
            "GET 127.0.0.1:{port}/v2/contacts: could not connect"
        )),
        "the address with its port: {}",
        stderr(&out)
    );
    assert!(start.elapsed() < Duration::from_secs(20));

    // A host that accepts and never answers: bounded by --timeout.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap();
    let start = Instant::now();
    let silent_base = format!("http://{addr}");
    let out = contacts(&common::ip1_args(
        &silent_base,
        "k",
        &["--timeout", "1", "list"],
    ));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("timed out"), "{}", stderr(&out));
    assert!(
        start.elapsed() < Duration::from_secs(40),
        "{:?}",
        start.elapsed()
    );
    drop(silent);
}

#[test]
fn emulate_prints_the_base_url_first_and_serves() {
    let (mut child, base) = common::start_emulator(process_home(), &["ip1", "--api-key", "emu"]);
    let create = ["create", "--set", "phoneNumber=+461"];
    let out = contacts(&common::ip1_args(&base, "emu", &create));
    assert!(out.status.success(), "{}", stderr(&out));
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn conformance_with_no_provider_runs_the_builtin_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let out = contacts(&[
        "conformance",
        "--cases",
        "4",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    let table = stdout(&out);
    assert!(
        table.contains("memory") && table.contains("ip1") && table.contains("addressbook"),
        "{table}"
    );
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let names: Vec<&str> = json["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["provider"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["memory", "sqlite", "ip1", "addressbook"]);
}

#[test]
fn a_closed_pipe_ends_list_quietly_with_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("many.db");
    let db = db.to_str().unwrap();
    let csv: String = std::iter::once("phoneNumber,firstName\n".to_owned())
        .chain((0..3000).map(|i| format!("+4670{i:07},Person {i}\n")))
        .collect();
    let file = common::write_file(dir.path(), "many.csv", csv);
    let out = on_db(db, &["-q", "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    let mut child = common::command(process_home(), &["--db", db, "list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    reader.read_line(&mut first).unwrap();
    assert!(first.starts_with("ID"), "{first}");
    drop(reader); // the reader goes away, like `head` after its lines
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}

#[test]
fn capabilities_and_delete_speak_json_and_tables_end_with_a_newline() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let db = db.to_str().unwrap();
    let out = on_db(
        db,
        &["create", "--set", "phoneNumber=+461", "--output", "json"],
    );
    let id = json_lines(&out)[0]["id"].as_str().unwrap().to_owned();
    let out = on_db(db, &["-q", "capabilities"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).ends_with('\n'));
    let out = on_db(db, &["capabilities", "--output", "json"]);
    assert_eq!(json_lines(&out).len(), 1);
    let out = on_db(db, &["delete", &id, "--output", "json"]);
    assert_eq!(json_lines(&out)[0]["deleted"], id.as_str());
}

#[test]
fn completions_are_generated_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef contacts"),
        ("fish", "complete -c contacts"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = contacts(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(
            script.contains("import"),
            "{shell}: subcommands are completed"
        );
    }
    let out = contacts(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Every card of a vCard file, read by the workspace's one reader.
fn parse_vcards(text: &str) -> Vec<contacts_core::Card> {
    contacts_formats::vcard::read(text)
        .into_iter()
        .map(|card| card.unwrap_or_else(|e| panic!("{e}\n{text}")).card)
        .collect()
}

#[test]
fn vcards_parse_back_with_their_numbers_and_stable_uids() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    let db = db.to_str().unwrap();
    for phone in ["+46 70 123 45 67", "12;34 not a number"] {
        let set = format!("phoneNumber={phone}");
        let out = on_db(db, &["-q", "create", "--set", &set]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let export = || {
        let out = on_db(db, &["export", "--format", "vcard"]);
        assert!(out.status.success(), "{}", stderr(&out));
        parse_vcards(&stdout(&out))
    };
    let cards = export();
    assert_eq!(cards.len(), 2);
    let mut tels: Vec<String> = cards
        .iter()
        .map(|card| {
            let phone = card.flat_properties();
            phone.phone_number().expect("a TEL").to_owned()
        })
        .collect();
    tels.sort();
    // A valid number is written as a `tel:` URI of its E.164 form, any other as its text.
    assert_eq!(tels, ["+46701234567", "12;34 not a number"]);
    let uids = |cards: &[contacts_core::Card]| -> Vec<String> {
        cards
            .iter()
            .map(|c| c.uid.clone().expect("a UID"))
            .collect()
    };
    let first = uids(&cards);
    assert!(
        first.iter().all(|u| u.starts_with("urn:uuid:")),
        "{first:?}"
    );
    assert_ne!(first[0], first[1]);
    assert_eq!(first, uids(&export()), "the same UIDs at every export");
}

#[cfg(unix)]
fn chmod(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_profiles_one_per_emulator_in_one_shell_without_environment() {
    let ip1 = contacts_testkit::ip1::emulator("p-ip1-key").await;
    let atom = contacts_testkit::atom::emulator("p-atom-key").await;
    let book = atom.create_book("Profiles");
    let dir = tempfile::tempdir().unwrap();
    let config = common::config_file(
        dir.path(),
        &format!(
            "[profiles.ip1]\nprovider = \"ip1\"\nbase_url = \"{}\"\n\
             api_key_command = \"echo p-ip1-key\"\nregion = \"SE\"\ncreate_concurrency = 2\n\n\
             [profiles.atom]\nprovider = \"addressbook\"\nbase_url = \"{}\"\naddress_book = {book}\n\
             api_key = \"p-atom-key\"\ncustom_keys = [\"email\", \"department\", \"c3\", \"c4\"]\n\
             timeout_secs = 10\n",
            ip1.base_url(),
            atom.base_url()
        ),
    );
    let config = config.as_str();
    let run = |args: &[&str]| common::on_config(process_home(), config, args);
    let profile =
        |name: &str, args: &[&str]| common::with_profile(process_home(), config, name, args);

    // ip1: the key from a command, national numbers read in the profile's region.
    let csv = common::write_file(
        dir.path(),
        "in.csv",
        "phoneNumber,firstName\n070-123 45 67,Ada\n",
    );
    let out = profile(
        "ip1",
        &["import", csv.to_str().unwrap(), "--normalize-phones"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = profile("ip1", &["list", "--output", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        json_lines(&out)[0]["properties"]["phoneNumber"],
        "+46701234567"
    );

    // atom: a literal key in a file only its owner reads: no warning.
    let set = ["--set", "phoneNumber=+61412345678", "--set", "email=a@b.c"];
    let out = profile("atom", &[&["create"], &set[..]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert_eq!(atom.contacts_in(book).len(), 1);
    // CONTACTS_PROFILE chooses too; flags override the profile.
    let chosen = [("CONTACTS_CONFIG", config), ("CONTACTS_PROFILE", "atom")];
    let out = common::with_env(process_home(), &chosen, &["list", "--output", "json"]);
    assert_eq!(json_lines(&out).len(), 1, "{}", stderr(&out));
    let out = profile("atom", &["--api-key", "wrong", "list"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    // profiles list / show, the key redacted.
    let out = run(&["profiles", "list"]);
    assert!(
        stdout(&out).contains("atom") && stdout(&out).contains("ip1"),
        "{}",
        stdout(&out)
    );
    let out = run(&["profiles", "show", "atom"]);
    let shown = stdout(&out);
    assert!(
        shown.contains("***") && shown.contains("custom_keys"),
        "{shown}"
    );
    assert!(!shown.contains("p-atom-key"), "{shown}");
    let out = run(&["profiles", "show", "atom", "--output", "json"]);
    assert_eq!(json_lines(&out)[0]["settings"]["api_key"], "***");

    // The same file readable by others: a warning, still no key.
    chmod(std::path::Path::new(config), 0o644);
    let out = profile("atom", &["list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning") && stderr(&out).contains("chmod 600"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("p-atom-key") && !stdout(&out).contains("p-atom-key"));
    let out = run(&["profiles", "show", "atom"]);
    assert!(stderr(&out).contains("warning"), "{}", stderr(&out));
}

#[test]
fn a_profile_can_name_the_local_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("profile.db");
    let config = common::write_file(
        dir.path(),
        "config.toml",
        format!(
            "[profiles.local]\nprovider = \"sqlite\"\npath = {:?}\n",
            db.to_str().unwrap()
        ),
    );
    let create = ["create", "--set", "phoneNumber=+461"];
    let out = common::with_profile(dir.path(), config.to_str().unwrap(), "local", &create);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(db.exists(), "the store is where the profile says");
}

#[test]
fn a_bad_config_file_is_named_with_its_line_and_a_failing_key_command_shows_no_key() {
    let dir = tempfile::tempdir().unwrap();
    let bad = common::write_file(
        dir.path(),
        "bad.toml",
        "[profiles.x]\nprovider = \"ip1\"\napi_key = sec-ret-1\n",
    );
    let out = common::with_profile(dir.path(), bad.to_str().unwrap(), "x", &["list"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:3:", bad.display())), "{err}");
    assert!(!err.contains("sec-ret-1"), "{err}");

    let failing = common::write_file(
        dir.path(),
        "failing.toml",
        "[profiles.x]\nprovider = \"ip1\"\napi_key_command = \"s=sec; echo ${s}ret-2; exit 1\"\n",
    );
    let failing = failing.to_str().unwrap();
    let out = common::with_profile(dir.path(), failing, "x", &["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("api_key_command"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("secret-2") && !stdout(&out).contains("secret-2"));

    let out = common::with_profile(dir.path(), failing, "nope", &["list"]);
    common::stderr_says(&out, "no profile \"nope\"");
}

/// Starts `contacts emulate VENDOR`, returns the child, its first `lines` lines of stdout, and
/// its stderr up to the line that says it serves.
fn start_emulator(vendor: &str, lines: usize) -> (std::process::Child, Vec<String>, String) {
    let mut child = common::command(process_home(), &["emulate", vendor])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let stdout_lines = (0..lines)
        .map(|_| {
            let mut line = String::new();
            out.read_line(&mut line).unwrap();
            line.trim_end().to_owned()
        })
        .collect();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut text = String::new();
    while !text.contains("serving") {
        if err.read_line(&mut text).unwrap() == 0 {
            break;
        }
    }
    (child, stdout_lines, text)
}

#[test]
fn emulate_addressbook_prints_url_book_and_export_lines() {
    let (mut child, lines, err) = start_emulator("addressbook", 2);
    let (base, book) = (&lines[0], &lines[1]);
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    assert!(book.parse::<i64>().is_ok(), "{book}");
    for line in [
        "export CONTACTS_PROVIDER=addressbook".to_owned(),
        format!("export CONTACTS_BASE_URL={base}"),
        format!("export CONTACTS_ADDRESS_BOOK={book}"),
        "export CONTACTS_API_KEY=".to_owned(),
    ] {
        assert!(err.contains(&line), "{line} in {err}");
    }
    // The lines work as they are: the same variables, then a command.
    let env: Vec<(String, String)> = err
        .lines()
        .filter_map(|l| l.strip_prefix("export "))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let out = common::with_env(
        process_home(),
        &env,
        &["create", "--set", "phoneNumber=+61412345678"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = common::with_env(process_home(), &env, &["list", "--output", "json"]);
    let listed = json_lines(&out);
    assert_eq!(listed.len(), 1, "{}", stderr(&out));
    assert_eq!(listed[0]["addressBook"], book.as_str());
    child.kill().unwrap();
    child.wait().unwrap();

    let (mut child, lines, err) = start_emulator("ip1", 1);
    assert!(lines[0].starts_with("http://127.0.0.1:"), "{lines:?}");
    assert!(err.contains("export CONTACTS_PROVIDER=ip1"), "{err}");
    assert!(
        err.contains(&format!("export CONTACTS_BASE_URL={}", lines[0])),
        "{err}"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_mistyped_db_is_never_created_by_a_read_nor_its_directories_by_anything() {
    let dir = tempfile::tempdir().unwrap();
    let backup = common::write_file(dir.path(), "backup.csv", "phoneNumber\n+46701234567\n");
    let typo = dir.path().join("contcts.db");
    let typo = typo.to_str().unwrap();
    for read in [
        &["list"][..],
        &common::export_args("csv", &backup),
        &["capabilities"],
    ] {
        let out = on_db(typo, read);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        common::stderr_says(&out, "there is no local store at");
    }
    assert!(!std::path::Path::new(typo).exists());
    assert_eq!(
        std::fs::read_to_string(&backup).unwrap(),
        "phoneNumber\n+46701234567\n",
        "the backup is untouched"
    );
    let nested = dir.path().join("no").join("such").join("dir").join("c.db");
    let nested = nested.to_str().unwrap();
    let out = on_db(nested, &["create", "--set", "firstName=A"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!dir.path().join("no").exists(), "no directory was created");
    let state = dir.path().join("nope").join("state.db");
    let state = state.to_str().unwrap();
    let out = on_db(nested, &["sync", "local", "other", "--state", state]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        !dir.path().join("nope").exists(),
        "no directory was created"
    );
}

#[test]
fn create_refuses_an_empty_value_instead_of_an_empty_contact() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let db = db.to_str().unwrap();
    let out = on_db(db, &["create", "--set", "phoneNumber="]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("empty value"), "{}", stderr(&out));
    let out = on_db(db, &["create", "--set", "firstName=A", "--output", "json"]);
    let id = json_lines(&out)[0]["id"].as_str().unwrap().to_owned();
    let out = on_db(db, &["update", &id, "--set", "firstName="]);
    common::stderr_says(&out, "--unset firstName");
}
