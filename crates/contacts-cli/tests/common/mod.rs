//! What the binary-level tests share: running `contacts` with its own data directory and none
//! of the user's `CONTACTS_*` settings, and reading its output.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// The binary with `args`, its data directory in `data_home`, no `CONTACTS_*` variable.
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
        .env("XDG_DATA_HOME", data_home);
    command
}

/// Runs the binary (see [`command`]).
pub fn contacts(data_home: &Path, args: &[&str]) -> Output {
    command(data_home, args).output().expect("the binary runs")
}

/// Its stdout, after asserting it succeeded (stdout and stderr in the message otherwise).
#[track_caller]
pub fn ok(o: Output) -> String {
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert!(o.status.success(), "{out}\n{err}");
    out.into_owned()
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
