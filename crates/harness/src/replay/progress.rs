//! Progress of long steps on a terminal.

use std::time::Duration;

use crate::target::{Clock, Target};

/// Progress lines for long steps: only on a terminal and a real-time target, at most four
/// updates a second; in CI (no terminal) nothing is printed.
pub(super) struct Progress {
    on: bool,
    last: std::time::Instant,
    shown: bool,
}

impl Progress {
    pub(super) fn new(target: &dyn Target) -> Self {
        use std::io::IsTerminal;
        let on = std::io::stderr().is_terminal() && target.clock() == Clock::Wall;
        Self {
            on,
            last: std::time::Instant::now(),
            shown: false,
        }
    }

    pub(super) fn show(&mut self, what: &str, done: usize, total: Option<usize>) {
        if !self.on || self.last.elapsed() < Duration::from_millis(250) {
            return;
        }
        self.last = std::time::Instant::now();
        self.shown = true;
        match total {
            Some(t) => eprint!("\r    {what}: {done}/{t} bytes   "),
            None => eprint!("\r    {what}: {done} bytes   "),
        }
    }

    pub(super) fn clear(&mut self) {
        if self.shown {
            eprint!("\r{:60}\r", "");
            self.shown = false;
        }
    }
}
