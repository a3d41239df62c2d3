//! The model with a real network as a virtual module on a pseudo-terminal
//! (`serve --pty --server`): what [`crate::pty::VirtualModule`] is for the in-memory server.
//! The terminal is raw and the slave end stays open inside the server, as there.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::pty::openpty;
use nix::sys::termios::{SetArg, cfmakeraw, tcgetattr, tcsetattr};

use super::WallSim;

/// The longest the server waits on the terminal before it looks at the network, the clock and
/// the stop flag again (network replies arrive on a channel, not on the terminal).
const TICK: Duration = Duration::from_millis(5);

/// A running virtual module whose FTP sessions go to a real server.
#[derive(Debug)]
pub struct RealModule {
    path: PathBuf,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<Result<(), String>>>,
}

fn err(what: &str, e: impl std::fmt::Display) -> String {
    format!("pty: {what}: {e}")
}

impl RealModule {
    /// Opens a pseudo-terminal and runs `sim` behind it on a thread.
    ///
    /// ```no_run
    /// use simcom_conformance::realnet::{RealModule, RealNet, WallSim};
    /// use simcom_ftp::{Module, Profile};
    /// let net = RealNet::new(Default::default(), Default::default(), None);
    /// let vm = RealModule::start(WallSim::new(Module::new(Profile::default()), net)).unwrap();
    /// println!("{}", vm.path().display());
    /// vm.stop().unwrap();
    /// ```
    pub fn start(sim: WallSim) -> Result<Self, String> {
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
            .name("virtual-module-realnet".into())
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

impl Drop for RealModule {
    fn drop(&mut self) {
        let _ = self.shutdown();
    }
}

fn serve(
    mut sim: WallSim,
    master: OwnedFd,
    slave: OwnedFd,
    stop: &AtomicBool,
) -> Result<(), String> {
    let _slave = slave;
    let mut file = File::from(master);
    let mut buf = vec![0u8; 4096];
    while !stop.load(Ordering::Relaxed) {
        let now = sim.now();
        let wait = sim
            .next_deadline()
            .map_or(TICK, |t| t.saturating_duration_since(now).min(TICK));
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
        sim.tick().map_err(|e| err("model", e))?;
        if readable {
            match file.read(&mut buf) {
                Ok(n) => sim.send(&buf[..n]).map_err(|e| err("model", e))?,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
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
