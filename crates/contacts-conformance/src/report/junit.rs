//! The report as JUnit XML, the format GitHub Actions, GitLab and most CI systems render: one
//! `testsuite` per provider, one `testcase` per check.

use super::{CheckResult, ProviderReport, Report, Status};
use quick_xml::escape::escape;
use std::fmt::Write as _;

impl Report {
    /// JUnit XML of the whole run. A failure (or a stale expectation, `fixed`) is a `failure`
    /// element with the reason as its message and the reason plus the shrunk minimal case as
    /// its text; a skip or an expected failure is a `skipped` element with its reason.
    ///
    /// ```
    /// use contacts_conformance::{CheckResult, ProviderReport, Report, Status};
    /// let mut report = Report::new("demo 1.0");
    /// report.providers.push(ProviderReport {
    ///     provider: "memory".into(),
    ///     mode: "default".into(),
    ///     capabilities: None,
    ///     checks: vec![CheckResult {
    ///         name: "paging".into(),
    ///         status: Status::Failed,
    ///         reason: Some("listed 10 of 11 <contacts>".into()),
    ///         minimal_case: None,
    ///         duration_ms: 12,
    ///         cases: 0,
    ///         steps: 0,
    ///     }],
    /// });
    /// let xml = report.to_junit();
    /// assert!(xml.contains(r#"<testcase name="paging" classname="conformance.memory" time="0.012">"#));
    /// assert!(xml.contains("listed 10 of 11 &lt;contacts&gt;"));
    /// ```
    pub fn to_junit(&self) -> String {
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let failures = self.count(Status::Failed) + self.count(Status::Fixed);
        let skipped = self.count(Status::Skipped) + self.count(Status::ExpectedFail);
        let tests: usize = self.providers.iter().map(|p| p.checks.len()).sum();
        let _ = writeln!(
            xml,
            r#"<testsuites name="{}" tests="{tests}" failures="{failures}" errors="0" skipped="{skipped}">"#,
            attr(&format!("contacts-conformance {}", self.suite_version)),
        );
        for provider in &self.providers {
            self.suite(&mut xml, provider);
        }
        xml.push_str("</testsuites>\n");
        xml
    }

    fn suite(&self, xml: &mut String, p: &ProviderReport) {
        let _ = writeln!(
            xml,
            r#"  <testsuite name="{}" tests="{}" failures="{}" errors="0" skipped="{}" time="{}" timestamp="{}">"#,
            attr(&p.provider),
            p.checks.len(),
            p.count(Status::Failed) + p.count(Status::Fixed),
            p.count(Status::Skipped) + p.count(Status::ExpectedFail),
            seconds(p.duration_ms()),
            attr(&self.date),
        );
        let _ = writeln!(
            xml,
            r#"    <properties><property name="suiteVersion" value="{}"/><property name="tool" value="{}"/></properties>"#,
            attr(&self.suite_version),
            attr(&self.tool),
        );
        for check in &p.checks {
            case(xml, &p.provider, check);
        }
        xml.push_str("  </testsuite>\n");
    }
}

fn case(xml: &mut String, provider: &str, c: &CheckResult) {
    let _ = write!(
        xml,
        r#"    <testcase name="{}" classname="conformance.{}" time="{}">"#,
        attr(&c.name),
        attr(provider),
        seconds(c.duration_ms),
    );
    let reason = c.reason.as_deref().unwrap_or("");
    match c.status {
        Status::Passed => {}
        Status::Failed | Status::Fixed => {
            let mut text = reason.to_owned();
            if let Some(case) = &c.minimal_case {
                let _ = write!(text, "\nminimal case: {case}");
            }
            let _ = write!(
                xml,
                r#"<failure message="{}" type="{}">{}</failure>"#,
                attr(reason),
                c.status.label(),
                attr(&text),
            );
        }
        Status::Skipped | Status::ExpectedFail => {
            let _ = write!(
                xml,
                r#"<skipped message="{}: {}"/>"#,
                c.status.label(),
                attr(reason),
            );
        }
    }
    xml.push_str("</testcase>\n");
}

fn seconds(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

/// Escaped for an attribute or text, with the characters XML 1.0 cannot hold at all (control
/// characters other than tab and newlines) replaced, so any reason a provider produced is
/// well-formed.
fn attr(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| {
            if (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
            {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    escape(clean.as_str()).into_owned()
}
