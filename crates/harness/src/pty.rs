//! The model as a virtual module on a pseudo-terminal, at wall time (`serve --pty`).
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

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::pty::openpty;
use nix::sys::termios::{SetArg, cfmakeraw, tcgetattr, tcsetattr};
use simcom_ftp::Instant;
use simcom_ftp::sim::Sim;

/// The longest the server sleeps before it looks at the clock and the stop flag again.
const TICK: Duration = Duration::from_millis(20);

/// A running virtual module.
#[derive(Debug)]
pub struct VirtualModule {
    path: PathBuf,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<Result<(), String>>>,
}

fn err(what: &str, e: impl std::fmt::Display) -> String {
    format!("pty: {what}: {e}")
}

impl VirtualModule {
    /// Opens a pseudo-terminal and runs `sim` behind it on a thread, at wall time.
    ///
    /// ```no_run
    /// use simcom_conformance::pty::VirtualModule;
    /// use simcom_ftp::{Module, Profile, server::Server, sim::Sim};
    /// let vm = VirtualModule::start(Sim::new(Module::new(Profile::default()), Server::default())).unwrap();
    /// println!("{}", vm.path().display()); // e.g. /dev/pts/3
    /// vm.stop().unwrap();
    /// ```
    pub fn start(sim: Sim) -> Result<Self, String> {
        let pty = openpty(None, None).map_err(|e| err("openpty", e))?;
        let mut attrs = tcgetattr(pty.slave.as_fd()).map_err(|e| err("tcgetattr", e))?;
        cfmakeraw(&mut attrs);
        tcsetattr(pty.slave.as_fd(), SetArg::TCSANOW, &attrs).map_err(|e| err("tcsetattr", e))?;
        let path = std::fs::read_link(format!(
            "/proc/self/fd/{}",
            std::os::fd::AsRawFd::as_raw_fd(&pty.slave)
        ))
        .map_err(|e| err("slave path", e))?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("virtual-module".into())
            .spawn(move || serve(sim, pty.master, pty.slave, &flag))
            .map_err(|e| err("thread", e))?;
        Ok(Self {
            path,
            stop,
            thread: Some(thread),
        })
    }

    /// The slave end: the "serial port" of the virtual module.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Stops the module; reports an I/O error that ended it early.
    pub fn stop(mut self) -> Result<(), String> {
        self.shutdown()
    }

    fn shutdown(&mut self) -> Result<(), String> {
        self.stop.store(true, Ordering::Relaxed);
        match self.thread.take() {
            Some(t) => t
                .join()
                .map_err(|_| "pty: the server thread panicked".to_string())?,
            None => Ok(()),
        }
    }
}

impl Drop for VirtualModule {
    fn drop(&mut self) {
        let _ = self.shutdown();
    }
}

fn serve(mut sim: Sim, master: OwnedFd, slave: OwnedFd, stop: &AtomicBool) -> Result<(), String> {
    // Kept open for the server's lifetime: see the module docs.
    let _slave = slave;
    let mut file = File::from(master);
    let start = WallInstant::now();
    let now = |start: WallInstant| {
        Instant::from_millis(u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX))
    };
    let mut buf = vec![0u8; 4096];
    while !stop.load(Ordering::Relaxed) {
        let wait = match sim.next_deadline() {
            Some(t) => Duration::from_millis(t.as_millis().saturating_sub(now(start).as_millis()))
                .min(TICK),
            None => TICK,
        };
        let readable = {
            let mut fds = [PollFd::new(file.as_fd(), PollFlags::POLLIN)];
            let ms = PollTimeout::try_from(wait).unwrap_or(PollTimeout::ZERO);
            match poll(&mut fds, ms) {
                Ok(n) => {
                    n > 0
                        && fds[0]
                            .revents()
                            .is_some_and(|r| r.contains(PollFlags::POLLIN))
                }
                Err(nix::errno::Errno::EINTR) => false,
                Err(e) => return Err(err("poll", e)),
            }
        };
        sim.advance_to(now(start)).map_err(|e| err("model", e))?;
        if readable {
            match file.read(&mut buf) {
                Ok(n) => sim.send(&buf[..n]).map_err(|e| err("model", e))?,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                // No client has the port open: nothing to read yet.
                Err(e) if e.raw_os_error() == Some(nix::libc::EIO) => std::thread::sleep(TICK),
                Err(e) => return Err(err("read", e)),
            }
        }
        let out = sim.take_output();
        if !out.is_empty() {
            file.write_all(&out).map_err(|e| err("write", e))?;
        }
    }
    Ok(())
}
