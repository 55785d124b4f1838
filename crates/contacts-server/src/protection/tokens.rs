//! Bearer tokens: a file of token records (each secret kept only as its SHA-256 hash), the
//! secrets made once and shown once, and the check of a presented token.
//!
//! Why hashes: the file then holds nothing that opens the server, so a backup or a stray
//! copy of it leaks no access. Why constant time: comparing hashes byte by byte with an early
//! exit would tell an attacker, by timing, how much of a guess was right.

use crate::error::ServerError;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::SystemTime;
use subtle::ConstantTimeEq;

/// The prefix of every secret, so a secret found in a log or a repository is recognised.
pub const SECRET_PREFIX: &str = "cts_";

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Every operation whose row does not write.
    ReadOnly,
    /// Every operation.
    ReadWrite,
}

impl FromStr for Scope {
    type Err = ServerError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "read-only" => Ok(Scope::ReadOnly),
            "read-write" => Ok(Scope::ReadWrite),
            other => Err(ServerError::Config(format!(
                "`{other}` is not a token scope: use `read-only` or `read-write`"
            ))),
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scope::ReadOnly => "read-only",
            Scope::ReadWrite => "read-write",
        })
    }
}

/// One token as the file keeps it: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TokenRecord {
    /// A short public id (`tok_` and 8 hex digits): what the access log names and what
    /// `remove` takes.
    pub id: String,
    /// A name for people: who or what uses the token.
    pub name: String,
    /// What the token may do.
    pub scope: Scope,
    /// When it was made (RFC 3339, UTC).
    pub created_at: String,
    /// The SHA-256 of the secret, in lowercase hex.
    pub sha256: String,
}

/// A new token's secret, shown once. Its `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The secret itself, to print once for the person who asked for it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(******)")
    }
}

/// The tokens a server accepts: the records, checked by hash.
#[derive(Debug, Clone, Default)]
pub struct Tokens(Arc<[TokenRecord]>);

impl Tokens {
    /// A set of these records (normally [`TokenStore::tokens`]).
    pub fn new(records: Vec<TokenRecord>) -> Self {
        Self(records.into())
    }

    /// Whether there is no token at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The record of the token whose secret was presented, if any. Every record is compared,
    /// each in constant time, so the time taken says nothing about the secret.
    pub fn verify(&self, presented: &str) -> Option<&TokenRecord> {
        let hash = hash_hex(presented);
        let mut found = None;
        for record in self.0.iter() {
            if bool::from(record.sha256.as_bytes().ct_eq(hash.as_bytes())) {
                found = Some(record);
            }
        }
        found
    }
}

/// The file's whole content.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenFile {
    tokens: Vec<TokenRecord>,
}

/// The token file: add, list and remove tokens. Every change is written at once, atomically
/// (a new file renamed over the old), readable by its owner only (mode 0600).
#[derive(Debug)]
pub struct TokenStore {
    path: PathBuf,
    records: Vec<TokenRecord>,
}

impl TokenStore {
    /// The store kept at `path`; no file yet is an empty store (the file is made by the first
    /// [`add`](Self::add)).
    pub fn open(path: impl Into<PathBuf>) -> Result<Self, ServerError> {
        let path = path.into();
        let records = match std::fs::read(&path) {
            Ok(bytes) => {
                let file: TokenFile = serde_json::from_slice(&bytes)
                    .map_err(|err| ServerError::token_file(&path, err))?;
                file.tokens
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(err) => return Err(ServerError::token_file(&path, err)),
        };
        Ok(Self { path, records })
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes a token of `scope` named `name`, saves its hash, and returns its record and its
    /// secret: the only time the secret exists outside the client that keeps it.
    pub fn add(&mut self, scope: Scope, name: &str) -> Result<(TokenRecord, Secret), ServerError> {
        let mut raw = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut raw);
        let secret = Secret(format!("{SECRET_PREFIX}{}", URL_SAFE_NO_PAD.encode(raw)));
        let mut id_bytes = [0u8; 4];
        rand::rngs::OsRng.fill_bytes(&mut id_bytes);
        let record = TokenRecord {
            id: format!("tok_{}", hex(&id_bytes)),
            name: name.to_owned(),
            scope,
            created_at: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
            sha256: hash_hex(secret.expose()),
        };
        self.records.push(record.clone());
        if let Err(err) = self.save() {
            self.records.pop();
            return Err(err);
        }
        Ok((record, secret))
    }

    /// Every token, oldest first.
    pub fn list(&self) -> &[TokenRecord] {
        &self.records
    }

    /// Removes the token with this public id and returns its record.
    pub fn remove(&mut self, id: &str) -> Result<TokenRecord, ServerError> {
        let Some(index) = self.records.iter().position(|record| record.id == id) else {
            return Err(ServerError::Config(format!(
                "no token with id `{id}` in {}: `contacts serve token list` shows the ids",
                self.path.display()
            )));
        };
        let removed = self.records.remove(index);
        if let Err(err) = self.save() {
            self.records.insert(index, removed);
            return Err(err);
        }
        Ok(removed)
    }

    /// The tokens a server started now accepts.
    pub fn tokens(&self) -> Tokens {
        Tokens::new(self.records.clone())
    }

    fn save(&self) -> Result<(), ServerError> {
        let file = TokenFile {
            tokens: self.records.clone(),
        };
        let mut text =
            serde_json::to_vec_pretty(&file).map_err(|e| ServerError::token_file(&self.path, e))?;
        text.push(b'\n');
        let dir = match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir).map_err(|e| ServerError::token_file(&self.path, e))?;
        // tempfile makes the file with mode 0600 on Unix; the rename keeps it.
        let mut temp = tempfile::NamedTempFile::new_in(dir)
            .map_err(|e| ServerError::token_file(&self.path, e))?;
        temp.write_all(&text)
            .map_err(|e| ServerError::token_file(&self.path, e))?;
        temp.as_file()
            .sync_all()
            .map_err(|e| ServerError::token_file(&self.path, e))?;
        temp.persist(&self.path)
            .map_err(|e| ServerError::token_file(&self.path, e.error))?;
        Ok(())
    }
}

fn hash_hex(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_verifies_and_nothing_else_does() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = TokenStore::open(dir.path().join("tokens.json")).unwrap();
        let (record, secret) = store.add(Scope::ReadOnly, "ci").unwrap();
        assert!(secret.expose().starts_with(SECRET_PREFIX));
        assert_eq!(format!("{secret:?}"), "Secret(******)");
        let tokens = store.tokens();
        assert_eq!(tokens.verify(secret.expose()), Some(&record));
        assert_eq!(tokens.verify(&format!("{}x", secret.expose())), None);
        assert_eq!(tokens.verify(""), None);
    }

    #[test]
    fn scopes_parse_from_their_names_only() {
        assert_eq!("read-only".parse::<Scope>().unwrap(), Scope::ReadOnly);
        assert_eq!("read-write".parse::<Scope>().unwrap(), Scope::ReadWrite);
        let err = "admin".parse::<Scope>().unwrap_err().to_string();
        assert!(err.contains("read-only"), "{err}");
    }
}
