//! The `serial` target: a live module (or the virtual module of `serve --pty`) on a serial
//! port, at real time. Every wait is bounded; a vanished port is an error, never a hang.

use std::io::{ErrorKind, Read, Write};
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
}

impl SerialConfig {
    /// A port at 115200 baud without flow control.
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            baud: 115_200,
            rtscts: false,
        }
    }
}

/// A module on a serial port.
pub struct SerialTarget {
    port: Box<dyn serialport::SerialPort>,
    config: SerialConfig,
    start: Instant,
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
/// The longest a write may block (flow control held off by the module).
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

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
        let port = serialport::new(&config.path, config.baud)
            .flow_control(flow)
            .timeout(POLL)
            .open()
            .map_err(|e| port_error(&config.path, e))?;
        let _ = port.clear(serialport::ClearBuffer::All);
        Ok(Self {
            port,
            config: config.clone(),
            start: Instant::now(),
        })
    }
}

impl Target for SerialTarget {
    fn write(&mut self, bytes: &[u8]) -> Result<(), TargetError> {
        let start = Instant::now();
        let mut rest = bytes;
        while !rest.is_empty() {
            match self.port.write(rest) {
                Ok(0) => {
                    return Err(port_error(
                        &self.config.path,
                        std::io::Error::new(ErrorKind::WriteZero, "the port accepts no more bytes"),
                    ));
                }
                Ok(n) => rest = &rest[n..],
                Err(e) if e.kind() == ErrorKind::TimedOut || e.kind() == ErrorKind::Interrupted => {
                }
                Err(e) => return Err(port_error(&self.config.path, e)),
            }
            if start.elapsed() > WRITE_TIMEOUT {
                return Err(TargetError::WriteBlocked {
                    path: self.config.path.clone(),
                    len: bytes.len(),
                    written: bytes.len() - rest.len(),
                    waited: start.elapsed(),
                });
            }
        }
        self.port
            .flush()
            .map_err(|e| port_error(&self.config.path, e))
    }

    fn read_until(&mut self, deadline: Duration) -> Result<Vec<u8>, TargetError> {
        let mut buf = vec![0u8; 4096];
        loop {
            let now = self.start.elapsed();
            if now >= deadline {
                return Ok(Vec::new());
            }
            let wait = (deadline - now).min(POLL).max(Duration::from_millis(1));
            self.port
                .set_timeout(wait)
                .map_err(|e| port_error(&self.config.path, e))?;
            match self.port.read(&mut buf) {
                Ok(0) => std::thread::sleep(wait.min(Duration::from_millis(5))),
                Ok(n) => {
                    buf.truncate(n);
                    return Ok(buf);
                }
                Err(e) if e.kind() == ErrorKind::TimedOut || e.kind() == ErrorKind::Interrupted => {
                }
                Err(e) => return Err(port_error(&self.config.path, e)),
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
