//! Tests that need a second process: a store file another process writes, several processes
//! opening one file at once, a binary that must exit cleanly. The test binary is started
//! again to run one of its own tests (the child's side, a no-op unless the parent set its
//! environment), and a process that failed is reported with everything it printed, since
//! a child's panic is otherwise lost with its output.

use std::process::{Child, Command, Output, Stdio};

/// This test binary, set to run only its test `name` (that exact name, on one thread, with
/// its output shown): add the environment the child's side reads, then `output()` it, or
/// [`spawn_captured`] it to run several at once.
///
/// ```no_run
/// let out = contacts_testkit::process::rerun_test("writer_child")
///     .env("STORE", "/tmp/contacts.db")
///     .output()
///     .unwrap();
/// contacts_testkit::process::assert_succeeded(&out, "the writer");
/// ```
pub fn rerun_test(name: &str) -> Command {
    let exe = std::env::current_exe().expect("the path of the running test binary");
    let mut command = Command::new(exe);
    command.args(["--exact", name, "--test-threads=1", "--nocapture"]);
    command
}

/// Starts `command` with its output captured, so that several children run at the same time
/// and each one's output is read when it is waited for (`wait_with_output`).
pub fn spawn_captured(command: &mut Command) -> Child {
    command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {command:?}: {e}"))
}

/// Panics unless the process whose output is `out` exited successfully; the message names
/// `what` ran and shows its exit status, its standard output and its standard error.
pub fn assert_succeeded(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
