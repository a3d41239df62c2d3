//! The in-memory FTP server: a deterministic answer to the model's [`NetRequest`]s.
//!
//! [`Server`] holds a file tree, a table of accounts and the state of every open connection.
//! It takes the model's requests with [`Server::handle_request`] and hands back the replies with
//! [`Server::poll_reply`] at the logical time they fall due; [`Server::poll_timeout`] says when
//! that is. Nothing here reads a clock, a socket or a random source, so the same requests at the
//! same instants always give the same replies at the same instants.
//!
//! Timing follows [`Pacing`]; its default reproduces the application note's first download
//! (5.1.1): a 1074-byte file arrives as 50 bytes, then 1024 bytes 100 ms later. Failures are
//! switched on with [`Faults`].
//!
//! ```
//! use simcom_ftp_model::Instant;
//! use simcom_ftp_model::net::{ConnId, Login, NetEvent, NetOp, NetReply, NetRequest, Peer, Security};
//! use simcom_ftp_model::server::Server;
//!
//! let mut server = Server::default();
//! server.add_file("/hello.txt", b"hi".to_vec());
//! let conn = ConnId(1);
//! let login = Login {
//!     host: "ftp.example.com".into(),
//!     port: 21,
//!     user: "simcomtest".into(),
//!     password: "simcomtest".into(),
//!     security: Security::Plain,
//!     ca: None,
//!     passive: true,
//!     binary: true,
//! };
//! let t = Instant::ZERO;
//! server.handle_request(t, NetRequest { conn, op: NetOp::Connect(login) });
//! assert_eq!(server.poll_reply(t), Some(NetReply { conn, event: NetEvent::Ready }));
//! ```

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::{self, Write as _};
use core::time::Duration;

use crate::Instant;
use crate::net::{
    ConnId, FtpStep, Login, NetError, NetEvent, NetOp, NetReply, NetRequest, Peer, PutVerb,
    ReplyQueue, Security,
};

pub use simcom_at::Timestamp;

/// The server's default epoch (the modification time of what it holds at the start):
/// 2026-01-01 00:00:00.
pub const EPOCH: Timestamp = Timestamp::new(2026, 1, 1, 0, 0, 0);

/// The `ls -l` form of a time, `Mon dd HH:MM` (`Jan 01 00:00`): English month abbreviation,
/// day with a leading zero, 24-hour time, as vsftpd prints recent files; a month outside
/// 1..=12 prints as `???`.
///
/// ```
/// use simcom_ftp_model::server::{Timestamp, listing};
/// assert_eq!(listing(Timestamp::new(2027, 1, 1, 0, 0, 15)).to_string(), "Jan 01 00:00");
/// ```
pub fn listing(t: Timestamp) -> impl fmt::Display {
    Listing(t)
}

struct Listing(Timestamp);

impl fmt::Display for Listing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let t = self.0;
        let month = usize::from(t.month)
            .checked_sub(1)
            .and_then(|i| MONTHS.get(i))
            .unwrap_or(&"???");
        write!(f, "{month} {:02} {:02}:{:02}", t.day, t.hour, t.minute)
    }
}

/// How fast the server answers and in what pieces it sends data.
///
/// - Every reply except a download's [`NetEvent::Data`] is due `latency` after its request.
/// - Piece `k` (0, 1, 2, …) of a file download (RETR) has `pieces[min(k, pieces.len() - 1)]`
///   bytes, and piece `k` of a listing (LIST) `list_pieces[…]` likewise, clipped to the Read's
///   `max` and to the bytes left. Each [`NetOp::Read`] gets one piece; a piece clipped by `max`
///   does not carry its remainder over (the next Read gets piece `k + 1`). An empty list means
///   "everything left in one piece"; a size of 0 counts as 1.
/// - The first piece is due `latency` after its Read; each later piece no earlier than
///   `interval` after the previous piece was due (and never before its Read + `latency`).
/// - Once every byte is delivered, the next Read gets [`NetEvent::End`] `latency` after it.
///
/// The default (`[50, 1024]`, listings `[]`, 100 ms, 0) is the application note's: in 5.1.1 a
/// 1074-byte file read with large reads arrives as 50 bytes at once and 1024 bytes 100 ms
/// later; in 5.1.11 a listing arrives whole and is read with one `AT+FTPLIST=2,1024`
/// (spec decision 46).
///
/// ```
/// use core::time::Duration;
/// use simcom_ftp_model::server::Pacing;
/// let p = Pacing::default();
/// assert_eq!(p.pieces, [50, 1024]);
/// assert!(p.list_pieces.is_empty());
/// assert_eq!((p.piece(false, 0, 0), p.piece(false, 7, 7000)), (50, 1024));
/// assert_eq!(p.piece(true, 0, 0), usize::MAX);
/// assert_eq!(p.interval, Duration::from_millis(100));
/// assert_eq!(p.latency, Duration::ZERO);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pacing {
    /// Piece sizes of a file download; the last repeats.
    pub pieces: Vec<usize>,
    /// Piece sizes of a listing; the last repeats; empty: the whole listing in one piece.
    pub list_pieces: Vec<usize>,
    /// The least time between two pieces of one download.
    pub interval: Duration,
    /// The time from a request to its reply.
    pub latency: Duration,
    /// A longer gap at one point of every download, if any.
    pub hold: Option<Hold>,
}

/// A download pauses once it has delivered `after` bytes: the next piece comes `pause` later
/// than [`Pacing::interval`] would have it. A piece never crosses `after`, so that the host
/// sees exactly `after` bytes during the pause: a transcript that reads a download's progress
/// mid-way gets a margin of `pause` rather than a fraction of `interval`, which a real server's
/// own delays (login, the data connection) would eat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Hold {
    /// Bytes of the download delivered before the pause.
    pub after: u64,
    /// The pause, on top of the interval.
    pub pause: Duration,
}

impl Default for Pacing {
    fn default() -> Self {
        Self {
            pieces: alloc::vec![50, 1024],
            list_pieces: Vec::new(),
            interval: Duration::from_millis(100),
            latency: Duration::ZERO,
            hold: None,
        }
    }
}

impl Pacing {
    /// The size of piece `k` (from 0) of a download (`listing`: of a LIST) that starts at byte
    /// `pos`, before clipping to what is left; `usize::MAX` for "everything left". A piece ends
    /// at the [`Hold`] point rather than cross it.
    ///
    /// ```
    /// use simcom_ftp_model::server::{Hold, Pacing};
    /// use core::time::Duration;
    /// let p = Pacing { pieces: vec![100], hold: Some(Hold { after: 250, pause: Duration::from_secs(2) }), ..Pacing::default() };
    /// assert_eq!(p.piece(false, 2, 200), 50);
    /// assert_eq!(p.piece(false, 3, 250), 100);
    /// assert_eq!(p.gap(250), Duration::from_millis(2100));
    /// assert_eq!(p.gap(350), Duration::from_millis(100));
    /// ```
    pub fn piece(&self, listing: bool, k: usize, pos: u64) -> usize {
        let sizes = if listing {
            &self.list_pieces
        } else {
            &self.pieces
        };
        let size = match sizes.len() {
            0 => usize::MAX,
            n => sizes[k.min(n - 1)].max(1),
        };
        match self.hold {
            Some(h) if pos < h.after => {
                size.min(usize::try_from(h.after - pos).unwrap_or(usize::MAX))
            }
            _ => size,
        }
    }

    /// The least time between the piece before byte `pos` and the piece that starts there:
    /// the interval, and the [`Hold`]'s pause where it is.
    pub fn gap(&self, pos: u64) -> Duration {
        match self.hold {
            Some(h) if h.after == pos => self.interval + h.pause,
            _ => self.interval,
        }
    }
}

/// Failures the server produces on purpose. The default is no fault at all.
///
/// Faults apply to every connection and are read when a request arrives, so a change takes
/// effect with the next request (also in the middle of a transfer).
///
/// - `refuse_connections`: every [`NetOp::Connect`] fails with [`NetError::Connect`].
/// - `unreachable_hosts`: a Connect to one of these hosts (ASCII case ignored) fails with
///   [`NetError::Connect`].
/// - `greeting_code`: the server greets with this code instead of 220; a Connect fails with
///   [`NetError::Reply`] `{ step: Greeting, code }` (421 → FTP error 65).
/// - `refuse_data_connections`: opening a data connection (after `PASV`/`PORT` succeeded) fails
///   with [`NetError::Connect`].
/// - `drop_after`: a transfer's data connection breaks once this many bytes of it (counted from
///   its start, after any REST offset) went through. A download delivers exactly that many bytes
///   (pieces are clipped to stop there) and the next Read gets [`NetError::DataBroken`], unless
///   the whole file was delivered (then [`NetEvent::End`]). An upload's Write that would take
///   it past the limit gets [`NetError::DataBroken`] and the upload is discarded. Downloads
///   include listings.
/// - `stall_after`: once this many bytes of a transfer went through, the server goes silent on
///   that connection: a download's pieces are clipped to stop there and every later request
///   (the next Read, even the one that would get [`NetEvent::End`]) is never answered; an
///   upload's Write that would pass the limit, or its Finish once the limit is reached, is never
///   answered. Only the model's own timeout ends the session ([`NetOp::Abort`]). Checked before
///   `drop_after`.
/// - `fail_steps`: the server answers these steps with these codes whenever an operation
///   involves them; the first entry for a step counts. The steps of each operation, in order:
///   Connect: Greeting, Auth (Explicit), Pbsz and Prot (Implicit, Explicit), User, Pass, Type;
///   Retrieve: Cwd, Pasv or Port ([`Login::passive`]), Rest (only when `offset > 0`), Retr;
///   List: Pasv or Port, List; Store: Cwd, Pasv or Port, Store; Size: Cwd, Size; Mdtm: Cwd, Mdtm;
///   Delete: Cwd, Dele; MakeDir: Mkd; RemoveDir: Rmd; Rename: Rnfr, Rnto.
///   (A list of pairs rather than a map: [`FtpStep`] has no order.)
///
/// ```
/// use simcom_ftp_model::net::FtpStep;
/// use simcom_ftp_model::server::Faults;
/// let mut faults = Faults::default();
/// faults.fail_step(FtpStep::Pasv, 425).fail_step(FtpStep::Type, 504);
/// assert_eq!(faults.step_code(FtpStep::Pasv), Some(425));
/// assert_eq!(faults.step_code(FtpStep::Retr), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faults {
    /// Refuse every control connection.
    pub refuse_connections: bool,
    /// Hosts that cannot be reached.
    pub unreachable_hosts: BTreeSet<String>,
    /// The greeting's code when not 220.
    pub greeting_code: Option<u16>,
    /// Refuse every data connection.
    pub refuse_data_connections: bool,
    /// Break a transfer's data connection after this many bytes.
    pub drop_after: Option<u64>,
    /// Go silent after this many bytes of a transfer.
    pub stall_after: Option<u64>,
    /// Steps answered with a failure code.
    pub fail_steps: Vec<(FtpStep, u16)>,
}

impl Faults {
    /// Answers `step` with `code` from now on (replacing an earlier code for that step).
    pub fn fail_step(&mut self, step: FtpStep, code: u16) -> &mut Self {
        self.fail_steps.retain(|&(s, _)| s != step);
        self.fail_steps.push((step, code));
        self
    }

    /// The failure code `step` is answered with, if any.
    pub fn step_code(&self, step: FtpStep) -> Option<u16> {
        self.fail_steps
            .iter()
            .find(|&&(s, _)| s == step)
            .map(|&(_, code)| code)
    }

    /// Flips one fault, as a test does between host actions: a fault that is off goes on (a
    /// byte count with the count given), one that is on goes off (whatever its count);
    /// [`Fault::Reset`] switches every fault off.
    ///
    /// ```
    /// use simcom_ftp_model::server::{Fault, Faults};
    /// let mut faults = Faults::default();
    /// faults.toggle(Fault::DropAfter(700)).toggle(Fault::RefuseConnections);
    /// assert_eq!(faults.drop_after, Some(700));
    /// assert!(faults.refuse_connections);
    /// faults.toggle(Fault::DropAfter(300));
    /// assert_eq!(faults.drop_after, None);
    /// faults.toggle(Fault::Reset);
    /// assert_eq!(faults, Faults::default());
    /// ```
    pub fn toggle(&mut self, fault: Fault) -> &mut Self {
        fn flip(limit: &mut Option<u64>, bytes: u64) {
            *limit = if limit.is_some() { None } else { Some(bytes) };
        }
        match fault {
            Fault::RefuseConnections => self.refuse_connections = !self.refuse_connections,
            Fault::DropAfter(bytes) => flip(&mut self.drop_after, bytes),
            Fault::StallAfter(bytes) => flip(&mut self.stall_after, bytes),
            Fault::Reset => *self = Self::default(),
        }
        self
    }
}

/// One switch of [`Faults`] for [`Faults::toggle`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// [`Faults::refuse_connections`].
    RefuseConnections,
    /// [`Faults::drop_after`], at this many bytes when it goes on.
    DropAfter(u64),
    /// [`Faults::stall_after`], at this many bytes when it goes on.
    StallAfter(u64),
    /// Every fault off: [`Faults::default`].
    Reset,
}

/// How the server is set up.
///
/// - `port` (21) is the control port for [`Security::Plain`] and [`Security::Explicit`];
///   `implicit_port` (990) the one for [`Security::Implicit`].
/// - `tls` (true): FTPS is offered. Without it an Explicit login fails at `AUTH TLS` with 502
///   and an Implicit one with [`NetError::TlsHandshake`].
/// - `ca` (None): the CA that signed the server's certificate. `None` accepts any CA the client
///   verifies against. `Some(ca)`: a TLS login whose [`Login::ca`] is `Some(x)` with `x != ca`
///   fails with [`NetError::TlsHandshake`]; a login with `ca: None` (no verification) passes;
///   a login with an empty CA (`Some(vec![])`, verification against nothing) always fails.
/// - `epoch` (2026-01-01 00:00:00): the wall-clock time at [`Instant::ZERO`]; files the
///   server writes get `epoch + now` as their modification time, files and directories added
///   by the setup methods get `epoch`.
/// - `users` (`simcomtest`/`simcomtest`, the application note's account): user name and
///   password pairs.
/// - `listing` ([`ListingStyle::Vsftpd`]): the format of LIST replies.
///
/// ```
/// use simcom_ftp_model::server::{Server, ServerConfig};
/// let config = ServerConfig { tls: false, ..ServerConfig::default() };
/// let server = Server::new(config);
/// assert_eq!(server.users().collect::<Vec<_>>(), ["simcomtest"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// Control port of plain and explicit FTPS logins.
    pub port: u16,
    /// Control port of implicit FTPS logins.
    pub implicit_port: u16,
    /// FTPS supported.
    pub tls: bool,
    /// The CA of the server certificate; `None`: any.
    pub ca: Option<Vec<u8>>,
    /// Wall-clock time at [`Instant::ZERO`].
    pub epoch: Timestamp,
    /// The accounts: user name, password.
    pub users: Vec<(String, String)>,
    /// The format of LIST replies.
    pub listing: ListingStyle,
    /// Timing.
    pub pacing: Pacing,
    /// Failures.
    pub faults: Faults,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            port: 21,
            implicit_port: 990,
            tls: true,
            ca: None,
            epoch: EPOCH,
            users: alloc::vec![("simcomtest".to_string(), "simcomtest".to_string())],
            listing: ListingStyle::default(),
            pacing: Pacing::default(),
            faults: Faults::default(),
        }
    }
}

#[derive(Debug, Clone)]
struct FileNode {
    data: Vec<u8>,
    mtime: Timestamp,
}

#[derive(Debug)]
struct Download {
    /// A LIST (paced by `list_pieces`) rather than a RETR.
    listing: bool,
    data: Vec<u8>,
    pos: usize,
    pieces: usize,
    last_data_due: Option<Instant>,
}

#[derive(Debug)]
struct Upload {
    target: String,
    verb: PutVerb,
    data: Vec<u8>,
}

#[derive(Debug)]
enum State {
    Idle,
    Download(Download),
    Upload(Upload),
}

#[derive(Debug)]
struct Conn {
    passive: bool,
    state: State,
    /// The request in hand went unanswered for good.
    stalled: bool,
}

/// Why a file or directory cannot be added to the server's tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProvisionError {
    /// The path names an existing directory (or `/`), so it cannot become a file.
    IsDirectory(String),
    /// A parent of the path is an existing file.
    UnderFile(String),
}

impl fmt::Display for ProvisionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::IsDirectory(p) => write!(f, "{p} is a directory, it cannot be a file"),
            Self::UnderFile(p) => write!(f, "{p} is a file, it cannot hold other files"),
        }
    }
}

impl core::error::Error for ProvisionError {}

/// A deterministic in-memory FTP(S) server answering the model's requests.
///
/// # Contract
///
/// - Every request gets exactly one reply except [`NetOp::Quit`] and [`NetOp::Abort`] (which
///   drop the connection and every reply still pending for it) and requests the `stall_after`
///   fault swallows.
/// - A request on an unknown connection (never connected, failed to connect, quit, aborted or
///   closed by the server) gets [`NetError::Closed`]; so does a request of the wrong kind for
///   the connection's state, and the server then closes that connection: a Connect on an open
///   connection, a Read with no download open, a Write or Finish with no upload open, anything
///   but Read during a download or anything but Write/Finish during an upload, and any request
///   while the connection's previous request is still unanswered.
/// - A failed Retrieve, List or Store, and a download or upload that ended (End, Done,
///   DataBroken, a failed Finish), leave the connection logged in and idle.
///
/// # Paths
///
/// Absolute and `/`-separated; `"/pub/"` is `"/pub"`, `.` and `..` are understood (`..` of `/`
/// is `/`). An empty `dir` is the login directory `/`; relative names resolve against the
/// operation's directory (MakeDir, RemoveDir and List against `/`). A file's parent directories
/// exist as soon as it does. An operation's `dir` that does not exist fails at `CWD` (550).
///
/// # Operations
///
/// - Retrieve: Ready, then the bytes `file[offset..]` as of the Retrieve. Missing file or a
///   directory: `Retr` 550; `offset` past the end: `Rest` 554 (`offset == len` is an empty
///   transfer).
/// - List: Ready, then the `ls -l` text (below). Missing path: `List` 550.
/// - Store: Ready, then Write → Written, Finish → Done. The upload is committed at Finish: the
///   file is invisible (or keeps its old content) until then, and an upload that is aborted or
///   breaks leaves it as it was. `Stor` replaces the file, `Appe` appends to it (or creates
///   it), `Stou` stores under `name` if that is free, else `name.1`, `name.2`, … (a name
///   counts as taken while a directory has it or another connection's upload targets it). The
///   name is an existing directory (Stor, Appe), its directory does not exist, or its directory
///   vanished before Finish: `Store` 553. The stored file's modification time is `epoch` +
///   the Finish's `now`.
/// - Size → Size(len); Mdtm → Modified(`YYYYMMDDhhmmss`); missing or a directory: 550 at
///   `Size`/`Mdtm`. Delete → Done; missing or a directory: `Dele` 550.
/// - MakeDir → Done; the path exists or its parent does not: `Mkd` 550. RemoveDir → Done;
///   missing, a file, not empty or `/`: `Rmd` 550.
/// - Rename → Done; the source missing or `/`: `Rnfr` 550; the target's directory missing,
///   the target an existing directory, or a directory moved into itself: `Rnto` 553. A file
///   renamed onto an existing file replaces it; a directory moves with its content.
///   Modification times are kept.
/// - [`Login::binary`] (ASCII or binary) changes nothing: bytes are sent as they are.
///
/// # Connect
///
/// Checked in this order:
/// 1. the host: IPv4 or IPv6 literals (bare or in brackets) and syntactically valid names
///    resolve, except names under `.invalid` (RFC 2606) → [`NetError::Dns`];
/// 2. `unreachable_hosts`, `refuse_connections` → [`NetError::Connect`];
/// 3. the port: Plain and Explicit must use `port`, Implicit `implicit_port`. A Plain/Explicit
///    login to `implicit_port` → [`NetError::Malformed`] (a TLS server sends no 220 greeting);
///    an Implicit login to `port` → [`NetError::TlsHandshake`]; any other port →
///    [`NetError::Connect`];
/// 4. Implicit: the TLS handshake (`tls` off or a CA mismatch → [`NetError::TlsHandshake`]);
/// 5. the greeting (`greeting_code`); Explicit: `AUTH TLS` (502 without `tls`), then the
///    handshake; Implicit and Explicit: `PBSZ`, `PROT`;
/// 6. `USER` (unknown user: 530), `PASS` (wrong password: 530), `TYPE`.
///
/// Any step in `fail_steps` fails with its code before its own check.
///
/// # Listing format
///
/// vsftpd's: one line per entry, CR LF ended, sorted by name (byte order), no `total` line and
/// no `.`/`..` entries:
///
/// ```text
/// drwxr-xr-x    2 ftp      ftp             0 Jan 01 00:00 pub
/// -rw-r--r--    1 ftp      ftp          1074 Jan 01 00:00 simftp.txt
/// ```
///
/// i.e. `format!("{perms} {links:>4} {owner:<8} {group:<8} {size:>8} {Mon} {dd} {HH}:{MM} {name}\r\n")`
/// with `perms` `drwxr-xr-x` (directories, 2 links, size 0) or `-rw-r--r--` (files, 1 link,
/// their length), owner and group `ftp`, and the modification time always as `Mon dd HH:MM`
/// (vsftpd prints the year instead for old files; this server has no "now" to compare with).
/// The entry of a file argument names the file as given, as `ls -l PATH` does and as app note
/// 5.1.11 shows (spec decision 47; vsftpd prints the base name).
///
/// # Time
///
/// Replies fall due as [`Pacing`] says. [`Server::poll_reply`] gives them in the order they
/// fall due, ties in the order of the requests; one connection's replies keep their order.
///
/// # Memory
///
/// The file tree, one snapshot per open download, one buffer per open upload, and at most one
/// pending reply per connection (the model sends one request at a time, and a second one is a
/// violation).
///
/// # Example: the application note's 5.1.1
///
/// ```
/// use core::time::Duration;
/// use simcom_ftp_model::Instant;
/// use simcom_ftp_model::net::{ConnId, Login, NetEvent, NetOp, NetRequest, Peer, Security};
/// use simcom_ftp_model::server::Server;
///
/// let mut server = Server::default();
/// server.add_file("/simftp.txt", vec![b'x'; 1074]);
/// let conn = ConnId(1);
/// let login = Login {
///     host: "117.131.85.139".into(),
///     port: 21,
///     user: "simcomtest".into(),
///     password: "simcomtest".into(),
///     security: Security::Plain,
///     ca: None,
///     passive: true,
///     binary: true,
/// };
/// let ask = |server: &mut Server, at: Instant, op: NetOp| {
///     server.handle_request(at, NetRequest { conn, op });
///     let due = server.poll_timeout().unwrap();
///     (due, server.poll_reply(due).unwrap().event)
/// };
/// let t0 = Instant::ZERO;
/// assert_eq!(ask(&mut server, t0, NetOp::Connect(login)), (t0, NetEvent::Ready));
/// let retr = NetOp::Retrieve { dir: "/".into(), name: "simftp.txt".into(), offset: 0 };
/// assert_eq!(ask(&mut server, t0, retr), (t0, NetEvent::Ready));
/// let (t, ev) = ask(&mut server, t0, NetOp::Read { max: 1460 });
/// assert_eq!((t, ev), (t0, NetEvent::Data(vec![b'x'; 50])));
/// let t1 = t0 + Duration::from_millis(100);
/// let (t, ev) = ask(&mut server, t0, NetOp::Read { max: 1460 });
/// assert_eq!((t, ev), (t1, NetEvent::Data(vec![b'x'; 1024])));
/// assert_eq!(ask(&mut server, t1, NetOp::Read { max: 1460 }), (t1, NetEvent::End));
/// ```
#[derive(Debug)]
pub struct Server {
    config: ServerConfig,
    users: BTreeMap<String, String>,
    files: BTreeMap<String, FileNode>,
    dirs: BTreeMap<String, Timestamp>,
    conns: BTreeMap<ConnId, Conn>,
    /// Replies by due time and request order.
    pending: ReplyQueue,
}

impl Default for Server {
    /// `Server::new(ServerConfig::default())`.
    fn default() -> Self {
        Self::new(ServerConfig::default())
    }
}

/// The outcome of a step: go on, or fail with this error.
type StepResult = Result<(), NetError>;

fn reply_err(step: FtpStep, code: u16) -> NetError {
    NetError::Reply { step, code }
}

impl Server {
    /// A server with `config`'s accounts, an empty root directory `/` and no connection.
    pub fn new(config: ServerConfig) -> Self {
        let users = config.users.iter().cloned().collect();
        let mut dirs = BTreeMap::new();
        dirs.insert("/".to_string(), config.epoch);
        Self {
            config,
            users,
            files: BTreeMap::new(),
            dirs,
            conns: BTreeMap::new(),
            pending: ReplyQueue::default(),
        }
    }

    /// The configuration (with the current pacing and faults).
    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    /// Adds an account, or changes its password.
    pub fn add_user(&mut self, user: &str, password: &str) {
        self.users.insert(user.to_string(), password.to_string());
    }

    /// Removes an account; `false` if there was none. Open connections stay logged in.
    pub fn remove_user(&mut self, user: &str) -> bool {
        self.users.remove(user).is_some()
    }

    /// The account names, sorted.
    pub fn users(&self) -> impl Iterator<Item = &str> {
        self.users.keys().map(String::as_str)
    }

    /// Adds or replaces a file, modified at `config.epoch`; its parent directories come with it.
    ///
    /// Refused, changing nothing, if `path` is `/` or an existing directory, or lies under an
    /// existing file.
    pub fn add_file(&mut self, path: &str, data: Vec<u8>) -> Result<(), ProvisionError> {
        let mtime = self.config.epoch;
        self.add_file_with_mtime(path, data, mtime)
    }

    /// Adds or replaces a file with the given modification time; its parent directories come
    /// with it. Refused as [`Server::add_file`].
    pub fn add_file_with_mtime(
        &mut self,
        path: &str,
        data: Vec<u8>,
        mtime: Timestamp,
    ) -> Result<(), ProvisionError> {
        let path = resolve("/", path);
        if self.dirs.contains_key(&path) {
            return Err(ProvisionError::IsDirectory(path));
        }
        let parent = parent_of(&path).unwrap_or("/").to_string();
        self.add_dir(&parent)?;
        self.files.insert(path, FileNode { data, mtime });
        Ok(())
    }

    /// Adds a directory and its parents, modified at `config.epoch` (existing ones are kept).
    /// Refused, changing nothing, if the path or one of its parents is an existing file.
    pub fn add_dir(&mut self, path: &str) -> Result<(), ProvisionError> {
        let path = resolve("/", path);
        let mut chain = Vec::new();
        let mut cur = String::new();
        for seg in path.split('/').filter(|s| !s.is_empty()) {
            cur.push('/');
            cur.push_str(seg);
            if self.files.contains_key(&cur) {
                return Err(ProvisionError::UnderFile(cur));
            }
            chain.push(cur.clone());
        }
        for dir in chain {
            self.dirs.entry(dir).or_insert(self.config.epoch);
        }
        Ok(())
    }

    /// The content of the file at `path`, if there is one.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files
            .get(&resolve("/", path))
            .map(|f| f.data.as_slice())
    }

    /// The modification time of the file or directory at `path`.
    pub fn mtime(&self, path: &str) -> Option<Timestamp> {
        let path = resolve("/", path);
        self.files
            .get(&path)
            .map(|f| f.mtime)
            .or_else(|| self.dirs.get(&path).copied())
    }

    /// Whether `path` is a directory.
    pub fn is_dir(&self, path: &str) -> bool {
        self.dirs.contains_key(&resolve("/", path))
    }

    /// Every file with its content, sorted by path.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .map(|(p, f)| (p.as_str(), f.data.as_slice()))
    }

    /// Every directory, `/` included, sorted.
    pub fn dirs(&self) -> impl Iterator<Item = &str> {
        self.dirs.keys().map(String::as_str)
    }

    /// The faults, to switch them on and off.
    pub fn faults_mut(&mut self) -> &mut Faults {
        &mut self.config.faults
    }

    /// The pacing, to change it.
    pub fn pacing_mut(&mut self) -> &mut Pacing {
        &mut self.config.pacing
    }

    /// The number of open (logged-in) connections.
    pub fn open_connections(&self) -> usize {
        self.conns.len()
    }

    /// Whether `conn` is open (logged in).
    pub fn is_open(&self, conn: ConnId) -> bool {
        self.conns.contains_key(&conn)
    }

    /// The number of replies not yet polled.
    pub fn pending_replies(&self) -> usize {
        self.pending.len()
    }

    /// Queues `event` for `id`, due at `due` but never before the connection's previous reply
    /// (the queue keeps that order).
    fn push(&mut self, id: ConnId, due: Instant, event: NetEvent) {
        self.pending.push(due, NetReply { conn: id, event });
    }

    /// Drops the connection and every reply pending for it.
    fn close(&mut self, id: ConnId) {
        self.conns.remove(&id);
        self.pending.forget(id);
    }

    /// A request the connection's state does not allow: the server closes the connection.
    fn violation(&mut self, id: ConnId, at: Instant) {
        self.close(id);
        self.push(id, at, NetEvent::Failed(NetError::Closed));
    }

    /// `Err` with the configured code if `step` is set to fail.
    fn step(&self, step: FtpStep) -> StepResult {
        match self.config.faults.step_code(step) {
            Some(code) => Err(reply_err(step, code)),
            None => Ok(()),
        }
    }

    fn connect(&self, login: &Login) -> StepResult {
        let faults = &self.config.faults;
        if !resolves(&login.host) {
            return Err(NetError::Dns);
        }
        if faults
            .unreachable_hosts
            .iter()
            .any(|h| h.eq_ignore_ascii_case(&login.host))
            || faults.refuse_connections
        {
            return Err(NetError::Connect);
        }
        let implicit = login.security == Security::Implicit;
        let (own, other) = if implicit {
            (self.config.implicit_port, self.config.port)
        } else {
            (self.config.port, self.config.implicit_port)
        };
        if login.port != own {
            return Err(match login.port {
                p if p == other && implicit => NetError::TlsHandshake,
                p if p == other => NetError::Malformed,
                _ => NetError::Connect,
            });
        }
        if implicit {
            self.handshake(login)?;
        }
        if let Some(code) = faults.greeting_code.filter(|&c| c != 220) {
            return Err(reply_err(FtpStep::Greeting, code));
        }
        self.step(FtpStep::Greeting)?;
        if login.security == Security::Explicit {
            self.step(FtpStep::Auth)?;
            if !self.config.tls {
                return Err(reply_err(FtpStep::Auth, 502));
            }
            self.handshake(login)?;
        }
        if login.security != Security::Plain {
            self.step(FtpStep::Pbsz)?;
            self.step(FtpStep::Prot)?;
        }
        self.step(FtpStep::User)?;
        let Some(password) = self.users.get(&login.user) else {
            return Err(reply_err(FtpStep::User, 530));
        };
        self.step(FtpStep::Pass)?;
        if *password != login.password {
            return Err(reply_err(FtpStep::Pass, 530));
        }
        self.step(FtpStep::Type)
    }

    fn handshake(&self, login: &Login) -> StepResult {
        if !self.config.tls {
            return Err(NetError::TlsHandshake);
        }
        match (&self.config.ca, &login.ca) {
            // Verifying against no CA at all: nothing chains.
            (_, Some(theirs)) if theirs.is_empty() => Err(NetError::TlsHandshake),
            (Some(ours), Some(theirs)) if ours != theirs => Err(NetError::TlsHandshake),
            _ => Ok(()),
        }
    }

    /// `CWD dir`: the directory's normalised path.
    fn cwd(&self, dir: &str) -> Result<String, NetError> {
        self.step(FtpStep::Cwd)?;
        let dir = resolve("/", dir);
        if self.dirs.contains_key(&dir) {
            Ok(dir)
        } else {
            Err(reply_err(FtpStep::Cwd, 550))
        }
    }

    /// `PASV`/`PORT` and the data connection.
    fn data_connection(&self, conn: &Conn) -> StepResult {
        self.step(if conn.passive {
            FtpStep::Pasv
        } else {
            FtpStep::Port
        })?;
        if self.config.faults.refuse_data_connections {
            return Err(NetError::Connect);
        }
        Ok(())
    }

    fn idle_op(&mut self, now: Instant, conn: &mut Conn, op: NetOp) -> Outcome {
        let result = match op {
            NetOp::Retrieve { dir, name, offset } => self.retrieve(conn, &dir, &name, offset),
            NetOp::List { path } => self.list(conn, &path),
            NetOp::Store { dir, name, verb } => self.store(conn, &dir, &name, verb),
            NetOp::Size { dir, name } => self
                .file_at(&dir, &name, FtpStep::Size)
                .map(|f| NetEvent::Size(f.data.len() as u64)),
            NetOp::Mdtm { dir, name } => self
                .file_at(&dir, &name, FtpStep::Mdtm)
                .map(|f| NetEvent::Modified(f.mtime.to_string())),
            NetOp::Delete { dir, name } => self.delete(&dir, &name),
            NetOp::MakeDir { path } => self.make_dir(now, &path),
            NetOp::RemoveDir { path } => self.remove_dir(&path),
            NetOp::Rename {
                from_dir,
                from,
                to_dir,
                to,
            } => self.rename(&from_dir, &from, &to_dir, &to),
            _ => return Outcome::Violation,
        };
        Outcome::Reply(result.unwrap_or_else(NetEvent::Failed))
    }

    fn retrieve(
        &self,
        conn: &mut Conn,
        dir: &str,
        name: &str,
        offset: u64,
    ) -> Result<NetEvent, NetError> {
        let dir = self.cwd(dir)?;
        self.data_connection(conn)?;
        let file = self.files.get(&resolve(&dir, name));
        if offset > 0 {
            self.step(FtpStep::Rest)?;
            if file.is_some_and(|f| offset > f.data.len() as u64) {
                return Err(reply_err(FtpStep::Rest, 554));
            }
        }
        self.step(FtpStep::Retr)?;
        let Some(file) = file else {
            return Err(reply_err(FtpStep::Retr, 550));
        };
        // offset <= len here, so it fits in usize.
        let data = file.data[offset as usize..].to_vec();
        conn.state = State::Download(Download {
            listing: false,
            data,
            pos: 0,
            pieces: 0,
            last_data_due: None,
        });
        Ok(NetEvent::Ready)
    }

    fn list(&self, conn: &mut Conn, arg: &str) -> Result<NetEvent, NetError> {
        self.data_connection(conn)?;
        self.step(FtpStep::List)?;
        let path = resolve("/", arg);
        let mut out = String::new();
        if let Some(file) = self.files.get(&path) {
            // The entry of a file argument names it as given, as `ls -l PATH` does and as
            // app note 5.1.11 shows (`... 13:31 /simftp.txt`; spec decision 47).
            let len = file.data.len() as u64;
            self.config
                .listing
                .line(&mut out, false, len, file.mtime, arg);
        } else if let Some(&dir_mtime) = self.dirs.get(&path) {
            let style = self.config.listing;
            if style == ListingStyle::AppNote {
                // `total 0`, then `.` and `..` (the root's `..` is the root), as the server of
                // app note 5.1.11 listed an empty directory.
                let parent = parent_of(&path)
                    .and_then(|p| self.dirs.get(p))
                    .copied()
                    .unwrap_or(dir_mtime);
                out.push_str("total 0\r\n");
                style.line(&mut out, true, 0, dir_mtime, ".");
                style.line(&mut out, true, 0, parent, "..");
            }
            let mut entries: Vec<(&str, bool, u64, Timestamp)> = Vec::new();
            entries.extend(children(&self.dirs, &path).map(|(name, &t)| (name, true, 0, t)));
            entries.extend(
                children(&self.files, &path)
                    .map(|(name, f)| (name, false, f.data.len() as u64, f.mtime)),
            );
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            for (name, is_dir, size, mtime) in entries {
                style.line(&mut out, is_dir, size, mtime, name);
            }
        } else {
            return Err(reply_err(FtpStep::List, 550));
        }
        conn.state = State::Download(Download {
            listing: true,
            data: out.into_bytes(),
            pos: 0,
            pieces: 0,
            last_data_due: None,
        });
        Ok(NetEvent::Ready)
    }

    fn store(
        &self,
        conn: &mut Conn,
        dir: &str,
        name: &str,
        verb: PutVerb,
    ) -> Result<NetEvent, NetError> {
        let dir = self.cwd(dir)?;
        self.data_connection(conn)?;
        self.step(FtpStep::Store)?;
        let path = resolve(&dir, name);
        let parent_ok = parent_of(&path).is_some_and(|p| self.dirs.contains_key(p));
        if !parent_ok || (verb != PutVerb::Stou && self.dirs.contains_key(&path)) {
            return Err(reply_err(FtpStep::Store, 553));
        }
        let target = if verb == PutVerb::Stou {
            let taken = |p: &str| {
                self.files.contains_key(p)
                    || self.dirs.contains_key(p)
                    || self
                        .conns
                        .values()
                        .any(|c| matches!(&c.state, State::Upload(up) if up.target == p))
            };
            let mut candidate = path.clone();
            let mut n = 0u64;
            while taken(&candidate) {
                n += 1;
                candidate = alloc::format!("{path}.{n}");
            }
            candidate
        } else {
            path
        };
        conn.state = State::Upload(Upload {
            target,
            verb,
            data: Vec::new(),
        });
        Ok(NetEvent::Ready)
    }

    fn read(&self, now: Instant, dl: &mut Download, max: usize) -> Outcome {
        let faults = &self.config.faults;
        let pacing = &self.config.pacing;
        let pos = dl.pos as u64;
        if faults.stall_after.is_some_and(|s| pos >= s) {
            return Outcome::Silent;
        }
        let at = now + pacing.latency;
        let remaining = dl.data.len() - dl.pos;
        if remaining == 0 {
            return Outcome::At(at, NetEvent::End);
        }
        if faults.drop_after.is_some_and(|d| pos >= d) {
            return Outcome::At(at, NetEvent::Failed(NetError::DataBroken));
        }
        let mut size = pacing
            .piece(dl.listing, dl.pieces, pos)
            .min(max.max(1))
            .min(remaining);
        for limit in [faults.stall_after, faults.drop_after]
            .into_iter()
            .flatten()
        {
            // limit > pos here.
            size = size.min(usize::try_from(limit - pos).unwrap_or(usize::MAX));
        }
        let due = match dl.last_data_due {
            Some(last) => at.max(last + pacing.gap(pos)),
            None => at,
        };
        let piece = dl.data[dl.pos..dl.pos + size].to_vec();
        dl.pos += size;
        dl.pieces += 1;
        dl.last_data_due = Some(due);
        Outcome::At(due, NetEvent::Data(piece))
    }

    fn write(&self, up: &mut Upload, bytes: Vec<u8>) -> Outcome {
        let faults = &self.config.faults;
        let total = up.data.len() as u64 + bytes.len() as u64;
        if faults.stall_after.is_some_and(|s| total > s) {
            return Outcome::Silent;
        }
        if faults.drop_after.is_some_and(|d| total > d) {
            return Outcome::Reply(NetEvent::Failed(NetError::DataBroken));
        }
        up.data.extend_from_slice(&bytes);
        Outcome::Reply(NetEvent::Written)
    }

    /// Finish: makes the upload visible.
    fn commit(&mut self, now: Instant, up: Upload) -> NetEvent {
        let parent_ok = parent_of(&up.target).is_some_and(|p| self.dirs.contains_key(p));
        if !parent_ok || self.dirs.contains_key(&up.target) {
            return NetEvent::Failed(reply_err(FtpStep::Store, 553));
        }
        let mtime = self.now_ts(now);
        let Upload { target, verb, data } = up;
        match (verb, self.files.get_mut(&target)) {
            (PutVerb::Appe, Some(file)) => {
                file.data.extend_from_slice(&data);
                file.mtime = mtime;
            }
            _ => {
                self.files.insert(target, FileNode { data, mtime });
            }
        }
        NetEvent::Done
    }

    fn now_ts(&self, now: Instant) -> Timestamp {
        self.config.epoch + now.saturating_duration_since(Instant::ZERO)
    }

    /// `CWD dir` and a file operation at `step` on `name`: the file.
    fn file_at(&self, dir: &str, name: &str, step: FtpStep) -> Result<&FileNode, NetError> {
        let dir = self.cwd(dir)?;
        self.step(step)?;
        self.files
            .get(&resolve(&dir, name))
            .ok_or_else(|| reply_err(step, 550))
    }

    fn delete(&mut self, dir: &str, name: &str) -> Result<NetEvent, NetError> {
        let dir = self.cwd(dir)?;
        self.step(FtpStep::Dele)?;
        match self.files.remove(&resolve(&dir, name)) {
            Some(_) => Ok(NetEvent::Done),
            None => Err(reply_err(FtpStep::Dele, 550)),
        }
    }

    fn make_dir(&mut self, now: Instant, path: &str) -> Result<NetEvent, NetError> {
        self.step(FtpStep::Mkd)?;
        let path = resolve("/", path);
        let exists = self.dirs.contains_key(&path) || self.files.contains_key(&path);
        let parent_ok = parent_of(&path).is_some_and(|p| self.dirs.contains_key(p));
        if exists || !parent_ok {
            return Err(reply_err(FtpStep::Mkd, 550));
        }
        let mtime = self.now_ts(now);
        self.dirs.insert(path, mtime);
        Ok(NetEvent::Done)
    }

    fn remove_dir(&mut self, path: &str) -> Result<NetEvent, NetError> {
        self.step(FtpStep::Rmd)?;
        let path = resolve("/", path);
        let empty = children(&self.dirs, &path).next().is_none()
            && children(&self.files, &path).next().is_none();
        if path == "/" || !self.dirs.contains_key(&path) || !empty {
            return Err(reply_err(FtpStep::Rmd, 550));
        }
        self.dirs.remove(&path);
        Ok(NetEvent::Done)
    }

    fn rename(
        &mut self,
        from_dir: &str,
        from: &str,
        to_dir: &str,
        to: &str,
    ) -> Result<NetEvent, NetError> {
        self.step(FtpStep::Rnfr)?;
        let from_dir = resolve("/", from_dir);
        let src = resolve(&from_dir, from);
        let src_is_dir = self.dirs.contains_key(&src);
        let src_ok =
            self.dirs.contains_key(&from_dir) && (self.files.contains_key(&src) || src_is_dir);
        if src == "/" || !src_ok {
            return Err(reply_err(FtpStep::Rnfr, 550));
        }
        self.step(FtpStep::Rnto)?;
        let to_dir = resolve("/", to_dir);
        let dst = resolve(&to_dir, to);
        if dst == src {
            return Ok(NetEvent::Done);
        }
        let parent_ok = parent_of(&dst).is_some_and(|p| self.dirs.contains_key(p));
        let into_itself = src_is_dir && is_under(&dst, &src);
        let dst_blocked =
            self.dirs.contains_key(&dst) || (src_is_dir && self.files.contains_key(&dst));
        if !self.dirs.contains_key(&to_dir) || !parent_ok || into_itself || dst_blocked {
            return Err(reply_err(FtpStep::Rnto, 553));
        }
        if src_is_dir {
            move_subtree(&mut self.dirs, &src, &dst);
            move_subtree(&mut self.files, &src, &dst);
        } else if let Some(file) = self.files.remove(&src) {
            self.files.insert(dst, file);
        }
        Ok(NetEvent::Done)
    }

    /// The uploads' targets of the open connections (for tests of bounded state).
    #[cfg(test)]
    fn upload_targets(&self) -> Vec<&str> {
        self.conns
            .values()
            .filter_map(|c| match &c.state {
                State::Upload(up) => Some(up.target.as_str()),
                _ => None,
            })
            .collect()
    }
}

impl Peer for Server {
    /// Takes the model's request `req`, made at `now`. Its reply (if any) becomes available
    /// through [`Peer::poll_reply`] when it falls due.
    fn handle_request(&mut self, now: Instant, req: NetRequest) {
        let NetRequest { conn: id, op } = req;
        let at = now + self.config.pacing.latency;
        if matches!(op, NetOp::Quit | NetOp::Abort) {
            self.close(id);
            return;
        }
        let Some(mut conn) = self.conns.remove(&id) else {
            let event = match op {
                NetOp::Connect(login) => match self.connect(&login) {
                    Ok(()) => {
                        let conn = Conn {
                            passive: login.passive,
                            state: State::Idle,
                            stalled: false,
                        };
                        self.conns.insert(id, conn);
                        NetEvent::Ready
                    }
                    Err(e) => NetEvent::Failed(e),
                },
                _ => NetEvent::Failed(NetError::Closed),
            };
            self.push(id, at, event);
            return;
        };
        if conn.stalled {
            self.conns.insert(id, conn);
            return;
        }
        if self.pending.holds(id) {
            self.violation(id, at);
            return;
        }
        let state = core::mem::replace(&mut conn.state, State::Idle);
        let outcome = match (state, op) {
            (State::Idle, op) => self.idle_op(now, &mut conn, op),
            (State::Download(mut dl), NetOp::Read { max }) => {
                let out = self.read(now, &mut dl, max);
                if matches!(out, Outcome::At(_, NetEvent::Data(_)) | Outcome::Silent) {
                    conn.state = State::Download(dl);
                }
                out
            }
            (State::Upload(mut up), NetOp::Write(bytes)) => {
                let out = self.write(&mut up, bytes);
                if matches!(out, Outcome::Reply(NetEvent::Written) | Outcome::Silent) {
                    conn.state = State::Upload(up);
                }
                out
            }
            (State::Upload(up), NetOp::Finish) => {
                if self
                    .config
                    .faults
                    .stall_after
                    .is_some_and(|s| up.data.len() as u64 >= s)
                {
                    conn.state = State::Upload(up);
                    Outcome::Silent
                } else {
                    Outcome::Reply(self.commit(now, up))
                }
            }
            _ => Outcome::Violation,
        };
        match outcome {
            Outcome::Violation => {
                self.conns.insert(id, conn);
                self.violation(id, at);
            }
            Outcome::Silent => {
                conn.stalled = true;
                self.conns.insert(id, conn);
            }
            Outcome::Reply(event) => {
                self.conns.insert(id, conn);
                self.push(id, at, event);
            }
            Outcome::At(due, event) => {
                self.conns.insert(id, conn);
                self.push(id, due, event);
            }
        }
    }

    /// The next reply due at or before `now`: the earliest first, ties in request order.
    fn poll_reply(&mut self, now: Instant) -> Option<NetReply> {
        self.pending.pop_due(now)
    }

    /// When the next pending reply falls due; `None` when nothing is pending.
    fn poll_timeout(&self) -> Option<Instant> {
        self.pending.next_due()
    }
}

/// What a request on an open connection leads to.
enum Outcome {
    /// This event, `latency` after the request.
    Reply(NetEvent),
    /// This event at this instant.
    At(Instant, NetEvent),
    /// No reply, ever (a stall).
    Silent,
    /// The request does not fit the connection's state.
    Violation,
}

/// Whether `host` resolves: an IP literal or a valid name not under `.invalid`.
fn resolves(host: &str) -> bool {
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    if bare.parse::<core::net::Ipv6Addr>().is_ok() {
        return true;
    }
    if host.parse::<core::net::Ipv4Addr>().is_ok() {
        return true;
    }
    let name = host.strip_suffix('.').unwrap_or(host);
    if name.is_empty() || name.len() > 253 {
        return false;
    }
    let labels_ok = name.split('.').all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    });
    // A dotted run of digits that is not an IPv4 address is not a name either.
    let numeric = name
        .split('.')
        .all(|l| l.bytes().all(|b| b.is_ascii_digit()));
    let tld = name.rsplit('.').next().unwrap_or(name);
    labels_ok && !numeric && !tld.eq_ignore_ascii_case("invalid")
}

/// `rel` resolved against the directory `base` (both `/`-separated), as this server resolves
/// every path: absolute, no empty, `.` or `..` segments, no trailing `/` (except the root `/`).
///
/// ```
/// use simcom_ftp_model::server::resolve;
/// assert_eq!(resolve("/pub/", "a.txt"), "/pub/a.txt");
/// assert_eq!(resolve("", "/x/../y/"), "/y");
/// assert_eq!(resolve("/", ".."), "/");
/// ```
pub fn resolve(base: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let segments = if rel.starts_with('/') {
        None
    } else {
        Some(base.split('/'))
    };
    for seg in segments.into_iter().flatten().chain(rel.split('/')) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    if parts.is_empty() {
        return "/".to_string();
    }
    let mut out = String::new();
    for p in parts {
        out.push('/');
        out.push_str(p);
    }
    out
}

/// The parent directory of a normalised path; `None` for `/`.
fn parent_of(path: &str) -> Option<&str> {
    if path == "/" {
        return None;
    }
    match path.rfind('/') {
        Some(0) => Some("/"),
        Some(i) => Some(&path[..i]),
        None => None,
    }
}

/// Whether `path` is `dir` or lies under it (paths normalised by [`resolve`]).
///
/// ```
/// use simcom_ftp_model::server::is_under;
/// assert!(is_under("/a/b", "/a") && is_under("/a", "/a") && !is_under("/ab", "/a"));
/// ```
pub fn is_under(path: &str, dir: &str) -> bool {
    dir == "/"
        || path == dir
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The direct children of the directory `dir` in a map keyed by normalised paths, with their
/// names.
fn children<'a, V>(
    map: &'a BTreeMap<String, V>,
    dir: &str,
) -> impl Iterator<Item = (&'a str, &'a V)> + use<'a, V> {
    let prefix = if dir == "/" {
        "/".to_string()
    } else {
        alloc::format!("{dir}/")
    };
    let skip = prefix.len();
    map.range(prefix.clone()..)
        .take_while(move |(k, _)| k.starts_with(&prefix))
        .filter_map(move |(k, v)| {
            let name = &k[skip..];
            (!name.is_empty() && !name.contains('/')).then_some((name, v))
        })
}

/// Moves every entry at or under `from` to the same place under `to`.
fn move_subtree<V>(map: &mut BTreeMap<String, V>, from: &str, to: &str) {
    let keys: Vec<String> = map.keys().filter(|k| is_under(k, from)).cloned().collect();
    for key in keys {
        if let Some(v) = map.remove(&key) {
            let new = alloc::format!("{to}{}", &key[from.len()..]);
            map.insert(new, v);
        }
    }
}

/// Appends one line of the in-memory server's listing (vsftpd's `ls -l` format, see
/// [`Server`]) to `out`.
///
/// ```
/// use simcom_ftp_model::server::{EPOCH, list_line};
/// let mut out = String::new();
/// list_line(&mut out, false, 1074, EPOCH, "simftp.txt");
/// assert_eq!(out, "-rw-r--r--    1 ftp      ftp          1074 Jan 01 00:00 simftp.txt\r\n");
/// ```
pub fn list_line(out: &mut String, is_dir: bool, size: u64, mtime: Timestamp, name: &str) {
    ListingStyle::Vsftpd.line(out, is_dir, size, mtime, name);
}

/// The format of the in-memory server's LIST replies (`world.server.listing` in transcripts).
///
/// ```
/// use simcom_ftp_model::server::{ListingStyle, Timestamp};
/// let mut out = String::new();
/// ListingStyle::AppNote.line(&mut out, true, 0, Timestamp::new(2019, 10, 12, 14, 58, 0), ".");
/// assert_eq!(out, "drw-rw-rw-   1 user     group           0 Oct 12 14:58 .\r\n");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ListingStyle {
    /// vsftpd's `ls -l` lines (owner and group `ftp`), a directory's entries only: no `total`
    /// line, no `.` and `..` ([`list_line`]).
    #[default]
    Vsftpd,
    /// The server of app note 5.1.11's first listing: a directory listing starts with
    /// `total 0` and the entries `.` and `..`, and every line has the permissions
    /// `drw-rw-rw-` / `-rw-rw-rw-`, one link and owner `user`, group `group` (the note's
    /// words), in vsftpd's columns but for a link column one narrower. An empty directory is
    /// then the note's 126 bytes (E25); the spacing is ours, the note's print lost it.
    AppNote,
}

impl ListingStyle {
    /// Appends one entry, CR LF ended, in this style.
    pub fn line(self, out: &mut String, is_dir: bool, size: u64, mtime: Timestamp, name: &str) {
        // The link count's column is 4 wide in vsftpd's lines, 3 in the note's.
        let (perms, links, width, owner, group) = match (self, is_dir) {
            (Self::Vsftpd, true) => ("drwxr-xr-x", 2, 4, "ftp", "ftp"),
            (Self::Vsftpd, false) => ("-rw-r--r--", 1, 4, "ftp", "ftp"),
            (Self::AppNote, true) => ("drw-rw-rw-", 1, 3, "user", "group"),
            (Self::AppNote, false) => ("-rw-rw-rw-", 1, 3, "user", "group"),
        };
        // Writing to a String cannot fail.
        let _ = write!(
            out,
            "{perms} {links:>width$} {owner:<8} {group:<8} {size:>8} {} {name}\r\n",
            listing(mtime)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_normalises() {
        assert_eq!(resolve("/", ""), "/");
        assert_eq!(resolve("/", "/pub/"), "/pub");
        assert_eq!(resolve("/pub", "a.txt"), "/pub/a.txt");
        assert_eq!(resolve("/pub", "/a.txt"), "/a.txt");
        assert_eq!(resolve("/pub/x", "../y/./z"), "/pub/y/z");
        assert_eq!(resolve("/", "../../a"), "/a");
        assert_eq!(resolve("/a", "//b//c/"), "/b/c");
    }

    #[test]
    fn path_helpers() {
        assert_eq!(parent_of("/"), None);
        assert_eq!(parent_of("/a"), Some("/"));
        assert_eq!(parent_of("/a/b"), Some("/a"));
        assert!(is_under("/a/b", "/a"));
        assert!(is_under("/a", "/a"));
        assert!(!is_under("/ab", "/a"));
        assert!(is_under("/x", "/"));
    }

    #[test]
    fn children_are_direct_only() {
        let mut m = BTreeMap::new();
        for k in ["/", "/a", "/a/b", "/a/b/c", "/a-b", "/b"] {
            m.insert(k.to_string(), ());
        }
        let root: Vec<_> = children(&m, "/").map(|(n, _)| n).collect();
        assert_eq!(root, ["a", "a-b", "b"]);
        let a: Vec<_> = children(&m, "/a").map(|(n, _)| n).collect();
        assert_eq!(a, ["b"]);
        assert_eq!(children(&m, "/b").count(), 0);
    }

    #[test]
    fn host_resolution() {
        for ok in [
            "117.131.85.139",
            "::1",
            "[2001:db8::1]",
            "ftp.example.com",
            "localhost",
            "a-b_c.d.",
        ] {
            assert!(resolves(ok), "{ok}");
        }
        for bad in [
            "",
            "x.invalid",
            "X.INVALID.",
            "invalid",
            "bad host",
            "1.2.3.999",
            "a..b",
        ] {
            assert!(!resolves(bad), "{bad}");
        }
    }

    #[test]
    fn listing_line_format() {
        let mut s = String::new();
        list_line(&mut s, false, 1074, EPOCH, "simftp.txt");
        list_line(
            &mut s,
            true,
            0,
            Timestamp::new(2026, 3, 19, 13, 31, 5),
            "pub",
        );
        assert_eq!(
            s,
            "-rw-r--r--    1 ftp      ftp          1074 Jan 01 00:00 simftp.txt\r\n\
             drwxr-xr-x    2 ftp      ftp             0 Mar 19 13:31 pub\r\n"
        );
    }

    /// App note 5.1.11 announces 126 bytes for a listing of an empty `/` that shows `total 0`,
    /// `.` and `..` (E25): the app-note style gives exactly that many.
    #[test]
    fn app_note_listing_of_an_empty_directory() {
        let epoch = Timestamp::new(2019, 10, 12, 14, 58, 0);
        let config = ServerConfig {
            listing: ListingStyle::AppNote,
            epoch,
            ..ServerConfig::default()
        };
        let mut s = Server::new(config);
        s.add_dir("/empty").unwrap();
        let listing = |s: &Server, arg: &str| {
            let mut conn = Conn {
                passive: true,
                state: State::Idle,
                stalled: false,
            };
            s.list(&mut conn, arg).unwrap();
            match conn.state {
                State::Download(d) => String::from_utf8(d.data).unwrap(),
                _ => panic!("no listing"),
            }
        };
        let empty = listing(&s, "/empty");
        assert_eq!(
            empty,
            "total 0\r\n\
             drw-rw-rw-   1 user     group           0 Oct 12 14:58 .\r\n\
             drw-rw-rw-   1 user     group           0 Oct 12 14:58 ..\r\n"
        );
        assert_eq!(empty.len(), 126);
        // A directory's entries follow `..`, in the same columns.
        assert!(
            listing(&s, "/").ends_with(
                " ..\r\ndrw-rw-rw-   1 user     group           0 Oct 12 14:58 empty\r\n"
            )
        );
    }

    #[test]
    fn stou_reserves_names_of_open_uploads() {
        let mut s = Server::default();
        s.add_file("/f", Vec::new()).unwrap();
        // Two uploads open at once, each on its own connection.
        for id in [ConnId(1), ConnId(2)] {
            let mut conn = Conn {
                passive: true,
                state: State::Idle,
                stalled: false,
            };
            assert_eq!(
                s.store(&mut conn, "/", "f", PutVerb::Stou),
                Ok(NetEvent::Ready)
            );
            s.conns.insert(id, conn);
        }
        assert_eq!(s.upload_targets(), ["/f.1", "/f.2"]);
    }
}
