//! The server's own errors: setting it up (the token file, the listen address) and serving.
//! A provider's errors never come here; they are answered as problems.

use std::path::Path;

/// Why the server could not be set up or stopped serving.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// The token file could not be read, parsed or written.
    #[error("token file {path}: {reason}")]
    TokenFile {
        /// The file.
        path: String,
        /// What went wrong, e.g. the parse error with its line.
        reason: String,
    },
    /// A setting that cannot work, with what to do instead.
    #[error("{0}")]
    Config(String),
    /// The listen address is refused by the [`ListenPolicy`](crate::ListenPolicy).
    #[error("{0}")]
    Listen(String),
    /// Serving failed (the listener broke).
    #[error("serving failed: {0}")]
    Io(#[from] std::io::Error),
}

impl ServerError {
    pub(crate) fn token_file(path: &Path, reason: impl std::fmt::Display) -> Self {
        ServerError::TokenFile {
            path: path.display().to_string(),
            reason: reason.to_string(),
        }
    }
}
