//! Tracing capture: a subscriber that writes down every event and every span field, so a test
//! can assert what was logged (a skipped card is reported) and what never was (a secret).
//!
//! A formatting subscriber prints a span's fields only beside an event inside it; this one
//! records a span's fields when the span is made and whenever a field is recorded later, so a
//! secret put in a span that no event ever enters is found too.

use std::fmt::{Debug, Write as _};
use std::sync::{Arc, Mutex, PoisonError};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::{Layer, Registry};

/// What was traced while a [`Capture`] was installed, one line per event, span or record:
/// `LEVEL target: span name field=value …` or `LEVEL target: message field=value …`.
#[derive(Debug, Clone, Default)]
pub struct Capture {
    text: Arc<Mutex<String>>,
}

/// Keeps a [`Capture`] installed as the thread's default subscriber until dropped.
#[must_use = "the capture stops when the guard is dropped"]
pub struct Installed {
    _guard: tracing::subscriber::DefaultGuard,
}

impl Capture {
    /// Installs a capture of every level (`TRACE` and above) as this thread's default
    /// subscriber. Tests that log across threads run on a current-thread runtime (the
    /// `#[tokio::test]` default) so that every event reaches it.
    pub fn install() -> (Self, Installed) {
        Self::install_at(Level::TRACE)
    }

    /// Installs a capture of `level` and above (`WARN`: only what a user sees by default).
    pub fn install_at(level: Level) -> (Self, Installed) {
        let capture = Self::default();
        let layer = capture.clone().with_filter(LevelFilter::from_level(level));
        let subscriber = Registry::default().with(layer);
        let guard = tracing::subscriber::set_default(subscriber);
        (capture, Installed { _guard: guard })
    }

    /// Everything captured so far.
    pub fn text(&self) -> String {
        self.lock().clone()
    }

    /// Whether `needle` was traced (in a message, a field, a target or a span name).
    pub fn contains(&self, needle: &str) -> bool {
        self.lock().contains(needle)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, String> {
        // A test that panicked while holding the lock has already failed; what it wrote stays.
        self.text.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn line(&self, level: &Level, target: &str, head: &str, fields: &Fields) {
        let mut text = self.lock();
        let _ = writeln!(text, "{level} {target}: {head}{}", fields.0);
    }
}

/// The fields of one event or span, as `name=value` (a `message` as its bare text).
#[derive(Default)]
struct Fields(String);

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.push(field, value);
    }

    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.push(field, &format!("{value:?}"));
    }
}

impl Fields {
    fn push(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            let _ = write!(self.0, " {value}");
        } else {
            let _ = write!(self.0, " {}={value}", field.name());
        }
    }
}

impl<S> Layer<S> for Capture
where
    S: Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, _id: &Id, _ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        let meta = attrs.metadata();
        let head = format!("span {}", meta.name());
        self.line(meta.level(), meta.target(), &head, &fields);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        values.record(&mut fields);
        if let Some(meta) = ctx.metadata(id) {
            let head = format!("span {} recorded", meta.name());
            self.line(meta.level(), meta.target(), &head, &fields);
        }
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let meta = event.metadata();
        self.line(meta.level(), meta.target(), "", &fields);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_events_span_fields_and_later_records_at_its_level() {
        let (capture, _installed) = Capture::install_at(Level::DEBUG);
        let span =
            tracing::info_span!("request", url = "http://x/", status = tracing::field::Empty);
        span.record("status", 401);
        tracing::warn!(card = "/book/a.vcf", "skipped a card");
        tracing::trace!("below the level");
        let text = capture.text();
        assert!(text.contains("span request url=http://x/"), "{text}");
        assert!(text.contains("status=401"), "{text}");
        assert!(text.contains("WARN"), "{text}");
        assert!(text.contains("skipped a card card=/book/a.vcf"), "{text}");
        assert!(!capture.contains("below the level"), "{text}");
    }
}
