//! The model on the wall clock: [`Wall`], the model's one driver loop ([`Sim`]) with a
//! [`WallClock`], for the in-memory server behind a pseudo-terminal and for the real-network
//! driver behind a target or a pseudo-terminal.

use std::time::Duration;

use simcom_ftp_model::Instant;
use simcom_ftp_model::net::Peer;
use simcom_ftp_model::server::Server;
use simcom_ftp_model::sim::{Clock, Sim};

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

/// The wall clock: the time since [`WallClock::start`].
#[derive(Debug, Clone, Copy)]
pub struct WallClock(std::time::Instant);

impl WallClock {
    /// A clock reading zero now.
    pub fn start() -> Self {
        Self(std::time::Instant::now())
    }

    /// The time since the start.
    pub fn elapsed(&self) -> Instant {
        Instant::from_millis(u64::try_from(self.0.elapsed().as_millis()).unwrap_or(u64::MAX))
    }
}

impl Clock for WallClock {
    fn now(&self) -> Option<Instant> {
        Some(self.elapsed())
    }
}

/// A [`Sim`] on the wall clock: every send and tick first runs what fell due by then.
///
/// ```
/// use simcom_conformance::target::{Wall, WallClock};
/// use simcom_ftp_model::{Module, Profile, server::Server, sim::Sim};
/// let sim = Sim::new(Module::new(Profile::default()), Server::default());
/// let mut wall: Wall = sim.with_clock(WallClock::start());
/// wall.send(b"AT\r").unwrap();
/// assert_eq!(wall.take_output(), b"AT\r\r\nOK\r\n");
/// ```
pub type Wall<P = Server> = Sim<P, WallClock>;

/// Blocks until `wall`'s next deadline, something from its peer, or `max`, whichever is first.
pub(super) fn wait<P: LivePeer>(wall: &mut Wall<P>, max: Duration) {
    let now = wall.clock().elapsed();
    let wait = wall
        .next_deadline()
        .map_or(max, |t| t.saturating_duration_since(now).min(max));
    wall.server.wait(wait.max(Duration::from_millis(1)));
}
