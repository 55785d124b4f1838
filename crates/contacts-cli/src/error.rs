//! What can end a command, and the exit code each gives.

use std::process::ExitCode;

/// Exit code of a failure: the provider, a file, or anything else.
pub const FAILED: u8 = 1;
/// Exit code of a wrong command line or configuration; nothing was changed.
pub const USAGE: u8 = 2;
/// Exit code of a sync that did everything but left conflicts for a person.
pub const UNRESOLVED: u8 = 3;
/// Exit code of a command stopped by Ctrl-C (128 + SIGINT).
pub const INTERRUPTED: u8 = 130;

/// A command's failure. Every variant prints as one line a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The command line was wrong (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// The provider refused or failed (exit code 1).
    #[error(transparent)]
    Provider(#[from] contacts_core::Error),
    /// A file could not be read or written (exit code 1).
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// Anything else that failed (exit code 1).
    #[error("{0}")]
    Failed(String),
    /// The work was done except what needs a person: a sync's unresolved conflicts (exit
    /// code 3, so a scheduled run can tell them from a failure).
    #[error("{0}")]
    Unresolved(String),
    /// Ctrl-C stopped the command part-way; the message says what was written (exit 130, as
    /// shells report SIGINT).
    #[error("{0}")]
    Interrupted(String),
}

impl CliError {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Usage(_) => ExitCode::from(USAGE),
            CliError::Unresolved(_) => ExitCode::from(UNRESOLVED),
            CliError::Interrupted(_) => ExitCode::from(INTERRUPTED),
            _ => ExitCode::from(FAILED),
        }
    }

    /// Whether this is a write to a closed pipe (`contacts list | head`): the reader has all it
    /// wants, so the command ends successfully and quietly, as ripgrep does.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<String>, source: std::io::Error) -> Self {
        CliError::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result of a command.
pub type CliResult<T = ()> = Result<T, CliError>;
