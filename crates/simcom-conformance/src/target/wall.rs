//! The model on the wall clock: [`Wall`], one driver for the in-memory server behind a
//! pseudo-terminal and for the real-network driver behind a target or a pseudo-terminal.

use std::time::Duration;

use simcom_ftp_model::net::Peer;
use simcom_ftp_model::server::Server;
use simcom_ftp_model::sim::{Livelock, Sim};
use simcom_ftp_model::{Instant, Module};

use crate::realnet::RealNet;

/// A [`Peer`] the model can run against at wall time.
pub trait LivePeer: Peer + Send + 'static {
    /// The longest a wall-time loop waits on other input (a terminal) before it looks at the
    /// peer again.
    const TICK: Duration;

    /// Blocks until the peer may have something new for [`Peer::poll_reply`], or `max` has
    /// passed. A peer whose replies are all scheduled ([`Peer::poll_timeout`]) just sleeps.
    fn wait(&mut self, max: Duration) {
        std::thread::sleep(max);
    }
}

impl LivePeer for Server {
    const TICK: Duration = Duration::from_millis(20);
}

impl LivePeer for RealNet {
    /// Answers arrive on a channel, not on the terminal: look at them often.
    const TICK: Duration = Duration::from_millis(5);

    fn wait(&mut self, max: Duration) {
        RealNet::wait(self, max);
    }
}

/// A [`Sim`] on the wall clock: its time is the time since this was made.
///
/// ```
/// use simcom_conformance::target::Wall;
/// use simcom_ftp_model::{Module, Profile, server::Server, sim::Sim};
/// let mut wall = Wall::new(Sim::new(Module::new(Profile::default()), Server::default()));
/// wall.send(b"AT\r").unwrap();
/// assert_eq!(wall.take_output(), b"AT\r\r\nOK\r\n");
/// ```
#[derive(Debug)]
pub struct Wall<P = Server> {
    /// The model and its peer.
    pub sim: Sim<P>,
    start: std::time::Instant,
}

impl<P: LivePeer> Wall<P> {
    /// Starts the clock at zero now.
    pub fn new(sim: Sim<P>) -> Self {
        Self {
            sim,
            start: std::time::Instant::now(),
        }
    }

    /// Wall time since [`Wall::new`].
    pub fn now(&self) -> Instant {
        Instant::from_millis(u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX))
    }

    /// Runs what fell due up to now: the module's timers and the peer's replies.
    pub fn tick(&mut self) -> Result<(), Livelock> {
        let now = self.now();
        self.sim.advance_to(now)
    }

    /// The host writes `bytes` now.
    pub fn send(&mut self, bytes: &[u8]) -> Result<(), Livelock> {
        self.tick()?;
        self.sim.send(bytes)
    }

    /// Bytes the module transmitted since the last call.
    pub fn take_output(&mut self) -> Vec<u8> {
        self.sim.take_output()
    }

    /// The next instant at which the module or the peer has something to do (a real
    /// network's answer that has not arrived yet is not known).
    pub fn next_deadline(&self) -> Option<Instant> {
        self.sim.next_deadline()
    }

    /// The module.
    pub fn module(&self) -> &Module {
        &self.sim.module
    }

    /// Blocks until the next deadline, something from the peer, or `max`, whichever is first.
    pub fn wait(&mut self, max: Duration) {
        let now = self.now();
        let wait = self
            .next_deadline()
            .map_or(max, |t| t.saturating_duration_since(now).min(max));
        self.sim.server.wait(wait.max(Duration::from_millis(1)));
    }
}
