//! The replay engine: runs a transcript's steps against a [`Target`] and matches what the
//! module prints, line by line and data block by data block, with the codec's decoder.

use std::collections::VecDeque;
use std::time::Duration;

use simcom_at::{Command, Decoder, Event, Info, Prefix, command::FtpEtPut};

use crate::bytes::BytesSpec;
use crate::target::{Target, TargetError};
use crate::transcript::{Step, Transcript, redact};

/// What the module printed, cut the way transcripts speak of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A line, without its CR LF; `header` when it announces a data block.
    Line {
        /// The line's bytes as printed.
        text: Vec<u8>,
        /// The data block it announces, if any.
        header: Option<Header>,
    },
    /// A whole data block's payload, framing removed.
    Data(Vec<u8>),
}

/// The data block a line announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Header {
    /// `+FTPGET: 2,<n>` and the like: exactly n bytes follow (none when n = 0).
    Counted(u32),
    /// `+FTPETGET: 1,1`: ETX/DLE data follows.
    Etx,
}

impl Item {
    /// The item as a report shows it.
    pub fn show(&self) -> String {
        match self {
            Self::Line { text, .. } => String::from_utf8_lossy(text).into_owned(),
            Self::Data(d) if d.len() <= 64 => {
                format!("<data {} bytes: \"{}\">", d.len(), d.escape_ascii())
            }
            Self::Data(d) => format!("<data {} bytes: \"{}\"…>", d.len(), d[..48].escape_ascii()),
        }
    }

    fn line(&self) -> Option<&[u8]> {
        match self {
            Self::Line { text, .. } => Some(text),
            Self::Data(_) => None,
        }
    }
}

/// Why a transcript failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// 1-based number of the failing step (0: before the first step).
    pub step: usize,
    /// The step as written.
    pub step_text: String,
    /// What the step expected.
    pub expected: String,
    /// What came instead (the items read while trying, last one first failing).
    pub received: Vec<String>,
    /// A sentence saying what went wrong.
    pub reason: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "step {}: {}", self.step, self.step_text)?;
        writeln!(f, "  {}", self.reason)?;
        writeln!(f, "  expected: {}", self.expected)?;
        if self.received.is_empty() {
            writeln!(f, "  received: nothing")?;
        } else {
            writeln!(f, "  received:")?;
            for r in &self.received {
                writeln!(f, "    {r}")?;
            }
        }
        Ok(())
    }
}

/// One line of the exchange log, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogEntry {
    /// Bytes the host wrote.
    Host(Vec<u8>),
    /// An item the module printed.
    Module(Item),
    /// The module's echo of a command line.
    Echo(Vec<u8>),
}

/// The result of one replay.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// `None` when every step passed.
    pub failure: Option<Failure>,
    /// Everything exchanged.
    pub log: Vec<LogEntry>,
    /// The target's clock at the end (virtual time on the model).
    pub elapsed: Duration,
}

impl Outcome {
    /// Whether every step passed.
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
}

/// Replays `transcript` against `target`; failures are redacted of the transcript's secrets.
///
/// ```
/// use simcom_conformance::{replay::replay, target::ModelTarget, transcript::Transcript, world};
/// let t = Transcript::parse("title: t\nsource: s\nsteps:\n  - send: AT\n  - expect: OK\n", &Default::default()).unwrap();
/// let mut target = ModelTarget::new(world::sim(&t).unwrap());
/// assert!(replay(&t, &mut target).passed());
/// ```
pub fn replay(transcript: &Transcript, target: &mut dyn Target) -> Outcome {
    let mut r = Replay::new(transcript, target);
    let mut failure = None;
    for (i, step) in transcript.steps.iter().enumerate() {
        if let Err(mut f) = r.step(step) {
            f.step = i + 1;
            f.step_text = step.describe();
            failure = Some(f);
            break;
        }
    }
    let secrets = transcript.secrets();
    let failure = failure.map(|f| Failure {
        step_text: redact(&f.step_text, &secrets),
        expected: redact(&f.expected, &secrets),
        received: f.received.iter().map(|r| redact(r, &secrets)).collect(),
        reason: redact(&f.reason, &secrets),
        ..f
    });
    let elapsed = r.target.now();
    Outcome {
        failure,
        log: r.log,
        elapsed,
    }
}

struct Replay<'a> {
    t: &'a Transcript,
    target: &'a mut dyn Target,
    dec: Decoder<Vec<u8>>,
    items: VecDeque<Item>,
    /// The data block being received.
    block: Option<Vec<u8>>,
    log: Vec<LogEntry>,
    /// The last command sent was AT+FTPETPUT=2: `send_data` frames with ETX/DLE.
    etx_phase: bool,
    /// The last line matched was a zero-length data header (`+FTPGET: 2,0`).
    zero_header: bool,
    /// Progress of long steps on stderr (a terminal, a real-time target).
    progress: Progress,
}

/// Progress lines for long steps: only on a terminal and a real-time target, at most four
/// updates a second; in CI (no terminal) nothing is printed.
struct Progress {
    on: bool,
    last: std::time::Instant,
    shown: bool,
}

impl Progress {
    fn new(target: &dyn Target) -> Self {
        use std::io::IsTerminal;
        let on = std::io::stderr().is_terminal() && target.describe() != "model";
        Self {
            on,
            last: std::time::Instant::now(),
            shown: false,
        }
    }

    fn show(&mut self, what: &str, done: usize, total: Option<usize>) {
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

    fn clear(&mut self) {
        if self.shown {
            eprint!("\r{:60}\r", "");
            self.shown = false;
        }
    }
}

/// Plays a transcript's host side against `target` and records what the module answered
/// instead of matching it: each expectation step is replaced by what came (an `expect` per
/// line, an `expect_data` per data block; data equal to the original expectation keeps its
/// original description). `drain` steps are run and record the data drained.
///
/// Returns the recorded steps and the exchange log.
pub fn record(transcript: &Transcript, target: &mut dyn Target) -> (Vec<Step>, Vec<LogEntry>) {
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

/// Where two byte strings first differ, and each side shown from there: `(offset, expected,
/// received)`, e.g. `bytes 1000..1016 of 2000: "\x06\xa3…"` or `the end of the data (1000 bytes)`.
fn bytes_diff(want: &[u8], got: &[u8]) -> (usize, String, String) {
    const SHOWN: usize = 16;
    let at = got
        .iter()
        .zip(want)
        .position(|(a, b)| a != b)
        .unwrap_or(got.len().min(want.len()));
    let side = |b: &[u8]| {
        if at >= b.len() {
            format!("the end of the data ({} bytes)", b.len())
        } else {
            let end = (at + SHOWN).min(b.len());
            let more = if end < b.len() { "…" } else { "" };
            format!(
                "bytes {at}..{end} of {}: \"{}\"{more}",
                b.len(),
                b[at..end].escape_ascii()
            )
        }
    };
    (at, side(want), side(got))
}

fn fail(expected: impl Into<String>, reason: impl Into<String>, received: Vec<String>) -> Failure {
    Failure {
        step: 0,
        step_text: String::new(),
        expected: expected.into(),
        received,
        reason: reason.into(),
    }
}

fn target_failure(e: TargetError) -> Failure {
    fail(
        "the target to answer",
        format!("target error: {e}"),
        Vec::new(),
    )
}

impl<'a> Replay<'a> {
    fn new(t: &'a Transcript, target: &'a mut dyn Target) -> Self {
        Self {
            t,
            dec: Decoder::new(),
            items: VecDeque::new(),
            block: None,
            log: Vec::new(),
            etx_phase: false,
            zero_header: false,
            progress: Progress::new(&*target),
            target,
        }
    }

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
                        crate::yaml::duration_text(self.t.timeout)
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
                Item::Line { text, header } => {
                    out.push(Step::Expect(String::from_utf8_lossy(&text).into_owned()));
                    if data.is_none() || !matches!(header, Some(Header::Counted(1..) | Header::Etx))
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

impl Replay<'_> {
    fn write(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.log.push(LogEntry::Host(bytes.to_vec()));
        self.target.write(bytes).map_err(target_failure)
    }

    /// Reads from the target until it has something or `deadline` passes; decodes it.
    /// Returns false if nothing came.
    fn pump(&mut self, deadline: Duration) -> Result<bool, Failure> {
        let bytes = self.target.read_until(deadline).map_err(target_failure)?;
        if bytes.is_empty() {
            return Ok(false);
        }
        let mut rest = &bytes[..];
        while !rest.is_empty() {
            let n = self.dec.feed(rest);
            rest = &rest[n..];
            self.drain_events();
        }
        Ok(true)
    }

    fn drain_events(&mut self) {
        while let Some((event, line)) = self.dec.next_event_with_line() {
            let line = line.map(<[u8]>::to_vec).unwrap_or_default();
            let item = match event {
                Event::Echo(_) => {
                    self.log.push(LogEntry::Echo(line));
                    continue;
                }
                Event::Data(d) => {
                    self.block.get_or_insert_with(Vec::new).extend_from_slice(d);
                    continue;
                }
                Event::DataEnd => Item::Data(self.block.take().unwrap_or_default()),
                Event::Overflow { dropped } => Item::Line {
                    text: format!("<a line of {dropped} bytes, too long to decode>").into_bytes(),
                    header: None,
                },
                Event::Response(info) | Event::Urc(info) => {
                    let header = match info {
                        Info::DataHeader { len, .. } => Some(Header::Counted(len)),
                        Info::Session {
                            prefix: Prefix::FtpEtGet,
                            code: 1,
                        } => Some(Header::Etx),
                        _ => None,
                    };
                    Item::Line { text: line, header }
                }
                _ => Item::Line {
                    text: line,
                    header: None,
                },
            };
            self.log.push(LogEntry::Module(item.clone()));
            self.items.push_back(item);
        }
    }

    /// The next item, waiting until `deadline` at most.
    fn next_item(&mut self, deadline: Duration) -> Result<Option<Item>, Failure> {
        while self.items.is_empty() {
            if !self.pump(deadline)? && self.target.now() >= deadline {
                return Ok(None);
            }
        }
        Ok(self.items.pop_front())
    }

    fn deadline(&self) -> Duration {
        self.target.now() + self.t.timeout
    }

    fn ignored(&self, item: &Item) -> bool {
        item.line().is_some_and(|l| {
            self.t
                .ignore
                .iter()
                .any(|re| re.is_match(&String::from_utf8_lossy(l)))
        })
    }

    /// The next item that is not an ignored line; `what` describes the expectation.
    fn expect_item(
        &mut self,
        what: &str,
        accept: &dyn Fn(&Item) -> bool,
        seen: &mut Vec<String>,
    ) -> Result<Item, Failure> {
        let deadline = self.deadline();
        loop {
            let Some(item) = self.next_item(deadline)? else {
                let waited = self.t.timeout.as_secs_f64();
                return Err(fail(
                    what,
                    format!("nothing matching came within {waited} s"),
                    seen.clone(),
                ));
            };
            if accept(&item) {
                return Ok(item);
            }
            if self.ignored(&item) {
                seen.push(format!("{} (ignored)", item.show()));
                continue;
            }
            seen.push(item.show());
            return Err(fail(what, "a different line came", seen.clone()));
        }
    }

    fn step(&mut self, step: &Step) -> Result<(), Failure> {
        match step {
            Step::Send(line) => {
                self.etx_phase = matches!(
                    Command::parse(line.as_bytes()),
                    Ok(Command::FtpEtPut(FtpEtPut::Data))
                );
                self.dec.line_sent(line.as_bytes());
                let mut bytes = line.clone().into_bytes();
                bytes.push(b'\r');
                self.write(&bytes)
            }
            Step::SendRaw(b) => self.write(&b.bytes()),
            Step::SendData(b) => {
                let payload = b.bytes();
                let bytes = if self.etx_phase {
                    simcom_at::etx::frame(&payload)
                } else {
                    payload
                };
                // In pieces, so that a long upload at 115200 baud shows progress.
                for (i, piece) in bytes.chunks(1024).enumerate() {
                    self.write(piece)?;
                    self.progress.show(
                        "send_data",
                        (i * 1024 + piece.len()).min(bytes.len()),
                        Some(bytes.len()),
                    );
                }
                self.progress.clear();
                Ok(())
            }
            Step::Expect(want) => self.expect_line(want, &|l| l == want.as_bytes()),
            Step::ExpectRe(re) => {
                let re = regex::Regex::new(re)
                    .map_err(|e| fail(re.as_str(), e.to_string(), Vec::new()))?;
                let what = format!("a line matching /{re}/");
                self.expect_line(&what, &|l| re.is_match(&String::from_utf8_lossy(l)))
            }
            Step::ExpectAnyOrder(lines) => {
                let mut left: Vec<&String> = lines.iter().collect();
                let mut seen = Vec::new();
                while !left.is_empty() {
                    let what = format!("one of {left:?}");
                    let item = self.expect_item(
                        &what,
                        &|i| {
                            i.line()
                                .is_some_and(|l| left.iter().any(|w| w.as_bytes() == l))
                        },
                        &mut seen,
                    )?;
                    let l = item.line().unwrap_or_default();
                    if let Some(pos) = left.iter().position(|w| w.as_bytes() == l) {
                        left.remove(pos);
                    }
                    seen.push(item.show());
                }
                self.zero_header = false;
                Ok(())
            }
            Step::ExpectData(b) => {
                let want = b.bytes();
                self.expect_data(&want)
            }
            Step::Drain { read, data, until } => self.drain(read, &data.bytes(), until),
            Step::Wait(d) => {
                let end = self.target.now() + *d;
                while self.target.now() < end {
                    self.pump(end)?;
                }
                Ok(())
            }
            Step::Comment(_) => Ok(()),
        }
    }

    /// `expect` / `expect_re`: the next line (ignored lines aside) must be accepted.
    fn expect_line(&mut self, what: &str, accept: &dyn Fn(&[u8]) -> bool) -> Result<(), Failure> {
        let item = self.expect_item(what, &|i| i.line().is_some_and(accept), &mut Vec::new())?;
        self.zero_header = matches!(
            item,
            Item::Line {
                header: Some(Header::Counted(0)),
                ..
            }
        );
        Ok(())
    }

    fn expect_data(&mut self, want: &[u8]) -> Result<(), Failure> {
        let what = format!("a data block of {} bytes", want.len());
        if self.zero_header && want.is_empty() {
            self.zero_header = false;
            return Ok(());
        }
        let mut seen = Vec::new();
        let first = self.expect_item(
            &what,
            &|i| {
                matches!(
                    i,
                    Item::Data(_)
                        | Item::Line {
                            header: Some(_),
                            ..
                        }
                )
            },
            &mut seen,
        )?;
        let data = match first {
            Item::Data(d) => d,
            Item::Line {
                header: Some(Header::Counted(n)),
                text,
            } => {
                if usize::try_from(n).ok() != Some(want.len()) {
                    seen.push(String::from_utf8_lossy(&text).into_owned());
                    return Err(fail(what, format!("the header announces {n} bytes"), seen));
                }
                if n == 0 {
                    return Ok(());
                }
                match self.expect_item(&what, &|i| matches!(i, Item::Data(_)), &mut seen)? {
                    Item::Data(d) => d,
                    _ => unreachable!("accepted only data"),
                }
            }
            Item::Line { .. } => {
                match self.expect_item(&what, &|i| matches!(i, Item::Data(_)), &mut seen)? {
                    Item::Data(d) => d,
                    _ => unreachable!("accepted only data"),
                }
            }
        };
        self.zero_header = false;
        if data == want {
            return Ok(());
        }
        let (at, expected, received) = bytes_diff(want, &data);
        seen.push(received);
        Err(fail(
            format!("{what}; {expected}"),
            format!(
                "the data differs: {} bytes received, {} expected, first difference at byte {at}",
                data.len(),
                want.len()
            ),
            seen,
        ))
    }

    /// `drain`: see spec/transcript-format.md and shared/NOTES.md.
    fn drain(&mut self, read: &str, want: &[u8], until: &str) -> Result<(), Failure> {
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

    fn drain_inner(&mut self, read: &str, until: &str, got: &mut Vec<u8>) -> Result<(), Failure> {
        let name = read
            .get(2..)
            .and_then(|r| r.split(['=', '?']).next())
            .unwrap_or("");
        let announce = format!("{name}: 1,1");
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
            let line = item.line().map(<[u8]>::to_vec);
            match (&item, line.as_deref()) {
                (Item::Data(d), _) => {
                    got.extend_from_slice(d);
                    self.progress.show("drain", got.len(), None);
                }
                (_, Some(l)) if l == until.as_bytes() => done = true,
                (
                    Item::Line {
                        header: Some(Header::Counted(n)),
                        ..
                    },
                    _,
                ) if in_flight => last_n = Some(*n),
                (_, Some(b"OK")) if in_flight => {
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
                (_, Some(l)) if l == announce.as_bytes() => {
                    if !in_flight && !done {
                        self.step(&Step::Send(read.to_string()))?;
                        in_flight = true;
                    }
                }
                // The answer to a read sent after the last byte was taken.
                (_, Some(l))
                    if in_flight && done && (l == b"ERROR" || l.starts_with(b"+CME ERROR")) =>
                {
                    in_flight = false
                }
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

#[cfg(test)]
mod tests {
    use super::bytes_diff;

    #[test]
    fn a_data_difference_shows_both_sides_from_the_first_differing_byte() {
        let want: Vec<u8> = (0u8..40).collect();
        let mut got = want.clone();
        got[20] = 0xff;
        let (at, expected, received) = bytes_diff(&want, &got);
        assert_eq!(at, 20);
        assert_eq!(
            expected,
            "bytes 20..36 of 40: \"\\x14\\x15\\x16\\x17\\x18\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f !\\\"#\"…"
        );
        assert!(
            received.starts_with("bytes 20..36 of 40: \"\\xff\\x15"),
            "{received}"
        );
    }

    #[test]
    fn a_short_side_is_shown_as_its_end() {
        let (at, expected, received) = bytes_diff(b"abc", b"abcdef");
        assert_eq!(at, 3);
        assert_eq!(expected, "the end of the data (3 bytes)");
        assert_eq!(received, "bytes 3..6 of 6: \"def\"");
    }
}
