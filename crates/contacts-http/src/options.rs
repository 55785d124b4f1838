//! `ClientOptions`: every transport setting of an HTTP adapter, in one place.

use crate::RetryPolicy;
use contacts_core::{Error, ProviderConfig, RateLimit, Result};
use derive_setters::Setters;
use std::time::Duration;

/// How an adapter talks HTTP: timeouts, retries, a client-side rate limit, whether plain http
/// is allowed beyond loopback, the user agent.
///
/// Provider builders take one `ClientOptions` (`.client_options(…)`) instead of mirroring
/// these settings, and their `register` functions read them from string settings with
/// [`ClientOptions::with_config`], so every adapter understands the same keys the same way.
/// Every field has a setter of its name (`.connect_timeout(…)`, `.user_agent("…")`).
///
/// ```
/// use contacts_http::{ClientOptions, RetryPolicy};
/// use contacts_core::ProviderConfig;
/// use std::time::Duration;
/// let options = ClientOptions::default()
///     .request_timeout(Duration::from_secs(10))
///     .retry(RetryPolicy::default().max_attempts(2))
///     .rate_limit_per_second(10.0, 5);
/// assert_eq!(options.rate_limit.unwrap().burst, 5);
///
/// let config = ProviderConfig::new().with("timeout_secs", "3").with("rate_limit", "0");
/// let options = options.with_config(&config).unwrap();
/// assert_eq!(options.request_timeout, Duration::from_secs(3));
/// assert_eq!(options.rate_limit, None, "0 turns the limit off");
/// ```
#[derive(Debug, Clone, PartialEq, Setters)]
#[non_exhaustive]
pub struct ClientOptions {
    /// Time allowed to connect (default 5 s).
    pub connect_timeout: Duration,
    /// Time allowed for one whole attempt (default 30 s).
    pub request_timeout: Duration,
    /// When and how often to try again (default [`RetryPolicy::default`];
    /// [`RetryPolicy::disabled`] sends every request once).
    pub retry: RetryPolicy,
    /// Requests per second on average with bursts, across every clone of the client (default
    /// none; an adapter whose vendor publishes a limit starts from it). Its setter sets or
    /// clears it; [`rate_limit_per_second`](Self::rate_limit_per_second) sets one.
    pub rate_limit: Option<RateLimit>,
    /// Allows plain http to any host (it is always allowed to loopback hosts).
    pub allow_http: bool,
    /// Replaces the adapter's own user agent.
    #[setters(strip_option, into)]
    pub user_agent: Option<String>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            rate_limit: None,
            allow_http: false,
            user_agent: None,
        }
    }
}

/// The settings [`ClientOptions::with_config`] reads, for listing in a provider's docs.
pub const SETTINGS: &[&str] = &[
    "timeout_secs",
    "connect_timeout_secs",
    "retries",
    "rate_limit",
    "rate_burst",
    "allow_http",
    "user_agent",
];

impl ClientOptions {
    /// Options from string settings over the defaults (see [`ClientOptions::with_config`]).
    pub fn from_config(config: &ProviderConfig) -> Result<Self> {
        Self::default().with_config(config)
    }

    /// These options with every transport setting present in `config` applied:
    /// `timeout_secs` and `connect_timeout_secs` (whole seconds, at least 1), `retries` (most
    /// attempts, the first included; `1` sends every request once), `rate_limit` (requests per
    /// second; `0` turns the limit off), `rate_burst` (requests at once; default the rate
    /// rounded up), `allow_http` (`true`/`false`), `user_agent`. Absent settings keep their
    /// value; one that does not parse is `InvalidInput` naming it.
    pub fn with_config(mut self, config: &ProviderConfig) -> Result<Self> {
        if let Some(secs) = config.parse::<u64>("timeout_secs")? {
            self.request_timeout = Duration::from_secs(secs.max(1));
        }
        if let Some(secs) = config.parse::<u64>("connect_timeout_secs")? {
            self.connect_timeout = Duration::from_secs(secs.max(1));
        }
        if let Some(attempts) = config.parse::<u32>("retries")? {
            self.retry = self.retry.max_attempts(attempts);
        }
        let burst = config.parse::<u32>("rate_burst")?;
        if let Some(rate) = config.parse::<f64>("rate_limit")? {
            if !rate.is_finite() || rate < 0.0 {
                return Err(Error::invalid(
                    "rate_limit",
                    "requests per second must be a positive number, or 0 for no limit",
                ));
            }
            self.rate_limit = (rate > 0.0).then(|| RateLimit {
                requests_per_second: rate,
                burst: burst.unwrap_or(rate.ceil() as u32).max(1),
            });
        } else if let (Some(burst), Some(limit)) = (burst, self.rate_limit.as_mut()) {
            limit.burst = burst.max(1);
        }
        if let Some(allow) = config.parse::<bool>("allow_http")? {
            self.allow_http = allow;
        }
        if let Some(agent) = config.get("user_agent") {
            self.user_agent = Some(agent.to_owned());
        }
        Ok(self)
    }

    /// Keeps to `per_second` requests on average with bursts of `burst`.
    #[must_use]
    pub fn rate_limit_per_second(self, per_second: f64, burst: u32) -> Self {
        self.rate_limit(Some(RateLimit {
            requests_per_second: per_second,
            burst,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_override_only_what_they_name() {
        let vendor = ClientOptions::default().rate_limit_per_second(10.0, 5);
        let same = vendor.clone().with_config(&ProviderConfig::new()).unwrap();
        assert_eq!(same, vendor);
        let config = ProviderConfig::new()
            .with("rate_limit", "2.5")
            .with("retries", "1")
            .with("allow_http", "true")
            .with("connect_timeout_secs", "0");
        let options = vendor.with_config(&config).unwrap();
        assert_eq!(
            options.rate_limit,
            Some(RateLimit {
                requests_per_second: 2.5,
                burst: 3
            })
        );
        assert_eq!(options.retry.attempts(), 1);
        assert!(options.allow_http);
        assert_eq!(options.connect_timeout, Duration::from_secs(1));
        let burst_only = ClientOptions::default()
            .rate_limit_per_second(10.0, 5)
            .with_config(&ProviderConfig::new().with("rate_burst", "2"))
            .unwrap();
        assert_eq!(burst_only.rate_limit.unwrap().burst, 2);
    }

    #[test]
    fn bad_settings_name_themselves() {
        for (key, value) in [
            ("timeout_secs", "soon"),
            ("rate_limit", "-1"),
            ("rate_limit", "NaN"),
            ("allow_http", "yes please"),
            ("retries", "-2"),
        ] {
            let err =
                ClientOptions::from_config(&ProviderConfig::new().with(key, value)).unwrap_err();
            assert!(
                matches!(err, Error::InvalidInput { ref field, .. } if field == key),
                "{key}={value}: {err:?}"
            );
        }
    }
}
