//! The conformance suite's report as the providers' own suites show it when they fail.

use contacts_conformance::{ProviderReport, Report};

/// One provider's `report` as the matrix `contacts conformance` prints (every check, its
/// status and reason): what a provider's test shows when the suite fails on it, so the
/// failing checks are read at once instead of a `Debug` dump.
pub fn matrix(report: &ProviderReport) -> String {
    Report {
        providers: vec![report.clone()],
        ..Report::default()
    }
    .to_string()
}
