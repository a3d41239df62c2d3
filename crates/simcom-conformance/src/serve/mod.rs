//! The serve layer: the model as a virtual module on a pseudo-terminal, at wall time
//! (`serve --pty`), with the in-memory server or a real one behind it.
//!
//! Firmware developers point their own driver at the printed path as if it were the module's
//! UART. The terminal is put into raw mode here (many C clients only set the baud rate), and
//! the slave end stays open inside the server so that a client closing and reopening the port
//! does not make reads on the master fail.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant as WallInstant};

use nix::fcntl::OFlag;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::pty::{grantpt, posix_openpt, ptsname_r, unlockpt};
use nix::sys::inotify::{AddWatchFlags, InitFlags, Inotify};
use nix::sys::termios::{FlushArg, tcflush};
use nix::sys::termios::{SetArg, cfmakeraw, tcgetattr, tcsetattr};
use simcom_ftp_model::sim::{Livelock, Sim};
use std::os::unix::fs::OpenOptionsExt;

use crate::target::{LivePeer, Wall, WallClock};

/// How long the server sleeps while no client has the terminal open.
const NO_CLIENT_TICK: Duration = Duration::from_millis(20);

/// The virtual module failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// A pseudo-terminal call failed.
    #[error("pty: {what}: {source}")]
    Pty {
        /// The call.
        what: &'static str,
        /// The error.
        #[source]
        source: nix::errno::Errno,
    },
    /// Reading or writing the terminal failed.
    #[error("pty: {what}: {source}")]
    Io {
        /// The operation.
        what: &'static str,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// The model kept producing output without settling.
    #[error("model: {0}")]
    Livelock(#[from] Livelock),
    /// The server thread panicked.
    #[error("pty: the server thread panicked")]
    Panicked,
}

fn pty(what: &'static str) -> impl FnOnce(nix::errno::Errno) -> ServeError {
    move |source| ServeError::Pty { what, source }
}

fn io(what: &'static str) -> impl FnOnce(std::io::Error) -> ServeError {
    move |source| ServeError::Io { what, source }
}

/// A fault of the link between the host and the virtual module, as a rack meets them: what
/// the fault matrix's link columns inject ([`VirtualModule::inject`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkFault {
    /// The port goes away: the pseudo-terminal closes (a USB serial adapter unplugged).
    Vanish,
    /// The module stops transmitting; it keeps reading and running.
    Silent,
    /// The module stops reading the host's bytes (and so answers nothing more).
    Deaf,
    /// The module resets ([`simcom_ftp_model::Module::reset`]): a running session ends without a
    /// word, and it prints its power-up lines, `RDY` first.
    Reset,
}

/// When an injected [`LinkFault`] strikes, counted from the virtual module's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    /// At once.
    Now,
    /// Once the module has transmitted this many bytes.
    Output(u64),
    /// Once the module has read this many bytes of the host's.
    Input(u64),
}

impl After {
    /// Whether the point is reached, `output` bytes transmitted and `input` read.
    ///
    /// ```
    /// use simcom_conformance::serve::After;
    /// assert!(After::Output(10).reached(10, 0) && !After::Input(10).reached(10, 9));
    /// ```
    pub fn reached(self, output: u64, input: u64) -> bool {
        match self {
            Self::Now => true,
            Self::Output(n) => output >= n,
            Self::Input(n) => input >= n,
        }
    }

    /// How many more bytes may be transmitted (`input: false`) or read (`input: true`) before
    /// the point, so that a transfer stops exactly there; `usize::MAX` when the point is not
    /// on that side or already passed.
    fn room(self, input: bool, output_done: u64, input_done: u64) -> usize {
        let left = match self {
            Self::Output(n) if !input => n.checked_sub(output_done),
            Self::Input(n) if input => n.checked_sub(input_done),
            _ => None,
        };
        left.filter(|&l| l > 0)
            .map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX))
    }
}

/// A fault waiting to strike.
type Armed = Arc<std::sync::Mutex<Option<(LinkFault, After)>>>;

/// A running virtual module.
#[derive(Debug)]
pub struct VirtualModule {
    path: PathBuf,
    stop: Arc<AtomicBool>,
    armed: Armed,
    thread: Option<JoinHandle<Result<(), ServeError>>>,
}

impl VirtualModule {
    /// Opens a pseudo-terminal and runs `sim` behind it on a thread, at wall time: the
    /// in-memory server (`Sim`) or a real one (`Sim<RealNet>`).
    ///
    /// ```no_run
    /// use simcom_conformance::serve::VirtualModule;
    /// use simcom_ftp_model::{Module, Profile, server::Server, sim::Sim};
    /// let vm = VirtualModule::start(Sim::new(Module::new(Profile::default()), Server::default())).unwrap();
    /// println!("{}", vm.path().display()); // e.g. /dev/pts/3
    /// vm.stop().unwrap();
    /// ```
    pub fn start<P: LivePeer>(sim: Sim<P>) -> Result<Self, ServeError> {
        let model = sim.with_clock(WallClock::start());
        // Both ends close on exec: a child process started meanwhile (by the embedding
        // program, or another test) must not keep the terminal open after the module closes it.
        let master = posix_openpt(OFlag::O_RDWR | OFlag::O_NOCTTY | OFlag::O_CLOEXEC)
            .map_err(pty("posix_openpt"))?;
        grantpt(&master).map_err(pty("grantpt"))?;
        unlockpt(&master).map_err(pty("unlockpt"))?;
        let path = PathBuf::from(ptsname_r(&master).map_err(pty("ptsname"))?);
        let slave: OwnedFd = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(nix::libc::O_NOCTTY)
            .open(&path)
            .map_err(io("slave"))?
            .into();
        let mut attrs = tcgetattr(slave.as_fd()).map_err(self::pty("tcgetattr"))?;
        cfmakeraw(&mut attrs);
        tcsetattr(slave.as_fd(), SetArg::TCSANOW, &attrs).map_err(self::pty("tcsetattr"))?;
        // Watched before the path is handed out, so that no client's open is missed.
        let clients = Inotify::init(InitFlags::IN_NONBLOCK | InitFlags::IN_CLOEXEC)
            .map_err(self::pty("inotify_init"))?;
        clients
            .add_watch(&path, AddWatchFlags::IN_OPEN | AddWatchFlags::IN_CLOSE)
            .map_err(self::pty("inotify_add_watch"))?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let armed = Armed::default();
        let fault = Arc::clone(&armed);
        let thread = std::thread::Builder::new()
            .name("virtual-module".into())
            .spawn(move || {
                Terminal {
                    master: File::from(OwnedFd::from(master)),
                    slave,
                    clients,
                    open: 0,
                    first_open: None,
                }
                .serve(model, &flag, &fault)
            })
            .map_err(io("thread"))?;
        Ok(Self {
            path,
            stop,
            armed,
            thread: Some(thread),
        })
    }

    /// Whether the server has ended (an I/O or model error; [`Self::stop`] reports it).
    pub fn has_ended(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// Arms a link fault: it strikes `after` (one at a time; a new one replaces one that has
    /// not struck yet). [`LinkFault::Vanish`] ends the module: [`Self::has_ended`] turns true.
    ///
    /// ```no_run
    /// use simcom_conformance::serve::{After, LinkFault, VirtualModule};
    /// use simcom_ftp_model::{Module, Profile, server::Server, sim::Sim};
    /// let vm = VirtualModule::start(Sim::new(Module::new(Profile::default()), Server::default())).unwrap();
    /// vm.inject(LinkFault::Reset, After::Output(1500)); // mid-download: the host sees RDY
    /// ```
    pub fn inject(&self, fault: LinkFault, after: After) {
        if let Ok(mut armed) = self.armed.lock() {
            *armed = Some((fault, after));
        }
    }

    /// The slave end: the "serial port" of the virtual module.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Stops the module; reports an I/O error that ended it early.
    pub fn stop(mut self) -> Result<(), ServeError> {
        self.shutdown()
    }

    fn shutdown(&mut self) -> Result<(), ServeError> {
        self.stop.store(true, Ordering::Relaxed);
        match self.thread.take() {
            Some(t) => t.join().map_err(|_| ServeError::Panicked)?,
            None => Ok(()),
        }
    }
}

impl Drop for VirtualModule {
    fn drop(&mut self) {
        let _ = self.shutdown();
    }
}

/// How long after the CR of a command line that started a host data phase an LF still counts
/// as that line's CR LF end: a UART delivers the two together, but a pseudo-terminal may split
/// them between reads (and a host may write them separately), and the LF must not become the
/// first data byte (spec decision 41).
const LINE_END_WINDOW: Duration = Duration::from_millis(20);

/// Module output not yet taken by the client, beyond which the server stops reading host
/// input until the client reads (a UART with flow control would stop the host too).
const MAX_PENDING_OUTPUT: usize = 4 << 20;

/// The pseudo-terminal and who has its slave end open.
struct Terminal {
    /// The module's side (non-blocking).
    master: File,
    /// Kept open for the server's lifetime: see the module docs.
    slave: OwnedFd,
    /// Opens and closes of the slave end by clients (inotify), which the server's own open
    /// of `slave` does not produce.
    clients: Inotify,
    /// How many client opens of the slave end are not closed yet.
    open: usize,
    /// When the first client opened the port. Until then, and for [`POWER_ON_DELAY`] after,
    /// the module's output waits: a world that starts at power-up prints `RDY` … to the host
    /// that is there when the module powers on (a host opens the port, which may flush it,
    /// then powers the module on).
    first_open: Option<WallInstant>,
}

/// How long after the first client opens the port the module's first output (a power-up
/// world's `RDY` …) goes out: the host has opened the port (pyserial flushes its input on
/// open) and set it up by then.
const POWER_ON_DELAY: Duration = Duration::from_millis(300);

/// What [`Terminal::wait`] found.
#[derive(Debug, Default)]
struct Ready {
    readable: bool,
    clients: bool,
}

impl Terminal {
    /// Waits up to `timeout` for host input (when `want_read`), room for output (when
    /// `want_write`: the write that follows finds out how much) or a client opening or
    /// closing the port. Nothing else wakes it: a
    /// client that writes while the server holds back its input, or that does not read,
    /// costs no CPU.
    fn wait(
        &self,
        timeout: Duration,
        want_read: bool,
        want_write: bool,
    ) -> Result<Ready, ServeError> {
        let mut flags = PollFlags::empty();
        if want_read {
            flags |= PollFlags::POLLIN;
        }
        if want_write {
            flags |= PollFlags::POLLOUT;
        }
        let mut fds = [
            PollFd::new(self.master.as_fd(), flags),
            PollFd::new(self.clients.as_fd(), PollFlags::POLLIN),
        ];
        let ms = PollTimeout::try_from(timeout).unwrap_or(PollTimeout::ZERO);
        match poll(&mut fds, ms) {
            Ok(n) if n > 0 => {
                let r = fds[0].revents().unwrap_or(PollFlags::empty());
                let c = fds[1].revents().unwrap_or(PollFlags::empty());
                Ok(Ready {
                    readable: r.contains(PollFlags::POLLIN),
                    clients: c.contains(PollFlags::POLLIN),
                })
            }
            Ok(_) | Err(nix::errno::Errno::EINTR) => Ok(Ready::default()),
            Err(e) => Err(pty("poll")(e)),
        }
    }

    /// Counts client opens and closes. When the last client has gone, or a first one comes
    /// back, the line is made fresh: module output nobody took is dropped (a UART's bytes with
    /// nobody on the line are lost), and so is what a client that went away left unfinished
    /// (its unread input, the command line it was typing). The very first client gets what
    /// the module printed before it came: its power-up lines. Returns whether a client is on
    /// the line.
    fn clients_changed<P: LivePeer>(
        &mut self,
        model: &mut Wall<P>,
        pending: &mut Vec<u8>,
    ) -> Result<bool, ServeError> {
        let events = match self.clients.read_events() {
            Ok(e) => e,
            Err(nix::errno::Errno::EAGAIN | nix::errno::Errno::EINTR) => Vec::new(),
            Err(e) => return Err(pty("inotify read")(e)),
        };
        let mut fresh = false;
        let mut gone = false;
        for e in events {
            if e.mask.contains(AddWatchFlags::IN_OPEN) {
                fresh |= self.open == 0;
                self.open += 1;
            }
            if e.mask.intersects(AddWatchFlags::IN_CLOSE) {
                self.open = self.open.saturating_sub(1);
                gone |= self.open == 0;
            }
        }
        let first = fresh && self.first_open.is_none();
        if first {
            self.first_open = Some(WallInstant::now());
        }
        if (fresh && !first) || gone {
            pending.clear();
            drop(model.take_output());
            // Output written to the terminal that no client read.
            tcflush(self.slave.as_fd(), FlushArg::TCIFLUSH).map_err(pty("tcflush"))?;
        }
        if gone {
            model.module.host_gone();
            if self.open == 0 {
                // Input the client wrote and the server had not read yet. (A new client that
                // opened and wrote in the same instant keeps its bytes.)
                let mut buf = [0u8; 4096];
                while let Some(n) = read_some(&mut self.master, &mut buf)? {
                    if n == 0 {
                        break;
                    }
                }
            }
        }
        Ok(self.open > 0)
    }

    /// Whether the module's output still waits for the first client (see `first_open`).
    fn powering_on(&self) -> bool {
        self.first_open.is_none_or(|t| t.elapsed() < POWER_ON_DELAY)
    }

    fn serve<P: LivePeer>(
        mut self,
        mut model: Wall<P>,
        stop: &AtomicBool,
        armed: &std::sync::Mutex<Option<(LinkFault, After)>>,
    ) -> Result<(), ServeError> {
        // Non-blocking: a client that writes without reading must not stop the server (its
        // output waits in `pending`, and input keeps being read up to a bound).
        nix::fcntl::fcntl(
            self.master.as_fd(),
            nix::fcntl::FcntlArg::F_SETFL(nix::fcntl::OFlag::O_NONBLOCK),
        )
        .map_err(pty("fcntl"))?;
        let mut buf = vec![0u8; 4096];
        let mut pending: Vec<u8> = Vec::new();
        let mut on_line = false;
        // Bytes transmitted and read so far, and the link faults that struck.
        let (mut sent, mut taken) = (0u64, 0u64);
        let (mut silent, mut deaf) = (false, false);
        while !stop.load(Ordering::Relaxed) {
            let wait = match model.next_deadline() {
                Some(t) => t
                    .saturating_duration_since(model.clock().elapsed())
                    .min(P::TICK),
                None => P::TICK,
            };
            // Host input waits while the client leaves too much output unread (a UART with
            // flow control would stop the host too).
            let want_read = pending.len() < MAX_PENDING_OUTPUT && !deaf;
            // A fault armed for a point in the input: read up to that point, not past it.
            let point = armed.lock().ok().and_then(|a| *a).map(|(_, after)| after);
            let read_upto = point.map_or(usize::MAX, |p| p.room(true, sent, taken));
            let ready = self.wait(
                wait,
                want_read,
                on_line && !pending.is_empty() && !self.powering_on(),
            )?;
            if ready.clients {
                on_line = self.clients_changed(&mut model, &mut pending)?;
            }
            model.tick()?;
            if ready.readable
                && want_read
                && let Some(n) = read_some(&mut self.master, &mut buf[..read_upto.min(4096)])?
            {
                taken += n as u64;
                model.send(&buf[..n])?;
                if n > 0 && buf[n - 1] == b'\r' && model.module.data_mode() {
                    line_end_lf(&mut model, &mut self.master, &mut buf)?;
                }
            }
            pending.extend(model.take_output());
            // A link fault strikes between the module's step and its transmission, so that
            // the step's output is already under it.
            let due = armed.lock().ok().and_then(|mut a| {
                let (fault, after) = (*a)?;
                after.reached(sent, taken).then(|| {
                    *a = None;
                    fault
                })
            });
            match due {
                Some(LinkFault::Vanish) => {
                    // The terminal closes now, before the model and its network (a real
                    // network's workers may take their I/O timeout to end).
                    drop(self);
                    return Ok(());
                }
                Some(LinkFault::Silent) => silent = true,
                Some(LinkFault::Deaf) => deaf = true,
                Some(LinkFault::Reset) => {
                    // What the module had not transmitted yet is lost with it.
                    pending.clear();
                    model.module.reset();
                    model.settle()?;
                    pending.extend(model.take_output());
                }
                None => {}
            }
            if (!on_line && self.first_open.is_some()) || silent {
                // Nobody on the line (any more), or a module that transmits nothing: the
                // bytes are lost, as on a UART. Before the first client, they wait for it.
                pending.clear();
            }
            // A fault armed for a point in the output: transmit up to that point, not past it.
            let upto = armed
                .lock()
                .ok()
                .and_then(|a| *a)
                .map_or(usize::MAX, |(_, p)| p.room(false, sent, taken));
            if !pending.is_empty() && !self.powering_on() {
                match self.master.write(&pending[..pending.len().min(upto)]) {
                    Ok(n) => {
                        sent += n as u64;
                        pending.drain(..n);
                    }
                    Err(e)
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::Interrupted
                        ) => {}
                    Err(e) => return Err(io("write")(e)),
                }
            }
        }
        Ok(())
    }
}

/// Waits up to `timeout` for the master to become readable.
fn readable(file: &File, timeout: Duration) -> Result<bool, ServeError> {
    let mut fds = [PollFd::new(file.as_fd(), PollFlags::POLLIN)];
    let ms = PollTimeout::try_from(timeout).unwrap_or(PollTimeout::ZERO);
    match poll(&mut fds, ms) {
        Ok(n) if n > 0 => Ok(fds[0]
            .revents()
            .unwrap_or(PollFlags::empty())
            .contains(PollFlags::POLLIN)),
        Ok(_) | Err(nix::errno::Errno::EINTR) => Ok(false),
        Err(e) => Err(pty("poll")(e)),
    }
}

/// Reads what the client wrote into `buf`; `None` when nothing could be read now.
fn read_some(file: &mut File, buf: &mut [u8]) -> Result<Option<usize>, ServeError> {
    match file.read(buf) {
        Ok(n) => Ok(Some(n)),
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::Interrupted | std::io::ErrorKind::WouldBlock
            ) =>
        {
            Ok(None)
        }
        // No client has the port open: nothing to read yet.
        Err(e) if e.raw_os_error() == Some(nix::libc::EIO) => {
            std::thread::sleep(NO_CLIENT_TICK);
            Ok(None)
        }
        Err(e) => Err(io("read")(e)),
    }
}

/// A command line ended by the CR that was just handed over started a host data phase: an LF
/// that follows within [`LINE_END_WINDOW`] is that line's CR LF end, not the first data byte
/// (spec decision 41; the model itself can only see an LF that came in the same write).
fn line_end_lf<P: LivePeer>(
    model: &mut Wall<P>,
    file: &mut File,
    buf: &mut [u8],
) -> Result<(), ServeError> {
    let t0 = WallInstant::now();
    while t0.elapsed() < LINE_END_WINDOW {
        if !readable(file, LINE_END_WINDOW.saturating_sub(t0.elapsed()))? {
            continue;
        }
        match read_some(file, buf)? {
            Some(n) if n > 0 => {
                let data = if buf[0] == b'\n' {
                    &buf[1..n]
                } else {
                    &buf[..n]
                };
                return Ok(model.send(data)?);
            }
            _ => return Ok(()),
        }
    }
    Ok(())
}
