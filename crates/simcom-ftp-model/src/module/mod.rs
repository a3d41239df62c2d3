//! The module: host-byte intake, command dispatch, timers and the output queue.

mod basic;
mod bearer;
mod config;
mod fs;
mod out;
mod session;
mod ssl;

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use simcom_at::{CmeCode, Command, EncodeError, Info, ParseError, Prefix};

use crate::net::{NetReply, NetRequest};
use crate::profile::Profile;
use crate::time::Instant;

pub use bearer::{Cellular, Context, NetworkTime};
pub use fs::{CertFormat, FileSystem, FsDir};

use config::Registers;
use out::{Out, Refusal};
use session::Ftp;

/// Longest command line after `AT` (V.250 / the manual: 559 characters).
const MAX_LINE: usize = 559;
/// Host bytes held while the module streams FTPETGET data (beyond this they are lost, as on a
/// UART whose receive buffer overflows).
const MAX_HELD_INPUT: usize = 64 * 1024;

/// An input to the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input<'a> {
    /// Bytes the host wrote to the UART, in pieces of any size.
    Host(&'a [u8]),
    /// The network's answer to one of the model's requests.
    Net(NetReply),
    /// Nothing but the passing of time (the deadline of [`Output::Timeout`] was reached).
    Timeout,
}

/// What the model wants the driver to do; see [`Module::poll_output`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Bytes the module writes to the UART.
    Transmit(Vec<u8>),
    /// A request to the network.
    Net(NetRequest),
    /// Nothing more to do now; call [`Module::handle_input`] with [`Input::Timeout`] at this
    /// instant (or earlier, with any other input). `None`: no timer is running.
    Timeout(Option<Instant>),
}

/// Where counted host data goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Sink {
    /// One AT+FTPPUT=2,<n> chunk.
    FtpPut,
    /// AT+FTPEXTPUT=2 into the RAM buffer at `pos`.
    ExtPut { pos: usize },
    /// AT+CFSWFILE.
    Cfswfile {
        dir: FsDir,
        name: alloc::string::String,
        append: bool,
    },
}

/// The host-byte intake state (what the next host byte means).
#[derive(Debug)]
enum Intake {
    /// Between command lines: bytes other than `A` are ignored and not echoed (the LF of a
    /// CR LF line end, noise).
    Idle,
    /// Seen `A` (the byte as received).
    GotA(u8),
    /// Inside a command line (`buf` holds it from `AT`, backspaces applied).
    Line { buf: Vec<u8>, overflow: bool },
    /// Length-counted host data.
    Counted {
        want: usize,
        buf: Vec<u8>,
        deadline: Instant,
        sink: Sink,
    },
    /// ETX/DLE-framed host data of AT+FTPETPUT=2.
    Etx { dle: bool, last_byte: Instant },
}

/// The executable model of a SIM7070/SIM7080/SIM7090 module's FTP(S) service, sans-IO.
///
/// Feed it what the host writes and what the network answers, with the time they happen
/// ([`Module::handle_input`]); take what it transmits, the network requests it makes and its
/// next deadline ([`Module::poll_output`]).
///
/// ```
/// use simcom_ftp_model::{Input, Instant, Module, Output, Profile};
/// let mut m = Module::new(Profile::default());
/// m.handle_input(Instant::ZERO, Input::Host(b"AT+FTPPORT?\r\n"));
/// let Output::Transmit(bytes) = m.poll_output() else { panic!() };
/// assert_eq!(bytes, b"AT+FTPPORT?\r\r\n+FTPPORT: 21\r\n\r\nOK\r\n");
/// assert_eq!(m.poll_output(), Output::Timeout(None));
/// ```
#[derive(Debug)]
pub struct Module {
    profile: Profile,
    now: Instant,
    echo: bool,
    intake: Intake,
    /// Host bytes received while FTPETGET data streams, read as input after it.
    held_input: Vec<u8>,
    /// The last host byte of the current write ended a command line.
    line_ended: bool,
    out: Out,
    net: VecDeque<NetRequest>,
    regs: Registers,
    bearer: bearer::Bearer,
    fs: FileSystem,
    /// The AT+CSSLCFG contexts 0–5.
    ssl: [crate::profile::SslContext; ssl::CONTEXTS],
    ftp: Ftp,
}

impl Module {
    /// A module just powered up, in the default cellular network of app note 4.1 (SIM ready,
    /// attached, no AT+CNACT context active).
    pub fn new(profile: Profile) -> Self {
        Self::with_cellular(profile, Cellular::default())
    }

    /// A module just powered up in the given cellular network.
    pub fn with_cellular(profile: Profile, cellular: Cellular) -> Self {
        let d = &profile.defaults;
        Self {
            echo: d.echo,
            out: Out::new(d.verbose, d.cmee),
            regs: Registers::new(&profile),
            bearer: bearer::Bearer::new(cellular),
            fs: FileSystem::new(profile.fs_capacity),
            ssl: core::array::from_fn(|_| d.ssl_context.clone()),
            ftp: Ftp::new(),
            now: Instant::ZERO,
            intake: Intake::Idle,
            held_input: Vec::new(),
            line_ended: false,
            net: VecDeque::new(),
            profile,
        }
    }

    /// The profile the model runs with.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The simulated cellular network and the AT+CNACT contexts.
    pub fn cellular(&self) -> &Cellular {
        self.bearer.cellular()
    }

    /// Activates (or deactivates) AT+CNACT context `pdpidx` (0–3) without a command, as if the
    /// host had done it before the run (a transcript's `bearer: active`). Returns false for an
    /// index out of range.
    pub fn set_context_active(&mut self, pdpidx: u8, active: bool) -> bool {
        self.bearer.set_active(pdpidx, active)
    }

    /// The module's file system (AT+CFSWFILE, AT+FTPEXTGET=2).
    pub fn file_system(&self) -> &FileSystem {
        &self.fs
    }

    /// The module's file system, to provision certificates before a run.
    pub fn file_system_mut(&mut self) -> &mut FileSystem {
        &mut self.fs
    }

    /// The time of the latest input.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// The note's DCD line: `true` while a data phase runs on the UART (the host sending
    /// FTPPUT / FTPEXTPUT / CFSWFILE / FTPETPUT data, or the module streaming FTPETGET data).
    pub fn data_mode(&self) -> bool {
        matches!(self.intake, Intake::Counted { .. } | Intake::Etx { .. }) || self.ftp.streaming()
    }

    /// Whether an FTP session runs (what AT+FTPSTATE reports).
    pub fn session_active(&self) -> bool {
        self.ftp.active()
    }

    /// Bytes the model holds in its buffers now: pending output, held URCs and host input,
    /// the line being typed, counted data, the download buffers and the FTPEXTGET/FTPEXTPUT RAM
    /// buffers. Bounded by the profile's capacities whatever the input.
    pub fn buffered(&self) -> usize {
        let intake = match &self.intake {
            Intake::Line { buf, .. } | Intake::Counted { buf, .. } => buf.len(),
            _ => 0,
        };
        self.out.tx.len()
            + self.out.held_len()
            + self.held_input.len()
            + intake
            + self.ftp.buffered()
    }

    /// The module restarts from power-up (a power cut, a watchdog, a firmware reset): a running
    /// session ends without a word (its connection is aborted), output not yet transmitted is
    /// lost, and the settings, the bearer, the echo and the line go back to their power-up
    /// values. What is in flash stays: the file system and the AT+CFUN level last written other
    /// than 0. Then it prints what the SIM7080 prints at power-up with a fixed baud rate (AT
    /// manual V1.02 §21.3 p. 261): `RDY`, `+CFUN: <fun>` and, the SIM being ready,
    /// `+CPIN: READY` (spec decisions 49 and 52).
    ///
    /// ```
    /// use simcom_ftp_model::{Input, Instant, Module, Output, Profile};
    /// let mut m = Module::new(Profile::default());
    /// m.handle_input(Instant::ZERO, Input::Host(b"ATE0\r"));
    /// let _ = m.poll_output();
    /// m.reset();
    /// assert_eq!(
    ///     m.poll_output(),
    ///     Output::Transmit(b"\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n".to_vec())
    /// );
    /// m.handle_input(Instant::ZERO, Input::Host(b"AT\r"));
    /// assert_eq!(m.poll_output(), Output::Transmit(b"AT\r\r\nOK\r\n".to_vec()), "echo is on again");
    /// ```
    pub fn reset(&mut self) {
        self.out.tx.clear();
        let fun = self.bearer.saved_fun();
        self.restart(fun);
    }

    /// The one path of every restart, [`Module::reset`] and AT+CFUN=<fun>,1 alike: what
    /// survives it (spec decision 49) and what the module prints when it is back (decision
    /// 52), coming up at functionality `fun`. Output already queued is kept: it left the
    /// module before the restart ([`Module::reset`] drops it first).
    fn restart(&mut self, fun: u8) {
        let open = self.ftp.reset();
        let mut fs = core::mem::replace(&mut self.fs, FileSystem::new(0));
        fs.free_buffer();
        let now = self.now;
        let sent = core::mem::take(&mut self.out.tx);
        let saved_fun = self.bearer.saved_fun();
        let mut fresh = Self::with_cellular(self.profile.clone(), self.bearer.cellular().clone());
        fresh.fs = fs;
        fresh.now = now;
        fresh.ftp = core::mem::take(&mut self.ftp);
        fresh.out.tx = sent;
        // Requests to the network not yet taken (the abort of a session that just ended)
        // left the module before the restart, as its output did.
        fresh.net = core::mem::take(&mut self.net);
        *self = fresh;
        if let Some(conn) = open {
            self.net.push_back(NetRequest {
                conn,
                op: crate::net::NetOp::Abort,
            });
        }
        self.bearer.power_up(fun, saved_fun, now);
        self.out.urc(&Info::Bare {
            prefix: Prefix::Rdy,
        });
        self.out.urc(&Info::Value {
            prefix: Prefix::Cfun,
            value: u32::from(fun),
        });
        if let Some(sim) = self.bearer.sim_state_at_power_up() {
            self.out.urc(&Info::Text {
                prefix: Prefix::Cpin,
                value: sim,
            });
            if sim == "READY" && self.profile.sms_ready {
                self.out.urc(&Info::Bare {
                    prefix: Prefix::SmsReady,
                });
            }
        }
    }

    /// The host side of the UART went away (its program closed the port): a command line it
    /// was typing and host bytes held while FTPETGET data streamed are dropped, so that the
    /// next host starts on a fresh line. Everything else is the module's state and stays: a
    /// data phase runs on to its timeout, a session stays open.
    ///
    /// ```
    /// use simcom_ftp_model::{Input, Instant, Module, Output, Profile};
    /// let mut m = Module::new(Profile::default());
    /// m.handle_input(Instant::ZERO, Input::Host(b"ATE0\rAT+FTPPO"));
    /// let _ = m.poll_output();
    /// m.host_gone();
    /// m.handle_input(Instant::ZERO, Input::Host(b"AT\r"));
    /// assert_eq!(m.poll_output(), Output::Transmit(b"\r\nOK\r\n".to_vec()));
    /// ```
    pub fn host_gone(&mut self) {
        if matches!(self.intake, Intake::GotA(_) | Intake::Line { .. }) {
            self.intake = Intake::Idle;
        }
        self.held_input.clear();
        self.line_ended = false;
    }

    /// Feeds one input at time `now`. Timers that fell due up to `now` fire first, in order.
    /// Time never goes backwards: an earlier `now` is taken as the latest time seen.
    pub fn handle_input(&mut self, now: Instant, input: Input<'_>) {
        self.advance(now);
        match input {
            Input::Host(bytes) => self.host_bytes(bytes),
            Input::Net(reply) => self.net_reply(reply),
            Input::Timeout => {}
        }
        self.after_step();
    }

    /// The next thing to do: bytes to transmit first, then network requests, then the next
    /// deadline.
    pub fn poll_output(&mut self) -> Output {
        if !self.out.tx.is_empty() {
            return Output::Transmit(core::mem::take(&mut self.out.tx));
        }
        if let Some(req) = self.net.pop_front() {
            return Output::Net(req);
        }
        Output::Timeout(self.poll_timeout())
    }

    /// The next deadline, if any timer runs.
    pub fn poll_timeout(&self) -> Option<Instant> {
        let intake = match &self.intake {
            Intake::Counted { deadline, .. } => Some(*deadline),
            Intake::Etx { last_byte, .. } => {
                self.profile.etput_input_timeout.map(|d| *last_byte + d)
            }
            _ => None,
        };
        [
            intake,
            self.ftp.deadline(&self.profile),
            self.bearer.register_at(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Fires every timer due up to `now`, in time order.
    fn advance(&mut self, now: Instant) {
        let now = now.max(self.now);
        // Each firing either ends a timer or moves it later; the bound only guards against a
        // bug turning into a hang.
        for _ in 0..10_000 {
            match self.poll_timeout() {
                Some(t) if t <= now => {
                    self.now = t.max(self.now);
                    self.fire_timers();
                    self.after_step();
                }
                _ => break,
            }
        }
        self.now = now;
    }

    fn fire_timers(&mut self) {
        let now = self.now;
        match &self.intake {
            Intake::Counted { deadline, .. } if *deadline <= now => {
                let Intake::Counted { sink, .. } =
                    core::mem::replace(&mut self.intake, Intake::Idle)
                else {
                    unreachable!()
                };
                self.counted_timeout(sink);
                return;
            }
            Intake::Etx { last_byte, .. }
                if self
                    .profile
                    .etput_input_timeout
                    .is_some_and(|d| *last_byte + d <= now) =>
            {
                self.intake = Intake::Idle;
                self.etx_timeout();
                return;
            }
            _ => {}
        }
        if self.bearer.register_at().is_some_and(|t| t <= now) {
            self.network_registered();
            return;
        }
        self.ftp_timers();
    }

    /// Work that follows any step: held host input is read once FTPETGET streaming ends.
    fn after_step(&mut self) {
        if !self.ftp.streaming() && !self.held_input.is_empty() {
            let held = core::mem::take(&mut self.held_input);
            self.host_bytes(&held);
        }
    }

    // --- Host bytes --------------------------------------------------------------------------

    fn host_bytes(&mut self, mut bytes: &[u8]) {
        // Whether the previous byte of this same write was a command line's CR.
        self.line_ended = false;
        while !bytes.is_empty() {
            // The LF of a CR LF line end that started a data phase arrives with the CR, before
            // the host could see the prompt: it is the line end, not data (decision 41).
            let data_phase = matches!(self.intake, Intake::Counted { .. } | Intake::Etx { .. });
            if self.line_ended && data_phase && bytes[0] == b'\n' {
                self.line_ended = false;
                bytes = &bytes[1..];
                continue;
            }
            self.line_ended = false;
            if self.ftp.streaming() {
                let room = MAX_HELD_INPUT.saturating_sub(self.held_input.len());
                self.held_input
                    .extend_from_slice(&bytes[..bytes.len().min(room)]);
                return;
            }
            let used = match &mut self.intake {
                Intake::Counted { .. } => self.counted_bytes(bytes),
                Intake::Etx { .. } => self.etx_bytes(bytes),
                _ => {
                    self.line_byte(bytes[0]);
                    1
                }
            };
            bytes = &bytes[used..];
        }
    }

    fn line_byte(&mut self, b: u8) {
        match &mut self.intake {
            Intake::Idle => {
                if b.eq_ignore_ascii_case(&b'A') {
                    self.intake = Intake::GotA(b);
                }
            }
            Intake::GotA(a) => {
                let a = *a;
                if b.eq_ignore_ascii_case(&b'T') {
                    if self.echo {
                        self.out.raw(&[a, b]);
                    }
                    let mut buf = Vec::with_capacity(32);
                    buf.extend_from_slice(&[a, b]);
                    self.intake = Intake::Line {
                        buf,
                        overflow: false,
                    };
                } else if !b.eq_ignore_ascii_case(&b'A') {
                    self.intake = Intake::Idle;
                } else {
                    self.intake = Intake::GotA(b);
                }
            }
            Intake::Line { buf, overflow } => {
                if self.echo {
                    self.out.raw(&[b]);
                }
                match b {
                    b'\r' => {
                        let Intake::Line { buf, overflow } =
                            core::mem::replace(&mut self.intake, Intake::Idle)
                        else {
                            unreachable!()
                        };
                        if overflow {
                            self.out.refuse(Refusal::Syntax);
                        } else {
                            self.command_line(&buf);
                        }
                        self.line_ended = true;
                    }
                    // Backspace edits the line, but never removes the `AT` prefix.
                    0x08 => {
                        if buf.len() > 2 {
                            buf.pop();
                        }
                    }
                    _ if buf.len() >= MAX_LINE + 2 => *overflow = true,
                    _ => buf.push(b),
                }
            }
            Intake::Counted { .. } | Intake::Etx { .. } => unreachable!("handled by host_bytes"),
        }
    }

    fn counted_bytes(&mut self, bytes: &[u8]) -> usize {
        let Intake::Counted { want, buf, .. } = &mut self.intake else {
            return 0;
        };
        let take = (*want - buf.len()).min(bytes.len());
        buf.extend_from_slice(&bytes[..take]);
        if buf.len() == *want {
            let Intake::Counted { buf, sink, .. } =
                core::mem::replace(&mut self.intake, Intake::Idle)
            else {
                unreachable!()
            };
            self.counted_done(sink, buf);
        }
        take
    }

    fn counted_done(&mut self, sink: Sink, data: Vec<u8>) {
        match sink {
            Sink::FtpPut => self.put_chunk_done(data),
            Sink::ExtPut { pos } => {
                self.ftp.extput_store(pos, &data);
                self.out.ok();
            }
            Sink::Cfswfile { dir, name, append } => {
                if self.fs.write(dir, &name, &data, append) {
                    self.out.ok();
                } else {
                    self.out.refuse(Refusal::FAILED);
                }
            }
        }
        self.out.release();
    }

    fn counted_timeout(&mut self, sink: Sink) {
        match sink {
            Sink::FtpPut => self.put_chunk_timeout(),
            Sink::ExtPut { .. } | Sink::Cfswfile { .. } => self.out.refuse(Refusal::FAILED),
        }
        self.out.release();
    }

    /// Starts a length-counted host data phase.
    fn expect_counted(&mut self, want: usize, window: core::time::Duration, sink: Sink) {
        self.out.hold();
        self.intake = Intake::Counted {
            want,
            buf: Vec::with_capacity(want.min(4096)),
            deadline: self.now + window,
            sink,
        };
        if want == 0 {
            self.counted_bytes(&[]);
        }
    }

    fn expect_etx(&mut self) {
        self.out.hold();
        self.intake = Intake::Etx {
            dle: false,
            last_byte: self.now,
        };
    }

    fn etx_bytes(&mut self, bytes: &[u8]) -> usize {
        let Intake::Etx { dle, last_byte } = &mut self.intake else {
            return 0;
        };
        *last_byte = self.now;
        let mut data = Vec::with_capacity(bytes.len());
        let mut used = bytes.len();
        let mut ended = false;
        for (i, &b) in bytes.iter().enumerate() {
            if *dle {
                *dle = false;
                if b != simcom_at::etx::ETX && b != simcom_at::etx::DLE {
                    // Undocumented pair: both bytes kept (spec §7).
                    data.push(simcom_at::etx::DLE);
                }
                data.push(b);
            } else if b == simcom_at::etx::DLE {
                *dle = true;
            } else if b == simcom_at::etx::ETX {
                used = i + 1;
                ended = true;
                break;
            } else {
                data.push(b);
            }
        }
        if ended {
            self.intake = Intake::Idle;
        }
        self.etput_data(data, ended);
        if ended {
            self.out.release();
        }
        used
    }

    // --- Command lines -----------------------------------------------------------------------

    fn command_line(&mut self, line: &[u8]) {
        let cmd = match Command::parse(line) {
            Ok(cmd) => cmd,
            Err(e) => {
                if let Some(()) = self.lenient_name(line, e) {
                    return;
                }
                self.out.refuse(refusal_of(line, e));
                return;
            }
        };
        if !self.profile.accept_unquoted_strings && has_unquoted_string(line, &cmd) {
            self.out.refuse(Refusal::Cme(CmeCode::ParamFormatInvalid));
            return;
        }
        self.dispatch(cmd);
    }

    fn dispatch(&mut self, cmd: Command<'_>) {
        use Command as C;
        match cmd {
            C::At
            | C::Echo(_)
            | C::Verbose(_)
            | C::Ati
            | C::Cmee(_)
            | C::Cgmr(_)
            | C::Gmr(_)
            | C::Cgmi(_)
            | C::Gmi(_)
            | C::Cgmm(_)
            | C::Gmm(_)
            | C::Cgsn(_)
            | C::Gsn(_)
            | C::Gsv(_) => self.basic(cmd),
            C::Cpin(_)
            | C::Csq(_)
            | C::Cgatt(_)
            | C::Cgact(_)
            | C::Cops(_)
            | C::Cgnapn(_)
            | C::Cncfg(_)
            | C::Cnact(_)
            | C::Cfun(_)
            | C::Cgdcont(_)
            | C::Creg(_)
            | C::Cgreg(_)
            | C::Cereg(_)
            | C::Clts(_) => self.bearer_command(cmd),
            C::Cfsinit(_) | C::Cfswfile(_) | C::Cfsdfile(_) | C::Cfsgfis(_) | C::Cfsterm(_) => {
                self.fs_command(cmd)
            }
            C::Csslcfg(cfg) => self.ssl_command(cfg),
            C::FtpPort(_)
            | C::FtpMode(_)
            | C::FtpType(_)
            | C::FtpPutOpt(_)
            | C::FtpCid(_)
            | C::FtpRest(_)
            | C::FtpServ(_)
            | C::FtpUn(_)
            | C::FtpPw(_)
            | C::FtpGetName(_)
            | C::FtpGetPath(_)
            | C::FtpPutName(_)
            | C::FtpPutPath(_)
            | C::FtpSsl(_) => self.config_command(cmd),
            _ => self.session_command(cmd),
        }
    }

    /// FTPGETNAME / FTPPUTNAME longer than the codec's 64 bytes but within the profile's
    /// `name_max_length` (99 for V1.02-era firmware).
    fn lenient_name(&mut self, line: &[u8], e: ParseError) -> Option<()> {
        let ParseError::Invalid(EncodeError::TooLong { .. }) = e else {
            return None;
        };
        let upper: Vec<u8> = line.iter().take(14).map(u8::to_ascii_uppercase).collect();
        let (get, rest) = if upper.starts_with(b"AT+FTPGETNAME=") {
            (true, &line[14..])
        } else if upper.starts_with(b"AT+FTPPUTNAME=") {
            (false, &line[14..])
        } else {
            return None;
        };
        let inner = rest.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
        if inner.len() > self.profile.name_max_length
            || inner.iter().any(|&b| b == b'"' || b < 0x20 || b == 0x7f)
        {
            return None;
        }
        let name = core::str::from_utf8(inner).ok()?;
        let cmd = if get {
            Command::FtpGetName(simcom_at::command::Setting::Write(name))
        } else {
            Command::FtpPutName(simcom_at::command::Setting::Write(name))
        };
        self.dispatch(cmd);
        Some(())
    }

    // --- Network -----------------------------------------------------------------------------

    pub(crate) fn request(&mut self, req: NetRequest) {
        self.net.push_back(req);
    }
}

/// How a line that does not parse is refused (spec §2, error-codes.yaml `cme_errors`).
fn refusal_of(line: &[u8], e: ParseError) -> Refusal {
    // A space outside quotes is a syntax error (decision 25), whatever the parser's detail.
    let mut quoted = false;
    let space = line.iter().any(|&b| {
        quoted ^= b == b'"';
        b == b' ' && !quoted
    });
    if space {
        return Refusal::Syntax;
    }
    match e {
        ParseError::NoAtPrefix
        | ParseError::UnknownCommand
        | ParseError::UnsupportedForm
        | ParseError::Concatenated
        | ParseError::Syntax { param: "line" } => Refusal::Syntax,
        ParseError::MissingParameter { .. } => {
            let body = line.strip_suffix(b"\r").unwrap_or(line);
            let empty_slot = body.ends_with(b",")
                || body.ends_with(b"=")
                || body.windows(2).any(|w| w == b",," || w == b"=,");
            if empty_slot {
                Refusal::Cme(CmeCode::NullParam)
            } else {
                Refusal::Cme(CmeCode::ParamCountNotEnough)
            }
        }
        ParseError::TooManyParameters => Refusal::Cme(CmeCode::ParamCountBeyond),
        // An unterminated quote is a malformed parameter; any other shape error is a value of
        // the wrong type (a string where a number belongs, or the reverse).
        ParseError::Syntax { .. } if line.iter().filter(|&&b| b == b'"').count() % 2 == 1 => {
            Refusal::Cme(CmeCode::ParamFormatInvalid)
        }
        ParseError::Syntax { .. } => Refusal::Cme(CmeCode::ParamTypeNotMatch),
        ParseError::NotUtf8 { .. } => Refusal::Cme(CmeCode::ParamFormatInvalid),
        ParseError::Invalid(e) => match e {
            EncodeError::ForbiddenByte { .. } => Refusal::Cme(CmeCode::ParamFormatInvalid),
            EncodeError::Empty { .. } => Refusal::Cme(CmeCode::NullParam),
            EncodeError::Inconsistent { .. } => Refusal::Cme(CmeCode::ParamCountNotEnough),
            _ => Refusal::RANGE,
        },
        _ => Refusal::Syntax,
    }
}

/// Whether a parsed line carries a string parameter without quotes (`AT+FTPTYPE=A`,
/// `AT+FTPUN=12345`): its canonical encoding, which quotes every string, holds more quotes
/// than the line.
fn has_unquoted_string(line: &[u8], cmd: &Command<'_>) -> bool {
    let quotes = |b: &[u8]| b.iter().filter(|&&c| c == b'"').count();
    cmd.to_vec().is_ok_and(|enc| quotes(&enc) > quotes(line))
}
