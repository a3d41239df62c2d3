//! One thread per FTP connection: it takes the model's [`NetOp`]s for its connection, one at a
//! time, carries them out with suppaftp, and sends back one [`NetEvent`] per request (none for
//! `Quit` and `Abort`).
//!
//! Every socket has a read and a write timeout, every connect a connect timeout and the name
//! lookup runs on its own thread with a bound; an abort shuts the connection's sockets down,
//! which ends any call in progress at once.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use simcom_ftp_model::net::{ConnId, FtpStep, Login, NetError, NetEvent, NetOp, PutVerb, Security};
use suppaftp::types::{FileType, FormatControl};
use suppaftp::{FtpError, ImplFtpStream, Mode, Status, TransferStream};

use super::normalise::{Normaliser, parse_line, resolve};
use super::tls::{Connector, TlsConn, TlsFailure, client_config, is_alert};
use super::{PortMap, Timeouts};

type Ftp = ImplFtpStream<TlsConn>;
type Transfer = TransferStream<TlsConn>;

/// The sockets of one connection, so that an abort can shut them down from another thread.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sockets(Arc<Mutex<Vec<TcpStream>>>);

impl Sockets {
    /// Keeps a handle on `s` for [`Sockets::shutdown`].
    pub(crate) fn register(&self, s: &TcpStream) {
        if let (Ok(clone), Ok(mut v)) = (s.try_clone(), self.0.lock()) {
            v.push(clone);
        }
    }

    /// Shuts every registered socket down (both directions): blocked calls return at once.
    pub(crate) fn shutdown(&self) {
        if let Ok(mut v) = self.0.lock() {
            for s in v.drain(..) {
                let _ = s.shutdown(Shutdown::Both);
            }
        }
    }
}

/// What every worker of one driver shares.
#[derive(Debug)]
pub(crate) struct WorkerConfig {
    pub(crate) timeouts: Timeouts,
    pub(crate) ports: PortMap,
    /// Read until a Read's `max` bytes (or the end) are there: the shaper chose the piece.
    pub(crate) fill_reads: bool,
    /// The CA that stands in for any CA the module names.
    pub(crate) ca_override: Option<Vec<u8>>,
    /// Listings and modification times as the in-memory server shows them.
    pub(crate) normalise: Option<Arc<Normaliser>>,
}

/// The open transfer of a connection.
enum Open {
    Download(Transfer),
    /// A listing read whole (normalised), served from memory.
    Listing(Vec<u8>, usize),
    Upload {
        transfer: Transfer,
        /// The file the upload replaces (for the normaliser), if known.
        path: Option<String>,
    },
}

/// Where the data connection of a transfer got to (passive mode): which step a failure is.
const BEFORE_PASV: u8 = 0;
const CONNECTING: u8 = 1;
const CONNECTED: u8 = 2;

pub(crate) struct Worker {
    conn: ConnId,
    cfg: Arc<WorkerConfig>,
    sockets: Sockets,
    aborted: Arc<AtomicBool>,
    ftp: Option<Ftp>,
    open: Option<Open>,
    passive: bool,
    /// The passive data connection's progress, set by the stream builder.
    data_stage: Arc<AtomicU8>,
    /// The last command line on a secured control connection.
    tapped: Option<Arc<Mutex<Vec<u8>>>>,
}

impl Worker {
    pub(crate) fn new(
        conn: ConnId,
        cfg: Arc<WorkerConfig>,
        sockets: Sockets,
        aborted: Arc<AtomicBool>,
    ) -> Self {
        Self {
            conn,
            cfg,
            sockets,
            aborted,
            ftp: None,
            open: None,
            passive: true,
            data_stage: Arc::default(),
            tapped: None,
        }
    }

    /// Runs until the driver hangs up (after `Quit`, `Abort` or when it is dropped).
    pub(crate) fn run(mut self, ops: &Receiver<NetOp>, replies: &Sender<(ConnId, NetEvent)>) {
        while let Ok(op) = ops.recv() {
            if self.aborted.load(Ordering::SeqCst) {
                break;
            }
            match op {
                NetOp::Quit => {
                    self.open = None;
                    if let Some(mut ftp) = self.ftp.take() {
                        let _ = ftp.quit();
                    }
                    break;
                }
                NetOp::Abort => break,
                op => {
                    let event = self.handle(op);
                    if self.aborted.load(Ordering::SeqCst)
                        || replies.send((self.conn, event)).is_err()
                    {
                        break;
                    }
                }
            }
        }
        self.sockets.shutdown();
    }

    fn handle(&mut self, op: NetOp) -> NetEvent {
        let result = match (self.open.take(), op) {
            (None, NetOp::Connect(login)) if self.ftp.is_none() => self.connect(&login),
            (None, NetOp::Retrieve { dir, name, offset }) => self.retrieve(&dir, &name, offset),
            (None, NetOp::List { path }) => self.list(&path),
            (None, NetOp::Store { dir, name, verb }) => self.store(&dir, &name, verb),
            (None, NetOp::Size { dir, name }) => self.size(&dir, &name),
            (None, NetOp::Mdtm { dir, name }) => self.mdtm(&dir, &name),
            (None, NetOp::Delete { dir, name }) => self.delete(&dir, &name),
            (None, NetOp::MakeDir { path }) => self
                .command(
                    &format!("MKD {path}"),
                    &[Status::PathCreated, Status::CommandOk],
                    FtpStep::Mkd,
                )
                .map(|_| NetEvent::Done),
            (None, NetOp::RemoveDir { path }) => self.remove_dir(&path),
            (
                None,
                NetOp::Rename {
                    from_dir,
                    from,
                    to_dir,
                    to,
                },
            ) => self.rename(&join(&from_dir, &from), &join(&to_dir, &to)),
            (Some(Open::Download(t)), NetOp::Read { max }) => self.read(t, max),
            (Some(Open::Listing(buf, pos)), NetOp::Read { max }) => {
                if pos >= buf.len() {
                    Ok(NetEvent::End)
                } else {
                    let end = buf.len().min(pos + max.max(1));
                    let piece = buf[pos..end].to_vec();
                    self.open = Some(Open::Listing(buf, end));
                    Ok(NetEvent::Data(piece))
                }
            }
            (Some(Open::Upload { mut transfer, path }), NetOp::Write(bytes)) => {
                match transfer.write_all(&bytes).and_then(|()| transfer.flush()) {
                    Ok(()) => {
                        self.open = Some(Open::Upload { transfer, path });
                        Ok(NetEvent::Written)
                    }
                    Err(e) => Err(data_error(&e)),
                }
            }
            (Some(Open::Upload { transfer, path }), NetOp::Finish) => match finish_upload(transfer)
            {
                Ok(()) => {
                    if let (Some(n), Some(p)) = (&self.cfg.normalise, path) {
                        n.forget(&p);
                    }
                    Ok(NetEvent::Done)
                }
                Err(FtpError::UnexpectedResponse(r)) => Err(NetError::Reply {
                    step: FtpStep::Store,
                    code: code_of(&r),
                }),
                Err(e) => Err(match io_of(&e) {
                    Some(io) if timed_out(io) => NetError::Timeout,
                    _ => NetError::DataBroken,
                }),
            },
            // Anything else breaks the one-request-at-a-time contract: the connection closes.
            (_, _) => {
                self.sockets.shutdown();
                self.ftp = None;
                Err(NetError::Closed)
            }
        };
        result.unwrap_or_else(NetEvent::Failed)
    }

    fn ftp(&mut self) -> Result<&mut Ftp, NetError> {
        self.ftp.as_mut().ok_or(NetError::Closed)
    }

    /// A control command expecting one of `ok`; a failure reply is `step`'s.
    fn command(&mut self, line: &str, ok: &[Status], step: FtpStep) -> Result<Vec<u8>, NetError> {
        let ftp = self.ftp()?;
        match ftp.custom_command(line, ok) {
            Ok(r) => Ok(r.body),
            Err(e) => Err(control_error(step, e)),
        }
    }

    fn cwd(&mut self, dir: &str) -> Result<(), NetError> {
        if dir.is_empty() {
            return Ok(());
        }
        self.command(
            &format!("CWD {dir}"),
            &[Status::RequestedFileActionOk, Status::CommandOk],
            FtpStep::Cwd,
        )
        .map(|_| ())
    }

    fn connect(&mut self, login: &Login) -> Result<NetEvent, NetError> {
        let t = self.cfg.timeouts;
        let (host, port) = self
            .cfg
            .ports
            .route(&login.host, login.port, login.security);
        let addrs = resolve_host(&host, port, t.dns)?;
        let tls = if login.security == Security::Plain {
            None
        } else {
            let ca = match (&self.cfg.ca_override, &login.ca) {
                (Some(over), Some(_)) => Some(over.as_slice()),
                (_, ca) => ca.as_deref(),
            };
            let config = client_config(ca).map_err(|_| NetError::TlsHandshake)?;
            Some(Connector::new(config, t.io, self.sockets.clone()))
        };
        let tls_name = host.clone();
        let ftp = match (login.security, tls) {
            (Security::Implicit, Some(connector)) => {
                // suppaftp's implicit connect has no connect timeout: reach the address first
                // with one, then let it connect (again) to an address known to answer.
                let addr = {
                    let probe = tcp_connect(&addrs, t.connect)?;
                    probe.peer_addr().map_err(|_| NetError::Connect)?
                };
                let probe = connector.share();
                self.tapped = Some(Arc::clone(&connector.last_command));
                Ftp::connect_secure_implicit(addr, connector, &tls_name).map_err(|e| match e {
                    FtpError::SecureError(_) => tls_failure(&probe),
                    FtpError::ConnectionError(io) if !probe.attempted() => connect_error(&io),
                    e => control_error(FtpStep::Greeting, e),
                })?
            }
            (security, tls) => {
                let sock = tcp_connect(&addrs, t.connect)?;
                sock.set_read_timeout(Some(t.io))
                    .and_then(|()| sock.set_write_timeout(Some(t.io)))
                    .map_err(|_| NetError::Connect)?;
                self.sockets.register(&sock);
                let ftp = Ftp::connect_with_stream(sock)
                    .map_err(|e| control_error(FtpStep::Greeting, e))?;
                match (security, tls) {
                    (Security::Explicit, Some(connector)) => {
                        let probe = connector.share();
                        self.tapped = Some(Arc::clone(&connector.last_command));
                        ftp.into_secure(connector, &tls_name).map_err(|e| match e {
                            e if trace(self.conn, &format!("AUTH TLS: {e}")) => unreachable!(),
                            FtpError::SecureError(_) => tls_failure(&probe),
                            FtpError::UnexpectedResponse(r) if !probe.attempted() => {
                                NetError::Reply {
                                    step: FtpStep::Auth,
                                    code: code_of(&r),
                                }
                            }
                            e => {
                                let step = match tapped_verb(&probe.last_command).as_deref() {
                                    Some("PROT") => FtpStep::Prot,
                                    _ => FtpStep::Pbsz,
                                };
                                control_error(step, e)
                            }
                        })?
                    }
                    _ => ftp,
                }
            }
        };
        self.ftp = Some(ftp);
        if login.security == Security::Implicit {
            // suppaftp's implicit connect protects the control connection only: ask for
            // protected data connections as after AUTH TLS.
            self.command("PBSZ 0", &[Status::CommandOk], FtpStep::Pbsz)?;
            self.command("PROT P", &[Status::CommandOk], FtpStep::Prot)?;
        }
        let mut ftp = self.ftp.take().ok_or(NetError::Closed)?;
        self.passive = login.passive;
        if login.passive {
            let stage = Arc::clone(&self.data_stage);
            let sockets = self.sockets.clone();
            ftp = ftp.passive_stream_builder(move |addr: SocketAddr| {
                stage.store(CONNECTING, Ordering::SeqCst);
                let s = TcpStream::connect_timeout(&addr, t.connect)
                    .map_err(FtpError::ConnectionError)?;
                s.set_read_timeout(Some(t.io))
                    .and_then(|()| s.set_write_timeout(Some(t.io)))
                    .map_err(FtpError::ConnectionError)?;
                sockets.register(&s);
                stage.store(CONNECTED, Ordering::SeqCst);
                Ok(s)
            });
        } else {
            ftp = ftp.active_mode(t.connect);
            ftp.set_mode(Mode::Active);
        }
        self.ftp = Some(ftp);
        let body = self.command(
            &format!("USER {}", login.user),
            &[Status::NeedPassword, Status::LoggedIn],
            FtpStep::User,
        )?;
        if body.starts_with(b"331") || body.starts_with(b"332") {
            self.command(
                &format!("PASS {}", login.password),
                &[Status::LoggedIn],
                FtpStep::Pass,
            )?;
        }
        let ty = if login.binary {
            FileType::Binary
        } else {
            FileType::Ascii(FormatControl::Default)
        };
        self.ftp()?
            .transfer_type(ty)
            .map_err(|e| control_error(FtpStep::Type, e))?;
        Ok(NetEvent::Ready)
    }

    /// Opens a transfer with `open`; a failure is mapped to the data-connection step or
    /// `step` (the transfer command).
    fn open_transfer(
        &mut self,
        step: FtpStep,
        open: impl FnOnce(&mut Ftp) -> Result<Transfer, FtpError>,
    ) -> Result<Transfer, NetError> {
        self.data_stage.store(BEFORE_PASV, Ordering::SeqCst);
        let result = open(self.ftp()?);
        match result {
            Ok(t) => {
                let s = t.get_ref().get_ref();
                let io = Some(self.cfg.timeouts.io);
                let _ = s
                    .set_read_timeout(io)
                    .and_then(|()| s.set_write_timeout(io));
                self.sockets.register(s);
                Ok(t)
            }
            Err(e) => {
                trace(self.conn, &format!("{step:?}: {e}"));
                Err(self.open_error(step, e))
            }
        }
    }

    fn open_error(&self, step: FtpStep, e: FtpError) -> NetError {
        let stage = self.data_stage.load(Ordering::SeqCst);
        match e {
            FtpError::UnexpectedResponse(r) => {
                let code = code_of(&r);
                let step = match self.tapped.as_ref().and_then(tapped_verb).as_deref() {
                    Some("PASV" | "EPSV") => FtpStep::Pasv,
                    Some("PORT" | "EPRT") => FtpStep::Port,
                    Some("REST") => FtpStep::Rest,
                    Some(_) => step,
                    // Plain FTP: the stream builder tells whether PASV succeeded; in active
                    // mode a syntax or "not implemented" reply is PORT's (documented).
                    None if self.passive && stage == BEFORE_PASV => FtpStep::Pasv,
                    None if !self.passive && matches!(code, 500 | 501 | 502 | 504) => FtpStep::Port,
                    None => step,
                };
                if code == 425 && step != FtpStep::Pasv {
                    // "Can't open data connection": as the in-memory server's refused data
                    // connection. (PASV itself answered 425 is PASV's failure: 75.)
                    return NetError::Connect;
                }
                NetError::Reply { step, code }
            }
            FtpError::ConnectionError(io) => {
                if (self.passive && stage == CONNECTING)
                    || (!self.passive && io.kind() == io::ErrorKind::WouldBlock)
                {
                    // The data connection could not be set up (the PASV address, or the
                    // server's connect in active mode).
                    NetError::Connect
                } else if timed_out(&io) {
                    NetError::Timeout
                } else {
                    NetError::Closed
                }
            }
            FtpError::SecureError(_) => NetError::TlsHandshake,
            e => control_error(step, e),
        }
    }

    fn retrieve(&mut self, dir: &str, name: &str, offset: u64) -> Result<NetEvent, NetError> {
        self.cwd(dir)?;
        if offset > 0 {
            // REST before PASV/PORT (documented): its failure is then unambiguous.
            self.command(
                &format!("REST {offset}"),
                &[Status::RequestFilePending],
                FtpStep::Rest,
            )?;
        }
        let t = self.open_transfer(FtpStep::Retr, |ftp| ftp.retr_as_stream(name))?;
        self.open = Some(Open::Download(t));
        Ok(NetEvent::Ready)
    }

    fn list(&mut self, path: &str) -> Result<NetEvent, NetError> {
        let Some(n) = self.cfg.normalise.clone() else {
            let t = self.open_list(path)?;
            self.open = Some(Open::Download(t));
            return Ok(NetEvent::Ready);
        };
        let raw = match self.read_listing(path) {
            Ok(raw) => raw,
            // Some servers (libunftp) list directories only: a file's entry is then taken
            // from its directory's listing (normalisation, documented).
            Err(e @ NetError::Reply { code: 550, .. }) if !path.is_empty() => {
                let full = resolve("/", path);
                let (parent, name) = full.rsplit_once('/').unwrap_or(("", &full));
                let parent = if parent.is_empty() { "/" } else { parent };
                let listing = self.read_listing(parent).map_err(|_| e)?;
                let entry: Vec<u8> = String::from_utf8_lossy(&listing)
                    .split_inclusive('\n')
                    .filter(|l| {
                        parse_line(l.trim_end()).is_some_and(|f| f.is_file() && f.name() == name)
                    })
                    .flat_map(|l| l.bytes())
                    .collect();
                if entry.is_empty() {
                    return Err(e);
                }
                entry
            }
            Err(e) => return Err(e),
        };
        self.open = Some(Open::Listing(n.listing(path, &raw), 0));
        Ok(NetEvent::Ready)
    }

    fn open_list(&mut self, path: &str) -> Result<Transfer, NetError> {
        let line = if path.is_empty() {
            "LIST".to_string()
        } else {
            format!("LIST {path}")
        };
        self.open_transfer(FtpStep::List, |ftp| {
            ftp.custom_data_command(line, &[Status::AboutToSend, Status::AlreadyOpen])
                .map(|(_, t)| t)
        })
    }

    /// A whole listing, confirmed by the server.
    fn read_listing(&mut self, path: &str) -> Result<Vec<u8>, NetError> {
        let mut t = self.open_list(path)?;
        let mut raw = Vec::new();
        match t.read_to_end(&mut raw) {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {}
            Err(e) => return Err(data_error(&e)),
        }
        t.finish().map_err(|e| match e {
            FtpError::UnexpectedResponse(r) => NetError::Reply {
                step: FtpStep::List,
                code: code_of(&r),
            },
            FtpError::ConnectionError(io) if timed_out(&io) => NetError::Timeout,
            _ => NetError::DataBroken,
        })?;
        Ok(raw)
    }

    fn store(&mut self, dir: &str, name: &str, verb: PutVerb) -> Result<NetEvent, NetError> {
        self.cwd(dir)?;
        let t = self.open_transfer(FtpStep::Store, |ftp| match verb {
            PutVerb::Stor => ftp.put_with_stream(name),
            PutVerb::Appe => ftp.append_with_stream(name),
            // RFC 959's STOU takes no argument: the server names the file.
            PutVerb::Stou => ftp
                .custom_data_command("STOU", &[Status::AboutToSend, Status::AlreadyOpen])
                .map(|(_, t)| t),
        })?;
        let path = (verb != PutVerb::Stou).then(|| resolve(dir, name));
        self.open = Some(Open::Upload { transfer: t, path });
        Ok(NetEvent::Ready)
    }

    fn read(&mut self, mut t: Transfer, max: usize) -> Result<NetEvent, NetError> {
        let mut buf = vec![0u8; max.max(1)];
        let mut n = 0;
        while n < buf.len() {
            match t.read(&mut buf[n..]) {
                Ok(0) => break,
                Ok(k) => {
                    n += k;
                    if !self.cfg.fill_reads {
                        break;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // A TLS peer that closes without close_notify: the end of the data (the
                // server's 226 still has to confirm the transfer).
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => break,
                Err(e) => return Err(data_error(&e)),
            }
        }
        if n > 0 {
            buf.truncate(n);
            self.open = Some(Open::Download(t));
            return Ok(NetEvent::Data(buf));
        }
        // The end of the data: the transfer counts once the server confirmed it.
        match t.finish() {
            Ok(()) => Ok(NetEvent::End),
            Err(e) => Err(match io_of(&e) {
                Some(io) if timed_out(io) => NetError::Timeout,
                _ => NetError::DataBroken,
            }),
        }
    }

    fn size(&mut self, dir: &str, name: &str) -> Result<NetEvent, NetError> {
        self.cwd(dir)?;
        let body = self.command(&format!("SIZE {name}"), &[Status::File], FtpStep::Size)?;
        let text = String::from_utf8_lossy(&body);
        text.get(4..)
            .and_then(|s| s.trim().parse().ok())
            .map(NetEvent::Size)
            .ok_or(NetError::Malformed)
    }

    fn mdtm(&mut self, dir: &str, name: &str) -> Result<NetEvent, NetError> {
        self.cwd(dir)?;
        let body = self.command(&format!("MDTM {name}"), &[Status::File], FtpStep::Mdtm)?;
        let digits: String = String::from_utf8_lossy(body.get(4..).unwrap_or_default())
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if digits.len() < 14 {
            return Err(NetError::Malformed);
        }
        let server = digits[..14].to_string();
        Ok(NetEvent::Modified(match &self.cfg.normalise {
            Some(n) => n.mdtm(&resolve(dir, name), server),
            None => server,
        }))
    }

    fn delete(&mut self, dir: &str, name: &str) -> Result<NetEvent, NetError> {
        self.cwd(dir)?;
        self.remove(&format!("DELE {name}"), FtpStep::Dele, &resolve(dir, name))
    }

    fn remove_dir(&mut self, path: &str) -> Result<NetEvent, NetError> {
        self.remove(&format!("RMD {path}"), FtpStep::Rmd, &resolve("/", path))
    }

    /// `line` (DELE, RMD) removes `path`: 250 or 200, and the normaliser forgets it.
    fn remove(&mut self, line: &str, step: FtpStep, path: &str) -> Result<NetEvent, NetError> {
        self.command(
            line,
            &[Status::RequestedFileActionOk, Status::CommandOk],
            step,
        )?;
        if let Some(n) = &self.cfg.normalise {
            n.forget(path);
        }
        Ok(NetEvent::Done)
    }

    fn rename(&mut self, from: &str, to: &str) -> Result<NetEvent, NetError> {
        self.command(
            &format!("RNFR {from}"),
            &[Status::RequestFilePending],
            FtpStep::Rnfr,
        )?;
        self.command(
            &format!("RNTO {to}"),
            &[Status::RequestedFileActionOk, Status::CommandOk],
            FtpStep::Rnto,
        )?;
        if let Some(n) = &self.cfg.normalise {
            n.rename(&resolve("/", from), &resolve("/", to));
        }
        Ok(NetEvent::Done)
    }
}

/// With `SIMCOM_REALNET_TRACE` set, failures of the real network are printed on stderr.
fn trace(conn: ConnId, what: &str) -> bool {
    if std::env::var_os("SIMCOM_REALNET_TRACE").is_some() {
        eprintln!("realnet conn {}: {what}", conn.0);
    }
    false
}

/// Ends an upload: the end of the data, then the server's confirmation. A plain data socket
/// is shut down for writing first: the handle kept for an abort would otherwise keep the
/// connection open after suppaftp drops its own (TLS sends close_notify and shuts down itself).
fn finish_upload(transfer: Transfer) -> Result<(), FtpError> {
    if let suppaftp::DataStream::Tcp(s) = transfer.get_ref() {
        let _ = s.shutdown(Shutdown::Write);
    }
    transfer.finish()
}

/// `dir/name` as the in-memory server's Rename reads it.
fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{}/{name}", dir.trim_end_matches('/'))
    }
}

/// The reply code of a response: its first three digits as sent.
pub(crate) fn code_of(r: &suppaftp::types::Response) -> u16 {
    r.body
        .get(..3)
        .and_then(|d| std::str::from_utf8(d).ok())
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(|| u16::try_from(r.status.code()).unwrap_or(0))
}

fn io_of(e: &FtpError) -> Option<&io::Error> {
    match e {
        FtpError::ConnectionError(io) => Some(io),
        _ => None,
    }
}

fn timed_out(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// A failure on an open data connection.
fn data_error(e: &io::Error) -> NetError {
    if timed_out(e) {
        NetError::Timeout
    } else if is_alert(e) {
        NetError::TlsAlert
    } else {
        NetError::DataBroken
    }
}

/// A failure of a control-connection step.
fn control_error(step: FtpStep, e: FtpError) -> NetError {
    match e {
        FtpError::UnexpectedResponse(r) => NetError::Reply {
            step,
            code: code_of(&r),
        },
        FtpError::ConnectionError(io) if timed_out(&io) => NetError::Timeout,
        FtpError::ConnectionError(io) if is_alert(&io) => NetError::TlsAlert,
        FtpError::ConnectionError(_) | FtpError::DataConnectionAlreadyOpen => NetError::Closed,
        FtpError::SecureError(_) => NetError::TlsHandshake,
        FtpError::BadResponse | FtpError::InvalidAddress(_) => NetError::Malformed,
    }
}

fn tls_failure(c: &Connector) -> NetError {
    match c.failure.lock().ok().and_then(|f| *f) {
        Some(TlsFailure::Timeout) => NetError::Timeout,
        _ => NetError::TlsHandshake,
    }
}

/// The verb of the last command line written on a secured control connection.
fn tapped_verb(last: &Arc<Mutex<Vec<u8>>>) -> Option<String> {
    let line = last.lock().ok()?.clone();
    let verb: String = String::from_utf8_lossy(&line)
        .split_whitespace()
        .next()?
        .to_ascii_uppercase();
    Some(verb)
}

/// A control connection that could not be set up: refused, unreachable or not answering
/// within the connect timeout (FTP error 63 in every case).
fn connect_error(_e: &io::Error) -> NetError {
    NetError::Connect
}

/// Resolves `host` (a name or an IP literal, bare or in brackets) on a thread of its own, so
/// that a slow resolver cannot hold the worker past `limit`.
fn resolve_host(host: &str, port: u16, limit: Duration) -> Result<Vec<SocketAddr>, NetError> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<std::net::IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let name = bare.to_string();
    std::thread::Builder::new()
        .name("realnet-dns".into())
        .spawn(move || {
            let _ = tx.send((name.as_str(), port).to_socket_addrs().map(Vec::from_iter));
        })
        .map_err(|_| NetError::Dns)?;
    match rx.recv_timeout(limit) {
        Ok(Ok(addrs)) if !addrs.is_empty() => Ok(addrs),
        Ok(_) => Err(NetError::Dns),
        Err(_) => Err(NetError::Dns),
    }
}

/// Connects to the first address that answers, each within `limit`.
fn tcp_connect(addrs: &[SocketAddr], limit: Duration) -> Result<TcpStream, NetError> {
    let mut last = NetError::Connect;
    for a in addrs {
        match TcpStream::connect_timeout(a, limit) {
            Ok(s) => return Ok(s),
            Err(e) => last = connect_error(&e),
        }
    }
    Err(last)
}
