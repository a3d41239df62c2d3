//! The replay layer: runs a transcript's steps against a [`Target`] and matches what the
//! module prints, line by line and data block by data block, with the codec's decoder
//! (the engine, here), reads whole downloads ([`drain`](drain.rs)), records new baselines
//! ([`record`]), reports failures ([`Failure`]) and runs a corpus as tests ([`runner`],
//! [`junit`]).
//!
//! Imports the transcript and target layers; nothing above.

// A `Failure` is made at most once per transcript, on its way out: boxing it would save
// nothing that matters.
#![allow(clippy::result_large_err)]

use std::collections::VecDeque;
use std::time::Duration;

use simcom_at::{Command, Decoder, Event, Final, Info, Prefix, command::HostData};

use crate::coverage::Coverage;
use crate::secret::{redact, redact_bytes};
use crate::target::{Target, TargetError};
use crate::transcript::{Step, Transcript};

mod drain;
pub mod junit;
mod progress;
pub mod provision;
mod record;
mod report;
pub mod runner;

use progress::Progress;
pub use record::record;
use report::bytes_diff;
pub use report::{Failure, visible};

/// What the module printed, cut the way transcripts speak of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A line, without its CR LF, with what the decoder made of it.
    Line {
        /// The line's bytes as printed.
        text: Vec<u8>,
        /// What the line is, as the codec decoded it.
        kind: LineKind,
    },
    /// A whole data block's payload, framing removed.
    Data(Vec<u8>),
}

/// What a line is, as the codec decoded it: the replay engine acts on these, never on the
/// line's text (which transcripts compare as printed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A final result: `OK` (`0` with ATV0), or any other (`ERROR`, `+CME ERROR: …`).
    Final {
        /// Whether it is `OK`.
        ok: bool,
    },
    /// It announces a data block.
    Data(Header),
    /// A session report `+<prefix>: <code>`: `+FTPGET: 1,1` (data ready), `+FTPGET: 1,0`, …
    Session {
        /// The line's prefix.
        prefix: Prefix,
        /// `<code>`.
        code: u8,
    },
    /// Any other line.
    Other,
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
            Self::Line { text, .. } => report::visible(text),
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

/// One entry of the exchange log, in order, with the time it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// The target's clock (time into the transcript).
    pub at: Duration,
    /// What was exchanged.
    pub entry: LogEntry,
}

/// What was exchanged.
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
    /// Everything exchanged (not redacted: see [`Outcome::wire_log`]).
    pub log: Vec<Logged>,
    /// What provisioning exchanged before the transcript, on a live module
    /// ([`provision`]); its times are the target's before the transcript's clock started.
    pub provisioning: Vec<Logged>,
    /// The target's clock at the end (virtual time on the model).
    pub elapsed: Duration,
    /// The transcript's secrets, for the wire log.
    secrets: Vec<String>,
}

impl Outcome {
    /// Whether every step passed.
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }

    /// Adds what the transcript's exchange reached of the spec to `coverage` (provisioning
    /// is the harness's own and does not count).
    ///
    /// ```
    /// use simcom_conformance::{coverage::Coverage, replay::replay, spec::Spec, target::ModelTarget, transcript::{Transcript, world}};
    /// let t = Transcript::parse("title: t\nsource: s\nsteps:\n  - send: AT+FTPGET=?\n  - expect: \"+FTPGET: (1,2),(1-1460)\"\n  - expect: OK\n", &Default::default()).unwrap();
    /// let mut c = Coverage::new(Spec::built_in().unwrap());
    /// replay(&t, &mut ModelTarget::new(world::sim(&t).unwrap())).add_coverage(&mut c);
    /// let get = c.report().commands.into_iter().find(|k| k.name == "AT+FTPGET").unwrap();
    /// assert_eq!(get.forms[0].sent, 1); // the test form
    /// assert_eq!(get.forms[0].finals, [("OK".to_string(), 1)]);
    /// ```
    pub fn add_coverage(&self, coverage: &mut Coverage) {
        for l in &self.log {
            match &l.entry {
                LogEntry::Host(bytes) => coverage.sent(bytes),
                LogEntry::Module(Item::Line { text, .. }) => coverage.printed(text),
                LogEntry::Module(Item::Data(_)) | LogEntry::Echo(_) => {}
            }
        }
        coverage.end_transcript();
    }

    /// The exchange as text, one entry a line with its time and who wrote it (`host`,
    /// `module`); control bytes shown, long lines cut, passwords redacted. (No `<` or `>`:
    /// the log goes into XML reports.)
    ///
    /// ```
    /// use simcom_conformance::{replay::replay, target::ModelTarget, transcript::{Transcript, world}};
    /// let t = Transcript::parse("title: t\nsource: s\nsteps:\n  - send: AT+FTPPW=\"pw1\"\n  - expect: OK\n", &Default::default()).unwrap();
    /// let log = replay(&t, &mut ModelTarget::new(world::sim(&t).unwrap())).wire_log();
    /// assert!(log.contains("s host   AT+FTPPW=\"***\"\\r\n"), "{log}");
    /// assert!(log.contains("s module OK\n"), "{log}");
    /// assert!(!log.contains("pw1"));
    /// ```
    pub fn wire_log(&self) -> String {
        if self.provisioning.is_empty() {
            return log_text(&self.log, &self.secrets);
        }
        format!(
            "provisioning (before the transcript):\n{}transcript:\n{}",
            log_text(&self.provisioning, &self.secrets),
            log_text(&self.log, &self.secrets)
        )
    }
}

/// A log as text (see [`Outcome::wire_log`]).
fn log_text(log: &[Logged], secrets: &[String]) -> String {
    let mut out = String::new();
    for l in log {
        let (dir, text) = match &l.entry {
            LogEntry::Host(b) => ("host  ", report::visible_raw(&redact_bytes(b, secrets))),
            LogEntry::Echo(b) => (
                "module",
                format!("{} (echo)", report::visible_raw(&redact_bytes(b, secrets))),
            ),
            LogEntry::Module(item) => ("module", item.show()),
        };
        out.push_str(&format!(
            "{:>10.3}s {dir} {}\n",
            l.at.as_secs_f64(),
            redact(&text, secrets)
        ));
    }
    out
}

/// Replays `transcript` against `target`; failures are redacted of the transcript's secrets.
///
/// ```
/// use simcom_conformance::{replay::replay, target::ModelTarget, transcript::{Transcript, world}};
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
            f.line = transcript.step_lines.get(i).copied();
            f.step_text = step.describe();
            f.at = r.target.now();
            f.context = r.context(f.received.len() + r.items.len());
            failure = Some(f);
            break;
        }
    }
    let secrets = transcript.secrets();
    let failure = failure.map(|f| f.redacted(&secrets));
    let elapsed = r.target.now();
    Outcome {
        failure,
        log: r.log,
        provisioning: Vec::new(),
        elapsed,
        secrets,
    }
}

struct Replay<'a> {
    t: &'a Transcript,
    target: &'a mut dyn Target,
    dec: Decoder<Vec<u8>>,
    items: VecDeque<Item>,
    /// The data block being received.
    block: Option<Vec<u8>>,
    log: Vec<Logged>,
    /// The last command sent was AT+FTPETPUT=2: `send_data` frames with ETX/DLE.
    etx_phase: bool,
    /// The last line matched was a zero-length data header (`+FTPGET: 2,0`).
    zero_header: bool,
    /// Progress of long steps on stderr (a terminal, a real-time target).
    progress: Progress,
}

fn fail(expected: impl Into<String>, reason: impl Into<String>, received: Vec<String>) -> Failure {
    Failure {
        step: 0,
        line: None,
        step_text: String::new(),
        expected: expected.into(),
        received,
        reason: reason.into(),
        at: Duration::ZERO,
        context: Vec::new(),
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
}

impl Replay<'_> {
    fn logged(&mut self, entry: LogEntry) {
        let at = self.target.now();
        self.log.push(Logged { at, entry });
    }

    /// The last lines the module printed before the `skip` items a failure already shows.
    fn context(&self, skip: usize) -> Vec<String> {
        const SHOWN: usize = 5;
        let printed: Vec<&Item> = self
            .log
            .iter()
            .filter_map(|l| match &l.entry {
                LogEntry::Module(i) => Some(i),
                _ => None,
            })
            .collect();
        let end = printed.len().saturating_sub(skip);
        printed[end.saturating_sub(SHOWN)..end]
            .iter()
            .map(|i| i.show())
            .collect()
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.write_part(bytes, 0, bytes.len())
    }

    /// Writes `bytes`, the part at `offset` of a step's `total` bytes; a failure says how much
    /// of the step got through.
    fn write_part(&mut self, bytes: &[u8], offset: usize, total: usize) -> Result<(), Failure> {
        self.logged(LogEntry::Host(bytes.to_vec()));
        self.target.write(bytes).map_err(|e| {
            let through = match &e {
                TargetError::WriteBlocked { written, .. } => offset + written,
                _ => offset,
            };
            fail(
                format!("the module to take the step's {total} bytes"),
                format!("{through} of {total} bytes got through; target error: {e}"),
                Vec::new(),
            )
        })
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
        while let Some(simcom_at::Decoded {
            event,
            printed: line,
        }) = self.dec.next_decoded()
        {
            let line = line.map(<[u8]>::to_vec).unwrap_or_default();
            let item = match event {
                Event::Echo(_) => {
                    self.logged(LogEntry::Echo(line));
                    continue;
                }
                Event::Data(d) => {
                    self.block.get_or_insert_with(Vec::new).extend_from_slice(d);
                    continue;
                }
                Event::DataEnd => Item::Data(self.block.take().unwrap_or_default()),
                Event::Overflow { dropped } => Item::Line {
                    text: format!("<a line of {dropped} bytes, too long to decode>").into_bytes(),
                    kind: LineKind::Other,
                },
                Event::Final(f) => Item::Line {
                    text: line,
                    kind: LineKind::Final { ok: f == Final::Ok },
                },
                Event::Response(info) | Event::Urc(info) => {
                    let kind = match info {
                        Info::DataHeader { len, .. } => LineKind::Data(Header::Counted(len)),
                        Info::Session {
                            prefix: Prefix::FtpEtGet,
                            code: 1,
                        } => LineKind::Data(Header::Etx),
                        Info::Session { prefix, code } => LineKind::Session { prefix, code },
                        _ => LineKind::Other,
                    };
                    Item::Line { text: line, kind }
                }
                _ => Item::Line {
                    text: line,
                    kind: LineKind::Other,
                },
            };
            self.logged(LogEntry::Module(item.clone()));
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
                self.etx_phase = Command::parse(line.as_bytes())
                    .is_ok_and(|c| c.host_data() == Some(HostData::Etx));
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
                    self.write_part(piece, i * 1024, bytes.len())?;
                    self.progress.show(
                        "send_data",
                        (i * 1024 + piece.len()).min(bytes.len()),
                        Some(bytes.len()),
                    );
                }
                self.progress.clear();
                Ok(())
            }
            Step::Expect(want) => {
                self.expect_line(&visible(want.as_bytes()), &|l| l == want.as_bytes())
            }
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
                kind: LineKind::Data(Header::Counted(0)),
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
                            kind: LineKind::Data(_),
                            ..
                        }
                )
            },
            &mut seen,
        )?;
        let data = match first {
            Item::Data(d) => d,
            Item::Line {
                kind: LineKind::Data(Header::Counted(n)),
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
}
