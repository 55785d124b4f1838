//! `Credentials`: how a client proves who it is, a bearer token or HTTP Basic, never printed.

use crate::ApiKey;
use std::fmt;

/// The credentials a client sends on every request: a bearer token (most vendor APIs) or HTTP
/// Basic with a user name and a password (WebDAV and CardDAV servers). The secret part is an
/// [`ApiKey`], so `Debug` never shows it; the user name is not secret and is shown.
///
/// ```
/// use contacts_http::Credentials;
/// let basic = Credentials::basic("alice", "s3cret");
/// assert_eq!(format!("{basic:?}"), r#"Basic { username: "alice", password: *** }"#);
/// assert_eq!(basic.secret(), "s3cret");
/// // RFC 7617: base64 of "user:password".
/// assert_eq!(basic.header_value(), "Basic YWxpY2U6czNjcmV0");
/// assert_eq!(Credentials::bearer("tok").header_value(), "Bearer tok");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// `Authorization: Bearer <key>`.
    Bearer(ApiKey),
    /// `Authorization: Basic base64(<username>:<password>)` (RFC 7617).
    Basic {
        /// The user name (not secret).
        username: String,
        /// The password.
        password: ApiKey,
    },
}

impl Credentials {
    /// A bearer token.
    pub fn bearer(key: impl Into<ApiKey>) -> Self {
        Credentials::Bearer(key.into())
    }

    /// HTTP Basic credentials.
    pub fn basic(username: impl Into<String>, password: impl Into<ApiKey>) -> Self {
        Credentials::Basic {
            username: username.into(),
            password: password.into(),
        }
    }

    /// The secret part (the token or the password), for redacting it from anything that may
    /// echo it; never for display.
    pub fn secret(&self) -> &str {
        match self {
            Credentials::Bearer(key) => key.expose_secret(),
            Credentials::Basic { password, .. } => password.expose_secret(),
        }
    }

    /// The value of the `Authorization` header. It holds the secret: the client marks the
    /// header sensitive and never logs it.
    pub fn header_value(&self) -> String {
        match self {
            Credentials::Bearer(key) => format!("Bearer {}", key.expose_secret()),
            Credentials::Basic { username, password } => format!(
                "Basic {}",
                base64(format!("{username}:{}", password.expose_secret()).as_bytes())
            ),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Bearer(_) => f.write_str("Bearer(***)"),
            Credentials::Basic { username, .. } => {
                write!(f, "Basic {{ username: {username:?}, password: *** }}")
            }
        }
    }
}

/// Standard base64 with padding (RFC 4648 §4), for the Basic header only.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }
}
