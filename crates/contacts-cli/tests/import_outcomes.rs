//! What `import` reports is what is stored: after errors whose outcome is unknown, after
//! Ctrl-C, when run again with `--match`, and in the background.

mod common;

use contacts_emulator::ip1::Ip1Emulator;
use contacts_emulator::{FaultConfig, FaultPhase};
use serde_json::Value;
use std::collections::BTreeMap;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

async fn emulator() -> Ip1Emulator {
    contacts_testkit::ip1::emulator("import-key").await
}

/// What most tests here start from: the iP1 emulator, a data home, and a CSV file in it.
struct Importer {
    emu: Ip1Emulator,
    dir: tempfile::TempDir,
    /// The CSV file's path.
    file: String,
}

impl Importer {
    /// The emulator and a CSV of `rows` people (see [`people`]).
    async fn of(rows: usize) -> Self {
        Self::with_csv(&people(rows)).await
    }

    /// The emulator and the CSV file `text`.
    async fn with_csv(text: &str) -> Self {
        Self::with_file("people.csv", text).await
    }

    /// The emulator and the file `name` holding `text`.
    async fn with_file(name: &str, text: &str) -> Self {
        let emu = emulator().await;
        let dir = tempfile::tempdir().unwrap();
        let file = common::write_file(dir.path(), name, text);
        let file = file.display().to_string();
        Self { emu, dir, file }
    }

    /// The binary against the emulator's iP1 with `rest`, ready to run.
    fn command(&self, rest: &[&str]) -> Command {
        let url = self.emu.base_url();
        common::command(self.dir.path(), &common::ip1_args(&url, "import-key", rest))
    }

    /// Runs [`Importer::command`].
    fn run(&self, rest: &[&str]) -> Output {
        self.command(rest).output().expect("the binary runs")
    }
}

/// A CSV of `rows` people, numbered from +46700000000.
fn people(rows: usize) -> String {
    let mut text = String::from("phoneNumber,firstName\n");
    for i in 0..rows {
        text.push_str(&format!("+4670{i:07},Person {i}\n"));
    }
    text
}

/// Phone number -> how many stored contacts carry it.
fn stored(emu: &Ip1Emulator) -> BTreeMap<String, usize> {
    let mut numbers = BTreeMap::new();
    for contact in emu.contacts() {
        let phone = contact["properties"]["phoneNumber"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        *numbers.entry(phone).or_insert(0) += 1;
    }
    numbers
}

fn summary(o: &Output) -> Value {
    let out = String::from_utf8_lossy(&o.stdout);
    serde_json::from_str(out.lines().last().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}: {out}\n{}", String::from_utf8_lossy(&o.stderr)))
}

/// The rows created and updated, as the last JSON line of an import says.
fn created_updated(said: &Value) -> (Option<u64>, Option<u64>) {
    (said["created"].as_u64(), said["updated"].as_u64())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_after_the_work_are_reconciled_so_failed_means_not_stored() {
    let importer = Importer::of(300).await;
    let emu = &importer.emu;
    emu.set_faults(FaultConfig {
        error_rate: 0.3,
        error_phase: FaultPhase::After,
        error_status: Some(500),
        ..FaultConfig::seeded(7)
    });
    let o = importer.run(&["--output", "json", "import", &importer.file]);
    emu.set_faults(FaultConfig::none());
    let said = summary(&o);
    let numbers = stored(emu);
    let total: usize = numbers.values().sum();
    assert_eq!(
        said["created"], total,
        "created counts what is stored: {said}"
    );
    assert_eq!(
        said["created"].as_u64().unwrap() + said["failed"].as_u64().unwrap(),
        300,
        "{said}"
    );
    assert!(said["confirmedAfterError"].as_u64().unwrap() > 0, "{said}");
    assert!(numbers.values().all(|n| *n == 1), "no duplicates");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_an_import_again_with_match_updates_instead_of_duplicating() {
    let importer = Importer::of(20).await;
    let (emu, file) = (&importer.emu, importer.file.as_str());
    common::ok(importer.run(&["import", file]));
    let o = importer.run(&["--output", "json", "import", file, "--match", "phone"]);
    let said = summary(&o);
    assert_eq!(created_updated(&said), (Some(0), Some(20)));
    assert_eq!(stored(emu).len(), 20);
    assert!(stored(emu).values().all(|n| *n == 1));
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_says_what_was_stored_and_how_to_go_on_without_duplicates() {
    // Four batches of 500, each slow enough to be caught in flight.
    let importer = Importer::of(2000).await;
    let (emu, file) = (&importer.emu, importer.file.as_str());
    emu.set_faults(FaultConfig {
        latency: Duration::from_millis(150),
        ..FaultConfig::none()
    });
    let child = importer
        .command(&["import", file])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while emu.contacts().is_empty() {
        assert!(Instant::now() < deadline, "nothing was stored in 60 s");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let pid = i32::try_from(child.id()).unwrap();
    // SIGINT, as Ctrl-C on a terminal sends it.
    assert!(
        std::process::Command::new("kill")
            .args(["-INT", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(130), "{err}");
    assert!(
        err.contains("interrupted") && err.contains("--match phone"),
        "{err}"
    );
    let part = stored(emu).len();
    assert!(0 < part && part < 2000, "stopped part-way: {part}");
    emu.set_faults(FaultConfig::none());
    common::ok(importer.run(&["import", file, "--match", "phone"]));
    let numbers = stored(emu);
    assert_eq!(numbers.len(), 2000);
    assert!(
        numbers.values().all(|n| *n == 1),
        "no duplicates after going on"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_key_stops_the_import_with_one_error_not_one_per_row() {
    let Importer { emu, dir, file } = Importer::of(1200).await;
    let url = emu.base_url();
    let o = common::contacts(
        dir.path(),
        &common::ip1_args(&url, "wrong-key", &["import", &file]),
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("stopped at line 2") && !err.contains("wrong-key"),
        "{err}"
    );
    assert!(emu.contacts().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn match_merges_rows_of_one_file_and_a_dry_run_says_what_the_run_does() {
    let importer = Importer::with_csv(
        "phoneNumber,firstName\n+46701234567,Ann\n+46701234568,Bo\n+46 70 123 45 67,Ann B\n",
    )
    .await;
    let run = |extra: &[&str]| {
        let all = [
            "--output",
            "json",
            "import",
            &importer.file,
            "--match",
            "phone",
        ];
        summary(&importer.run(&[&all[..], extra].concat()))
    };
    let dry = run(&["--dry-run"]);
    let real = run(&[]);
    for said in [&dry, &real] {
        assert_eq!(created_updated(said), (Some(2), Some(1)), "{said}");
    }
    assert_eq!(stored(&importer.emu).len(), 2);
    assert!(
        stored(&importer.emu).values().all(|n| *n == 1),
        "no duplicate"
    );
}

#[test]
fn a_number_too_short_for_its_region_is_refused_not_stored_shortened() {
    let store = common::Store::new();
    let file = store.file(
        "au.csv",
        "phoneNumber,firstName\n0412 34,Short\n0412 345 678,Ada\n",
    );
    let o = store.run(&["import", &file, "--normalize-phones", "--region", "AU"]);
    common::refused(&o, 1, &["line 2", "too short for AU"]);
    let numbers = store.property("phoneNumber");
    assert_eq!(numbers, ["+61412345678"], "only the whole number is stored");
}

#[test]
fn match_email_tells_apart_what_only_the_part_before_the_at_spells_differently() {
    let store = common::Store::new();
    common::ok(store.import("first.csv", "email,firstName\nada@x.se,Ada\n"));
    // The domain's case does not matter; the local part's may (RFC 5321): another mailbox.
    let again = store.file(
        "again.csv",
        "email,firstName\nada@X.SE,Ada Lovelace\nAda@x.se,Other Ada\n",
    );
    let o = store.run(&["--output", "json", "import", &again, "--match", "email"]);
    let said = summary(&o);
    assert_eq!(created_updated(&said), (Some(1), Some(1)), "{said}");
    let mut names = store.property("firstName");
    names.sort_by_key(ToString::to_string);
    assert_eq!(names, ["Ada Lovelace", "Other Ada"]);
}

#[test]
fn match_finds_a_value_it_cannot_read_by_its_text_so_a_rerun_creates_nothing() {
    // No region anywhere: a national number and a short code do not read as E.164; `n/a` is
    // no address.
    for (by, people) in [
        (
            "phone",
            "phoneNumber,firstName\n0412 345 678,Ada\n7799,Bob\n",
        ),
        ("email", "email,firstName\nn/a,Ada\nada@x.se,Bob\n"),
    ] {
        let store = common::Store::new();
        common::ok(store.import("people.csv", people));
        let file = store.file("people.csv", people);
        let o = store.run(&["--output", "json", "import", &file, "--match", by]);
        let said = summary(&o);
        assert_eq!(created_updated(&said), (Some(0), Some(2)), "{by}: {said}");
        assert_eq!(
            store.property("firstName").len(),
            2,
            "{by}: no contact twice"
        );
    }
}

#[test]
fn match_cannot_be_given_with_background_which_only_creates() {
    let store = common::Store::new();
    let file = store.file("people.csv", "phoneNumber\n+46701234567\n");
    let o = store.run(&["import", &file, "--background", "--match", "phone"]);
    common::refused(&o, 2, &["--match", "--background"]);
    assert!(store.path("c.db").metadata().is_err(), "nothing was opened");
}

/// Three rows, the second with a label the provider refuses (an empty one).
const ONE_BAD_ROW: &str = "{\"properties\":{\"phoneNumber\":\"+46700000001\"}}\n\
    {\"properties\":{\"phoneNumber\":\"+46700000002\"},\"labels\":[\"\"]}\n\
    {\"properties\":{\"phoneNumber\":\"+46700000003\"}}\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_background_import_checks_each_row_reports_the_bad_ones_and_submits_the_rest() {
    let importer = Importer::with_file("people.jsonl", ONE_BAD_ROW).await;
    let (emu, file) = (&importer.emu, importer.file.as_str());
    let dry = importer.run(&["import", "--background", "--dry-run", file]);
    let err = common::refused(&dry, 1, &["line 2", "1 row was not stored (line 2)"]);
    assert!(err.contains("labels must not be empty"), "{err}");
    assert!(
        common::stdout(&dry).contains("would submit 2"),
        "only the rows that pass are counted: {}",
        common::stdout(&dry)
    );
    assert!(emu.contacts().is_empty(), "a dry run sends nothing");
    let o = importer.run(&["import", "--background", file]);
    common::refused(&o, 1, &["line 2", "1 row was not stored (line 2)"]);
    assert!(
        common::stdout(&o).contains("imported 2"),
        "{}",
        common::stdout(&o)
    );
    let numbers: Vec<String> = stored(emu).into_keys().collect();
    assert_eq!(numbers, ["+46700000001", "+46700000003"]);
}
