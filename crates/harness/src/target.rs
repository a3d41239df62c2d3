//! Where a transcript is replayed: the model at virtual time, or a live module on a serial
//! port at real time. The replay engine only sees this trait.

use std::time::Duration;

use simcom_ftp::Instant;
use simcom_ftp::sim::Sim;

/// A target failed: the port vanished, an I/O error, the model livelocked.
#[derive(Debug)]
pub struct TargetError(pub String);

impl std::fmt::Display for TargetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TargetError {}

/// A module the harness talks to.
pub trait Target {
    /// Writes host bytes.
    fn write(&mut self, bytes: &[u8]) -> Result<(), TargetError>;

    /// What the module printed, waiting until the target's clock reaches `deadline` at most
    /// for the first byte. An empty answer means nothing came by then (and the clock is at
    /// or past `deadline`).
    fn read_until(&mut self, deadline: Duration) -> Result<Vec<u8>, TargetError>;

    /// The target's clock: time since the run started (virtual on the model).
    fn now(&self) -> Duration;

    /// A short description for reports (`model`, `serial:/dev/ttyUSB2 @ 115200`).
    fn describe(&self) -> String;
}

/// The model with its in-memory server, at virtual time: a wait costs nothing.
#[derive(Debug)]
pub struct ModelTarget {
    /// The simulation.
    pub sim: Sim,
}

impl ModelTarget {
    /// Wraps a simulation.
    pub fn new(sim: Sim) -> Self {
        Self { sim }
    }
}

fn instant(d: Duration) -> Instant {
    Instant::from_millis(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn livelock(e: simcom_ftp::sim::Livelock) -> TargetError {
    TargetError(format!("model: {e}"))
}

impl Target for ModelTarget {
    fn write(&mut self, bytes: &[u8]) -> Result<(), TargetError> {
        self.sim.send(bytes).map_err(livelock)
    }

    fn read_until(&mut self, deadline: Duration) -> Result<Vec<u8>, TargetError> {
        let limit = instant(deadline);
        loop {
            if !self.sim.output().is_empty() {
                return Ok(self.sim.take_output());
            }
            // Jump to the next thing that happens, if it happens before the deadline.
            if self.sim.step(limit).map_err(livelock)?.is_none() {
                if self.sim.now() < limit {
                    self.sim.advance_to(limit).map_err(livelock)?;
                }
                return Ok(self.sim.take_output());
            }
        }
    }

    fn now(&self) -> Duration {
        Duration::from_millis(self.sim.now().as_millis())
    }

    fn describe(&self) -> String {
        "model".to_string()
    }
}
