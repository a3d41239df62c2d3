//! FTP sessions: each session command connects, logs in, works and disconnects, answering
//! `OK` at once and its outcome later as a URC (spec §5).

use alloc::collections::VecDeque;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use simcom_at::command::{
    Action, Chunked, FtpEtGet, FtpEtPut, FtpExtGet, FtpExtPut, FtpMode, FtpPut, FtpType, PutOpt,
    SslType,
};
use simcom_at::{Command, FtpError, FtpStatus, Info, Prefix};

use super::fs::FsDir;
use super::out::Refusal;
use super::{Module, Sink};
use crate::net::{ConnId, Login, NetEvent, NetOp, NetReply, NetRequest, PutVerb, Security};
use crate::profile::{EarlyChunk, EtputOrder, Profile, VerifyServer};
use crate::time::Instant;

/// Most bytes one FTPETGET / FTPEXTGET network read asks for.
const STREAM_READ: usize = 1460;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Simple {
    Dele,
    Size,
    Mkd,
    Rmd,
    Rename,
    Mdtm,
}

#[derive(Debug, Default)]
struct Download {
    buf: VecDeque<u8>,
    eof: bool,
    reading: bool,
    announced: Option<Instant>,
    /// When data last arrived into an empty buffer (the announcement not counting repeats).
    ready_since: Option<Instant>,
    last_read: Option<Instant>,
}

#[derive(Debug, Default)]
struct Upload {
    extended: bool,
    invited: bool,
    writing: bool,
    finishing: bool,
    /// A chunk's bytes are coming in (AT+FTPPUT=2,<n> answered, its data not yet complete).
    receiving: bool,
    /// Chunks taken while a write was in flight (Profile `put_early_chunk` Accept), written
    /// when it completes.
    pending: Vec<u8>,
}

#[derive(Debug, Default)]
struct EtPut {
    ready: bool,
    in_data: bool,
    etx: bool,
    writes: usize,
}

#[derive(Debug)]
enum Kind {
    Get(Download),
    List(Download),
    Put(Upload),
    ExtGetRam,
    ExtGetFile {
        dir: FsDir,
        name: String,
        written: bool,
    },
    EtGet {
        started: bool,
    },
    EtPut(EtPut),
    Simple(Simple),
}

impl Kind {
    fn prefix(&self) -> Prefix {
        match self {
            Self::Get(_) => Prefix::FtpGet,
            Self::List(_) => Prefix::FtpList,
            Self::Put(_) => Prefix::FtpPut,
            Self::ExtGetRam => Prefix::FtpExtGet,
            Self::ExtGetFile { .. } => Prefix::FtpExtGetFile,
            Self::EtGet { .. } => Prefix::FtpEtGet,
            Self::EtPut(_) => Prefix::FtpEtPut,
            Self::Simple(s) => simple_prefix(*s),
        }
    }

    /// The session's `+<prefix>: 1,<status>` line (`+FTPGET: 1,1`, `+FTPDELE: 1,0`).
    fn status(&self, status: FtpStatus) -> Info<'static> {
        Info::Session {
            prefix: self.prefix(),
            code: status.code(),
        }
    }

    fn upload(&self) -> bool {
        matches!(self, Self::Put(_) | Self::EtPut(_))
    }
}

fn simple_prefix(s: Simple) -> Prefix {
    match s {
        Simple::Dele => Prefix::FtpDele,
        Simple::Size => Prefix::FtpSize,
        Simple::Mkd => Prefix::FtpMkd,
        Simple::Rmd => Prefix::FtpRmd,
        Simple::Rename => Prefix::FtpRename,
        Simple::Mdtm => Prefix::FtpMdtm,
    }
}

/// AT+FTPTYPE "A": "the stack sends 7-bit NVT-ASCII (MSB cleared)" [S1][S7][S8].
fn seven_bit(data: &mut [u8]) {
    for b in data {
        *b &= 0x7f;
    }
}

/// The URC of a session that failed (or was refused) with `error`: `+FTPSIZE` also prints a
/// size of 0.
fn failure(prefix: Prefix, error: FtpError) -> Info<'static> {
    let code = error.code();
    match prefix {
        Prefix::FtpSize => Info::Size { code, size: 0 },
        Prefix::FtpMdtm => Info::Mdtm {
            code,
            timestamp: None,
        },
        _ => Info::Session { prefix, code },
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Waiting for [`NetOp::Connect`].
    Connecting,
    /// Waiting for the operation's first reply.
    Opening,
    /// A transfer runs.
    Transfer,
}

#[derive(Debug)]
struct Session {
    conn: ConnId,
    cid: u8,
    /// AT+FTPTYPE "A" when the session started: the module's stack clears the MSB of every
    /// data byte (decision 44).
    ascii: bool,
    kind: Kind,
    stage: Stage,
    /// The operation to send once connected.
    op: Option<NetOp>,
    /// A request is outstanding since then (server_timeout).
    waiting_since: Option<Instant>,
    /// The host-idle timer runs since then (read_idle_timeout).
    idle_since: Option<Instant>,
}

impl Session {
    /// Since when the host has been idle while it had something to do: data waiting to be
    /// read (FTPGET, FTPLIST; decision 33) or an invitation to write (FTPPUT).
    fn idle_base(&self) -> Option<Instant> {
        match &self.kind {
            Kind::Get(d) | Kind::List(d) if !d.buf.is_empty() => {
                d.ready_since.map(|a| a.max(d.last_read.unwrap_or(a)))
            }
            Kind::Get(_) | Kind::List(_) => None,
            _ => self.idle_since,
        }
    }
}

#[derive(Debug, Default)]
pub(super) struct Ftp {
    session: Option<Session>,
    next_conn: u32,
    /// The FTPEXTPUT RAM buffer; `Some` while the extended method is selected.
    ext_put: Option<Vec<u8>>,
    /// FTPEXTGET mode (0 normal, 1 RAM, 2 file system).
    ext_mode: u8,
    /// The FTPEXTGET=1 RAM copy, and whether its download completed.
    ext_ram: Vec<u8>,
    ext_done: bool,
    /// Bytes downloaded by the latest FTPEXTGET (RAM or file).
    ext_len: usize,
    /// AT+FTPTOFSST: (fsstatus, ftpstatus, filesize) of the latest FTPEXTGET=2.
    tofsst: Option<(u8, FtpStatus, usize)>,
}

impl Ftp {
    pub(super) fn new() -> Self {
        Self::default()
    }

    /// Power-up state after a reset: everything goes but the connection counter (a new
    /// session must not take the number of one the network may still answer). Returns the
    /// connection of the session that was running, if one was.
    pub(super) fn reset(&mut self) -> Option<ConnId> {
        let open = self.session.as_ref().map(|s| s.conn);
        *self = Self {
            next_conn: self.next_conn,
            ..Self::default()
        };
        open
    }

    pub(super) fn active(&self) -> bool {
        self.session.is_some()
    }

    /// Whether the module is streaming FTPETGET data (host input is held).
    pub(super) fn streaming(&self) -> bool {
        matches!(
            &self.session,
            Some(Session {
                kind: Kind::EtGet { started: true },
                ..
            })
        )
    }

    pub(super) fn buffered(&self) -> usize {
        let dl = match &self.session {
            Some(Session {
                kind: Kind::Get(d) | Kind::List(d),
                ..
            }) => d.buf.len(),
            _ => 0,
        };
        dl + self.ext_ram.len() + self.ext_put.as_ref().map_or(0, Vec::len)
    }

    pub(super) fn extput_store(&mut self, pos: usize, data: &[u8]) {
        if let Some(buf) = &mut self.ext_put {
            let end = pos + data.len();
            if buf.len() < end {
                buf.resize(end, 0);
            }
            buf[pos..end].copy_from_slice(data);
        }
    }

    /// The session's next deadline: host idle, server silence, or the repeat of a data
    /// announcement.
    pub(super) fn deadline(&self, p: &Profile) -> Option<Instant> {
        let s = self.session.as_ref()?;
        let idle = s.idle_base().map(|t| t + p.read_idle_timeout);
        let server = s.waiting_since.map(|t| t + p.server_timeout);
        let repeat = match &s.kind {
            Kind::Get(d) | Kind::List(d) if !d.buf.is_empty() => d
                .announced
                .map(|a| a.max(d.last_read.unwrap_or(a)) + p.data_ready_repeat),
            _ => None,
        };
        [idle, server, repeat].into_iter().flatten().min()
    }
}

impl Module {
    pub(super) fn session_command(&mut self, cmd: Command<'_>) {
        match cmd {
            Command::FtpGet(Chunked::Test) => self.out.ranges(Prefix::FtpGet, "(1,2),(1-1460)"),
            Command::FtpGet(Chunked::Open) => self.start(Kind::Get(Download::default())),
            Command::FtpGet(Chunked::Read { reqlength }) => self.host_read(false, reqlength),
            Command::FtpList(Chunked::Test) => {
                self.out.ranges(Prefix::FtpList, "(1,2),(1-1460)");
            }
            Command::FtpList(Chunked::Open) => self.start(Kind::List(Download::default())),
            Command::FtpList(Chunked::Read { reqlength }) => self.host_read(true, reqlength),
            Command::FtpPut(FtpPut::Test) => {
                self.out.ranges(Prefix::FtpPut, "(1,2),1460,(1-1460)");
            }
            Command::FtpPut(FtpPut::Open) => {
                let extended = self.ftp.ext_put.is_some();
                self.start(Kind::Put(Upload {
                    extended,
                    ..Upload::default()
                }));
            }
            Command::FtpPut(FtpPut::Write { reqlength }) => self.put_write(reqlength),
            Command::FtpPut(FtpPut::Finish) => self.put_finish(),
            Command::FtpDele(a) => self.simple(a, Simple::Dele),
            Command::FtpSize(a) => self.simple(a, Simple::Size),
            Command::FtpMkd(a) => self.simple(a, Simple::Mkd),
            Command::FtpRmd(a) => self.simple(a, Simple::Rmd),
            Command::FtpRename(a) => self.simple(a, Simple::Rename),
            Command::FtpMdtm(a) => self.simple(a, Simple::Mdtm),
            Command::FtpState(Action::Test) => self.out.ranges(Prefix::FtpState, "(0,1)"),
            Command::FtpState(Action::Execute) => self.answer(Info::Value {
                prefix: Prefix::FtpState,
                value: u32::from(self.ftp.active()),
            }),
            Command::FtpExtPut(e) => self.extput(e),
            Command::FtpExtGet(e) => self.extget(e),
            Command::FtpEtPut(FtpEtPut::Test) => self.out.ranges(Prefix::FtpEtPut, "(1,2)"),
            Command::FtpEtPut(FtpEtPut::Open) => self.start(Kind::EtPut(EtPut::default())),
            Command::FtpEtPut(FtpEtPut::Data) => self.etput_enter(),
            Command::FtpEtGet(FtpEtGet::Test) => self.out.ranges(Prefix::FtpEtGet, "1"),
            Command::FtpEtGet(FtpEtGet::Open) => self.start(Kind::EtGet { started: false }),
            Command::FtpQuit(Action::Test) => self.out.ok(),
            Command::FtpQuit(Action::Execute) => {
                if self.ftp.active() {
                    self.out.ok();
                    self.fail(FtpError::ManualQuit);
                } else {
                    self.out.refuse(Refusal::STATE);
                }
            }
            Command::FtpToFsSt(Action::Test) => {
                self.out.ranges(Prefix::FtpToFsSt, "(0,1),(0-5800000)");
            }
            Command::FtpToFsSt(Action::Execute) => match self.ftp.tofsst {
                Some((fsstatus, ftp, size)) => self.answer(Info::ToFsSt {
                    fsstatus,
                    ftpstatus: ftp.code(),
                    filesize: saturating_u32(size),
                }),
                None => self.out.refuse(Refusal::STATE),
            },
            _ => self.out.refuse(Refusal::Syntax),
        }
    }

    fn answer(&mut self, line: Info<'_>) {
        self.out.answer([line]);
    }

    fn simple(&mut self, a: Action, s: Simple) {
        match a {
            Action::Test => self.out.ok(),
            Action::Execute => self.start(Kind::Simple(s)),
        }
    }

    // --- Starting and ending sessions --------------------------------------------------------

    /// Answers a session command: `OK`, then either a refusal URC (operation not allowed,
    /// network error, SSL connect error) or the first network request.
    fn start(&mut self, kind: Kind) {
        self.out.ok();
        if self.ftp.active() {
            // App note 5.1.5: the running session is not affected (errata E19).
            self.out
                .urc(&failure(kind.prefix(), FtpError::OperationNotAllowed));
            return;
        }
        let r = &self.regs;
        let needs_get_name = matches!(
            kind,
            Kind::Get(_)
                | Kind::ExtGetRam
                | Kind::ExtGetFile { .. }
                | Kind::EtGet { .. }
                | Kind::Simple(Simple::Dele | Simple::Size | Simple::Mdtm | Simple::Rename)
        );
        let needs_put_name = matches!(
            kind,
            Kind::Put(_) | Kind::EtPut(_) | Kind::Simple(Simple::Rename)
        );
        let needs_path = matches!(kind, Kind::Simple(Simple::Mkd | Simple::Rmd));
        let refused = r.serv.is_empty()
            || r.un.is_empty()
            || (needs_get_name && r.getname.is_empty())
            || (needs_put_name && r.putname.is_empty())
            || (needs_path && r.getpath.is_empty());
        if refused {
            return self
                .out
                .urc(&failure(kind.prefix(), FtpError::OperationNotAllowed));
        }
        if !self.bearer.is_active(r.cid) {
            return self.out.urc(&failure(kind.prefix(), FtpError::Network));
        }
        let security = match r.ssltype {
            SslType::Plain => Security::Plain,
            SslType::Implicit => Security::Implicit,
            SslType::Explicit => Security::Explicit,
        };
        // Profile verify_server: what the note's "ignore the certificate" leaves to the
        // firmware (spec/commands.yaml profile, errata E49).
        let verify = self.profile.verify_server;
        let ca = if security == Security::Plain {
            None
        } else if r.ca_list.is_empty() {
            // No CA: trust every certificate (V1.02 §12.2.2), unless the module always
            // verifies, against nothing.
            (verify == VerifyServer::Always).then(Vec::new)
        } else if let Some(ca) = self.fs.converted(&r.ca_list) {
            (verify != VerifyServer::Never).then(|| ca.to_vec())
        } else {
            // The named CA was never converted: the handshake cannot verify.
            return self.out.urc(&failure(kind.prefix(), FtpError::SslConnect));
        };
        let login = Login {
            host: r.serv.clone(),
            port: r.port,
            user: r.un.clone(),
            password: r.pw.clone(),
            security,
            ca,
            passive: r.mode == FtpMode::Passive,
            binary: r.ftype == FtpType::Binary,
        };
        let offset = u64::from(r.rest);
        let op = match &kind {
            Kind::Get(_) | Kind::ExtGetRam | Kind::ExtGetFile { .. } | Kind::EtGet { .. } => {
                NetOp::Retrieve {
                    dir: r.getpath.clone(),
                    name: r.getname.clone(),
                    offset,
                }
            }
            Kind::List(_) => NetOp::List {
                path: r.getpath.clone(),
            },
            Kind::Put(_) | Kind::EtPut(_) => {
                let verb = match r.putopt {
                    PutOpt::Stor => PutVerb::Stor,
                    PutOpt::Appe => PutVerb::Appe,
                    PutOpt::Stou => PutVerb::Stou,
                };
                NetOp::Store {
                    dir: r.putpath.clone(),
                    name: r.putname.clone(),
                    verb,
                }
            }
            Kind::Simple(s) => match s {
                Simple::Dele => NetOp::Delete {
                    dir: r.getpath.clone(),
                    name: r.getname.clone(),
                },
                Simple::Size => NetOp::Size {
                    dir: r.getpath.clone(),
                    name: r.getname.clone(),
                },
                Simple::Mdtm => NetOp::Mdtm {
                    dir: r.getpath.clone(),
                    name: r.getname.clone(),
                },
                Simple::Mkd => NetOp::MakeDir {
                    path: r.getpath.clone(),
                },
                Simple::Rmd => NetOp::RemoveDir {
                    path: r.getpath.clone(),
                },
                Simple::Rename => NetOp::Rename {
                    from_dir: r.getpath.clone(),
                    from: r.getname.clone(),
                    to_dir: if r.putpath.is_empty() {
                        r.getpath.clone()
                    } else {
                        r.putpath.clone()
                    },
                    to: r.putname.clone(),
                },
            },
        };
        let is_download = matches!(op, NetOp::Retrieve { .. });
        if is_download && self.profile.ftprest_reset {
            self.regs.rest = 0;
        }
        match &kind {
            Kind::ExtGetRam => {
                self.ftp.ext_mode = 1;
                self.ftp.ext_ram.clear();
                self.ftp.ext_done = false;
                self.ftp.ext_len = 0;
            }
            Kind::ExtGetFile { .. } => {
                self.ftp.ext_mode = 2;
                self.ftp.ext_len = 0;
                self.ftp.tofsst = Some((1, FtpStatus::Success, 0));
            }
            _ => {}
        }
        self.ftp.next_conn += 1;
        let conn = ConnId(self.ftp.next_conn);
        let cid = self.regs.cid;
        let ascii = self.regs.ftype == FtpType::Ascii;
        self.ftp.session = Some(Session {
            conn,
            cid,
            ascii,
            kind,
            stage: Stage::Connecting,
            op: Some(op),
            waiting_since: Some(self.now),
            idle_since: None,
        });
        self.request(NetRequest {
            conn,
            op: NetOp::Connect(login),
        });
    }

    /// Ends the session with `error`: the URC, and the connection dropped.
    pub(super) fn fail(&mut self, error: FtpError) {
        let Some(s) = self.ftp.session.take() else {
            return;
        };
        match &s.kind {
            Kind::EtGet { started: true } => self.out.raw(&[simcom_at::etx::ETX]),
            Kind::ExtGetFile { dir, name, .. } => {
                // A failed download leaves no file (note 2.2.3).
                self.fs.remove(*dir, name);
                self.ftp.tofsst = Some((0, error.into(), 0));
                self.ftp.ext_len = 0;
            }
            Kind::ExtGetRam => {
                self.ftp.ext_ram = Vec::new();
                self.ftp.ext_len = 0;
            }
            _ => {}
        }
        self.out.urc(&failure(s.kind.prefix(), error));
        self.request(NetRequest {
            conn: s.conn,
            op: NetOp::Abort,
        });
    }

    /// Ends the session successfully with `line`, closing the connection politely.
    fn succeed(&mut self, line: &Info<'_>) {
        if let Some(s) = self.ftp.session.take() {
            self.out.urc(line);
            self.request(NetRequest {
                conn: s.conn,
                op: NetOp::Quit,
            });
        }
    }

    /// The bearer context `idx` went down: a session using it fails with a network error.
    pub(super) fn bearer_lost(&mut self, idx: u8) {
        if self.ftp.session.as_ref().is_some_and(|s| s.cid == idx) {
            self.fail(FtpError::Network);
        }
    }

    // --- Network replies ---------------------------------------------------------------------

    pub(super) fn net_reply(&mut self, reply: NetReply) {
        let Some(s) = self.ftp.session.as_mut() else {
            return;
        };
        if s.conn != reply.conn {
            return; // a closed connection's late answer
        }
        s.waiting_since = None;
        if let NetEvent::Failed(e) = reply.event {
            let error = e.ftp_error(s.kind.upload());
            return self.fail(error);
        }
        let now = self.now;
        match (s.stage, reply.event) {
            (Stage::Connecting, NetEvent::Ready) => {
                s.stage = Stage::Opening;
                s.waiting_since = Some(now);
                let op = s.op.take().unwrap_or(NetOp::Abort);
                let conn = s.conn;
                self.request(NetRequest { conn, op });
            }
            (Stage::Opening, NetEvent::Ready) => self.transfer_open(),
            (Stage::Opening, NetEvent::Done) => match s.kind {
                Kind::Simple(_) => {
                    let line = s.kind.status(FtpStatus::Success);
                    self.succeed(&line);
                }
                _ => self.fail(FtpError::Server),
            },
            (Stage::Opening, NetEvent::Size(n)) if matches!(s.kind, Kind::Simple(Simple::Size)) => {
                self.succeed(&Info::Size {
                    code: FtpStatus::Success.code(),
                    size: saturating_u32(n),
                });
            }
            (Stage::Opening, NetEvent::Modified(t))
                if matches!(s.kind, Kind::Simple(Simple::Mdtm)) =>
            {
                self.succeed(&Info::Mdtm {
                    code: FtpStatus::Success.code(),
                    timestamp: Some(&t),
                });
            }
            (Stage::Transfer, NetEvent::Data(d)) if !d.is_empty() => self.transfer_data(d),
            (Stage::Transfer, NetEvent::End) => self.transfer_end(),
            (Stage::Transfer, NetEvent::Written) => self.transfer_written(),
            (Stage::Transfer, NetEvent::Done) => self.transfer_done(),
            // An answer that does not fit the request: the server misbehaved.
            _ => self.fail(FtpError::Server),
        }
    }

    fn transfer_open(&mut self) {
        let now = self.now;
        let max = self.profile.put_maxlength;
        let Some(s) = self.ftp.session.as_mut() else {
            return;
        };
        s.stage = Stage::Transfer;
        let conn = s.conn;
        match &mut s.kind {
            Kind::Get(_) | Kind::List(_) => {}
            Kind::EtGet { started } => {
                *started = true;
                self.out.urc(&Info::Session {
                    prefix: Prefix::FtpEtGet,
                    code: FtpStatus::Ready.code(),
                });
            }
            Kind::ExtGetRam | Kind::ExtGetFile { .. } => {}
            Kind::Put(u) if u.extended => {
                let mut data = self.ftp.ext_put.clone().unwrap_or_default();
                if s.ascii {
                    seven_bit(&mut data);
                }
                s.waiting_since = Some(now);
                if data.is_empty() {
                    u.finishing = true;
                    self.request(NetRequest {
                        conn,
                        op: NetOp::Finish,
                    });
                } else {
                    u.writing = true;
                    u.finishing = true;
                    self.request(NetRequest {
                        conn,
                        op: NetOp::Write(data),
                    });
                }
                return;
            }
            Kind::Put(u) => {
                u.invited = true;
                s.idle_since = Some(now);
                self.out.urc(&Info::PutReady { maxlength: max });
                return;
            }
            Kind::EtPut(e) => {
                e.ready = true;
                self.out.urc(&Info::Session {
                    prefix: Prefix::FtpEtPut,
                    code: FtpStatus::Ready.code(),
                });
                return;
            }
            Kind::Simple(_) => return self.fail(FtpError::Server),
        }
        self.issue_read();
    }

    /// Asks the network for more download data if there is room and no read is outstanding.
    fn issue_read(&mut self) {
        let rx = self.profile.rx_buffer;
        let now = self.now;
        let Some(s) = self.ftp.session.as_mut() else {
            return;
        };
        if s.stage != Stage::Transfer {
            return;
        }
        let max = match &mut s.kind {
            Kind::Get(d) | Kind::List(d) => {
                if d.reading || d.eof || d.buf.len() >= rx {
                    return;
                }
                d.reading = true;
                rx - d.buf.len()
            }
            Kind::ExtGetRam | Kind::ExtGetFile { .. } | Kind::EtGet { .. } => STREAM_READ,
            _ => return,
        };
        s.waiting_since = Some(now);
        let conn = s.conn;
        self.request(NetRequest {
            conn,
            op: NetOp::Read { max },
        });
    }

    fn transfer_data(&mut self, mut data: Vec<u8>) {
        let now = self.now;
        let cap = self.profile.extget_ram_capacity;
        let Some(s) = self.ftp.session.as_mut() else {
            return;
        };
        if s.ascii && !matches!(s.kind, Kind::List(_)) {
            seven_bit(&mut data);
        }
        match &mut s.kind {
            Kind::Get(d) | Kind::List(d) => {
                let was_empty = d.buf.is_empty();
                d.reading = false;
                d.buf.extend(data);
                if was_empty {
                    d.announced = Some(now);
                    d.ready_since = Some(now);
                    self.out.urc(&s.kind.status(FtpStatus::Ready));
                }
            }
            Kind::ExtGetRam => {
                if self.ftp.ext_ram.len() + data.len() > cap {
                    return self.fail(FtpError::Download);
                }
                self.ftp.ext_ram.extend_from_slice(&data);
                self.ftp.ext_len = self.ftp.ext_ram.len();
            }
            Kind::ExtGetFile { dir, name, written } => {
                let append = *written;
                if !self.fs.write(*dir, name, &data, append) {
                    // The file system is full: download error, the partial file removed.
                    return self.fail(FtpError::Download);
                }
                *written = true;
                self.ftp.ext_len += data.len();
                self.ftp.tofsst = Some((1, FtpStatus::Success, self.ftp.ext_len));
            }
            Kind::EtGet { .. } => {
                let mut escaped = vec![0; simcom_at::etx::escaped_len(&data)];
                let (_, n) = simcom_at::etx::escape(&data, &mut escaped);
                self.out.raw(&escaped[..n]);
            }
            _ => return self.fail(FtpError::Server),
        }
        self.issue_read();
    }

    fn transfer_end(&mut self) {
        let Some(s) = self.ftp.session.as_mut() else {
            return;
        };
        match &mut s.kind {
            Kind::Get(d) | Kind::List(d) => {
                d.reading = false;
                d.eof = true;
                if d.buf.is_empty() {
                    let line = s.kind.status(FtpStatus::Success);
                    self.succeed(&line);
                }
            }
            Kind::ExtGetRam => {
                self.ftp.ext_done = true;
                self.succeed(&Info::Session {
                    prefix: Prefix::FtpExtGet,
                    code: FtpStatus::Success.code(),
                });
            }
            Kind::ExtGetFile { dir, name, written } => {
                if !*written {
                    let (dir, name) = (*dir, name.clone());
                    if !self.fs.write(dir, &name, &[], false) {
                        return self.fail(FtpError::Download);
                    }
                }
                self.ftp.tofsst = Some((0, FtpStatus::Success, self.ftp.ext_len));
                self.succeed(&Info::Session {
                    prefix: Prefix::FtpExtGetFile,
                    code: FtpStatus::Success.code(),
                });
            }
            Kind::EtGet { .. } => {
                self.out.raw(&[simcom_at::etx::ETX]);
                self.succeed(&Info::Session {
                    prefix: Prefix::FtpEtGet,
                    code: FtpStatus::Success.code(),
                });
            }
            _ => self.fail(FtpError::Server),
        }
    }

    fn transfer_written(&mut self) {
        let now = self.now;
        let max = self.profile.put_maxlength;
        let Some(s) = self.ftp.session.as_mut() else {
            return;
        };
        let conn = s.conn;
        match &mut s.kind {
            Kind::Put(u) => {
                u.writing = false;
                if !u.pending.is_empty() {
                    // Chunks taken early (Profile put_early_chunk): written next.
                    u.writing = true;
                    s.waiting_since = Some(now);
                    let data = core::mem::take(&mut u.pending);
                    self.request(NetRequest {
                        conn,
                        op: NetOp::Write(data),
                    });
                } else if u.receiving {
                    // An early chunk is coming in: its write invites the next.
                } else if u.finishing {
                    s.waiting_since = Some(now);
                    self.request(NetRequest {
                        conn,
                        op: NetOp::Finish,
                    });
                } else {
                    u.invited = true;
                    s.idle_since = Some(now);
                    self.out.urc(&Info::PutReady { maxlength: max });
                }
            }
            Kind::EtPut(e) => {
                e.writes = e.writes.saturating_sub(1);
                if e.writes > 0 {
                    s.waiting_since = Some(now);
                } else if e.etx {
                    s.waiting_since = Some(now);
                    self.request(NetRequest {
                        conn,
                        op: NetOp::Finish,
                    });
                }
            }
            _ => self.fail(FtpError::Server),
        }
    }

    fn transfer_done(&mut self) {
        let Some(s) = self.ftp.session.as_ref() else {
            return;
        };
        match &s.kind {
            Kind::Put(_) | Kind::EtPut(_) => {
                let line = s.kind.status(FtpStatus::Success);
                self.succeed(&line);
            }
            _ => self.fail(FtpError::Server),
        }
    }

    // --- Timers ------------------------------------------------------------------------------

    pub(super) fn ftp_timers(&mut self) {
        let now = self.now;
        let p = &self.profile;
        let Some(s) = self.ftp.session.as_mut() else {
            return;
        };
        // The timeouts win over the repeat when both fall due together (spec §8).
        if s.idle_base()
            .is_some_and(|t| t + p.read_idle_timeout <= now)
            || s.waiting_since.is_some_and(|t| t + p.server_timeout <= now)
        {
            return self.fail(FtpError::Timeout);
        }
        let repeat = p.data_ready_repeat;
        if let Kind::Get(d) | Kind::List(d) = &mut s.kind
            && let Some(a) = d.announced
            && !d.buf.is_empty()
            && a.max(d.last_read.unwrap_or(a)) + repeat <= now
        {
            d.announced = Some(now);
            self.out.urc(&s.kind.status(FtpStatus::Ready));
        }
    }

    // --- Host reads and writes ---------------------------------------------------------------

    /// AT+FTPGET=2,<n> / AT+FTPLIST=2,<n>.
    fn host_read(&mut self, list: bool, reqlength: u16) {
        let now = self.now;
        let Some(s) = self.ftp.session.as_mut() else {
            return self.out.refuse(Refusal::STATE);
        };
        let (d, prefix) = match (&mut s.kind, list) {
            (Kind::Get(d), false) => (d, Prefix::FtpGet),
            (Kind::List(d), true) => (d, Prefix::FtpList),
            _ => return self.out.refuse(Refusal::STATE),
        };
        // App note 5.1.6: a read before the first announcement is ERROR.
        if d.announced.is_none() {
            return self.out.refuse(Refusal::STATE);
        }
        let n = usize::from(reqlength).min(d.buf.len());
        let chunk: Vec<u8> = d.buf.drain(..n).collect();
        d.last_read = Some(now);
        s.idle_since = Some(now);
        let finished = d.buf.is_empty() && d.eof;
        let len = saturating_u32(n);
        self.out
            .info_with_data(&Info::DataHeader { prefix, len }, &chunk);
        self.out.ok();
        if finished {
            self.succeed(&Info::Session {
                prefix,
                code: FtpStatus::Success.code(),
            });
        } else {
            self.issue_read();
        }
    }

    fn put_session(&mut self) -> Option<(&mut Session, bool)> {
        let s = self.ftp.session.as_mut()?;
        let ok = s.stage == Stage::Transfer && matches!(&s.kind, Kind::Put(u) if !u.extended);
        Some((s, ok))
    }

    /// AT+FTPPUT=2,<n> with n ≥ 1.
    fn put_write(&mut self, reqlength: u16) {
        let max = self.profile.put_maxlength;
        let window = self.profile.put_input_timeout;
        let early = self.profile.put_early_chunk;
        let Some((s, true)) = self.put_session() else {
            return self.out.refuse(Refusal::STATE);
        };
        let Kind::Put(u) = &mut s.kind else { return };
        // Not invited: before the first invitation, or while the last chunk is written (the
        // only case Profile put_early_chunk can accept).
        let early_ok = early == EarlyChunk::Accept && u.writing;
        if (!u.invited && !early_ok) || u.finishing {
            return self.out.refuse(Refusal::STATE);
        }
        u.invited = false;
        u.receiving = true;
        s.idle_since = None;
        let cnf = reqlength.min(max);
        self.out.info(&Info::PutAccept { cnflength: cnf });
        self.expect_counted(usize::from(cnf), window, Sink::FtpPut);
    }

    pub(super) fn put_chunk_done(&mut self, mut data: Vec<u8>) {
        let now = self.now;
        let Some((s, true)) = self.put_session() else {
            return self.out.refuse(Refusal::FAILED);
        };
        if s.ascii {
            seven_bit(&mut data);
        }
        let Kind::Put(u) = &mut s.kind else { return };
        u.receiving = false;
        if u.writing {
            // An early chunk (Profile put_early_chunk): written after the one in flight.
            u.pending.extend_from_slice(&data);
            return self.out.ok();
        }
        u.writing = true;
        s.waiting_since = Some(now);
        let conn = s.conn;
        self.out.ok();
        self.request(NetRequest {
            conn,
            op: NetOp::Write(data),
        });
    }

    /// The chunk's bytes did not all arrive: `ERROR`, the partial chunk discarded, the
    /// session kept and the host invited again.
    pub(super) fn put_chunk_timeout(&mut self) {
        self.out.refuse(Refusal::FAILED);
        let now = self.now;
        let max = self.profile.put_maxlength;
        if let Some((s, true)) = self.put_session()
            && let Kind::Put(u) = &mut s.kind
        {
            u.receiving = false;
            if u.writing {
                // An early chunk that did not arrive: the write in flight invites when done.
                return;
            }
            u.invited = true;
            s.idle_since = Some(now);
            self.out.urc(&Info::PutReady { maxlength: max });
        }
    }

    /// AT+FTPPUT=2,0.
    fn put_finish(&mut self) {
        let now = self.now;
        let Some((s, true)) = self.put_session() else {
            return self.out.refuse(Refusal::STATE);
        };
        let Kind::Put(u) = &mut s.kind else { return };
        if u.finishing {
            return self.out.refuse(Refusal::STATE);
        }
        u.finishing = true;
        u.invited = false;
        s.idle_since = None;
        let conn = s.conn;
        let send = !u.writing;
        if send {
            s.waiting_since = Some(now);
        }
        self.out.ok();
        if send {
            self.request(NetRequest {
                conn,
                op: NetOp::Finish,
            });
        }
    }

    /// AT+FTPETPUT=2.
    fn etput_enter(&mut self) {
        let ok = self
            .ftp
            .session
            .as_mut()
            .is_some_and(|s| match &mut s.kind {
                Kind::EtPut(e) if e.ready && !e.in_data && !e.etx => {
                    e.in_data = true;
                    true
                }
                _ => false,
            });
        if !ok {
            return self.out.refuse(Refusal::STATE);
        }
        if self.profile.etput_order == EtputOrder::AppNote {
            self.out.ok();
        }
        self.out.info(&Info::EtPutReady);
        self.expect_etx();
    }

    /// Unescaped FTPETPUT bytes; `ended` once the bare ETX arrived.
    pub(super) fn etput_data(&mut self, mut data: Vec<u8>, ended: bool) {
        let now = self.now;
        let session = self
            .ftp
            .session
            .as_mut()
            .filter(|s| matches!(&s.kind, Kind::EtPut(e) if e.in_data));
        let Some(s) = session else {
            // The session ended during the data phase: the data goes nowhere.
            if ended {
                self.out.refuse(Refusal::FAILED);
            }
            return;
        };
        let conn = s.conn;
        if s.ascii {
            seven_bit(&mut data);
        }
        let Kind::EtPut(e) = &mut s.kind else { return };
        let write = !data.is_empty();
        if write {
            e.writes += 1;
        }
        let finish = ended && e.writes == 0;
        if ended {
            e.in_data = false;
            e.etx = true;
        }
        if write || finish {
            s.waiting_since = Some(now);
        }
        if write {
            self.request(NetRequest {
                conn,
                op: NetOp::Write(data),
            });
        }
        if ended {
            self.out.ok();
        }
        if finish {
            self.request(NetRequest {
                conn,
                op: NetOp::Finish,
            });
        }
    }

    /// The host stopped sending FTPETPUT data for `etput_input_timeout`.
    pub(super) fn etx_timeout(&mut self) {
        self.out.refuse(Refusal::FAILED);
        self.out.release();
        self.fail(FtpError::Timeout);
    }

    // --- Extended methods --------------------------------------------------------------------

    fn extput(&mut self, e: FtpExtPut) {
        match e {
            FtpExtPut::Test => self.out.ok(),
            FtpExtPut::Read => {
                let (mode, len) = match &self.ftp.ext_put {
                    Some(b) => (1, b.len()),
                    None => (0, 0),
                };
                self.answer(Info::ExtPut {
                    first: mode,
                    len: saturating_u32(len),
                });
            }
            FtpExtPut::Normal => {
                self.ftp.ext_put = None;
                self.out.ok();
            }
            FtpExtPut::Extended => {
                self.ftp.ext_put.get_or_insert_with(Vec::new);
                self.out.ok();
            }
            FtpExtPut::Load { pos, len, timeout } => {
                let header = Info::ExtPut { first: pos, len };
                let (pos, len) = (pos as usize, len as usize);
                if self.ftp.ext_put.is_none() {
                    return self.out.refuse(Refusal::STATE);
                }
                if pos + len > self.profile.extput_ram_capacity {
                    return self.out.refuse(Refusal::RANGE);
                }
                if self.profile.extput_order == EtputOrder::AppNote {
                    self.out.ok();
                }
                if self.profile.extput_header {
                    self.out.info(&header);
                }
                let window = core::time::Duration::from_millis(u64::from(timeout));
                self.expect_counted(len, window, Sink::ExtPut { pos });
            }
        }
    }

    fn extget(&mut self, e: FtpExtGet<'_>) {
        match e {
            FtpExtGet::Test => self.out.ranges(Prefix::FtpExtGet, "(0-3),(0-3),50"),
            FtpExtGet::Read => self.answer(Info::ExtGetProgress {
                mode: self.ftp.ext_mode,
                length: saturating_u32(self.ftp.ext_len),
            }),
            FtpExtGet::Normal => {
                let running = matches!(
                    &self.ftp.session,
                    Some(Session {
                        kind: Kind::ExtGetRam,
                        ..
                    })
                );
                self.ftp.ext_mode = 0;
                self.ftp.ext_ram = Vec::new();
                self.ftp.ext_done = false;
                self.ftp.ext_len = 0;
                self.out.ok();
                if running {
                    // Clearing the buffer ends the download into it (decision 43).
                    self.fail(FtpError::ManualQuit);
                }
            }
            FtpExtGet::Ram => self.start(Kind::ExtGetRam),
            FtpExtGet::File { dir, name } => {
                if self.fs.exists(dir, name) {
                    return self.out.refuse(Refusal::FAILED);
                }
                self.start(Kind::ExtGetFile {
                    dir,
                    name: name.to_string(),
                    written: false,
                });
            }
            FtpExtGet::Output { pos, len } => {
                let pos = pos as usize;
                if !self.ftp.ext_done || pos >= self.ftp.ext_ram.len() {
                    return self.out.refuse(Refusal::STATE);
                }
                let n = (len as usize).min(self.ftp.ext_ram.len() - pos);
                let data = self.ftp.ext_ram[pos..pos + n].to_vec();
                let header = Info::DataHeader {
                    prefix: Prefix::FtpExtGet,
                    len: saturating_u32(n),
                };
                self.out.info_with_data(&header, &data);
                self.out.ok();
            }
        }
    }
}

/// A size the model holds as `usize`/`u64`, as the module prints it (`u32`): the model's
/// buffers and files are far below 4 GiB, so this never saturates in practice.
fn saturating_u32(n: impl TryInto<u32>) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}
