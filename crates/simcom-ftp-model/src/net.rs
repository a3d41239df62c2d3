//! The network as requests and replies.
//!
//! The model never opens a socket. Each FTP session the module runs is one connection,
//! named by a [`ConnId`]; the model asks for what it needs ([`NetRequest`]) and the driver
//! answers ([`NetReply`]) whenever the network has answered: at once, later, in pieces, or
//! never (then the model's own `server_timeout` ends the session with error 64).
//!
//! What answers the requests is a [`Peer`]: the in-memory [`Server`](crate::server::Server)
//! (deterministic, used by tests and the conformance harness) or a real FTP client (the
//! harness's real-network driver). [`Sim`](crate::sim::Sim) drives the module against any
//! peer.
//!
//! Every request except [`NetOp::Quit`] and [`NetOp::Abort`] gets exactly one reply. The model
//! sends at most one request per connection at a time and ignores replies for connections it
//! has closed.
//!
//! ```
//! use simcom_ftp_model::net::{ConnId, NetError, NetEvent, NetReply, FtpStep};
//! // The driver tells the model that the server refused the password (FTP error 72).
//! let reply = NetReply {
//!     conn: ConnId(1),
//!     event: NetEvent::Failed(NetError::Reply { step: FtpStep::Pass, code: 530 }),
//! };
//! assert_eq!(reply.event.ftp_error(false), Some(simcom_at::FtpError::Password));
//! ```

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use simcom_at::FtpError;

use crate::time::Instant;

/// One FTP session's connection. The model numbers them 1, 2, 3, … in the order it opens them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConnId(pub u32);

/// How the control connection is secured (AT+FTPSSL `<ssltype>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Security {
    /// Plain FTP.
    Plain,
    /// Implicit FTPS: TLS from the first byte (the note uses port 990).
    Implicit,
    /// Explicit FTPS: `AUTH TLS`, `PBSZ 0`, `PROT P` after the greeting.
    Explicit,
}

/// The FTP verb of an upload (AT+FTPPUTOPT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PutVerb {
    /// `STOR`: create or replace.
    Stor,
    /// `APPE`: append.
    Appe,
    /// `STOU`: store under a name the server makes unique.
    Stou,
}

/// Everything needed to connect and log in: the settings of AT+FTPSERV, +FTPPORT, +FTPUN,
/// +FTPPW, +FTPSSL, +FTPMODE and +FTPTYPE when the session started.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Login {
    /// Server address or host name (AT+FTPSERV), verbatim.
    pub host: String,
    /// Control port (AT+FTPPORT).
    pub port: u16,
    /// User name (AT+FTPUN).
    pub user: String,
    /// Password (AT+FTPPW). Redacted by `Debug`.
    pub password: String,
    /// TLS choice (AT+FTPSSL `<ssltype>`).
    pub security: Security,
    /// The CA certificate to verify the server against: the bytes of the converted file that
    /// AT+FTPSSL's `<ca_list>` names. `None`: do not verify (an empty `<ca_list>`, or
    /// Profile `verify_server: never`). `Some` of no bytes: verify against no CA at all, so
    /// that every certificate fails (an empty `<ca_list>` with `verify_server: always`).
    pub ca: Option<Vec<u8>>,
    /// Passive (`PASV`) rather than active (`PORT`) data connections (AT+FTPMODE).
    pub passive: bool,
    /// Binary (`TYPE I`) rather than ASCII (`TYPE A`) transfers (AT+FTPTYPE).
    pub binary: bool,
}

impl core::fmt::Debug for Login {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Login")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("password", &"<redacted>")
            .field("security", &self.security)
            .field("ca", &self.ca.as_ref().map(Vec::len))
            .field("passive", &self.passive)
            .field("binary", &self.binary)
            .finish()
    }
}

/// What the model asks the network to do.
///
/// Paths: `dir` is a directory the server changes into first (`CWD`); empty means the login
/// directory. `"/pub"` and `"/pub/"` are the same directory.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NetOp {
    /// Connect, secure (per [`Login::security`]), log in (`USER`/`PASS`) and set the type.
    /// Reply: [`NetEvent::Ready`].
    Connect(Login),
    /// `CWD dir`, open a data connection, `REST offset` (only when `offset > 0`), `RETR name`.
    /// Reply: [`NetEvent::Ready`] once the data connection is open; then the data is pulled
    /// with [`NetOp::Read`].
    Retrieve {
        /// Directory.
        dir: String,
        /// File name.
        name: String,
        /// Restart offset (AT+FTPREST).
        offset: u64,
    },
    /// Open a data connection and `LIST path` (a directory's listing or a file's entry; empty:
    /// the login directory). Reply: [`NetEvent::Ready`]; then [`NetOp::Read`].
    List {
        /// The LIST argument.
        path: String,
    },
    /// `CWD dir`, open a data connection, then `STOR`/`APPE`/`STOU name`.
    /// Reply: [`NetEvent::Ready`]; then [`NetOp::Write`] and [`NetOp::Finish`].
    Store {
        /// Directory.
        dir: String,
        /// File name.
        name: String,
        /// The verb.
        verb: PutVerb,
    },
    /// Read at most `max` (≥ 1) bytes from the open download.
    /// Reply: [`NetEvent::Data`] with 1..=`max` bytes, or [`NetEvent::End`] when the server has
    /// sent everything and confirmed the transfer (226).
    Read {
        /// The most bytes the model can take now.
        max: usize,
    },
    /// Send bytes on the open upload. Reply: [`NetEvent::Written`].
    Write(Vec<u8>),
    /// Close the upload's data connection and wait for the server's confirmation (226).
    /// Reply: [`NetEvent::Done`].
    Finish,
    /// `CWD dir`, `SIZE name`. Reply: [`NetEvent::Size`].
    Size {
        /// Directory.
        dir: String,
        /// File name.
        name: String,
    },
    /// `CWD dir`, `MDTM name`. Reply: [`NetEvent::Modified`].
    Mdtm {
        /// Directory.
        dir: String,
        /// File name.
        name: String,
    },
    /// `CWD dir`, `DELE name`. Reply: [`NetEvent::Done`].
    Delete {
        /// Directory.
        dir: String,
        /// File name.
        name: String,
    },
    /// `MKD path`. Reply: [`NetEvent::Done`].
    MakeDir {
        /// The directory to create.
        path: String,
    },
    /// `RMD path`. Reply: [`NetEvent::Done`].
    RemoveDir {
        /// The directory to remove.
        path: String,
    },
    /// `RNFR from_dir/from`, `RNTO to_dir/to`. Reply: [`NetEvent::Done`].
    Rename {
        /// Directory of the file.
        from_dir: String,
        /// The file's name.
        from: String,
        /// Directory of the new name.
        to_dir: String,
        /// The new name.
        to: String,
    },
    /// `QUIT` and close, after a session that ended normally. No reply.
    Quit,
    /// Drop the connection at once (AT+FTPQUIT, a timeout, an error). No reply.
    Abort,
}

/// A request of the model: an operation on one connection.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NetRequest {
    /// The connection.
    pub conn: ConnId,
    /// The operation.
    pub op: NetOp,
}

/// The FTP step a server failure happened at; it selects the FTP error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FtpStep {
    /// The server's greeting (expected 220).
    Greeting,
    /// `AUTH TLS` (explicit FTPS).
    Auth,
    /// `PBSZ 0` (FTPS).
    Pbsz,
    /// `PROT P` (FTPS).
    Prot,
    /// `USER`.
    User,
    /// `PASS`.
    Pass,
    /// `TYPE A` / `TYPE I`.
    Type,
    /// `CWD`.
    Cwd,
    /// `PASV`.
    Pasv,
    /// `PORT`.
    Port,
    /// `REST`.
    Rest,
    /// `RETR`.
    Retr,
    /// `LIST`.
    List,
    /// `STOR`, `APPE` or `STOU`.
    Store,
    /// `SIZE`.
    Size,
    /// `MDTM`.
    Mdtm,
    /// `DELE`.
    Dele,
    /// `MKD`.
    Mkd,
    /// `RMD`.
    Rmd,
    /// `RNFR`.
    Rnfr,
    /// `RNTO`.
    Rnto,
}

/// Why a request failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NetError {
    /// The bearer (PDP context) went down.
    Bearer,
    /// The host name could not be resolved.
    Dns,
    /// The TCP connection (control or data) could not be set up.
    Connect,
    /// The network did not answer in time (a driver's own timeout).
    Timeout,
    /// The server closed the control connection unexpectedly.
    Closed,
    /// The data connection broke during a transfer.
    DataBroken,
    /// The server answered a step with a failure reply code (4xx/5xx, or an unexpected one).
    Reply {
        /// The step.
        step: FtpStep,
        /// The server's reply code.
        code: u16,
    },
    /// The server's reply could not be understood.
    Malformed,
    /// The TLS handshake failed (including certificate verification).
    TlsHandshake,
    /// A TLS alert ended the secure connection.
    TlsAlert,
}

impl NetError {
    /// The FTP error the module prints for this failure (`spec/error-codes.yaml`).
    /// `upload` selects [`FtpError::Upload`] rather than [`FtpError::Download`] for a broken
    /// data connection.
    ///
    /// ```
    /// use simcom_at::FtpError;
    /// use simcom_ftp_model::net::{NetError, FtpStep};
    /// assert_eq!(NetError::Reply { step: FtpStep::Pass, code: 530 }.ftp_error(false), FtpError::Password);
    /// assert_eq!(NetError::DataBroken.ftp_error(true), FtpError::Upload);
    /// ```
    pub fn ftp_error(self, upload: bool) -> FtpError {
        match self {
            Self::Bearer => FtpError::Network,
            Self::Dns => FtpError::Dns,
            Self::Connect => FtpError::Connect,
            Self::Timeout => FtpError::Timeout,
            Self::Closed => FtpError::Server,
            Self::DataBroken if upload => FtpError::Upload,
            Self::DataBroken => FtpError::Download,
            // 421: service not available.
            Self::Reply { code: 421, .. } => FtpError::Server,
            Self::Reply { step, .. } => match step {
                FtpStep::Greeting => FtpError::Reply,
                FtpStep::User => FtpError::User,
                FtpStep::Pass => FtpError::Password,
                FtpStep::Type => FtpError::Type,
                FtpStep::Rest => FtpError::Rest,
                FtpStep::Pasv => FtpError::Passive,
                FtpStep::Port => FtpError::Active,
                FtpStep::Cwd
                | FtpStep::Size
                | FtpStep::Mdtm
                | FtpStep::Dele
                | FtpStep::Mkd
                | FtpStep::Rmd
                | FtpStep::Rnfr
                | FtpStep::Rnto => FtpError::Operate,
                FtpStep::Store => FtpError::Upload,
                FtpStep::Retr | FtpStep::List => FtpError::Download,
                FtpStep::Auth => FtpError::Auth,
                FtpStep::Pbsz => FtpError::Pbsz,
                FtpStep::Prot => FtpError::Prot,
            },
            Self::Malformed => FtpError::Reply,
            Self::TlsHandshake => FtpError::SslConnect,
            Self::TlsAlert => FtpError::SslAlert,
        }
    }
}

/// The network's answer to a request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NetEvent {
    /// Connected and logged in, or the data connection of a transfer is open.
    Ready,
    /// A piece of a download (1..=`max` bytes of the [`NetOp::Read`] it answers).
    Data(Vec<u8>),
    /// The download is complete: every byte was delivered and the server confirmed it.
    End,
    /// The bytes of a [`NetOp::Write`] were sent.
    Written,
    /// The operation succeeded (upload confirmed, file deleted, directory made, …).
    Done,
    /// The answer to [`NetOp::Size`].
    Size(u64),
    /// The answer to [`NetOp::Mdtm`]: `YYYYMMDDhhmmss`.
    Modified(String),
    /// The request failed.
    Failed(NetError),
}

impl NetEvent {
    /// The FTP error of a failure ([`NetError::ftp_error`]), `None` for the other events.
    pub fn ftp_error(&self, upload: bool) -> Option<FtpError> {
        match self {
            Self::Failed(e) => Some(e.ftp_error(upload)),
            _ => None,
        }
    }
}

/// A reply of the network to one of the model's requests.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NetReply {
    /// The connection the request was made on.
    pub conn: ConnId,
    /// The answer.
    pub event: NetEvent,
}

/// The network contract: what answers the module's [`NetRequest`]s.
///
/// A peer is sans-IO in the same way the module is: it is told the time, it never reads a
/// clock. The in-memory [`Server`](crate::server::Server) implements it at virtual time; the
/// conformance harness's real-network driver implements it with real FTP connections at wall
/// time. [`Sim`](crate::sim::Sim) is the one driver loop over any peer.
///
/// The contract (what [`Sim`](crate::sim::Sim) and the module rely on):
/// - every request except [`NetOp::Quit`] and [`NetOp::Abort`] gets exactly one reply;
/// - replies of one connection come in the order of their requests;
/// - no reply comes for a connection after its `Quit` or `Abort`.
///
/// ```
/// use simcom_ftp_model::Instant;
/// use simcom_ftp_model::net::{ConnId, NetOp, NetReply, NetRequest, Peer};
/// // A peer that refuses everything at once (the module reports error 63 or 61 for it).
/// #[derive(Default)]
/// struct Refuse(Vec<NetReply>);
/// impl Peer for Refuse {
///     fn handle_request(&mut self, _now: Instant, req: NetRequest) {
///         use simcom_ftp_model::net::{NetError, NetEvent};
///         if !matches!(req.op, NetOp::Quit | NetOp::Abort) {
///             self.0.push(NetReply { conn: req.conn, event: NetEvent::Failed(NetError::Connect) });
///         }
///     }
///     fn poll_reply(&mut self, _now: Instant) -> Option<NetReply> {
///         (!self.0.is_empty()).then(|| self.0.remove(0))
///     }
///     fn poll_timeout(&self) -> Option<Instant> {
///         None
///     }
/// }
/// let mut sim = simcom_ftp_model::sim::Sim::new(simcom_ftp_model::Module::new(Default::default()), Refuse::default());
/// sim.send(b"AT\r").unwrap();
/// assert_eq!(sim.take_output(), b"AT\r\r\nOK\r\n");
/// ```
pub trait Peer {
    /// The module made `req` at `now`.
    fn handle_request(&mut self, now: Instant, req: NetRequest);

    /// The next reply due at or before `now`, if any. Changed by [`Peer::handle_request`]
    /// and, for a peer with a real network behind it, by the network's answers arriving.
    #[must_use]
    fn poll_reply(&mut self, now: Instant) -> Option<NetReply>;

    /// When the next reply the peer knows of falls due; `None` when it knows of none (a peer
    /// with a real network behind it cannot know when the network will answer).
    #[must_use]
    fn poll_timeout(&self) -> Option<Instant>;
}

/// Replies waiting to fall due, earliest first, ties in the order they were queued: the queue
/// behind a [`Peer`]'s [`poll_reply`](Peer::poll_reply) and
/// [`poll_timeout`](Peer::poll_timeout). The in-memory server and the harness's real-network
/// driver both keep their replies in one.
///
/// It keeps the contract's order: a connection's reply is never due before one queued for the
/// same connection earlier (a later due time wins), until [`forget`](Self::forget) ends the
/// connection.
///
/// ```
/// use simcom_ftp_model::Instant;
/// use simcom_ftp_model::net::{ConnId, NetEvent, NetReply, ReplyQueue};
/// let mut q = ReplyQueue::default();
/// let reply = |c| NetReply { conn: ConnId(c), event: NetEvent::Done };
/// q.push(Instant::from_millis(20), reply(1));
/// q.push(Instant::from_millis(10), reply(2));
/// q.push(Instant::from_millis(10), reply(3));
/// assert_eq!(q.next_due(), Some(Instant::from_millis(10)));
/// assert_eq!(q.pop_due(Instant::from_millis(5)), None);
/// assert_eq!(q.pop_due(Instant::from_millis(10)), Some(reply(2)));
/// q.forget(ConnId(3));
/// assert_eq!(q.pop_due(Instant::from_millis(30)), Some(reply(1)));
/// assert!(q.is_empty());
/// // A reply queued after one of its connection's is not due before it.
/// q.push(Instant::from_millis(50), reply(4));
/// q.push(Instant::from_millis(40), reply(4));
/// assert_eq!(q.next_due(), Some(Instant::from_millis(50)));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplyQueue {
    /// Replies by due time and queueing order.
    pending: BTreeMap<(Instant, u64), NetReply>,
    /// The latest due time queued for each connection not yet forgotten.
    last_due: BTreeMap<ConnId, Instant>,
    seq: u64,
}

impl ReplyQueue {
    /// Queues `reply`, due at `due`, or when the last reply queued for its connection is, if
    /// that is later.
    pub fn push(&mut self, due: Instant, reply: NetReply) {
        let last = self.last_due.entry(reply.conn).or_insert(due);
        let due = due.max(*last);
        *last = due;
        self.pending.insert((due, self.seq), reply);
        self.seq += 1;
    }

    /// The earliest reply due at or before `now`, taken off the queue.
    #[must_use]
    pub fn pop_due(&mut self, now: Instant) -> Option<NetReply> {
        let entry = self.pending.first_entry()?;
        if entry.key().0 > now {
            return None;
        }
        Some(entry.remove())
    }

    /// When the earliest reply falls due; `None` when the queue is empty.
    #[must_use]
    pub fn next_due(&self) -> Option<Instant> {
        self.pending.keys().next().map(|&(due, _)| due)
    }

    /// Drops every reply of `conn`, and its order: the connection has ended.
    pub fn forget(&mut self, conn: ConnId) {
        self.last_due.remove(&conn);
        self.pending.retain(|_, r| r.conn != conn);
    }

    /// Whether a reply of `conn` is waiting.
    pub fn holds(&self, conn: ConnId) -> bool {
        self.pending.values().any(|r| r.conn == conn)
    }

    /// The number of replies waiting.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// Whether no reply is waiting.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }
}
