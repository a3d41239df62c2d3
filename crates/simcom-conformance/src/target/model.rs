//! The model with its in-memory server, at virtual time.

use std::time::Duration;

use simcom_ftp_model::Instant;
use simcom_ftp_model::sim::Sim;

use super::{Clock, Target, TargetError};

/// The model with its in-memory server, at virtual time: a wait costs nothing.
///
/// ```
/// use simcom_conformance::target::{ModelTarget, Target};
/// use simcom_ftp_model::{Module, Profile, server::Server, sim::Sim};
/// let mut t = ModelTarget::new(Sim::new(Module::new(Profile::default()), Server::default()));
/// t.write(b"AT\r").unwrap();
/// assert_eq!(t.read_until(std::time::Duration::from_secs(1)).unwrap(), b"AT\r\r\nOK\r\n");
/// ```
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

impl Target for ModelTarget {
    fn write(&mut self, bytes: &[u8]) -> Result<(), TargetError> {
        Ok(self.sim.send(bytes)?)
    }

    fn read_until(&mut self, deadline: Duration) -> Result<Vec<u8>, TargetError> {
        let limit = instant(deadline);
        loop {
            if !self.sim.output().is_empty() {
                return Ok(self.sim.take_output());
            }
            // Jump to the next thing that happens, if it happens before the deadline.
            if self.sim.step(limit)?.is_none() {
                if self.sim.now() < limit {
                    self.sim.advance_to(limit)?;
                }
                return Ok(self.sim.take_output());
            }
        }
    }

    fn now(&self) -> Duration {
        Duration::from_millis(self.sim.now().as_millis())
    }

    fn clock(&self) -> Clock {
        Clock::Virtual
    }

    fn describe(&self) -> String {
        "model".to_string()
    }
}
