//! What the binary-level tests share: running `contacts` with its own data directory and none
//! of the user's `CONTACTS_*` settings, and reading its output.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// The binary with `args`, its data and config directories in `data_home` (no config file of
/// the user's is read), no `CONTACTS_*` variable.
pub fn command(data_home: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_contacts"));
    command
        .args(args)
        .env_remove("CONTACTS_PROVIDER")
        .env_remove("CONTACTS_BASE_URL")
        .env_remove("CONTACTS_API_KEY")
        .env_remove("CONTACTS_ADDRESS_BOOK")
        .env_remove("CONTACTS_DB")
        .env_remove("CONTACTS_PROFILE")
        .env_remove("CONTACTS_CONFIG")
        .env("XDG_DATA_HOME", data_home)
        .env("XDG_CONFIG_HOME", data_home);
    command
}

/// A data home shared by the whole test process, for tests whose runs need no directory of
/// their own (the local store then never lands in the real home).
pub fn process_home() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

/// Runs the binary (see [`command`]).
pub fn contacts(data_home: &Path, args: &[&str]) -> Output {
    command(data_home, args).output().expect("the binary runs")
}

/// Runs the binary with `args` and only the `CONTACTS_*` variables of `env` (see [`command`]).
pub fn with_env(data_home: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    command(data_home, args)
        .envs(env.iter().copied())
        .output()
        .expect("the binary runs")
}

/// The `CONTACTS_*` variables that name `vendor` at `base` with `key`, as a shell would set
/// them instead of flags.
pub fn vendor_env<'a>(
    vendor: &'a str,
    base: &'a str,
    key: &'a str,
) -> [(&'static str, &'a str); 3] {
    [
        ("CONTACTS_PROVIDER", vendor),
        ("CONTACTS_BASE_URL", base),
        ("CONTACTS_API_KEY", key),
    ]
}

/// `contacts --config CFG args…`: a run that reads the profiles file `cfg`.
pub fn on_config(data_home: &Path, cfg: &str, args: &[&str]) -> Output {
    contacts(data_home, &[&["--config", cfg], args].concat())
}

/// `contacts --config CFG --profile PROFILE args…`: a run against one profile of `cfg`.
pub fn with_profile(data_home: &Path, cfg: &str, profile: &str, args: &[&str]) -> Output {
    on_config(data_home, cfg, &[&["--profile", profile], args].concat())
}

/// The binary with `--db DB` (the local store at `db`) and `args`.
pub fn on_db(data_home: &Path, db: impl AsRef<Path>, args: &[&str]) -> Output {
    let db = db.as_ref().to_str().expect("a UTF-8 path");
    contacts(data_home, &[&["--db", db], args].concat())
}

/// Its stdout, after asserting it succeeded (stdout and stderr in the message otherwise).
#[track_caller]
pub fn ok(o: Output) -> String {
    ok_for("the run", o)
}

/// [`ok`], naming `what` ran (a case of a table) in the message.
#[track_caller]
pub fn ok_for(what: &str, o: Output) -> String {
    assert!(o.status.success(), "{what}: {}", text(&o));
    stdout(&o)
}

/// Its stdout, as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Its stderr, as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Its stdout then its stderr, for a message or a search that may find either.
pub fn text(o: &Output) -> String {
    format!("{}\n{}", stdout(o), stderr(o))
}

/// Asserts the run's stdout says `part` (showing what it printed otherwise).
#[track_caller]
pub fn stdout_says(o: &Output, part: &str) {
    let out = stdout(o);
    assert!(out.contains(part), "{part:?} missing from stdout: {out}");
}

/// Asserts the run's stderr says `part` (showing what it printed there otherwise).
#[track_caller]
pub fn stderr_says(o: &Output, part: &str) {
    let err = stderr(o);
    assert!(err.contains(part), "{part:?} missing from stderr: {err}");
}

/// Asserts the run's stdout or stderr says `part` (showing both otherwise).
#[track_caller]
pub fn text_says(o: &Output, part: &str) {
    let all = text(o);
    assert!(all.contains(part), "{part:?} missing from: {all}");
}

/// Asserts the run ended with exit code `code` and that its stderr says each of `wanted`;
/// returns the stderr, for further checks.
#[track_caller]
pub fn refused(o: &Output, code: i32, wanted: &[&str]) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(code), "exit code; {}", text(o));
    for part in wanted {
        assert!(err.contains(part), "{part:?} missing from: {err}");
    }
    err
}

/// One JSON value a line, as `--output json` prints lists.
pub fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The path of `relative` (to this crate's directory), as an argument: test data.
pub fn crate_file(relative: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(relative)
        .display()
        .to_string()
}

/// Writes `bytes` to the file `name` in `dir` and returns its path.
pub fn write_file(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `export --format FORMAT --out PATH`: an export to a file, the form most tests check.
pub fn export_args<'a>(format: &'a str, path: &'a Path) -> [&'a str; 5] {
    let path = path.to_str().expect("a UTF-8 path");
    ["export", "--format", format, "--out", path]
}

/// `--provider ip1 --base-url BASE --api-key KEY rest…`: the iP1 vendor named on the command
/// line (an emulator, in these tests).
pub fn ip1_args<'a>(base: &'a str, key: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    vendor_args("ip1", base, key, rest)
}

/// `--provider addressbook --base-url BASE --api-key KEY --address-book BOOK`: one Atom
/// address book named on the command line, for a test to extend with its command.
pub fn addressbook_args<'a>(base: &'a str, key: &'a str, book: &'a str) -> Vec<&'a str> {
    vendor_args("addressbook", base, key, &["--address-book", book])
}

/// `--provider VENDOR --base-url BASE --api-key KEY rest…`: a vendor named on the command line.
pub fn vendor_args<'a>(
    vendor: &'a str,
    base: &'a str,
    key: &'a str,
    rest: &[&'a str],
) -> Vec<&'a str> {
    let all = ["--provider", vendor, "--base-url", base, "--api-key", key];
    [&all[..], rest].concat()
}

/// The arguments of `contacts --config CFG -q --output json sync FROM TO --state STATE`, quiet
/// and as JSON, for a test to extend with its own flags.
pub fn sync_json_args<'a>(
    cfg: &'a str,
    from: &'a str,
    to: &'a str,
    state: &'a str,
) -> Vec<&'a str> {
    vec![
        "--config", cfg, "-q", "--output", "json", "sync", from, to, "--state", state,
    ]
}

/// Writes a profiles file readable only by its owner (the tool refuses others: it may hold
/// keys) and returns its path.
pub fn config_file(dir: &Path, text: &str) -> String {
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path.display().to_string()
}

/// A profiles file in a directory of its own (also the data home of the runs), and the binary
/// run against it: the opening of every test of how a config is read.
pub struct Profiles {
    /// The directory: the data home of the runs, and where test files are written.
    pub dir: tempfile::TempDir,
    /// The profiles file, `config.toml` in `dir`.
    pub file: String,
}

impl Profiles {
    /// A fresh directory whose profiles file holds `text`.
    pub fn new(text: &str) -> Self {
        Self::with(|_| text.to_owned())
    }

    /// A fresh directory whose profiles file holds what `text` makes of the directory's path
    /// (for a file that names another file of the directory).
    pub fn with(text: impl FnOnce(&Path) -> String) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let file = config_file(dir.path(), &text(dir.path()));
        Self { dir, file }
    }

    /// Replaces the profiles file's text.
    pub fn rewrite(&self, text: &str) {
        config_file(self.dir.path(), text);
    }

    /// A path in the directory.
    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    /// `contacts --config FILE --profile PROFILE args…`.
    pub fn run(&self, profile: &str, args: &[&str]) -> Output {
        with_profile(self.dir.path(), &self.file, profile, args)
    }

    /// `contacts --config FILE args…`, no profile chosen.
    pub fn on(&self, args: &[&str]) -> Output {
        on_config(self.dir.path(), &self.file, args)
    }
}

/// Runs the command to its end or until `limit` has passed (then kills it): `None` when it
/// had to be killed, so a command that never ends fails its test instead of hanging it.
pub fn output_within(mut command: Command, limit: std::time::Duration) -> Option<Output> {
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let started = std::time::Instant::now();
    while started.elapsed() < limit {
        if child
            .try_wait()
            .expect("the child can be waited for")
            .is_some()
        {
            return Some(child.wait_with_output().expect("its output"));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// A local store in a directory of its own, and the binary run against it (`--db`).
pub struct Store {
    /// The directory: the data home of the runs, and where test files are written.
    pub dir: tempfile::TempDir,
    /// The store file.
    pub db: String,
}

impl Store {
    /// A fresh store.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.db").display().to_string();
        Self { dir, db }
    }

    /// The binary with `--db` of this store and `args`.
    pub fn run(&self, args: &[&str]) -> Output {
        on_db(self.dir.path(), &self.db, args)
    }

    /// A path in the store's directory.
    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `bytes` to the file `name` in the store's directory, returning its path.
    pub fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        write_file(self.dir.path(), name, bytes)
            .display()
            .to_string()
    }

    /// Writes `bytes` to the file `name` in the store's directory and runs `import` of it with
    /// no other flag: the first step of most tests of how a file is read.
    pub fn import(&self, name: &str, bytes: impl AsRef<[u8]>) -> Output {
        let path = self.file(name, bytes);
        self.run(&["import", &path])
    }

    /// A fresh store and the output of importing `bytes` into it as the file `name` (see
    /// [`Store::import`]): the opening of a test of how one file is read.
    pub fn importing(name: &str, bytes: impl AsRef<[u8]>) -> (Self, Output) {
        let store = Self::new();
        let out = store.import(name, bytes);
        (store, out)
    }

    /// Every stored contact, as `list --output json` gives them (after a successful list).
    pub fn listed(&self) -> Vec<serde_json::Value> {
        json_lines(&ok(self.run(&["list", "--output", "json"])))
    }

    /// The property `key` of every stored contact, in listing order (`Null` where a contact
    /// has none): what a test of how a file was read compares.
    pub fn property(&self, key: &str) -> Vec<serde_json::Value> {
        let listed = self.listed();
        listed
            .iter()
            .map(|c| c["properties"][key].clone())
            .collect()
    }
}

/// `contacts emulate ARGS` in the background (data home `data_home`), and the base URL it
/// prints first; the caller kills the child.
pub fn start_emulator(data_home: &Path, args: &[&str]) -> (std::process::Child, String) {
    use std::process::Stdio;
    let mut child = command(data_home, &[&["emulate"], args].concat())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let url = served_url(&mut child, &format!("{args:?}"));
    (child, url)
}

/// The base URL a server the binary started (`emulate`, `serve`, its stdout piped) prints as
/// its first line, asserted to be on the loopback address; `what` names the run in the message.
pub fn served_url(child: &mut std::process::Child, what: &str) -> String {
    use std::io::{BufRead, BufReader};
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("its stdout"))
        .read_line(&mut line)
        .expect("its first line");
    assert!(line.starts_with("http://127.0.0.1:"), "{what}: {line:?}");
    line.trim_end().to_owned()
}
