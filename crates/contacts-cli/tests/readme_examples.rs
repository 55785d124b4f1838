//! What a new user reads, run as they would run it: every ```console block of README.md, its
//! `$ …` lines in a fresh shell each block (a temporary HOME and working directory, no
//! `CONTACTS_*` variable of ours, `contacts` on PATH), each command asserted to succeed (or to
//! fail, where the README shows an `error:` line) and its output to be what the README shows.
//! Also the other documents' promises a test can hold: docs/emulators.md's flags and faults,
//! and `--help` listing a command's own options before the global ones.
//!
//! How a block is read:
//! - `$ CMD &` starts CMD in the background (an emulator); the lines shown after it are its
//!   first lines of stdout (the base URL, …), then lines of its stderr (`export …`). The port
//!   differs on every run: the URL the README shows is replaced by the real one everywhere
//!   after it (commands, files, expected output).
//! - `$ export K=V …` sets variables for the rest of the block.
//! - `$ cat FILE` followed by lines: the file the user is meant to have written; it is
//!   created with those lines when it does not exist yet, then `cat` runs like any command.
//! - Any other `$ CMD` runs with `bash -o pipefail -c`, so a pipe's failure is seen. Each line
//!   the README shows must be a line of its stdout or its stderr, and its stdout must be
//!   exactly the lines shown that are not on stderr (`/home/me` stands for the HOME).

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The README's stand-in for the user's home directory.
const README_HOME: &str = "/home/me";

/// The longest one command of an example may take before the test gives up on it.
const COMMAND_DEADLINE: Duration = Duration::from_secs(20);

/// One ```console block: where it starts and its steps.
#[derive(Debug)]
struct Block {
    /// 1-based line of the opening fence in README.md.
    line: usize,
    steps: Vec<Step>,
}

/// One `$ …` line and the lines shown after it.
#[derive(Debug)]
struct Step {
    /// 1-based line in README.md.
    line: usize,
    command: String,
    shown: Vec<String>,
}

/// The ```console blocks of a Markdown text.
fn console_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for (index, line) in markdown.lines().enumerate() {
        let number = index + 1;
        match current.as_mut() {
            None if line.trim() == "```console" => {
                current = Some(Block {
                    line: number,
                    steps: Vec::new(),
                });
            }
            None => {}
            Some(_) if line.trim() == "```" => blocks.extend(current.take()),
            Some(block) => match line.strip_prefix("$ ") {
                Some(command) => block.steps.push(Step {
                    line: number,
                    command: command.to_owned(),
                    shown: Vec::new(),
                }),
                None => match block.steps.last_mut() {
                    Some(step) => step.shown.push(line.trim_end().to_owned()),
                    None => panic!("README.md:{number}: output before any `$ ` command"),
                },
            },
        }
    }
    assert!(
        current.is_none(),
        "README.md: a ```console block is not closed"
    );
    blocks
}

/// A fresh shell for one block: its directories, variables, and what it started.
struct Session {
    _dir: tempfile::TempDir,
    home: PathBuf,
    cwd: PathBuf,
    bin_dir: PathBuf,
    env: Vec<(String, String)>,
    /// (what the README shows, what this run has), e.g. the emulators' URLs.
    replacements: Vec<(String, String)>,
    background: Vec<Child>,
}

impl Drop for Session {
    fn drop(&mut self) {
        for child in &mut self.background {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Session {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (home, cwd) = (dir.path().join("home"), dir.path().join("work"));
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(&cwd).unwrap();
        let bin = PathBuf::from(env!("CARGO_BIN_EXE_contacts"));
        Self {
            _dir: dir,
            home,
            cwd,
            bin_dir: bin.parent().unwrap().to_path_buf(),
            env: Vec::new(),
            replacements: Vec::new(),
            background: Vec::new(),
        }
    }

    /// The README's text as it reads in this run.
    fn real(&self, text: &str) -> String {
        let mut text = text.replace(README_HOME, &self.home.display().to_string());
        for (shown, real) in &self.replacements {
            text = text.replace(shown, real);
        }
        text
    }

    /// `bash` with this session's variables, in its working directory, none of the
    /// variables of the machine that configure `contacts` or move its directories.
    fn shell(&self, script: &str) -> Command {
        let mut command = Command::new("bash");
        command.args(["-o", "pipefail", "-c", script]);
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy();
            if key.starts_with("CONTACTS_") || key.starts_with("XDG_") || key == "RUST_LOG" {
                command.env_remove(&*key);
            }
        }
        let path = std::env::var("PATH").unwrap_or_default();
        command
            .env("HOME", &self.home)
            .env("PATH", format!("{}:{path}", self.bin_dir.display()))
            .env("NO_COLOR", "1")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .current_dir(&self.cwd)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    fn step(&mut self, step: &Step) {
        let command = step.command.trim_end();
        if let Some(background) = command.strip_suffix('&') {
            self.start_background(background.trim_end(), step);
        } else if let Some(assignments) = command.strip_prefix("export ") {
            assert!(step.shown.is_empty(), "`export` prints nothing");
            for assignment in assignments.split_whitespace() {
                let (key, value) = assignment
                    .split_once('=')
                    .unwrap_or_else(|| panic!("export {assignment:?} is not K=V"));
                self.env.push((key.to_owned(), self.real(value)));
            }
        } else {
            if let Some(file) = command.strip_prefix("cat ") {
                self.write_shown_file(file.trim(), &step.shown);
            }
            self.run(&self.real(command), step);
        }
    }

    /// Creates FILE of `$ cat FILE` from the lines shown, as the user would have written it.
    fn write_shown_file(&self, file: &str, shown: &[String]) {
        let path = match file.strip_prefix("~/") {
            Some(rest) => self.home.join(rest),
            None => self.cwd.join(file),
        };
        if path.exists() || shown.is_empty() {
            return;
        }
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text: String = shown
            .iter()
            .map(|l| format!("{}\n", self.real(l)))
            .collect();
        std::fs::write(&path, text).unwrap();
    }

    fn run(&self, command: &str, step: &Step) {
        let output = run_with_deadline(self.shell(command), command);
        let (stdout, stderr) = (
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        );
        let context = format!(
            "README.md:{}: $ {command}\n--- stdout\n{stdout}--- stderr\n{stderr}",
            step.line
        );
        let shown: Vec<String> = step.shown.iter().map(|l| self.real(l)).collect();
        let expect_failure = shown.iter().any(|l| l.starts_with("error:"));
        assert_eq!(
            output.status.success(),
            !expect_failure,
            "{context}\nthe README shows it {}",
            if expect_failure {
                "failing"
            } else {
                "succeeding"
            }
        );
        let mut on_stderr: Vec<&str> = stderr.lines().map(str::trim_end).collect();
        let mut expected_stdout = Vec::new();
        for line in &shown {
            match on_stderr.iter().position(|l| l == line) {
                Some(at) => {
                    on_stderr.remove(at);
                }
                None => expected_stdout.push(line.as_str()),
            }
        }
        let actual_stdout: Vec<&str> = stdout.lines().map(str::trim_end).collect();
        assert_eq!(actual_stdout, expected_stdout, "{context}");
    }

    /// `CMD &`: starts it, checks the lines shown (stdout first, then stderr), and learns the
    /// real value of every URL it printed in place of the README's.
    fn start_background(&mut self, command: &str, step: &Step) {
        let mut child = self
            .shell(&format!("exec {}", self.real(command)))
            .spawn()
            .unwrap();
        let stdout_count = step
            .shown
            .iter()
            .position(|l| {
                l.starts_with("export ") || l.starts_with('#') || l.starts_with("serving")
            })
            .unwrap_or(step.shown.len());
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let stderr = child.stderr.take().unwrap();
        self.background.push(child);
        for shown in &step.shown[..stdout_count] {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            let line = line.trim_end().to_owned();
            if shown.starts_with("http://") && line.starts_with("http://") {
                self.replacements.push((shown.clone(), line.clone()));
            }
            assert_eq!(
                line,
                self.real(shown),
                "README.md:{}: $ {command}\n--- stderr\n{}",
                step.line,
                read_to_serving(stderr)
            );
        }
        let err = read_to_serving(stderr);
        for shown in &step.shown[stdout_count..] {
            let shown = self.real(shown);
            assert!(
                err.lines().any(|l| l.trim_end() == shown),
                "README.md:{}: $ {command}\nshows {shown:?}; its stderr:\n{err}",
                step.line
            );
        }
    }
}

/// The background command's stderr up to its `serving until Ctrl-C` line (or its end).
fn read_to_serving(stderr: ChildStderr) -> String {
    let mut reader = BufReader::new(stderr);
    let mut text = String::new();
    while !text.contains("serving until Ctrl-C") {
        if reader.read_line(&mut text).unwrap_or(0) == 0 {
            break;
        }
    }
    text
}

/// Runs `command` to its end, killing it and failing after [`COMMAND_DEADLINE`].
fn run_with_deadline(mut command: Command, shown: &str) -> Output {
    let mut child = command.spawn().expect("bash runs");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > COMMAND_DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`{shown}` took longer than {COMMAND_DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

fn readme() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_console_example_of_the_readme_runs_as_written() {
    let blocks = console_blocks(&readme());
    for block in &blocks {
        let mut session = Session::new();
        for step in &block.steps {
            session.step(step);
        }
        drop(session);
        eprintln!(
            "README.md:{}: {} commands ran",
            block.line,
            block.steps.len()
        );
    }
    // The sessions a new user needs are there, so a block that stopped being ```console
    // (and so stopped being run) is noticed.
    let names: BTreeSet<String> = contacts_cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    let ran: BTreeSet<&str> = blocks
        .iter()
        .flat_map(|b| &b.steps)
        .filter(|s| s.command.starts_with("contacts "))
        .filter_map(|s| s.command.split_whitespace().find(|w| names.contains(*w)))
        .collect();
    for needed in [
        "create", "import", "list", "emulate", "profiles", "books", "move",
    ] {
        assert!(
            ran.contains(needed),
            "no README console example runs `contacts {needed}`: {ran:?}"
        );
    }
}

#[test]
fn console_blocks_are_read_with_their_commands_and_output() {
    let text = "intro\n```console\n$ contacts list\nID  LABELS\n$ export A=1\n```\n\
                ```sh\n$ not console\n```\n";
    let blocks = console_blocks(text);
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].line, 2);
    let steps: Vec<(&str, usize, &[String])> = blocks[0]
        .steps
        .iter()
        .map(|s| (s.command.as_str(), s.line, s.shown.as_slice()))
        .collect();
    assert_eq!(
        steps,
        [
            ("contacts list", 3, &["ID  LABELS".to_owned()][..]),
            ("export A=1", 5, &[][..]),
        ]
    );
}

// docs/emulators.md and --help

/// The flags in the first column of docs/emulators.md's table of `contacts emulate` options.
fn documented_emulate_flags() -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/emulators.md");
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .filter(|l| l.starts_with("| `--"))
        .flat_map(|l| l.split('|').nth(1).unwrap_or_default().split('`'))
        .filter(|cell| cell.starts_with("--"))
        .map(|cell| cell.split_whitespace().next().unwrap().to_owned())
        .collect()
}

#[test]
fn docs_emulators_md_lists_exactly_the_options_contacts_emulate_takes() {
    let mut command = contacts_cli::command();
    command.build();
    let emulate = command.find_subcommand("emulate").unwrap();
    let long = |a: &clap::Arg| a.get_long().map(|l| format!("--{l}"));
    let own: BTreeSet<String> = emulate
        .get_arguments()
        .filter(|a| !a.is_global_set() && !["help", "version"].contains(&a.get_id().as_str()))
        .filter_map(long)
        .collect();
    let every: BTreeSet<String> = emulate.get_arguments().filter_map(long).collect();
    let documented = documented_emulate_flags();
    assert!(own.contains("--error-rate"), "{own:?}");
    let missing: Vec<_> = own.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "docs/emulators.md does not list {missing:?}"
    );
    let refused: Vec<_> = documented.difference(&every).collect();
    assert!(
        refused.is_empty(),
        "docs/emulators.md lists {refused:?}, which `contacts emulate` refuses"
    );
}

/// `contacts list` against an emulator, without retries, so the first answer is what is seen.
fn list_once(dir: &Path, provider: &str, base: &str) -> Output {
    let mut args = vec!["--provider", provider, "--base-url", base];
    args.extend(["--api-key", "emulator-key", "--setting", "retries=0"]);
    args.extend(["--address-book", "1", "list"]);
    if provider == "ip1" {
        args.retain(|a| *a != "--address-book" && *a != "1");
    }
    common::contacts(dir, &args)
}

#[test]
fn contacts_emulate_injects_the_faults_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let faults: [(&[&str], &str); 2] = [
        (
            &[
                "ip1",
                "--error-rate",
                "1",
                "--error-status",
                "503",
                "--seed",
                "7",
            ],
            "503",
        ),
        (
            &["addressbook", "--throttle-rate", "1", "--retry-after", "7"],
            "rate limited (retry after 7",
        ),
    ];
    for (args, says) in faults {
        let (mut emulator, base) = common::start_emulator(dir.path(), args);
        let out = list_once(dir.path(), args[0], &base);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        emulator.kill().unwrap();
        emulator.wait().unwrap();
    }
}

#[test]
fn contacts_emulate_refuses_a_fault_it_cannot_give_and_does_not_start() {
    let dir = tempfile::tempdir().unwrap();
    for (args, says) in [
        (&["ip1", "--error-rate", "1.5"][..], "--error-rate 1.5"),
        (
            &["ip1", "--burst", "5"][..],
            "--burst applies to the addressbook",
        ),
        (&["addressbook", "--error-status", "200"][..], "500..=599"),
    ] {
        let out = common::contacts(dir.path(), &[&["emulate"], args].concat());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?} started serving");
    }
}

#[test]
fn a_commands_help_lists_its_own_options_before_the_global_ones() {
    let dir = tempfile::tempdir().unwrap();
    let help = common::ok(common::contacts(dir.path(), &["list", "--help"]));
    let at = |needle: &str| {
        help.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in `contacts list --help`:\n{help}"))
    };
    let global = at("Global options:");
    for own in ["--label", "--where", "--limit", "--meta-where", "--order"] {
        assert!(at(own) < global, "{own} after the global options:\n{help}");
    }
    for global_flag in ["--provider", "--base-url", "--api-key", "--db", "--profile"] {
        assert!(
            at(global_flag) > global,
            "{global_flag} among list's own options:\n{help}"
        );
    }
}
