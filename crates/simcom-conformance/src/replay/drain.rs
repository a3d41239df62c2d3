//! `drain`: a whole download read with its read command (spec/transcript-format.md).

use simcom_at::Command;

use super::{Failure, Header, Item, LineKind, Replay, bytes_diff, fail};
use crate::transcript::Step;

impl Replay<'_> {
    /// `drain`: see spec/transcript-format.md and shared/NOTES.md.
    pub(super) fn drain(&mut self, read: &str, want: &[u8], until: &str) -> Result<(), Failure> {
        let mut got = Vec::new();
        self.drain_inner(read, until, &mut got)?;
        if got == want {
            return Ok(());
        }
        let (at, expected, received) = bytes_diff(want, &got);
        Err(fail(
            expected,
            format!(
                "the drained data differs: {} bytes received, {} expected, first difference at byte {at}",
                got.len(),
                want.len()
            ),
            vec![received],
        ))
    }

    pub(super) fn drain_inner(
        &mut self,
        read: &str,
        until: &str,
        got: &mut Vec<u8>,
    ) -> Result<(), Failure> {
        // The announcement it waits for is the read command's `+<prefix>: 1,1`, as the codec
        // decodes it (`AT+FTPGET=2,n` → `+FTPGET: 1,1`).
        let prefix = Command::parse(read.as_bytes())
            .ok()
            .and_then(|c| c.prefix());
        let mut seen = Vec::new();
        let mut in_flight = true; // the read sent on entry
        let mut last_n: Option<u32> = None;
        let mut done = false;
        self.step(&Step::Send(read.to_string()))?;
        loop {
            if done && !in_flight {
                break;
            }
            let deadline = self.deadline();
            let Some(item) = self.next_item(deadline)? else {
                let what = if done {
                    "the answer to the last read".to_string()
                } else {
                    format!("{until:?}")
                };
                return Err(fail(what, "nothing came in time while draining", seen));
            };
            let kind = match &item {
                Item::Line { text, .. } if text == until.as_bytes() => None,
                Item::Line { kind, .. } => Some(*kind),
                Item::Data(_) => Some(LineKind::Other),
            };
            match (&item, kind) {
                (Item::Data(d), _) => {
                    got.extend_from_slice(d);
                    self.progress.show("drain", got.len(), None);
                }
                (_, None) => done = true,
                (_, Some(LineKind::Data(Header::Counted(n)))) if in_flight => last_n = Some(n),
                (_, Some(LineKind::Final { ok: true })) if in_flight => {
                    in_flight = false;
                    // Take what is already there before deciding to read again.
                    let now = self.target.now();
                    self.pump(now)?;
                    let until_next = self
                        .items
                        .iter()
                        .any(|i| i.line() == Some(until.as_bytes()));
                    if !done && !until_next && last_n.is_some_and(|n| n > 0) {
                        self.step(&Step::Send(read.to_string()))?;
                        in_flight = true;
                    }
                    last_n = None;
                }
                (_, Some(LineKind::Session { prefix: p, code: 1 })) if Some(p) == prefix => {
                    if !in_flight && !done {
                        self.step(&Step::Send(read.to_string()))?;
                        in_flight = true;
                    }
                }
                // The answer to a read sent after the last byte was taken.
                (_, Some(LineKind::Final { ok: false })) if in_flight && done => in_flight = false,
                _ if self.ignored(&item) => seen.push(format!("{} (ignored)", item.show())),
                _ => {
                    seen.push(item.show());
                    return Err(fail(
                        format!("the download's data, announcements, or {until:?}"),
                        "an unexpected line came while draining",
                        seen,
                    ));
                }
            }
            if seen.len() > 16 {
                seen.remove(0);
            }
        }
        self.progress.clear();
        Ok(())
    }
}
