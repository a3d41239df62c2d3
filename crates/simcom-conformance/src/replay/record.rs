//! `record`: a transcript's host side played, what the module answered written down.

use super::{Header, Item, LineKind, Logged, Replay};
use crate::target::Target;
use crate::transcript::bytes::BytesSpec;
use crate::transcript::{Step, Transcript, duration_text};

/// Plays a transcript's host side against `target` and records what the module answered
/// instead of matching it: each expectation step is replaced by what came (an `expect` per
/// line, an `expect_data` per data block; data equal to the original expectation keeps its
/// original description). `drain` steps are run and record the data drained.
///
/// Returns the recorded steps and the exchange log.
pub fn record(transcript: &Transcript, target: &mut dyn Target) -> (Vec<Step>, Vec<Logged>) {
    let mut r = Replay::new(transcript, target);
    let mut out = Vec::new();
    for step in &transcript.steps {
        match step {
            Step::Expect(_) | Step::ExpectRe(_) => r.capture(1, None, &mut out),
            Step::ExpectAnyOrder(lines) => r.capture(lines.len(), None, &mut out),
            Step::ExpectData(b) => r.capture(1, Some(b), &mut out),
            Step::Drain { read, data, until } => {
                let mut got = Vec::new();
                let result = r.drain_inner(read, until, &mut got);
                let data = if got == data.bytes() {
                    data.clone()
                } else {
                    BytesSpec::Hex(got)
                };
                out.push(Step::Drain {
                    read: read.clone(),
                    data,
                    until: until.clone(),
                });
                if let Err(f) = result {
                    out.push(Step::Comment(format!("drain did not finish: {}", f.reason)));
                }
            }
            other => {
                out.push(other.clone());
                if let Err(f) = r.step(other) {
                    out.push(Step::Comment(format!("the step failed: {}", f.reason)));
                    break;
                }
            }
        }
    }
    (out, r.log)
}

impl Replay<'_> {
    /// Records the next `n` items (lines as `expect`, data as `expect_data`); when the
    /// original expected data, a data header and its block count as one.
    fn capture(&mut self, n: usize, data: Option<&BytesSpec>, out: &mut Vec<Step>) {
        let mut taken = 0;
        while taken < n {
            let deadline = self.deadline();
            let item = match self.next_item(deadline) {
                Ok(Some(item)) => item,
                Ok(None) => {
                    // The wait keeps the recording's timing: what the host sends next is sent
                    // as late as it was while recording.
                    out.push(Step::Comment(format!(
                        "nothing came within {}",
                        duration_text(self.t.timeout)
                    )));
                    out.push(Step::Wait(self.t.timeout));
                    return;
                }
                Err(f) => {
                    out.push(Step::Comment(format!("target error: {}", f.reason)));
                    return;
                }
            };
            match item {
                Item::Line { text, kind } => {
                    out.push(Step::Expect(String::from_utf8_lossy(&text).into_owned()));
                    if data.is_none()
                        || !matches!(kind, LineKind::Data(Header::Counted(1..) | Header::Etx))
                    {
                        taken += 1;
                    }
                }
                Item::Data(d) => {
                    let spec = match data {
                        Some(b) if b.bytes() == d => b.clone(),
                        _ => BytesSpec::Hex(d),
                    };
                    out.push(Step::ExpectData(spec));
                    taken += 1;
                }
            }
        }
    }
}
