//! [`Fused`]: a row reader that stops for good at the end of its input or at a read error.

/// Whether a row reader (CSV, JSON Lines) has stopped for good: at the end of its input, or at
/// a failure to read, after which nothing it reads could be trusted.
#[derive(Debug, Default)]
pub(crate) struct Fused {
    stopped: bool,
}

impl Fused {
    /// Runs `read`, the reader's next read (`Ok(false)` at the end of the input), unless the
    /// reader stopped: `None` once stopped or at the end, else what `read` gave. The end and an
    /// error stop the reader for good.
    pub(crate) fn read<E>(
        &mut self,
        read: impl FnOnce() -> Result<bool, E>,
    ) -> Option<Result<(), E>> {
        if self.stopped {
            return None;
        }
        match read() {
            Ok(true) => Some(Ok(())),
            Ok(false) => {
                self.stopped = true;
                None
            }
            Err(err) => {
                self.stopped = true;
                Some(Err(err))
            }
        }
    }

    /// Stops the reader for good, for a fault in what it read that spoils the rest.
    pub(crate) fn stop(&mut self) {
        self.stopped = true;
    }
}
