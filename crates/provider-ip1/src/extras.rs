//! iP1-only calls that the neutral trait has no place for.

use crate::provider::Ip1Provider;
use contacts_core::{ContactId, Error, Result};
use contacts_http::{Idempotency, Method};
use serde::Deserialize;
use serde_json::Value;

/// `GET /contacts/meta`: the account summary, the only way to get a total count.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Contacts in the account.
    pub total_count: u64,
    /// Label usage (includes the system label `all`).
    #[serde(default)]
    pub labels: Vec<LabelUsage>,
    /// Property usage.
    #[serde(default)]
    pub properties: Vec<PropertyUsage>,
}

/// How many contacts carry a label.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelUsage {
    /// The label.
    pub label_name: String,
    /// Contacts carrying it.
    pub usage_count: u64,
}

/// How a property is used across the account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PropertyUsage {
    /// The property key.
    pub property_name: String,
    /// Contacts with a value.
    pub usage_count: u64,
    /// Average value length.
    #[serde(default)]
    pub average_length: u64,
    /// Longest value.
    #[serde(default)]
    pub max_length: u64,
    /// Shortest value.
    #[serde(default)]
    pub min_length: u64,
}

/// One blacklist entry as read: iP1 documents `{"msisdn":"46703541190","created":"…"}`
/// (ip1sms.com/en/developer/blacklist); `phoneNumber` (what this crate once expected) and
/// `Phone` (the v1 API's entry, docs.ip1sms.com) are read too, since where sources differ the
/// reading is lenient. `created` has no place in the neutral blocklist and is not kept.
#[derive(Debug, Deserialize)]
struct BlacklistEntry {
    #[serde(default)]
    msisdn: Option<Value>,
    #[serde(default, rename = "phoneNumber")]
    phone_number: Option<Value>,
    #[serde(default, alias = "Phone")]
    phone: Option<Value>,
}

impl BlacklistEntry {
    /// The number in international format (`+` and the MSISDN's digits), if the entry has one.
    fn international(self) -> Option<String> {
        let raw = match self.msisdn.or(self.phone_number).or(self.phone)? {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        let digits_only = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit());
        Some(if digits_only { format!("+{raw}") } else { raw })
    }
}

fn check_label(label: &str) -> Result<()> {
    if label.is_empty() || label == crate::mapping::SYSTEM_LABEL {
        return Err(Error::invalid(
            "label",
            "a user label is needed (not empty, not \"all\")",
        ));
    }
    Ok(())
}

impl Ip1Provider {
    /// The account summary: total count, label and property usage.
    pub async fn summary(&self) -> Result<Summary> {
        let response = self
            .send(self.http.request(Method::GET, "v2/contacts/meta")?)
            .await?;
        self.decode(&response, "summary")
    }

    /// Adds `label` to every contact in `ids` in one call; returns how many contacts carry it.
    pub async fn add_label(&self, label: &str, ids: &[ContactId]) -> Result<LabelUsage> {
        check_label(label)?;
        // An id that cannot be an iP1 id is unknown (see `contact_path`).
        for id in ids {
            Self::contact_path(id)?;
        }
        let ids: Vec<&str> = ids.iter().map(ContactId::as_str).collect();
        let request = self
            .http
            .request(Method::POST, &Self::label_path(label, "/contacts")?)?
            .json(&ids)?
            .idempotency(Idempotency::Idempotent);
        let response = self.send(request).await?;
        self.decode(&response, &format!("label {label}"))
    }

    /// Removes `label` from every contact of the account (the contacts stay).
    pub async fn remove_label_everywhere(&self, label: &str) -> Result<LabelUsage> {
        check_label(label)?;
        let request = self
            .http
            .request(Method::DELETE, &Self::label_path(label, "")?)?;
        let response = self.send(request).await?;
        self.decode(&response, &format!("label {label}"))
    }

    /// Blocked numbers, in international format (`+` and digits: iP1 lists MSISDNs).
    pub async fn blacklist(&self) -> Result<Vec<String>> {
        let response = self
            .send(self.http.request(Method::GET, "v2/blacklist")?)
            .await?;
        let entries: Vec<BlacklistEntry> = self.decode(&response, "blacklist")?;
        entries
            .into_iter()
            .enumerate()
            .map(|(i, entry)| {
                entry.international().ok_or_else(|| Error::Protocol {
                    status: Some(response.status),
                    message: format!("blacklist entry [{i}] has no number (no \"msisdn\" string)"),
                    body_excerpt: contacts_http::excerpt(&response.body, self.http.secret()),
                })
            })
            .collect()
    }

    /// Whether a number (MSISDN, with or without `+`) is blocked.
    pub async fn is_blocked(&self, number: &str) -> Result<bool> {
        let digits = msisdn(number)?;
        let response = self
            .send(
                self.http
                    .request(Method::GET, &format!("v2/blacklist/{digits}"))?,
            )
            .await?;
        match response.status {
            404 => Ok(false),
            _ if response.is_success() => Ok(true),
            _ => Err(self.http.error_for(&response, "blacklist entry")),
        }
    }

    /// Blocks a number: iP1 will not send to it, and its contacts' `isBlocked` metadata is true.
    pub async fn block(&self, number: &str) -> Result<()> {
        self.blacklist_entry(Method::PUT, number).await
    }

    /// Unblocks a number; `NotFound` if it was not blocked.
    pub async fn unblock(&self, number: &str) -> Result<()> {
        self.blacklist_entry(Method::DELETE, number).await
    }

    async fn blacklist_entry(&self, method: Method, number: &str) -> Result<()> {
        let digits = msisdn(number)?;
        let request = self
            .http
            .request(method, &format!("v2/blacklist/{digits}"))?;
        self.http
            .send_ok(request, &format!("blacklist entry {number}"))
            .await?;
        Ok(())
    }
}

/// The blacklist entry of `number`: its digits, from `+` (optional: iP1 writes MSISDNs
/// without it) and 1 to 15 digits, taken exactly as given (no trimming), so an entry is
/// always one path segment of digits and nothing else reaches `/v2/blacklist/…`.
fn msisdn(number: &str) -> Result<&str> {
    let digits = number.strip_prefix('+').unwrap_or(number);
    if !(1..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid(
            "phone_number",
            format!(
                "{number:?} is not an international number: + and 1 to 15 digits, e.g. +46701234567"
            ),
        ));
    }
    Ok(digits)
}
