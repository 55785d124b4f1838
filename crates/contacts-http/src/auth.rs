//! `Credentials`: how a client proves who it is, a bearer token or HTTP Basic, never printed.

use crate::ApiKey;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
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
                STANDARD.encode(format!("{username}:{}", password.expose_secret()))
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

#[cfg(test)]
mod tests {
    use super::Credentials;

    #[test]
    fn basic_is_rfc_7617s_example_and_keeps_every_byte_of_the_password() {
        let header = Credentials::basic("Aladdin", "open sesame").header_value();
        assert_eq!(header, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        // Padding of two, one and no `=`, and a non-ASCII password, as UTF-8.
        assert_eq!(Credentials::basic("", "").header_value(), "Basic Og==");
        assert_eq!(Credentials::basic("a", "").header_value(), "Basic YTo=");
        assert_eq!(Credentials::basic("ab", "").header_value(), "Basic YWI6");
        assert_eq!(Credentials::basic("", "é").header_value(), "Basic OsOp");
    }
}
