//! `contacts completions SHELL`: a completion script on stdout.

use crate::error::CliResult;
use crate::output::write_stdout;

/// Prints the completion script of `shell` for the whole command line.
pub fn run(shell: clap_complete::Shell) -> CliResult {
    write_stdout(&script(shell))
}

/// The completion script of `shell`.
fn script(shell: clap_complete::Shell) -> String {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut contacts_cli::command(), "contacts", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}
