//! Module provisioning: before a transcript runs on a live module (a serial target), brings the
//! module to the transcript's `world:` by AT commands, then reads back what it set
//! (spec/transcript-format.md, "Against a live module").
//!
//! In order: an optional reset (`AT+CFUN=1,1`, then wait for the module); command mode
//! recovered (the ETX of a transparent upload, the rest of a counted block, the input window
//! of a data phase) and any FTP session ended (`AT+FTPQUIT`); echo, result codes and error
//! reporting at their defaults; the radio on; the AT+CNACT contexts as the world has them;
//! every FTP register written back to its default; the world's files written into the
//! module's file system and the files the run's transcripts may leave deleted; then every one
//! of these read back. A module that does not match is refused with what differs.
//!
//! Every wait is bounded. A module that cannot be brought back to command mode stops the run
//! ([`ProvisionError::stops_run`]): every later transcript would only wait out its timeout.

use std::collections::VecDeque;
use std::time::Duration;

use simcom_at::command::{
    Action, Cfswfile, Cfun, CmeeMode, Cnact, CnactAction, FsDir, FsFile, FtpExtGet, FtpExtPut,
    FtpSsl, FtpType, PutOpt, Request, Setting, SslType,
};
use simcom_at::etx::ETX;
use simcom_at::{Command, Decoder, Event, Final, Info, Prefix};
use simcom_ftp_model::Defaults;

use super::{Item, LineKind, LogEntry, Logged};
use crate::target::{Target, TargetError};
use crate::transcript::{Step, Transcript};

/// Why a module could not be provisioned for a transcript.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProvisionError {
    /// The module does not answer `AT` after every way back to command mode was tried: the run
    /// stops.
    #[error("the module does not answer AT after {tried}: stopping the run")]
    Unresponsive {
        /// What was tried.
        tried: String,
    },
    /// The port failed: the run stops.
    #[error(transparent)]
    Target(#[from] TargetError),
    /// A command was refused.
    #[error("{command} was answered {answer}")]
    Refused {
        /// The command line.
        command: String,
        /// The final result, as printed.
        answer: String,
    },
    /// A command, or the URC that completes it, did not come in time.
    #[error("no {what} within {waited:?}")]
    Timeout {
        /// What was awaited (`answer to AT+CNACT=0,1`, `+APP PDP: 0,ACTIVE`).
        what: String,
        /// How long.
        waited: Duration,
    },
    /// The world holds what AT commands cannot write.
    #[error("the world cannot be provisioned by AT commands: {0}")]
    Unprovisionable(String),
    /// What was read back differs from what was set.
    #[error("read back after provisioning, {what}: expected {expected}, the module has {got}")]
    Mismatch {
        /// The setting and the command that read it.
        what: String,
        /// What the world and the defaults say.
        expected: String,
        /// What the module answered.
        got: String,
    },
}

impl ProvisionError {
    /// Whether the run cannot go on: the module is gone or stuck, and every later transcript
    /// would wait out its timeout.
    pub fn stops_run(&self) -> bool {
        matches!(self, Self::Unresponsive { .. } | Self::Target(_))
    }
}

/// The longest a command's final result may take (the FTP configuration commands answer at
/// once; the AT manual's longest maximum response time of the commands used here is AT+CNACT's
/// URC, waited for separately).
const COMMAND: Duration = Duration::from_secs(10);
/// The longest `+APP PDP: <n>,ACTIVE`/`DEACTIVE` may take after the `OK` of AT+CNACT.
const BEARER: Duration = Duration::from_secs(60);
/// The longest the module may take to come back after AT+CFUN=1,1.
const RESET: Duration = Duration::from_secs(60);
/// How long a probe `AT` waits for its result.
const PROBE: Duration = Duration::from_secs(2);
/// The largest counted block a host phase can open with an unknown rest: AT+CFSWFILE takes
/// up to 10240 bytes (AT manual V1.02 s9.2.2); FTPPUT chunks are smaller. Longer phases
/// (AT+FTPEXTPUT=2 up to 320k) end by their own input timeout.
const FILLER: usize = 10_240 + 1_200;
/// How long to wait for a data phase to end by its own input window (AT+CFSWFILE's
/// `<inputtime>` is at most 10 s; AT+FTPEXTPUT's `<timeout>` and the profile's input
/// timeouts are shorter by default).
const WINDOW: Duration = Duration::from_secs(30);
/// AT+CFSWFILE's largest `<filesize>` (AT manual V1.02 s9.2.2).
const PIECE: usize = 10_240;

/// What provisioning knows across a run: which module files its transcripts may leave behind
/// (the module has no listing command in the AT manual V1.02, so the harness deletes the files
/// it knows of), and whether to reset the module first.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Reset the module (AT+CFUN=1,1) before each transcript.
    pub reset: bool,
    /// Module files any transcript of the run names: world files and the targets of
    /// AT+CFSWFILE and AT+FTPEXTGET=2.
    files: Vec<(FsDir, String)>,
}

impl Plan {
    /// The plan for a run of `transcripts`.
    ///
    /// ```
    /// use simcom_conformance::replay::provision::Plan;
    /// use simcom_conformance::transcript::Transcript;
    /// let t = Transcript::parse(
    ///     "title: t\nsource: s\nsteps:\n  - send: AT+CFSWFILE=3,\"a.pem\",0,5,1000\n  - send_data: hello\n",
    ///     &Default::default(),
    /// ).unwrap();
    /// let plan = Plan::new([&t], false);
    /// assert_eq!(plan.files().count(), 1);
    /// ```
    pub fn new<'a>(transcripts: impl IntoIterator<Item = &'a Transcript>, reset: bool) -> Self {
        let mut plan = Self {
            reset,
            files: Vec::new(),
        };
        for t in transcripts {
            for (dir, name, _) in &t.world.module_files {
                plan.know(*dir, name);
            }
            for line in t.steps.iter().filter_map(Step::sent_line) {
                let line = line.strip_suffix(b"\r").unwrap_or(&line);
                match Command::parse(line) {
                    Ok(Command::Cfswfile(Request::Write(w))) => {
                        plan.know(w.dir, w.name);
                    }
                    Ok(Command::FtpExtGet(FtpExtGet::File { dir, name })) => plan.know(dir, name),
                    _ => {}
                }
            }
        }
        plan
    }

    fn know(&mut self, dir: FsDir, name: &str) {
        if !self.files.iter().any(|(d, n)| *d == dir && n == name) {
            self.files.push((dir, name.to_string()));
        }
    }

    /// The module files the run's transcripts name.
    pub fn files(&self) -> impl Iterator<Item = (FsDir, &str)> {
        self.files.iter().map(|(d, n)| (*d, n.as_str()))
    }
}

/// Brings the module behind `target` to `t`'s world (see the module doc). Returns everything
/// exchanged, also when it fails.
///
/// ```
/// use simcom_conformance::replay::LogEntry;
/// use simcom_conformance::replay::provision::{Plan, provision};
/// use simcom_conformance::target::ModelTarget;
/// use simcom_conformance::transcript::{Transcript, world};
/// let parse = |y: &str| Transcript::parse(y, &Default::default()).unwrap();
/// // A module that has just powered up (no bearer), and a transcript that wants one.
/// let mut module = ModelTarget::new(world::sim(&parse("title: a\nsource: s\nsteps: [{ send: AT }]\n")).unwrap());
/// let t = parse("title: b\nsource: s\nworld: { bearer: active }\nsteps: [{ send: AT }]\n");
/// let (log, result) = provision(&t, &mut module, &Plan::default());
/// assert!(result.is_ok());
/// // It activated context 0 and read it back.
/// let sent = |cmd: &[u8]| log.iter().any(|l| l.entry == LogEntry::Host(cmd.to_vec()));
/// assert!(sent(b"AT+CNACT=0,1\r") && sent(b"AT+CNACT?\r"));
/// ```
pub fn provision(
    t: &Transcript,
    target: &mut dyn Target,
    plan: &Plan,
) -> (Vec<Logged>, Result<(), ProvisionError>) {
    let mut link = Link::new(target);
    let result = link.provision(t, plan);
    (link.log, result)
}

/// What the module printed, owned: the line as printed and what it is.
#[derive(Debug, Clone)]
struct Printed {
    text: Vec<u8>,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Final { ok: bool },
    Response(Got),
    Urc(Got),
    Prompt,
    Other,
}

/// The parts of an information line provisioning reads.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Got {
    Value(Prefix, u32),
    Text(Prefix, String),
    Cnact { pdpidx: u8, status: u8 },
    AppPdp { pdpidx: u8, active: bool },
    FtpSsl(u8, u8, String, String),
    ExtPut(u32, u32),
    ExtGet(u8, u32),
    FileSize(u32),
    Other,
}

impl Got {
    fn of(info: &Info<'_>) -> Self {
        match *info {
            Info::Value { prefix, value } => Self::Value(prefix, value),
            Info::Text { prefix, value } => Self::Text(prefix, value.to_string()),
            Info::Cnact { pdpidx, status, .. } => Self::Cnact { pdpidx, status },
            Info::AppPdp { pdpidx, active } => Self::AppPdp { pdpidx, active },
            Info::FtpSsl {
                ssltype,
                ctxindex,
                ca_list,
                cert_name,
            } => Self::FtpSsl(
                ssltype,
                ctxindex,
                ca_list.to_string(),
                cert_name.to_string(),
            ),
            Info::ExtPut { first, len } => Self::ExtPut(first, len),
            Info::ExtGetProgress { mode, length } => Self::ExtGet(mode, length),
            Info::FileSize { size } => Self::FileSize(size),
            _ => Self::Other,
        }
    }

    /// The value as a report names what was expected: the line, printed by the codec.
    fn describe(&self) -> String {
        let line = match self {
            Self::Value(prefix, value) => Info::Value {
                prefix: *prefix,
                value: *value,
            },
            Self::Text(prefix, value) => Info::Text {
                prefix: *prefix,
                value,
            },
            Self::FtpSsl(ssltype, ctxindex, ca_list, cert_name) => Info::FtpSsl {
                ssltype: *ssltype,
                ctxindex: *ctxindex,
                ca_list,
                cert_name,
            },
            Self::ExtPut(first, len) => Info::ExtPut {
                first: *first,
                len: *len,
            },
            Self::ExtGet(mode, length) => Info::ExtGetProgress {
                mode: *mode,
                length: *length,
            },
            Self::FileSize(size) => Info::FileSize { size: *size },
            Self::Cnact { pdpidx, status } => return format!("context {pdpidx} status {status}"),
            Self::AppPdp { pdpidx, active } => return format!("context {pdpidx} active {active}"),
            Self::Other => return "another line".into(),
        };
        format!("`{line}`")
    }
}

/// A command's answer: its information lines and its final result.
struct Reply {
    ok: bool,
    lines: Vec<Printed>,
    /// The final result as printed.
    last: Vec<u8>,
}

impl Reply {
    fn got(&self) -> impl Iterator<Item = &Got> {
        self.lines.iter().filter_map(|p| match &p.kind {
            Kind::Response(g) => Some(g),
            _ => None,
        })
    }

    /// The answer as a report shows it: its lines and final result.
    fn shown(&self) -> String {
        let mut parts: Vec<String> = self.lines.iter().map(|p| show(&p.text)).collect();
        parts.push(show(&self.last));
        parts.join(" / ")
    }
}

fn show(line: &[u8]) -> String {
    format!("`{}`", super::visible(line))
}

fn command_text(cmd: &Command<'_>) -> String {
    cmd.to_vec()
        .map(|l| String::from_utf8_lossy(l.strip_suffix(b"\r").unwrap_or(&l)).into_owned())
        .unwrap_or_else(|_| format!("{cmd:?}"))
}

/// One FTP register: how to write its default, how to read it, what the read must give.
struct Register {
    write: Command<'static>,
    read: Command<'static>,
    want: Got,
}

/// How a string register's command is made from its form.
type StringRegister = fn(Setting<&'static str>) -> Command<'static>;

/// Every FTP configuration register at its power-up default (spec/commands.yaml,
/// `profile.defaults`; names, paths, server, user and password are empty).
fn registers(d: &Defaults) -> Vec<Register> {
    let value = |p, v| Got::Value(p, v);
    let text = |p, v: &str| Got::Text(p, v.to_string());
    let mut regs = vec![
        Register {
            write: Command::FtpPort(Setting::Write(d.ftpport)),
            read: Command::FtpPort(Setting::Read),
            want: value(Prefix::FtpPort, u32::from(d.ftpport)),
        },
        Register {
            write: Command::FtpMode(Setting::Write(d.ftpmode)),
            read: Command::FtpMode(Setting::Read),
            want: value(Prefix::FtpMode, u32::from(d.ftpmode.number())),
        },
        Register {
            write: Command::FtpType(Setting::Write(FtpType::default())),
            read: Command::FtpType(Setting::Read),
            want: text(Prefix::FtpType, FtpType::default().name()),
        },
        Register {
            write: Command::FtpPutOpt(Setting::Write(PutOpt::default())),
            read: Command::FtpPutOpt(Setting::Read),
            want: text(Prefix::FtpPutOpt, PutOpt::default().name()),
        },
        Register {
            write: Command::FtpCid(Setting::Write(d.ftpcid)),
            read: Command::FtpCid(Setting::Read),
            want: value(Prefix::FtpCid, u32::from(d.ftpcid)),
        },
        Register {
            write: Command::FtpRest(Setting::Write(0)),
            read: Command::FtpRest(Setting::Read),
            want: value(Prefix::FtpRest, 0),
        },
        Register {
            write: Command::FtpSsl(Setting::Write(FtpSsl {
                ssltype: SslType::default(),
                ctxindex: 0,
                ca_list: "",
                cert_name: "",
            })),
            read: Command::FtpSsl(Setting::Read),
            want: Got::FtpSsl(SslType::default().number(), 0, String::new(), String::new()),
        },
    ];
    let strings: [(StringRegister, Prefix); 7] = [
        (Command::FtpServ, Prefix::FtpServ),
        (Command::FtpUn, Prefix::FtpUn),
        (Command::FtpPw, Prefix::FtpPw),
        (Command::FtpGetName, Prefix::FtpGetName),
        (Command::FtpGetPath, Prefix::FtpGetPath),
        (Command::FtpPutName, Prefix::FtpPutName),
        (Command::FtpPutPath, Prefix::FtpPutPath),
    ];
    for (make, prefix) in strings {
        regs.push(Register {
            write: make(Setting::Write("")),
            read: make(Setting::Read),
            want: text(prefix, ""),
        });
    }
    regs
}

fn cmee(n: u8) -> CmeeMode {
    match n {
        1 => CmeeMode::Numeric,
        2 => CmeeMode::Verbose,
        _ => CmeeMode::Disabled,
    }
}

struct Link<'a> {
    target: &'a mut dyn Target,
    dec: Decoder<Vec<u8>>,
    log: Vec<Logged>,
    /// Printed lines not yet taken.
    queue: VecDeque<Printed>,
    /// URCs seen while waiting for something else.
    urcs: Vec<Printed>,
    /// Whether the module echoed the last command line.
    echoed: bool,
    /// The data block being received (logged whole).
    block: Option<Vec<u8>>,
}

impl<'a> Link<'a> {
    fn new(target: &'a mut dyn Target) -> Self {
        Self {
            target,
            dec: Decoder::new(),
            log: Vec::new(),
            queue: VecDeque::new(),
            urcs: Vec::new(),
            echoed: false,
            block: None,
        }
    }
}

impl Link<'_> {
    fn logged(&mut self, entry: LogEntry) {
        let at = self.target.now();
        self.log.push(Logged { at, entry });
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), ProvisionError> {
        self.logged(LogEntry::Host(bytes.to_vec()));
        self.target.write(bytes)?;
        Ok(())
    }

    /// Reads until something comes or `deadline` passes, and decodes it. False when nothing
    /// came.
    fn pump(&mut self, deadline: Duration) -> Result<bool, ProvisionError> {
        let bytes = self.target.read_until(deadline)?;
        let at = self.target.now();
        let mut events = self.dec.events(&bytes);
        while let Some(simcom_at::Decoded {
            event,
            printed: line,
        }) = events.next_decoded()
        {
            let text = line.map(<[u8]>::to_vec).unwrap_or_default();
            let (kind, line_kind) = match event {
                Event::Echo(_) => {
                    self.echoed = true;
                    self.log.push(Logged {
                        at,
                        entry: LogEntry::Echo(text),
                    });
                    continue;
                }
                Event::Data(d) => {
                    self.block.get_or_insert_with(Vec::new).extend_from_slice(d);
                    continue;
                }
                Event::DataEnd => {
                    let data = self.block.take().unwrap_or_default();
                    self.log.push(Logged {
                        at,
                        entry: LogEntry::Module(Item::Data(data)),
                    });
                    continue;
                }
                Event::Final(f) => {
                    let ok = f == Final::Ok;
                    (Kind::Final { ok }, LineKind::Final { ok })
                }
                Event::Response(info) => (Kind::Response(Got::of(&info)), LineKind::Other),
                Event::Urc(info) => (Kind::Urc(Got::of(&info)), LineKind::Other),
                Event::Prompt(_) => (Kind::Prompt, LineKind::Other),
                _ => (Kind::Other, LineKind::Other),
            };
            self.log.push(Logged {
                at,
                entry: LogEntry::Module(Item::Line {
                    text: text.clone(),
                    kind: line_kind,
                }),
            });
            self.queue.push_back(Printed { text, kind });
        }
        Ok(!bytes.is_empty())
    }

    /// The next printed line, waiting until `deadline` at most.
    fn next(&mut self, deadline: Duration) -> Result<Option<Printed>, ProvisionError> {
        while self.queue.is_empty() {
            if !self.pump(deadline)? && self.target.now() >= deadline {
                return Ok(None);
            }
        }
        Ok(self.queue.pop_front())
    }

    /// Reads until the module has been silent for `silence`, for `max` at most; what it
    /// printed is logged and dropped.
    fn quiet(&mut self, silence: Duration, max: Duration) -> Result<(), ProvisionError> {
        let end = self.target.now() + max;
        loop {
            let now = self.target.now();
            if now >= end || !self.pump((now + silence).min(end))? {
                break;
            }
        }
        self.queue.clear();
        Ok(())
    }

    /// Writes `cmd`'s line, the decoder told what answers it. A command that cannot be
    /// encoded safely is refused, never sent.
    fn send(&mut self, cmd: &Command<'_>) -> Result<(), ProvisionError> {
        let line = cmd
            .to_vec()
            .map_err(|e| ProvisionError::Unprovisionable(format!("{cmd:?}: {e}")))?;
        self.dec.command_sent(cmd);
        self.echoed = false;
        self.write(&line)
    }

    /// Sends `cmd` and waits for its final result; URCs meanwhile are kept.
    fn command(&mut self, cmd: &Command<'_>, timeout: Duration) -> Result<Reply, ProvisionError> {
        self.send(cmd)?;
        let deadline = self.target.now() + timeout;
        let mut lines = Vec::new();
        loop {
            let Some(p) = self.next(deadline)? else {
                return Err(ProvisionError::Timeout {
                    what: format!("answer to {}", command_text(cmd)),
                    waited: timeout,
                });
            };
            match p.kind {
                Kind::Final { ok } => {
                    return Ok(Reply {
                        ok,
                        lines,
                        last: p.text,
                    });
                }
                Kind::Response(_) | Kind::Prompt => lines.push(p),
                Kind::Urc(_) | Kind::Other => self.urcs.push(p),
            }
        }
    }

    /// Sends `cmd`; anything but `OK` is an error.
    fn ok(&mut self, cmd: &Command<'_>) -> Result<Reply, ProvisionError> {
        let r = self.command(cmd, COMMAND)?;
        if r.ok {
            Ok(r)
        } else {
            Err(ProvisionError::Refused {
                command: command_text(cmd),
                answer: r.shown(),
            })
        }
    }

    /// Waits for a URC that `want` accepts (one seen earlier counts).
    fn urc(
        &mut self,
        what: &str,
        timeout: Duration,
        want: &dyn Fn(&Got) -> bool,
    ) -> Result<(), ProvisionError> {
        let seen = |p: &Printed| matches!(&p.kind, Kind::Urc(g) | Kind::Response(g) if want(g));
        if let Some(i) = self.urcs.iter().position(seen) {
            self.urcs.remove(i);
            return Ok(());
        }
        let deadline = self.target.now() + timeout;
        while let Some(p) = self.next(deadline)? {
            if seen(&p) {
                return Ok(());
            }
        }
        Err(ProvisionError::Timeout {
            what: what.to_string(),
            waited: timeout,
        })
    }

    /// `AT`: true if any final result comes within `timeout` (the module is in command mode).
    fn probe(&mut self, timeout: Duration) -> Result<bool, ProvisionError> {
        self.dec.command_sent(&Command::At);
        self.write(b"AT\r")?;
        let deadline = self.target.now() + timeout;
        while let Some(p) = self.next(deadline)? {
            if matches!(p.kind, Kind::Final { .. }) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn provision(&mut self, t: &Transcript, plan: &Plan) -> Result<(), ProvisionError> {
        if plan.reset {
            self.reset()?;
        }
        self.recover()?;
        self.end_session()?;
        let d = &t.profile.defaults;
        self.ok(&Command::Verbose(d.verbose))?;
        self.ok(&Command::Echo(d.echo))?;
        self.ok(&Command::Cmee(Setting::Write(cmee(d.cmee))))?;
        self.radio()?;
        self.bearer(t.world.bearer_active)?;
        for r in registers(d) {
            self.ok(&r.write)?;
        }
        self.ok(&Command::FtpExtPut(FtpExtPut::Normal))?;
        self.ok(&Command::FtpExtGet(FtpExtGet::Normal))?;
        self.files(t, plan)?;
        self.check(t)
    }

    /// `AT+CFUN=1,1`, then waits for the module to answer again.
    fn reset(&mut self) -> Result<(), ProvisionError> {
        self.recover()?;
        let cmd = Command::Cfun(Setting::Write(Cfun {
            fun: 1,
            rst: Some(1),
        }));
        // The OK comes after the reset at a fixed baud rate (AT manual V1.02 s3.2.19), or
        // before it: either way the module is back once it answers AT again.
        let _ = self.command(&cmd, RESET);
        let end = self.target.now() + RESET;
        while self.target.now() < end {
            if self.probe(PROBE)? {
                return self.quiet(Duration::from_millis(500), Duration::from_secs(5));
            }
        }
        Err(ProvisionError::Unresponsive {
            tried: format!("AT+CFUN=1,1 and {RESET:?}"),
        })
    }

    /// Brings the module back to command mode, whatever a transcript left it in.
    fn recover(&mut self) -> Result<(), ProvisionError> {
        // What the module printed since: a leftover answer, an announcement.
        self.quiet(Duration::from_millis(300), Duration::from_secs(5))?;
        if self.probe(PROBE)? {
            return self.settle();
        }
        // A transparent upload (AT+FTPETPUT=2) ends with a bare ETX.
        self.write(&[ETX])?;
        self.quiet(Duration::from_millis(500), Duration::from_secs(5))?;
        if self.probe(PROBE)? {
            return self.settle();
        }
        // A counted block (AT+FTPPUT=2,<n>, AT+CFSWFILE): `AT` lines fill its rest; those
        // after its end are answered.
        let filler = b"AT\r".repeat(1024);
        let mut sent = 0;
        while sent < FILLER {
            self.dec.command_sent(&Command::At);
            self.write(&filler)?;
            sent += filler.len();
            let deadline = self.target.now() + Duration::from_millis(500);
            while let Some(p) = self.next(deadline)? {
                if matches!(p.kind, Kind::Final { .. }) {
                    self.quiet(Duration::from_millis(500), Duration::from_secs(10))?;
                    if self.probe(PROBE)? {
                        return self.settle();
                    }
                }
            }
        }
        // A longer phase ends by its own input window.
        let end = self.target.now() + WINDOW;
        while self.target.now() < end {
            if self.probe(PROBE)? {
                return self.settle();
            }
        }
        Err(ProvisionError::Unresponsive {
            tried: format!(
                "an ETX, {FILLER} bytes of AT lines and {} s",
                WINDOW.as_secs()
            ),
        })
    }

    /// Lets the answers to the probes go by.
    fn settle(&mut self) -> Result<(), ProvisionError> {
        self.quiet(Duration::from_millis(300), Duration::from_secs(10))?;
        self.urcs.clear();
        Ok(())
    }

    /// Ends an FTP session left open: AT+FTPQUIT (`ERROR` when none runs), then waits for
    /// AT+FTPSTATE to say idle.
    fn end_session(&mut self) -> Result<(), ProvisionError> {
        let quit = self.command(&Command::FtpQuit(Action::Execute), COMMAND)?;
        if quit.ok {
            // The aborted session's `+FTPxxx: 1,80`.
            self.quiet(Duration::from_millis(500), Duration::from_secs(10))?;
        }
        let end = self.target.now() + COMMAND;
        loop {
            let r = self.ok(&Command::FtpState(Action::Execute))?;
            if r.got().any(|g| *g == Got::Value(Prefix::FtpState, 0)) {
                return Ok(());
            }
            if self.target.now() >= end {
                return Err(ProvisionError::Mismatch {
                    what: "the FTP session (AT+FTPSTATE) after AT+FTPQUIT".into(),
                    expected: "0 (idle)".into(),
                    got: r.shown(),
                });
            }
            self.quiet(Duration::from_millis(500), Duration::from_secs(1))?;
        }
    }

    /// Full functionality (a transcript may have left the radio off).
    fn radio(&mut self) -> Result<(), ProvisionError> {
        let r = self.ok(&Command::Cfun(Setting::Read))?;
        if r.got().any(|g| *g == Got::Value(Prefix::Cfun, 1)) {
            return Ok(());
        }
        self.ok(&Command::Cfun(Setting::Write(Cfun { fun: 1, rst: None })))?;
        self.quiet(Duration::from_millis(500), Duration::from_secs(5))
    }

    /// The AT+CNACT contexts: 0 active when the world says so, every other one inactive.
    fn bearer(&mut self, active: bool) -> Result<(), ProvisionError> {
        let r = self.ok(&Command::Cnact(Setting::Read))?;
        let states: Vec<(u8, u8)> = r
            .got()
            .filter_map(|g| match g {
                Got::Cnact { pdpidx, status } => Some((*pdpidx, *status)),
                _ => None,
            })
            .collect();
        let want = |i: u8| i == 0 && active;
        for (pdpidx, status) in states {
            let is = status != 0;
            if is == want(pdpidx) {
                continue;
            }
            let action = if want(pdpidx) {
                CnactAction::Activate
            } else {
                CnactAction::Deactivate
            };
            self.urcs.clear();
            self.ok(&Command::Cnact(Setting::Write(Cnact { pdpidx, action })))?;
            let urc = Info::AppPdp {
                pdpidx,
                active: want(pdpidx),
            };
            self.urc(&urc.to_string(), BEARER, &|g| {
                *g == Got::AppPdp {
                    pdpidx,
                    active: want(pdpidx),
                }
            })?;
        }
        Ok(())
    }

    /// The world's files written; files the run names but the world does not have deleted;
    /// every world file's size read back.
    fn files(&mut self, t: &Transcript, plan: &Plan) -> Result<(), ProvisionError> {
        // A transcript may have left the buffer allocated: AT+CFSINIT would then fail.
        let _ = self.command(&Command::Cfsterm(Action::Execute), COMMAND)?;
        let world: Vec<(FsDir, &str, Vec<u8>)> = t
            .world
            .module_files
            .iter()
            .map(|(dir, name, content)| (*dir, name.as_str(), content.bytes()))
            .collect();
        let extra: Vec<(FsDir, &str)> = plan
            .files()
            .filter(|(d, n)| !world.iter().any(|(wd, wn, _)| wd == d && wn == n))
            .collect();
        if world.is_empty() && extra.is_empty() {
            return Ok(());
        }
        self.ok(&Command::Cfsinit(Action::Execute))?;
        for (dir, name) in extra {
            let file = FsFile { dir, name };
            // CME 767 when the file is not there (spec decision 51): nothing to delete.
            if self.size(file)?.is_some() {
                self.ok(&Command::Cfsdfile(Request::Write(file)))?;
            }
        }
        for (dir, name, bytes) in &world {
            if bytes.is_empty() {
                return Err(ProvisionError::Unprovisionable(format!(
                    "{}{name} is empty, and AT+CFSWFILE writes 1 to 10240 bytes",
                    dir.path()
                )));
            }
            for (i, piece) in bytes.chunks(PIECE).enumerate() {
                self.write_piece(*dir, name, i > 0, piece)?;
            }
        }
        for (dir, name, bytes) in &world {
            let want = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
            let got = self.size(FsFile { dir: *dir, name })?;
            if got != Some(want) {
                return Err(ProvisionError::Mismatch {
                    what: format!("the size of {}{name} (AT+CFSGFIS)", dir.path()),
                    expected: Got::FileSize(want).describe(),
                    got: got.map_or("no such file".into(), |n| Got::FileSize(n).describe()),
                });
            }
        }
        self.ok(&Command::Cfsterm(Action::Execute))?;
        Ok(())
    }

    /// A module file's size (AT+CFSGFIS), `None` when it is not there.
    fn size(&mut self, file: FsFile<'_>) -> Result<Option<u32>, ProvisionError> {
        let r = self.command(&Command::Cfsgfis(Request::Write(file)), COMMAND)?;
        Ok(r.got().find_map(|g| match g {
            Got::FileSize(n) if r.ok => Some(*n),
            _ => None,
        }))
    }

    /// One AT+CFSWFILE: the command, `DOWNLOAD`, the bytes, `OK`.
    fn write_piece(
        &mut self,
        dir: FsDir,
        name: &str,
        append: bool,
        piece: &[u8],
    ) -> Result<(), ProvisionError> {
        let size = u16::try_from(piece.len()).unwrap_or(u16::MAX);
        let cmd = Command::Cfswfile(Request::Write(Cfswfile {
            dir,
            name,
            append,
            size,
            input_time: 10_000,
        }));
        self.send(&cmd)?;
        let deadline = self.target.now() + COMMAND;
        loop {
            let Some(p) = self.next(deadline)? else {
                return Err(ProvisionError::Timeout {
                    what: format!("DOWNLOAD after {}", command_text(&cmd)),
                    waited: COMMAND,
                });
            };
            match p.kind {
                Kind::Prompt => break,
                Kind::Final { .. } => {
                    return Err(ProvisionError::Refused {
                        command: command_text(&cmd),
                        answer: show(&p.text),
                    });
                }
                _ => self.urcs.push(p),
            }
        }
        self.write(piece)?;
        let deadline = self.target.now() + COMMAND + Duration::from_secs(10);
        while let Some(p) = self.next(deadline)? {
            match p.kind {
                Kind::Final { ok: true } => return Ok(()),
                Kind::Final { ok: false } => {
                    return Err(ProvisionError::Refused {
                        command: format!("the {} bytes after {}", piece.len(), command_text(&cmd)),
                        answer: show(&p.text),
                    });
                }
                _ => self.urcs.push(p),
            }
        }
        Err(ProvisionError::Timeout {
            what: format!("OK after the bytes of {}", command_text(&cmd)),
            waited: COMMAND,
        })
    }

    /// Reads back what provisioning set.
    fn check(&mut self, t: &Transcript) -> Result<(), ProvisionError> {
        let d = &t.profile.defaults;
        let mismatch = |what: &str, expected: String, got: String| ProvisionError::Mismatch {
            what: what.to_string(),
            expected,
            got,
        };
        // Echo and result codes show in the answer to `AT`.
        let r = self.ok(&Command::At)?;
        if self.echoed != d.echo {
            let say = |on: bool| if on { "echo on" } else { "echo off" };
            return Err(mismatch(
                "command echo (ATE), seen in the answer to AT",
                say(d.echo).into(),
                say(self.echoed).into(),
            ));
        }
        let verbose = r.last == b"OK";
        if verbose != d.verbose {
            return Err(mismatch(
                "result codes (ATV), seen in the answer to AT",
                if d.verbose { "`OK`" } else { "`0`" }.into(),
                show(&r.last),
            ));
        }
        let mut reads = vec![
            (
                Command::Cmee(Setting::Read),
                Got::Value(Prefix::Cmee, u32::from(d.cmee)),
            ),
            (Command::Cfun(Setting::Read), Got::Value(Prefix::Cfun, 1)),
            (
                Command::FtpState(Action::Execute),
                Got::Value(Prefix::FtpState, 0),
            ),
            (Command::FtpExtPut(FtpExtPut::Read), Got::ExtPut(0, 0)),
            (Command::FtpExtGet(FtpExtGet::Read), Got::ExtGet(0, 0)),
        ];
        reads.extend(registers(d).into_iter().map(|r| (r.read, r.want)));
        for (cmd, want) in reads {
            let r = self.ok(&cmd)?;
            if !r.got().any(|g| *g == want) {
                return Err(mismatch(&command_text(&cmd), want.describe(), r.shown()));
            }
        }
        let r = self.ok(&Command::Cnact(Setting::Read))?;
        for g in r.got() {
            if let Got::Cnact { pdpidx, status } = *g {
                let want = pdpidx == 0 && t.world.bearer_active;
                if (status != 0) != want {
                    return Err(mismatch(
                        &format!("context {pdpidx} (AT+CNACT?)"),
                        if want { "active" } else { "inactive" }.into(),
                        r.shown(),
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{Plan, ProvisionError, provision};
    use crate::replay::replay;
    use crate::target::{Clock, ModelTarget, Restarted, Target, TargetError};
    use crate::transcript::{Transcript, world};

    fn parse(text: &str) -> Transcript {
        Transcript::parse(text, &Default::default()).expect("transcript")
    }

    /// The FTP set-up every session below starts with (the in-memory server's account).
    const LOGIN: &str = "  - send: AT+FTPCID=0\n  - send: AT+FTPSERV=\"h\"\n  - send: AT+FTPUN=\"simcomtest\"\n  - send: AT+FTPPW=\"simcomtest\"\n  - send: AT+FTPPUTNAME=\"up.bin\"\n  - send: AT+FTPPUTPATH=\"/\"\n";

    /// A transcript that leaves the module where `steps` take it, then fails at once.
    fn left_in(steps: &str) -> Transcript {
        parse(&format!(
            "title: t\nsource: s\nworld: {{ bearer: active }}\ntimeout: 1s\nsteps:\n{LOGIN}{steps}  - expect: never printed\n"
        ))
    }

    /// What a fresh module in the default world answers, from a transcript that must pass.
    fn fresh() -> Transcript {
        parse(
            "title: fresh\nsource: s\nworld: { bearer: active }\nsteps:\n  - send: AT+FTPSERV?\n  - expect: '+FTPSERV: \"\"'\n  - expect: OK\n  - send: AT+FTPSTATE\n  - expect: '+FTPSTATE: 0'\n  - expect: OK\n  - send: AT+CNACT?\n  - expect: '+CNACT: 0,1,\"10.94.36.44\"'\n  - expect: '+CNACT: 1,0,\"0.0.0.0\"'\n  - expect: '+CNACT: 2,0,\"0.0.0.0\"'\n  - expect: '+CNACT: 3,0,\"0.0.0.0\"'\n  - expect: OK\n",
        )
    }

    /// Leaves a model in the state `before` ends in, provisions it for `fresh()`, replays it.
    fn recovers(before: &Transcript) -> Duration {
        let mut target = ModelTarget::new(world::sim(before).expect("world"));
        assert!(
            !replay(before, &mut target).passed(),
            "the first transcript fails"
        );
        let start = target.now();
        let t = fresh();
        let (log, result) = provision(&t, &mut target, &Plan::default());
        let took = target.now() - start;
        if let Err(e) = result {
            panic!("{e}\n{log:#?}");
        }
        let outcome = replay(&t, &mut Restarted::new(&mut target));
        assert!(outcome.passed(), "{:?}", outcome.failure);
        took
    }

    #[test]
    fn a_session_left_open_is_ended() {
        recovers(&left_in(
            "  - send: AT+FTPGETNAME=\"none\"\n  - send: AT+FTPGETPATH=\"/\"\n  - send: AT+FTPPUT=1\n",
        ));
    }

    #[test]
    fn a_transparent_upload_is_ended_by_etx() {
        let took = recovers(&left_in(
            "  - send: AT+FTPETPUT=1\n  - expect: OK\n  - expect: '+FTPETPUT: 1,1'\n  - send: AT+FTPETPUT=2\n  - send_data: half an upload\n",
        ));
        // Before the filler: a probe, the ETX and a second probe.
        assert!(took < Duration::from_secs(6), "{took:?}");
    }

    #[test]
    fn a_counted_block_is_filled() {
        // AT+CFSWFILE waits up to 10 s for 10240 bytes: the filler ends it before that.
        let took = recovers(&parse(
            "title: t\nsource: s\nworld: { bearer: active }\ntimeout: 1s\nsteps:\n  - send: AT+CFSINIT\n  - send: AT+CFSWFILE=3,\"big\",0,10240,10000\n  - expect: never printed\n",
        ));
        assert!(took < Duration::from_secs(10), "{took:?}");
    }

    #[test]
    fn an_upload_chunk_half_sent_is_filled() {
        recovers(&left_in(
            "  - send: AT+FTPPUT=1\n  - expect: OK\n  - expect: '+FTPPUT: 1,1,1360'\n  - send: AT+FTPPUT=2,1000\n  - expect: '+FTPPUT: 2,1000'\n  - send_data: { size: 10, seed: 1 }\n",
        ));
    }

    #[test]
    fn registers_bearer_and_echo_go_back_to_the_world() {
        recovers(&parse(
            "title: t\nsource: s\nworld: { bearer: inactive }\ntimeout: 1s\nsteps:\n  - send: ATE0\n  - send: AT+CMEE=2\n  - send: AT+FTPSERV=\"elsewhere\"\n  - send: AT+FTPPORT=990\n  - send: AT+CNACT=1,1\n  - send: AT+CFUN=0\n  - expect: never printed\n",
        ));
    }

    #[test]
    fn world_files_are_written_and_files_the_run_names_deleted() {
        use simcom_ftp_model::FsDir;
        let before = parse(
            "title: t\nsource: s\ntimeout: 1s\nsteps:\n  - send: AT+CFSINIT\n  - expect: OK\n  - send: AT+CFSWFILE=2,\"stale.bin\",0,3,1000\n  - expect: DOWNLOAD\n  - send_data: abc\n  - expect: OK\n  - expect: never printed\n",
        );
        let t = parse(
            "title: t\nsource: s\nworld: { module_files: { /customer/ca.pem: { size: 12000, seed: 3 } } }\nsteps: [{ send: AT }]\n",
        );
        let plan = Plan::new([&before, &t], false);
        let mut target = ModelTarget::new(world::sim(&before).expect("world"));
        let _ = replay(&before, &mut target);
        assert!(
            target
                .sim
                .module
                .file_system()
                .exists(FsDir::Datatx, "stale.bin")
        );
        let (log, result) = provision(&t, &mut target, &plan);
        assert!(result.is_ok(), "{result:?}\n{log:#?}");
        let fs = target.sim.module.file_system();
        assert!(!fs.exists(FsDir::Datatx, "stale.bin"), "deleted");
        // 12000 bytes: two AT+CFSWFILE pieces, the second appended.
        assert_eq!(
            fs.read(FsDir::Customer, "ca.pem"),
            Some(&crate::transcript::bytes::splitmix64(3, 12000)[..])
        );
    }

    #[test]
    fn a_reset_restarts_the_module_first() {
        use super::super::{Item, LogEntry};
        // Left with echo off and a register set: the reset and then provisioning undo both.
        let before = parse(
            "title: t\nsource: s\ntimeout: 1s\nsteps:\n  - send: ATE0\n  - send: AT+FTPPORT=990\n  - expect: never printed\n",
        );
        let mut target = ModelTarget::new(world::sim(&before).expect("world"));
        let _ = replay(&before, &mut target);
        let plan = Plan {
            reset: true,
            ..Plan::default()
        };
        let t = fresh();
        let (log, result) = provision(&t, &mut target, &plan);
        assert!(result.is_ok(), "{result:?}\n{log:#?}");
        let sent = |needle: &[u8]| {
            log.iter().position(|l| matches!(&l.entry, LogEntry::Host(b) if b.windows(needle.len()).any(|w| w == needle)))
        };
        let printed = |line: &[u8]| {
            log.iter().position(
                |l| matches!(&l.entry, LogEntry::Module(Item::Line { text, .. }) if text == line),
            )
        };
        let reset = sent(b"AT+CFUN=1,1\r").expect("AT+CFUN=1,1 sent");
        let rdy = printed(b"RDY").expect("RDY printed");
        let quit = sent(b"AT+FTPQUIT\r").expect("the session ended after");
        assert!(reset < rdy && rdy < quit, "{log:#?}");
        assert!(outcome_passes(&t, &mut target));
    }

    fn outcome_passes(t: &Transcript, target: &mut ModelTarget) -> bool {
        replay(t, &mut Restarted::new(target)).passed()
    }

    /// The error in `result`: asserts whether it stops the run and that it says each of `says`.
    #[track_caller]
    fn error_saying<T: std::fmt::Debug>(
        result: Result<T, ProvisionError>,
        stops_run: bool,
        says: &[&str],
    ) -> ProvisionError {
        let e = result.expect_err("an error");
        assert_eq!(e.stops_run(), stops_run, "{e}");
        for s in says {
            assert!(e.to_string().contains(s), "{s:?} not said: {e}");
        }
        e
    }

    /// The model, with its output changed on the way to the host: `Some((from, to))` replaces
    /// the first `from` by `to`; `None` drops everything (a module that never answers).
    struct Rewrite(ModelTarget, Option<(&'static [u8], &'static [u8])>);

    impl Target for Rewrite {
        fn write(&mut self, bytes: &[u8]) -> Result<(), TargetError> {
            self.0.write(bytes)
        }
        fn read_until(&mut self, deadline: Duration) -> Result<Vec<u8>, TargetError> {
            let out = self.0.read_until(deadline)?;
            let Some((from, to)) = self.1 else {
                return Ok(Vec::new());
            };
            Ok(match out.windows(from.len()).position(|w| w == from) {
                Some(i) => [&out[..i], to, &out[i + from.len()..]].concat(),
                None => out,
            })
        }
        fn now(&self) -> Duration {
            self.0.now()
        }
        fn clock(&self) -> Clock {
            Clock::Virtual
        }
        fn describe(&self) -> String {
            "rewrite".into()
        }
    }

    #[test]
    fn a_module_that_does_not_read_back_what_was_set_is_refused() {
        let t = fresh();
        let model = ModelTarget::new(world::sim(&t).expect("world"));
        let mut target = Rewrite(model, Some((b"+FTPPORT: 21", b"+FTPPORT: 22")));
        let (_, result) = provision(&t, &mut target, &Plan::default());
        let e = error_saying(result, false, &["AT+FTPPORT?", "+FTPPORT: 22"]);
        assert!(matches!(e, ProvisionError::Mismatch { .. }), "{e}");
    }

    #[test]
    fn a_refused_setting_and_an_empty_module_file_are_errors_that_do_not_stop_the_run() {
        let t = fresh();
        let model = ModelTarget::new(world::sim(&t).expect("world"));
        let mut target = Rewrite(
            model,
            Some((b"AT+FTPPORT=21\r\r\nOK", b"AT+FTPPORT=21\r\r\nERROR")),
        );
        let (_, result) = provision(&t, &mut target, &Plan::default());
        let e = error_saying(result, false, &["AT+FTPPORT=21 was answered `ERROR`"]);
        assert!(matches!(e, ProvisionError::Refused { .. }), "{e}");
        let empty = parse(
            "title: t\nsource: s\nworld: { module_files: { /customer/empty.pem: \"\" } }\nsteps: [{ send: AT }]\n",
        );
        let mut target = ModelTarget::new(world::sim(&empty).expect("world"));
        let (_, result) = provision(&empty, &mut target, &Plan::default());
        let e = error_saying(result, false, &["/customer/empty.pem is empty"]);
        assert!(matches!(e, ProvisionError::Unprovisionable(_)), "{e}");
    }

    #[test]
    fn a_bearer_that_never_comes_up_is_a_timeout_that_does_not_stop_the_run() {
        // The module starts without a bearer; the transcript wants one; its URC never comes.
        let before = parse("title: t\nsource: s\nsteps: [{ send: AT }]\n");
        let model = ModelTarget::new(world::sim(&before).expect("world"));
        let mut target = Rewrite(
            model,
            Some((b"+APP PDP: 0,ACTIVE", b"+APP PDP: 3,DEACTIVE")),
        );
        let (_, result) = provision(&fresh(), &mut target, &Plan::default());
        let e = error_saying(result, false, &["+APP PDP: 0,ACTIVE within 60s"]);
        assert!(matches!(e, ProvisionError::Timeout { .. }), "{e}");
    }

    #[test]
    fn a_module_that_never_answers_stops_the_run_within_a_bound() {
        let t = fresh();
        let mut target = Rewrite(ModelTarget::new(world::sim(&t).expect("world")), None);
        let (log, result) = provision(&t, &mut target, &Plan::default());
        error_saying(result, true, &["does not answer AT"]);
        assert!(target.now() < Duration::from_secs(60), "{:?}", target.now());
        assert!(!log.is_empty());
    }
}
