//! `contacts sync` through the built binary: 2,000 iP1 contacts in mixed number formats, some
//! numbers twice, migrated into an Atom address book; a second run plans nothing; a change on
//! iP1 arrives on Atom on the third. A run killed with SIGKILL part-way (among creates, updates
//! or deletes) converges on the next, with no duplicate and nothing lost. A dry run writes nothing; two-way with the local store.

mod common;

use common::{command, config_file, contacts, json_lines, ok};
use contacts_core::{ContactPatch, ContactProvider, NewContact};
use contacts_emulator::FaultConfig;
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_emulator::ip1::Ip1Emulator;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Writes a config with profiles `ip1` and `atom` (no rate limit) and returns its path.
fn config(dir: &Path, ip1: &Ip1Emulator, atom: &AddressBookEmulator, book: &str) -> String {
    let text = format!(
        "[profiles.ip1]\nprovider = \"ip1\"\nbase_url = \"{}\"\napi_key = \"vendor-key\"\nregion = \"SE\"\n\n\
         [profiles.atom]\nprovider = \"addressbook\"\nbase_url = \"{}\"\napi_key = \"atom\"\n\
         address_book = \"{book}\"\nregion = \"SE\"\nrate_limit = 0\n",
        ip1.base_url(),
        atom.base_url()
    );
    config_file(dir, &text)
}

/// `contacts --config CFG --profile PROFILE args…`, asserting success; stdout.
fn on_profile(home: &Path, cfg: &str, profile: &str, args: &[&str]) -> String {
    ok(contacts(
        home,
        &[&["--config", cfg, "--profile", profile], args].concat(),
    ))
}

/// Asserts a contact on iP1 (the `ip1` profile) holds `value` under `key`.
#[track_caller]
fn assert_on_ip1(home: &Path, cfg: &str, key: &str, value: &str) {
    let on_ip1 = list(home, cfg, "ip1");
    assert!(
        on_ip1.iter().any(|c| c["properties"][key] == value),
        "no {key} = {value}: {on_ip1:?}"
    );
}

/// Every contact of the profile's store, as `list --output json` gives them.
fn list(home: &Path, cfg: &str, profile: &str) -> Vec<Value> {
    json_lines(&on_profile(
        home,
        cfg,
        profile,
        &["--output", "json", "list"],
    ))
}

/// `sync ip1 atom --map email=custom1` with the state in `state`, quiet, as JSON, and `extra`.
fn sync_args<'a>(cfg: &'a str, state: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = common::sync_json_args(cfg, "ip1", "atom", state);
    args.extend(["--map", "email=custom1"]);
    args.extend_from_slice(extra);
    args
}

fn sync_with(home: &Path, cfg: &str, state: &str, extra: &[&str]) -> Value {
    serde_json::from_str(ok(contacts(home, &sync_args(cfg, state, extra))).trim()).unwrap()
}

fn sync(home: &Path, cfg: &str, state: &str) -> Value {
    sync_with(home, cfg, state, &[])
}

fn count(plan: &Value, action: &str) -> usize {
    plan["plan"]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["action"] == action)
        .count()
}

/// Whether a run planned nothing: no action, no open conflict.
#[track_caller]
fn assert_nothing_planned(run: &Value) {
    let plan = &run["plan"];
    assert!(
        plan["actions"].as_array().unwrap().is_empty()
            && plan["conflicts"].as_array().unwrap().is_empty(),
        "{plan:#}"
    );
}

/// A provider on the iP1 emulator, to seed and edit it quickly (bulk `sync` imports).
fn ip1_provider(ip1: &Ip1Emulator) -> impl ContactProvider {
    contacts_testkit::ip1::provider(ip1)
}

/// Person `i`'s Swedish mobile number, national digits without the leading 0.
fn digits(i: usize) -> String {
    format!("70{:07}", 1_000_000 + i)
}

/// Person `i` as written on iP1: their number in one of four formats people write
/// (`07…`, `+46 7…`, `0046 7…`, `467…`), a name and an e-mail.
fn person(i: usize, number_of: usize) -> NewContact {
    let d = digits(number_of);
    let phone = match i % 4 {
        0 => format!("0{d}"),
        1 => format!("+46 {d}"),
        2 => format!("0046 {d}"),
        _ => format!("46{d}"),
    };
    NewContact::new()
        .property("phoneNumber", phone)
        .property("firstName", format!("Person {i}"))
        .property("email", format!("p{i}@example.com"))
}

/// The Atom book by E.164 number: (first name, custom_1); panics on a number held twice.
fn atom_people(atom: &AddressBookEmulator, book: i64) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    for c in atom.contacts_in(book) {
        let field = |f: &str| c[f].as_str().unwrap_or_default().to_owned();
        let number = field("phone_number");
        let person = (field("first_name"), field("custom_1"));
        assert!(
            out.insert(number.clone(), person).is_none(),
            "{number} twice on Atom"
        );
    }
    out
}

/// The two emulators a test syncs between, kept alive for as long as the test runs.
struct Emulators {
    ip1: Ip1Emulator,
    atom: AddressBookEmulator,
    /// The Atom book the `atom` profile names.
    book: i64,
}

/// What every test here starts from: a data home, the emulators, and a config naming both
/// (profiles `ip1` and `atom`).
async fn scene() -> (tempfile::TempDir, Emulators, String) {
    let home = tempfile::tempdir().unwrap();
    let ip1 = contacts_testkit::ip1::emulator("vendor-key").await;
    let atom = contacts_testkit::atom::emulator("atom").await;
    let book = atom.create_book("Main");
    let cfg = config(home.path(), &ip1, &atom, &book.to_string());
    (home, Emulators { ip1, atom, book }, cfg)
}

/// The state file `ip1-atom.db` in the data home, as `--state` takes it.
fn state_in(home: &Path) -> String {
    home.join("ip1-atom.db").display().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn ip1_into_atom_then_nothing_then_the_change() {
    const PEOPLE: usize = 2_000;
    let started = Instant::now();
    let (home, emu, cfg) = scene().await;
    let (ip1, atom, book) = (&emu.ip1, &emu.atom, emu.book);
    let state = state_in(home.path());
    // Every 50th person has the number of the one before, written another way: 40 numbers
    // held twice, reported and not merged.
    let twin = |i: usize| i % 50 == 49;
    let docs: Vec<NewContact> = (0..PEOPLE)
        .map(|i| person(i, if twin(i) { i - 1 } else { i }))
        .collect();
    let made = ip1_provider(ip1).create(&docs).await.unwrap();
    assert_eq!(made.len(), PEOPLE);
    let expected: BTreeMap<String, (String, String)> = (0..PEOPLE)
        .filter(|&i| !twin(i) && !twin(i + 1))
        .map(|i| {
            let person = (format!("Person {i}"), format!("p{i}@example.com"));
            (format!("+46{}", digits(i)), person)
        })
        .collect();
    assert_eq!(expected.len(), PEOPLE - 80);

    let first = sync(home.path(), &cfg, &state);
    assert_eq!(count(&first, "create"), PEOPLE - 80, "{}", first["outcome"]);
    assert_eq!(first["outcome"]["created"], PEOPLE - 80);
    let skips = first["plan"]["skips"].as_array().unwrap();
    assert_eq!(
        skips.len(),
        80,
        "both holders of each duplicate are reported"
    );
    assert_eq!(
        atom_people(atom, book),
        expected,
        "each person once, e-mail in custom_1"
    );

    let second = sync(home.path(), &cfg, &state);
    assert_nothing_planned(&second);

    let rename = [
        "update",
        made[0].id.as_str(),
        "--set",
        "firstName=Ada Lovelace",
    ];
    on_profile(home.path(), &cfg, "ip1", &rename);
    let third = sync(home.path(), &cfg, &state);
    assert_eq!(
        (count(&third, "update"), count(&third, "create")),
        (1, 0),
        "{}",
        third["plan"]
    );
    let mut expected = expected;
    expected.get_mut(&format!("+46{}", digits(0))).unwrap().0 = "Ada Lovelace".into();
    assert_eq!(atom_people(atom, book), expected);

    // The state file is this pair's: another pair is refused.
    let other = contacts(
        home.path(),
        &["--config", &cfg, "sync", "ip1", "local", "--state", &state],
    );
    assert_eq!(other.status.code(), Some(1));
    let err = String::from_utf8_lossy(&other.stderr);
    assert!(err.contains("belongs to the pair ip1 -> atom"), "{err}");
    eprintln!("2,000 contacts migrated in {:?}", started.elapsed());
}

/// Deletes carried too, consented to by number.
const DELETING: &[&str] = &["--delete", "--allow-deletes", "1000"];

/// Starts `contacts sync ip1 atom --delete --allow-deletes 1000`, waits until `part_way()` holds (polling
/// the emulator), and kills the process with SIGKILL.
async fn kill_part_way(home: &Path, cfg: &str, state: &str, part_way: impl Fn() -> bool) {
    let mut child = command(home, &sync_args(cfg, state, DELETING))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !part_way() {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
            panic!("the run ended ({status}) before it could be killed part-way: {err}");
        }
        assert!(Instant::now() < deadline, "no progress in 60 s");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(9), "killed by SIGKILL");
    }
    assert!(!status.success());
}

/// Atom answering slowly, so that a run lasts long enough to be stopped part-way.
fn slow() -> FaultConfig {
    FaultConfig {
        latency: Duration::from_millis(10),
        ..FaultConfig::none()
    }
}

/// A run killed (see [`kill_part_way`]) while Atom is [`slow`], then run again at full speed:
/// what `measure()` read in between, and the report of the second run.
async fn killed_then_rerun(
    home: &Path,
    cfg: &str,
    state: &str,
    atom: &AddressBookEmulator,
    part_way: impl Fn() -> bool,
    measure: impl Fn() -> usize,
) -> (usize, Value) {
    atom.set_faults(slow());
    kill_part_way(home, cfg, state, part_way).await;
    let measured = measure();
    atom.set_faults(FaultConfig::none());
    (measured, sync_with(home, cfg, state, DELETING))
}

/// Says how a run was killed and what its rerun did, and asserts that one more run plans
/// nothing: the pair converged.
#[track_caller]
fn converged(home: &Path, cfg: &str, state: &str, killed: &str, rerun: &Value) {
    eprintln!("killed {killed}; the rerun: {}", rerun["outcome"]);
    assert_nothing_planned(&sync_with(home, cfg, state, DELETING));
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_run_killed_part_way_converges_on_the_next_without_duplicates() {
    const PEOPLE: usize = 300;
    const RENAMED: usize = 100;
    const DELETED: usize = 100;
    let (home, emu, cfg) = scene().await;
    let (ip1, atom, book) = (&emu.ip1, &emu.atom, emu.book);
    let state = state_in(home.path());
    let (home, cfg, state) = (home.path(), cfg.as_str(), state.as_str());
    let ip1_store = ip1_provider(ip1);
    let docs: Vec<NewContact> = (0..PEOPLE).map(|i| person(i, i)).collect();
    let made = ip1_store.create(&docs).await.unwrap();
    let numbers = |atom: &AddressBookEmulator| -> BTreeSet<String> {
        atom_people(atom, book).into_keys().collect()
    };
    let all_numbers: BTreeSet<String> = (0..PEOPLE).map(|i| format!("+46{}", digits(i))).collect();

    // Killed among the creates.
    let stored = || atom.contacts_in(book).len();
    let (landed, rerun) =
        killed_then_rerun(home, cfg, state, atom, || stored() >= PEOPLE / 8, stored).await;
    assert!(0 < landed && landed < PEOPLE, "killed part-way: {landed}");
    assert!(
        count(&rerun, "create") <= PEOPLE - landed,
        "what landed is not created again: {}",
        rerun["outcome"]
    );
    assert_eq!(numbers(atom), all_numbers, "each person once");
    converged(
        home,
        cfg,
        state,
        &format!("at {landed} of {PEOPLE} creates"),
        &rerun,
    );

    // Killed among the updates.
    for c in made.iter().take(RENAMED) {
        let name = c.properties.first_name().unwrap();
        let patch = ContactPatch::new().set("firstName", format!("{name} v2"));
        ip1_store.update(&c.id, &patch).await.unwrap();
    }
    let renamed = || {
        atom_people(atom, book)
            .values()
            .filter(|p| p.0.ends_with(" v2"))
            .count()
    };
    let (landed, rerun) = killed_then_rerun(
        home,
        cfg,
        state,
        atom,
        || renamed() >= RENAMED / 10,
        renamed,
    )
    .await;
    assert!(0 < landed && landed < RENAMED, "killed part-way: {landed}");
    assert_eq!(count(&rerun, "create"), 0, "{}", rerun["plan"]);
    assert_eq!(renamed(), RENAMED, "no update lost");
    assert_eq!(numbers(atom), all_numbers, "each person once");
    converged(
        home,
        cfg,
        state,
        &format!("at {landed} of {RENAMED} updates"),
        &rerun,
    );

    // Killed among the deletes.
    for c in made.iter().skip(PEOPLE - DELETED) {
        ip1_store.delete(&c.id).await.unwrap();
    }
    let part_way = || stored() <= PEOPLE - DELETED / 10;
    let (left, rerun) = killed_then_rerun(home, cfg, state, atom, part_way, stored).await;
    assert!(
        PEOPLE - DELETED < left && left < PEOPLE,
        "killed part-way: {left}"
    );
    let kept: BTreeSet<String> = (0..PEOPLE - DELETED)
        .map(|i| format!("+46{}", digits(i)))
        .collect();
    assert_eq!(numbers(atom), kept, "the deleted are gone, the rest kept");
    converged(
        home,
        cfg,
        state,
        &format!("with {left} of {PEOPLE} left"),
        &rerun,
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_writes_nothing_and_prints_the_plan() {
    let (home, _emulators, cfg) = scene().await;
    let create = ["create", "--set", "phoneNumber=+46701234567"];
    on_profile(home.path(), &cfg, "ip1", &create);
    let out = ok(contacts(
        home.path(),
        &["--config", &cfg, "sync", "ip1", "atom", "--dry-run"],
    ));
    assert!(
        out.contains("dry run") && out.contains("create on target"),
        "{out}"
    );
    let row = |name: &str| {
        out.lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>())
    };
    assert_eq!(row("created"), Some(vec!["1", "0"]), "{out}");
    assert_eq!(row("skipped"), Some(vec!["0", "0"]), "{out}");
    assert!(list(home.path(), &cfg, "atom").is_empty());
    assert!(
        !home.path().join("contacts").join("sync").exists(),
        "no state file in a dry run"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn two_way_with_the_local_store_carries_a_local_contact_to_ip1() {
    let (home, _emulators, cfg) = scene().await;
    let create = ["create", "--set", "phoneNumber=+46701234567"];
    on_profile(home.path(), &cfg, "ip1", &create);
    ok(contacts(
        home.path(),
        &[
            "-q",
            "create",
            "--set",
            "phoneNumber=+46709876543",
            "--set",
            "firstName=Local",
        ],
    ));
    let args = [
        "--config",
        &cfg,
        "-q",
        "--output",
        "json",
        "sync",
        "ip1",
        "local",
        "--two-way",
        "--region",
        "SE",
    ];
    let first: Value = serde_json::from_str(ok(contacts(home.path(), &args)).trim()).unwrap();
    assert_eq!(count(&first, "create"), 2, "{first:#}");
    assert_eq!(first["outcome"]["created"], 2, "{first:#}");
    assert_on_ip1(home.path(), &cfg, "firstName", "Local");
    let again: Value = serde_json::from_str(ok(contacts(home.path(), &args)).trim()).unwrap();
    assert_nothing_planned(&again);
    assert!(
        home.path().join("contacts/sync/ip1--local.db").exists(),
        "one state file per pair"
    );
}

// What a user's first weeks found: restores that the sync took for deletes, a state file used
// with another store, a provider synced with itself, conflicts a scheduled run could not see.

/// `contacts --db DB [-q] args…`, asserting success; stdout.
fn local(home: &Path, db: &Path, args: &[&str]) -> String {
    let mut all = vec!["--db", db.to_str().unwrap(), "-q"];
    all.extend_from_slice(args);
    ok(contacts(home, &all))
}

/// `contacts --config CFG --db DB -q sync local ip1 extra…`.
fn sync_local(home: &Path, cfg: &str, db: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "--config",
        cfg,
        "--db",
        db.to_str().unwrap(),
        "-q",
        "sync",
        "local",
        "ip1",
    ];
    args.extend_from_slice(extra);
    contacts(home, &args)
}

fn seed_local(home: &Path, db: &Path, n: usize) {
    let file = home.join(format!("seed-{n}.csv"));
    let mut csv = String::from("phoneNumber,firstName\n");
    for i in 0..n {
        csv.push_str(&format!("+4670{:07},Person {i}\n", 2_000_000 + i));
    }
    std::fs::write(&file, csv).unwrap();
    local(home, db, &["import", file.to_str().unwrap()]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_local_store_restored_from_its_export_syncs_and_deletes_nothing() {
    let (home, _emulators, cfg) = scene().await;
    let db = home.path().join("mine.db");
    seed_local(home.path(), &db, 12);
    let sync = |extra: &[&str]| {
        let mut all = vec!["--two-way", "--delete"];
        all.extend_from_slice(extra);
        sync_local(home.path(), &cfg, &db, &all)
    };
    ok(sync(&[]));
    assert_eq!(
        list(home.path(), &cfg, "ip1").len(),
        12,
        "--db applies to sync local"
    );

    let backup = home.path().join("backup.jsonl");
    local(home.path(), &db, &common::export_args("jsonl", &backup));
    local(home.path(), &db, &["delete", "--all", "--yes"]);
    local(home.path(), &db, &["import", backup.to_str().unwrap()]);
    ok(sync(&[]));
    let on_ip1 = list(home.path(), &cfg, "ip1");
    assert_eq!(
        on_ip1.len(),
        12,
        "nothing deleted as 'deleted on the source'"
    );

    // An edit of a restored contact travels.
    let restored = json_lines(&local(home.path(), &db, &["--output", "json", "list"]));
    let id = restored[0]["id"].as_str().unwrap();
    local(
        home.path(),
        &db,
        &["update", id, "--set", "company=Restored"],
    );
    ok(sync(&[]));
    assert_on_ip1(home.path(), &cfg, "company", "Restored");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_state_file_is_refused_for_another_store_whatever_the_flags() {
    let (home, _emulators, cfg) = scene().await;
    let state = home.path().join("nightly.db");
    let (real, typo) = (home.path().join("real.db"), home.path().join("other.db"));
    seed_local(home.path(), &real, 20);
    local(
        home.path(),
        &typo,
        &["create", "--set", "phoneNumber=+46709999999"],
    );
    let sync_with = |db: &Path, extra: &[&str]| {
        let mut all = vec![
            "--delete",
            "--allow-deletes",
            "500",
            "--delete-threshold",
            "500",
            "--state",
            state.to_str().unwrap(),
        ];
        all.extend_from_slice(extra);
        sync_local(home.path(), &cfg, db, &all)
    };
    let sync = |db: &Path| sync_with(db, &[]);
    ok(sync(&real));
    assert_eq!(list(home.path(), &cfg, "ip1").len(), 20);
    let wrong = sync(&typo);
    let err = String::from_utf8_lossy(&wrong.stderr);
    assert_eq!(wrong.status.code(), Some(1), "{err}");
    assert!(
        err.contains("not the store this state file was made with"),
        "{err}"
    );
    assert!(err.contains("--rebind-stores"), "{err}");
    assert_eq!(
        list(home.path(), &cfg, "ip1").len(),
        20,
        "nothing was deleted"
    );
    // Told the store moved on purpose, the guard against a store that lost most of its synced
    // contacts still stands between the typo and the deletes.
    let rebound = sync_with(&typo, &["--rebind-stores"]);
    let err = String::from_utf8_lossy(&rebound.stderr);
    assert_eq!(rebound.status.code(), Some(1), "{err}");
    assert!(err.contains("--allow-mass-loss"), "{err}");
    assert_eq!(list(home.path(), &cfg, "ip1").len(), 20, "nothing deleted");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_store_is_never_synced_with_itself() {
    let home = tempfile::tempdir().unwrap();
    let ip1 = contacts_testkit::ip1::emulator("vendor-key").await;
    let text = format!(
        "[profiles.sms]\nprovider = \"ip1\"\nbase_url = \"{url}\"\napi_key = \"vendor-key\"\n\n\
         [profiles.sms2]\nprovider = \"ip1\"\nbase_url = \"{url}\"\napi_key = \"vendor-key\"\n",
        url = ip1.base_url()
    );
    let cfg = config_file(home.path(), &text);
    let same = contacts(home.path(), &["--config", &cfg, "sync", "sms", "sms"]);
    assert_eq!(same.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&same.stderr).contains("with itself"));
    let state = home.path().join("s.db");
    let aliased = contacts(
        home.path(),
        &[
            "--config",
            &cfg,
            "sync",
            "sms",
            "sms2",
            "--state",
            state.to_str().unwrap(),
        ],
    );
    let err = String::from_utf8_lossy(&aliased.stderr);
    assert_eq!(aliased.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the same store") && !err.contains("vendor-key"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unresolved_conflicts_exit_3_and_deletes_past_the_threshold_need_their_number() {
    let (home, _emulators, cfg) = scene().await;
    let db = home.path().join("c.db");
    seed_local(home.path(), &db, 12);
    let sync = |extra: &[&str]| sync_local(home.path(), &cfg, &db, extra);
    ok(sync(&["--two-way"]));
    let mine = json_lines(&local(home.path(), &db, &["--output", "json", "list"]));
    let theirs = list(home.path(), &cfg, "ip1");
    let (my_id, their_id) = (mine[0]["id"].as_str().unwrap(), {
        let phone = &mine[0]["properties"]["phoneNumber"];
        theirs
            .iter()
            .find(|c| &c["properties"]["phoneNumber"] == phone)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    });
    local(
        home.path(),
        &db,
        &["update", my_id, "--set", "company=Mine"],
    );
    let edit = ["update", &their_id, "--set", "company=Theirs"];
    on_profile(home.path(), &cfg, "ip1", &edit);
    let conflicted = sync(&["--two-way"]);
    assert_eq!(
        conflicted.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&conflicted.stderr)
    );
    assert!(String::from_utf8_lossy(&conflicted.stderr).contains("1 conflict was left unresolved"));

    for contact in &mine[1..] {
        local(
            home.path(),
            &db,
            &["delete", contact["id"].as_str().unwrap()],
        );
    }
    let lost = sync(&["--delete", "--conflict", "source-wins"]);
    let err = String::from_utf8_lossy(&lost.stderr);
    assert_eq!(lost.status.code(), Some(1), "{err}");
    assert!(err.contains("(--allow-mass-loss)"), "{err}");
    let dry = sync(&[
        "--delete",
        "--conflict",
        "source-wins",
        "--allow-mass-loss",
        "--dry-run",
    ]);
    let err = String::from_utf8_lossy(&dry.stderr);
    assert_eq!(
        dry.status.code(),
        Some(1),
        "a dry run refuses as the run would: {err}"
    );
    assert!(err.contains("(--allow-deletes 11)"), "{err}");
    let refused = sync(&["--delete", "--conflict", "source-wins", "--allow-mass-loss"]);
    let err = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{err}");
    assert!(err.contains("(--allow-deletes 11)"), "{err}");
    assert_eq!(list(home.path(), &cfg, "ip1").len(), 12);
    ok(sync(&[
        "--delete",
        "--conflict",
        "source-wins",
        "--allow-mass-loss",
        "--allow-deletes",
        "11",
    ]));
    assert_eq!(list(home.path(), &cfg, "ip1").len(), 1);
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_stops_between_steps_with_everything_recorded_and_the_rerun_finishes() {
    // More than one batch of creates (500), so there is a step after the one in flight.
    const PEOPLE: usize = 1200;
    let (home, emu, cfg) = scene().await;
    let (ip1, atom, book) = (&emu.ip1, &emu.atom, emu.book);
    let state = state_in(home.path());
    let docs: Vec<NewContact> = (0..PEOPLE).map(|i| person(i, i)).collect();
    ip1_provider(ip1).create(&docs).await.unwrap();
    atom.set_faults(slow());
    let child = command(home.path(), &sync_args(&cfg, &state, &[]))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while atom.contacts_in(book).len() < PEOPLE / 8 {
        assert!(Instant::now() < deadline, "no progress in 60 s");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(
        err.contains("everything written so far is recorded"),
        "{err}"
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["outcome"]["stopped"], true);
    let landed = atom.contacts_in(book).len();
    assert!(landed < PEOPLE, "stopped part-way: {landed}");
    atom.set_faults(FaultConfig::none());
    let rerun = sync(home.path(), &cfg, &state);
    assert_eq!(
        count(&rerun, "create"),
        PEOPLE - landed,
        "exactly what did not land is created: {}",
        rerun["outcome"]
    );
    assert_eq!(atom_people(atom, book).len(), PEOPLE, "each person once");
}
