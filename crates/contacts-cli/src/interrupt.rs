//! Ctrl-C for commands that stop cleanly: the first press asks the command to stop (it says
//! how, then finishes what is in flight and reports), a second press ends the process at once
//! with exit code 130.

/// Calls `stop` at the first Ctrl-C, after printing `notice` on stderr; a second Ctrl-C exits.
pub fn on_ctrl_c(notice: &'static str, stop: impl FnOnce() + Send + 'static) {
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            stop();
            eprintln!("{notice} (Ctrl-C again to stop at once)");
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(i32::from(crate::error::INTERRUPTED));
            }
        }
    });
}
