//! Progress on stderr for anything that can take more than a couple of seconds (a long
//! listing, an import, a sync, a conformance run).
//!
//! indicatif draws only when stderr is a terminal, so pipes, files and CI logs stay clean;
//! `-q` hides it everywhere. One place for it, so every command looks and behaves the same.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// A bar of `total` steps: `{bar} pos/len <unit> [elapsed]`.
pub fn bar(quiet: bool, total: u64, unit: &str) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(&format!("{{bar:30}} {{pos}}/{{len}} {unit} [{{elapsed}}]"))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// A counter with no known end: `⠋ pos <unit> [elapsed]`, ticking on its own so a slow
/// server still shows that the command is alive.
pub fn counter(quiet: bool, unit: &str) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(&format!("{{spinner}} {{pos}} {unit} {{msg}} [{{elapsed}}]"))
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
