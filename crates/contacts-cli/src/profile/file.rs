//! The config file: `[profiles.NAME]` tables, read and checked.
//!
//! ```toml
//! [profiles.ip1]
//! provider = "ip1"
//! api_key_command = "pass show ip1"
//! region = "SE"
//! create_concurrency = 4
//! ```

use crate::error::{CliError, CliResult};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the config file is when neither `--config` nor `CONTACTS_CONFIG` says:
/// `contacts/config.toml` in the platform's config directory (e.g. `~/.config`).
pub fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join("contacts").join("config.toml"))
}

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    profiles: BTreeMap<String, RawProfile>,
}

/// One `[profiles.NAME]` table as written.
#[derive(Debug, Deserialize)]
struct RawProfile {
    provider: Option<String>,
    base_url: Option<String>,
    region: Option<String>,
    api_key_env: Option<String>,
    api_key_command: Option<String>,
    api_key: Option<String>,
    /// `address_book` and every provider setting, by its registry name.
    #[serde(flatten)]
    settings: BTreeMap<String, toml::Value>,
}

/// Where a profile's API key comes from.
#[derive(Clone, PartialEq, Eq)]
pub enum KeySource {
    /// The value of this environment variable.
    Env(String),
    /// The trimmed stdout of this command, run with `sh -c`.
    Command(String),
    /// Written in the file itself.
    Literal(String),
}

impl std::fmt::Debug for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeySource::Env(var) => write!(f, "Env({var:?})"),
            KeySource::Command(cmd) => write!(f, "Command({cmd:?})"),
            KeySource::Literal(_) => f.write_str("Literal(***)"),
        }
    }
}

/// One checked profile.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Provider name (`ip1`, `addressbook`, `sqlite`, …).
    pub provider: Option<String>,
    /// Base URL of the provider's API.
    pub base_url: Option<String>,
    /// Address book id.
    pub address_book: Option<String>,
    /// Default region of national phone numbers (`import --normalize-phones`).
    pub region: Option<contacts_phone::Region>,
    /// Where the API key comes from, if the profile says.
    pub key: Option<KeySource>,
    /// Provider settings by registry name, as strings (arrays joined with `,`).
    pub settings: BTreeMap<String, String>,
    /// The line of the file each key of `settings` is written on, for errors that point at it.
    pub lines: BTreeMap<String, usize>,
}

/// A read config file.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its profiles by name.
    pub profiles: BTreeMap<String, Profile>,
    /// Whether users other than the owner may read it (unix permissions).
    pub readable_by_others: bool,
}

/// The keys a profile table itself knows; every other key is a provider setting.
const PROFILE_KEYS: [&str; 7] = [
    "provider",
    "base_url",
    "region",
    "api_key_env",
    "api_key_command",
    "api_key",
    "address_book",
];

impl ConfigFile {
    /// Reads and checks the file at `path`.
    pub fn read(path: &Path) -> CliResult<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::io(format!("config file {}", path.display()), e))?;
        let mut file = Self::parse(path, &text)?;
        if file.has_key_command() && writable_by_others(path) {
            return Err(bad(
                path,
                "it can run a command (api_key_command) and users other than its owner may \
                 write it, so anyone could choose what runs; chmod go-w it"
                    .into(),
            ));
        }
        file.readable_by_others = readable_by_others(path);
        if file.readable_by_others && file.has_literal_key() {
            warn_once(format!(
                "warning: {} holds a literal api_key and can be read by other users; \
                 chmod 600 it, or use api_key_env or api_key_command",
                path.display()
            ));
        }
        Ok(file)
    }

    /// Whether any profile runs a command for its API key.
    pub fn has_key_command(&self) -> bool {
        self.profiles
            .values()
            .any(|p| matches!(p.key, Some(KeySource::Command(_))))
    }

    /// Whether any profile writes its API key in the file itself.
    pub fn has_literal_key(&self) -> bool {
        self.profiles
            .values()
            .any(|p| matches!(p.key, Some(KeySource::Literal(_))))
    }

    /// Checks `text` as the content of `path`. Errors say `FILE:LINE:COLUMN: what is wrong`.
    pub fn parse(path: &Path, text: &str) -> CliResult<Self> {
        let raw: RawFile = toml::from_str(text).map_err(|e| syntax_error(path, text, &e))?;
        let mut profiles = BTreeMap::new();
        for (name, raw) in raw.profiles {
            let lines: BTreeMap<String, usize> = raw
                .settings
                .keys()
                .filter_map(|key| key_line(text, &name, key).map(|line| (key.clone(), line)))
                .collect();
            let at = |key: &str| match lines.get(key) {
                Some(line) => format!("{}:{line}", path.display()),
                None => path.display().to_string(),
            };
            let profile = check(raw).map_err(|(key, why)| {
                CliError::Usage(format!("config file {}: profile {name:?}: {why}", at(&key)))
            })?;
            profiles.insert(name, Profile { lines, ..profile });
        }
        Ok(Self {
            path: path.to_owned(),
            profiles,
            readable_by_others: false,
        })
    }

    /// The profile `name`, or an error listing the profiles there are.
    pub fn profile(&self, name: &str) -> CliResult<&Profile> {
        self.profiles.get(name).ok_or_else(|| {
            let known: Vec<&str> = self.profiles.keys().map(String::as_str).collect();
            bad(
                &self.path,
                format!(
                    "no profile {name:?} (profiles here: {})",
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                ),
            )
        })
    }
}

fn bad(path: &Path, why: String) -> CliError {
    CliError::Usage(format!("config file {}: {why}", path.display()))
}

/// `FILE:LINE:COLUMN: message`, without the excerpt of the line (which could hold a key).
fn syntax_error(path: &Path, text: &str, e: &toml::de::Error) -> CliError {
    let message = without_quoted_values(e.message().trim_end())
        .replace("struct RawProfile", "a [profiles.NAME] table of settings")
        .replace("struct RawFile", "[profiles.NAME] tables");
    let message = message.as_str();
    let Some(span) = e.span() else {
        return CliError::Usage(format!("{}: {message}", path.display()));
    };
    let before = &text[..span.start.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    CliError::Usage(format!("{}:{line}:{column}: {message}", path.display()))
}

/// The serde message of a value of the wrong type quotes the value (`invalid type: string
/// "sk-…", expected …`), which may be a key: every quoted part is left out.
fn without_quoted_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    let mut escaped = false;
    for c in message.chars() {
        match (c, quoted, escaped) {
            // Inside a quoted value a backslash escapes the next character (`\"` is no end).
            (_, true, true) => escaped = false,
            ('\\', true, false) => escaped = true,
            ('"', false, _) => quoted = true,
            ('"', true, false) => {
                quoted = false;
                out.push_str("(value not shown)");
            }
            (c, false, _) => out.push(c),
            (_, true, false) => {}
        }
    }
    if quoted {
        out.push_str("(value not shown)");
    }
    out
}

/// The line (1-based) where `key` is written in the table `[profiles.NAME]`, if it is
/// written there plainly.
fn key_line(text: &str, profile: &str, key: &str) -> Option<usize> {
    let headers = [
        format!("[profiles.{profile}]"),
        format!("[profiles.\"{profile}\"]"),
    ];
    let mut inside = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = headers.iter().any(|h| line.replace(' ', "") == *h);
        } else if inside {
            let written = line
                .split('=')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('"');
            if line.contains('=') && written == key {
                return Some(i + 1);
            }
        }
    }
    None
}

/// A profile key that is nearly one of the profile's own keys is a typo, not a setting.
fn near_profile_key(key: &str) -> Option<&'static str> {
    PROFILE_KEYS
        .into_iter()
        .map(|k| (strsim::jaro_winkler(key, k), k))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// Checks one profile; an error names the key it concerns (empty when none) and says why.
fn check(raw: RawProfile) -> Result<Profile, (String, String)> {
    let whole = |why: &str| (String::new(), why.to_owned());
    let key = match (raw.api_key_env, raw.api_key_command, raw.api_key) {
        (None, None, None) => None,
        (Some(var), None, None) => Some(KeySource::Env(var)),
        (None, Some(cmd), None) => Some(KeySource::Command(cmd)),
        (None, None, Some(key)) => Some(KeySource::Literal(key)),
        _ => {
            return Err(whole(
                "give only one of api_key_env, api_key_command and api_key",
            ));
        }
    };
    let region = raw
        .region
        .map(|r| {
            r.parse().map_err(|e: contacts_phone::RegionError| {
                ("region".to_owned(), format!("region: {e}"))
            })
        })
        .transpose()?;
    let mut settings = BTreeMap::new();
    for (key, value) in raw.settings {
        if let Some(meant) = near_profile_key(&key).filter(|k| *k != "address_book") {
            return Err((
                key.clone(),
                format!("unknown key {key} (did you mean {meant}?)"),
            ));
        }
        let Some(value) = scalar(&value) else {
            return Err((
                key.clone(),
                format!("{key}: a setting is a string, number, boolean or array of them"),
            ));
        };
        settings.insert(key, value);
    }
    Ok(Profile {
        provider: raw.provider,
        base_url: raw.base_url,
        address_book: settings.remove("address_book"),
        region,
        key,
        settings,
        lines: BTreeMap::new(),
    })
}

/// A setting as the provider registry takes it: a string; arrays joined with `,`.
fn scalar(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        toml::Value::Array(items) => items
            .iter()
            .map(|item| match item {
                toml::Value::Array(_) => None,
                other => scalar(other),
            })
            .collect::<Option<Vec<_>>>()
            .map(|items| items.join(",")),
        toml::Value::Datetime(_) | toml::Value::Table(_) => None,
    }
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o044 != 0)
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path) -> bool {
    false
}

/// Whether anyone but its owner could change what the file says (as ssh checks its config): the
/// file is owned by another user, or the group or others may write it or its directory (a
/// directory others may write lets them replace the file).
#[cfg(unix)]
fn writable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let Ok(file) = std::fs::metadata(path) else {
        return false;
    };
    let me = current_uid();
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir_open = std::fs::metadata(dir).is_ok_and(|d| {
        // A sticky directory (/tmp) lets others add files but not replace this one.
        let mode = d.permissions().mode();
        mode & 0o022 != 0 && mode & 0o1000 == 0
    });
    file.uid() != me || file.permissions().mode() & 0o022 != 0 || dir_open
}

/// The user this process runs as: the owner of a file it just created (no `unsafe` needed).
#[cfg(unix)]
fn current_uid() -> u32 {
    use std::os::unix::fs::MetadataExt;
    static UID: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *UID.get_or_init(|| {
        tempfile::tempfile()
            .and_then(|f| f.metadata())
            .map_or(u32::MAX, |m| m.uid())
    })
}

#[cfg(not(unix))]
fn writable_by_others(_path: &Path) -> bool {
    false
}

/// Prints a warning once per process, however often the file is read.
fn warn_once(message: String) {
    static WARNED: std::sync::Once = std::sync::Once::new();
    WARNED.call_once(|| eprintln!("{message}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> CliResult<ConfigFile> {
        ConfigFile::parse(Path::new("config.toml"), text)
    }

    #[test]
    fn settings_of_any_scalar_type_become_strings() {
        let file = parse(
            "[profiles.atom]\nprovider = \"addressbook\"\naddress_book = 7\nregion = \"AU\"\n\
             custom_keys = [\"email\", \"department\"]\nrate_limit = 2.5\nallow_http = true\n\
             api_key_env = \"ATOM_KEY\"\n",
        )
        .unwrap();
        let p = file.profile("atom").unwrap();
        assert_eq!(p.address_book.as_deref(), Some("7"));
        assert_eq!(p.region.unwrap().to_string(), "AU");
        assert_eq!(p.settings["custom_keys"], "email,department");
        assert_eq!(p.settings["rate_limit"], "2.5");
        assert_eq!(p.settings["allow_http"], "true");
        assert_eq!(p.key, Some(KeySource::Env("ATOM_KEY".into())));
    }

    #[test]
    fn errors_name_the_line_and_never_echo_the_line() {
        let err = parse("[profiles.a]\nprovider = \"ip1\"\napi_key = secret-77\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("config.toml:3:"), "{err}");
        assert!(!err.contains("secret-77"), "{err}");
        let err = parse("[profile.a]\n").unwrap_err().to_string();
        assert!(err.contains("config.toml:1:"), "{err}");
        let err = parse("[profiles.a]\napi_key = \"k\"\napi_key_env = \"V\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("only one of"), "{err}");
        let err = parse("[profiles.a]\nregion = \"XX\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("region"), "{err}");
        let err = parse("").unwrap().profile("x").unwrap_err().to_string();
        assert!(err.contains("no profile \"x\""), "{err}");
    }

    #[test]
    fn a_quoted_value_with_escaped_quotes_is_never_shown() {
        let shown = without_quoted_values(r#"invalid type: string "sk\"SECRET-1", expected x"#);
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("expected x"), "{shown}");
        let unclosed = without_quoted_values(r#"invalid type: string "sk-SECRET-2"#);
        assert!(!unclosed.contains("SECRET"), "{unclosed}");
    }

    #[test]
    fn debug_never_shows_a_literal_key() {
        let key = KeySource::Literal("secret-77".into());
        assert!(!format!("{key:?}").contains("secret-77"));
    }
}
