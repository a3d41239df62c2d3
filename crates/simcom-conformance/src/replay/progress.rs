//! Progress of long steps on a terminal, drawn by indicatif (a well-kept crate: rate limiting,
//! terminal detection, clearing, and the bytes and rate shown, none of them ours to write).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::target::{Clock, Target};

/// A progress bar for a long step (`send_data`, `drain`): only on a real-time target, and only
/// when standard error is a terminal (indicatif draws nothing otherwise, so CI logs stay plain).
pub(super) struct Progress {
    on: bool,
    bar: Option<ProgressBar>,
}

impl Progress {
    pub(super) fn new(target: &dyn Target) -> Self {
        Self {
            on: target.clock() == Clock::Wall,
            bar: None,
        }
    }

    /// `done` bytes of `what` so far, of `total` when it is known.
    pub(super) fn show(&mut self, what: &'static str, done: usize, total: Option<usize>) {
        if !self.on {
            return;
        }
        let bar = self.bar.get_or_insert_with(|| {
            let (bar, template) = match total {
                Some(t) => (
                    ProgressBar::with_draw_target(Some(t as u64), ProgressDrawTarget::stderr()),
                    "    {msg}: {bytes}/{total_bytes} [{bar:30}] {bytes_per_sec}",
                ),
                None => (
                    ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                    "    {msg}: {bytes} {bytes_per_sec}",
                ),
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar.set_message(what);
            bar
        });
        bar.set_position(done as u64);
    }

    /// Removes the bar: the step is over.
    pub(super) fn clear(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
