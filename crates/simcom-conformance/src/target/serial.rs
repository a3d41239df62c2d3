//! The `serial` target: a live module (or the virtual module of `serve --pty`) on a serial
//! port, at real time. Every wait is bounded; a vanished port is an error, never a hang.

use std::fs::File;
use std::io::{ErrorKind, Write};
use std::os::fd::AsFd;
use std::os::unix::fs::OpenOptionsExt;

use serialport::SerialPort;

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use std::time::{Duration, Instant};

use super::{Clock, Target, TargetError};

/// How to open the port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerialConfig {
    /// The device, e.g. `/dev/ttyUSB2`.
    pub path: String,
    /// Baud rate (115200 by default).
    pub baud: u32,
    /// RTS/CTS hardware flow control.
    pub rtscts: bool,
    /// The longest one write may wait for the module to take bytes (flow control held off,
    /// or a module that stopped reading) before it fails with what got through.
    pub write_timeout: Duration,
}

impl SerialConfig {
    /// A port at 115200 baud without flow control.
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            baud: 115_200,
            rtscts: false,
            write_timeout: WRITE_TIMEOUT,
        }
    }
}

/// A module on a serial port.
///
/// The port is non-blocking: every write waits for the port to take bytes in slices of
/// 50 ms, up to [`SerialConfig::write_timeout`], and reads what the module prints meanwhile
/// (a module that echoes a long upload stops reading when nobody reads its echo), so no
/// call blocks longer than its bound.
pub struct SerialTarget {
    /// The port's settings (baud rate, raw mode, flow control) and its exclusive lock.
    _settings: serialport::TTYPort,
    /// The same device, opened non-blocking for reads and writes.
    port: File,
    config: SerialConfig,
    start: Instant,
    /// What the module printed while a write waited, handed out by the next read.
    inbox: Vec<u8>,
}

impl std::fmt::Debug for SerialTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SerialTarget")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The longest single blocking read or write: every wait is made of these.
const POLL: Duration = Duration::from_millis(50);
/// The default of [`SerialConfig::write_timeout`].
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

fn port_error(path: &str, e: impl Into<std::io::Error>) -> TargetError {
    TargetError::Port {
        path: path.to_string(),
        source: e.into(),
    }
}

impl SerialTarget {
    /// Opens the port and drops whatever the module printed before.
    pub fn open(config: &SerialConfig) -> Result<Self, TargetError> {
        let flow = if config.rtscts {
            serialport::FlowControl::Hardware
        } else {
            serialport::FlowControl::None
        };
        // Non-blocking: a blocking write() of more than the port's free buffer waits for the
        // module to read, for ever if it stopped (serialport's timeout bounds only the wait
        // before the first byte). Opened before serialport takes the port's exclusive lock.
        let port = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(nix::libc::O_NOCTTY | nix::libc::O_NONBLOCK)
            .open(&config.path)
            .map_err(|e| port_error(&config.path, e))?;
        let settings = serialport::new(&config.path, config.baud)
            .flow_control(flow)
            .timeout(POLL)
            .open_native()
            .map_err(|e| port_error(&config.path, e))?;
        let _ = settings.clear(serialport::ClearBuffer::All);
        Ok(Self {
            _settings: settings,
            port,
            config: config.clone(),
            start: Instant::now(),
            inbox: Vec::new(),
        })
    }
}

/// An error that means "not now": try again after the next wait.
fn transient(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::TimedOut | ErrorKind::Interrupted | ErrorKind::WouldBlock
    )
}

impl SerialTarget {
    /// Waits up to `timeout` for the port to have bytes to read or, when `write`, room to
    /// write. Returns (readable, writable); a hang-up or an error event counts as readable, so
    /// that the read reports it.
    fn wait(&self, timeout: Duration, write: bool) -> Result<(bool, bool), TargetError> {
        let mut flags = PollFlags::POLLIN;
        if write {
            flags |= PollFlags::POLLOUT;
        }
        let mut fds = [PollFd::new(self.port.as_fd(), flags)];
        let ms = PollTimeout::try_from(timeout).unwrap_or(PollTimeout::MAX);
        match poll(&mut fds, ms) {
            Ok(n) if n > 0 => {
                let r = fds[0].revents().unwrap_or(PollFlags::empty());
                Ok((
                    r.intersects(PollFlags::POLLIN | PollFlags::POLLHUP | PollFlags::POLLERR),
                    r.contains(PollFlags::POLLOUT),
                ))
            }
            Ok(_) | Err(nix::errno::Errno::EINTR) => Ok((false, false)),
            Err(e) => Err(port_error(&self.config.path, e)),
        }
    }

    /// Reads what the port holds now into the inbox.
    fn read_into_inbox(&mut self) -> Result<(), TargetError> {
        let mut buf = [0u8; 4096];
        match nix::unistd::read(&self.port, &mut buf) {
            // Readable, yet nothing to read: the other end hung up (a pseudo-terminal's
            // master closed, an adapter unplugged).
            Ok(0) => Err(port_error(
                &self.config.path,
                std::io::Error::new(ErrorKind::UnexpectedEof, "the port hung up"),
            )),
            Ok(n) => {
                self.inbox.extend_from_slice(&buf[..n]);
                Ok(())
            }
            Err(nix::errno::Errno::EAGAIN | nix::errno::Errno::EINTR) => Ok(()),
            Err(e) => Err(port_error(&self.config.path, e)),
        }
    }
}

impl Target for SerialTarget {
    fn write(&mut self, bytes: &[u8]) -> Result<(), TargetError> {
        let start = Instant::now();
        let mut rest = bytes;
        while !rest.is_empty() {
            let (readable, writable) = self.wait(POLL, true)?;
            if readable {
                self.read_into_inbox()?;
            }
            if writable {
                match self.port.write(rest) {
                    Ok(0) => {
                        return Err(port_error(
                            &self.config.path,
                            std::io::Error::new(
                                ErrorKind::WriteZero,
                                "the port accepts no more bytes",
                            ),
                        ));
                    }
                    Ok(n) => rest = &rest[n..],
                    Err(e) if transient(&e) => {}
                    Err(e) => return Err(port_error(&self.config.path, e)),
                }
            }
            if !rest.is_empty() && start.elapsed() > self.config.write_timeout {
                return Err(TargetError::WriteBlocked {
                    path: self.config.path.clone(),
                    len: bytes.len(),
                    written: bytes.len() - rest.len(),
                    waited: start.elapsed(),
                });
            }
        }
        // No flush: tcdrain() waits for the module to take every byte, without a bound; the
        // kernel sends what it holds.
        Ok(())
    }

    fn read_until(&mut self, deadline: Duration) -> Result<Vec<u8>, TargetError> {
        if !self.inbox.is_empty() {
            return Ok(std::mem::take(&mut self.inbox));
        }
        loop {
            let now = self.start.elapsed();
            if now >= deadline {
                return Ok(Vec::new());
            }
            let wait = (deadline - now).min(POLL).max(Duration::from_millis(1));
            if self.wait(wait, false)?.0 {
                self.read_into_inbox()?;
                if !self.inbox.is_empty() {
                    return Ok(std::mem::take(&mut self.inbox));
                }
            }
        }
    }

    fn now(&self) -> Duration {
        self.start.elapsed()
    }

    fn clock(&self) -> Clock {
        Clock::Wall
    }

    fn describe(&self) -> String {
        let flow = if self.config.rtscts { ", RTS/CTS" } else { "" };
        format!("serial:{} @ {}{flow}", self.config.path, self.config.baud)
    }
}
