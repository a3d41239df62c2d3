//! The one driver loop: the module wired to a network [`Peer`].
//!
//! [`Sim`] is what tests and the conformance harness use: host bytes go in, module bytes come
//! out, and time only passes when asked ([`Sim::advance_to`], [`Sim::step`]). Every request of
//! the module goes to the peer (by default the in-memory [`Server`]); every reply comes back
//! when it falls due.
//!
//! Its time comes from a [`Clock`]. At [`Virtual`] time (the default) it moves only when the
//! caller moves it: a test jumps from deadline to deadline with [`Sim::step`]. On a clock that
//! runs by itself (the conformance harness's wall clock, for its virtual module and its
//! real-network driver), [`Sim::send`] and [`Sim::tick`] first run everything that fell due up
//! to the clock's reading. One loop either way.

use alloc::vec::Vec;

use crate::module::{Input, Module, Output};
use crate::net::Peer;
use crate::server::Server;
use crate::time::Instant;

/// Most outputs one settling may exchange before [`Sim`] reports a livelock instead of
/// hanging. Far above anything a correct model produces in one instant.
pub const MAX_SETTLE_STEPS: usize = 1_000_000;

/// The model's livelock: it kept producing output at one instant without settling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Livelock {
    /// The instant at which it happened.
    pub at: Instant,
}

impl core::fmt::Display for Livelock {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "the model did not settle at {} after {MAX_SETTLE_STEPS} steps",
            self.at
        )
    }
}

impl core::error::Error for Livelock {}

/// Where a [`Sim`]'s time comes from.
///
/// ```
/// use simcom_ftp_model::sim::{Clock, Sim};
/// use simcom_ftp_model::{Instant, Module, Profile, server::Server};
/// // A clock that always reads 5 s: a send runs what fell due up to then first.
/// struct Fixed;
/// impl Clock for Fixed {
///     fn now(&self) -> Option<Instant> {
///         Some(Instant::from_millis(5_000))
///     }
/// }
/// let sim = Sim::new(Module::new(Profile::default()), Server::default());
/// let mut sim = sim.with_clock(Fixed);
/// sim.send(b"AT\r").unwrap();
/// assert_eq!(sim.now(), Instant::from_millis(5_000));
/// ```
pub trait Clock {
    /// The time now, or `None` for a clock that moves only when the caller moves it
    /// ([`Sim::advance_to`], [`Sim::step`]).
    fn now(&self) -> Option<Instant>;
}

/// Virtual time: it passes only when the caller says so.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Virtual;

impl Clock for Virtual {
    fn now(&self) -> Option<Instant> {
        None
    }
}

/// The module and a network peer (the in-memory server unless said otherwise), wired
/// together at the time the caller gives.
///
/// ```
/// use simcom_ftp_model::{Module, Profile, server::Server, sim::Sim};
/// let mut server = Server::default();
/// server.add_file("/simftp.txt", b"0123456789".to_vec()).unwrap();
/// let mut module = Module::new(Profile::default());
/// module.set_context_active(0, true);
/// let mut sim = Sim::new(module, server);
/// for line in ["AT+FTPSERV=\"112.74.93.163\"", "AT+FTPUN=\"simcomtest\"", "AT+FTPPW=\"simcomtest\"",
///              "AT+FTPGETNAME=\"simftp.txt\"", "AT+FTPGETPATH=\"/\"", "ATE0", "AT+FTPGET=1"] {
///     sim.send(format!("{line}\r").as_bytes()).unwrap();
/// }
/// sim.take_output();
/// sim.send(b"AT+FTPGET=2,1024\r").unwrap();
/// assert_eq!(sim.take_output(), b"\r\n+FTPGET: 2,10\r\n0123456789\r\nOK\r\n\r\n+FTPGET: 1,0\r\n");
/// ```
#[derive(Debug)]
pub struct Sim<P = Server, C = Virtual> {
    /// The module.
    pub module: Module,
    /// The FTP server it talks to: the in-memory one, or a real one behind a driver.
    pub server: P,
    clock: C,
    now: Instant,
    received: Vec<u8>,
}

impl<P: Peer> Sim<P> {
    /// Wires `module` to `server` at time zero, at virtual time.
    pub fn new(module: Module, server: P) -> Self {
        Self {
            module,
            server,
            clock: Virtual,
            now: Instant::ZERO,
            received: Vec::new(),
        }
    }
}

impl<P: Peer, C: Clock> Sim<P, C> {
    /// The same module, peer, time and untaken output, on `clock` from now on.
    pub fn with_clock<D: Clock>(self, clock: D) -> Sim<P, D> {
        Sim {
            module: self.module,
            server: self.server,
            clock,
            now: self.now,
            received: self.received,
        }
    }

    /// The clock.
    pub fn clock(&self) -> &C {
        &self.clock
    }

    /// Runs what fell due up to the clock's reading (nothing at virtual time).
    pub fn tick(&mut self) -> Result<(), Livelock> {
        match self.clock.now() {
            Some(t) => self.advance_to(t),
            None => Ok(()),
        }
    }

    /// The current virtual time.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// The host writes `bytes` now (after [`tick`](Self::tick)); the model and the server then
    /// run until nothing more happens at this instant.
    pub fn send(&mut self, bytes: &[u8]) -> Result<(), Livelock> {
        self.tick()?;
        self.module.handle_input(self.now, Input::Host(bytes));
        self.settle()
    }

    /// Bytes the module transmitted since the last call.
    pub fn take_output(&mut self) -> Vec<u8> {
        core::mem::take(&mut self.received)
    }

    /// Bytes transmitted and not yet taken.
    pub fn output(&self) -> &[u8] {
        &self.received
    }

    /// The next instant at which the module or the server has something to do.
    pub fn next_deadline(&self) -> Option<Instant> {
        [self.module.poll_timeout(), self.server.poll_timeout()]
            .into_iter()
            .flatten()
            .min()
    }

    /// Jumps to the next deadline (if it is not later than `limit`) and runs what falls due
    /// then. Returns the new time, or `None` if nothing is scheduled up to `limit`.
    pub fn step(&mut self, limit: Instant) -> Result<Option<Instant>, Livelock> {
        match self.next_deadline() {
            Some(t) if t <= limit => {
                self.now = self.now.max(t);
                self.module.handle_input(self.now, Input::Timeout);
                self.settle()?;
                Ok(Some(self.now))
            }
            _ => Ok(None),
        }
    }

    /// Lets virtual time pass until `t`, running everything that falls due on the way.
    pub fn advance_to(&mut self, t: Instant) -> Result<(), Livelock> {
        while self.step(t)?.is_some() {}
        self.now = self.now.max(t);
        self.module.handle_input(self.now, Input::Timeout);
        self.settle()
    }

    /// Runs the module and the server until neither has anything to do at this instant.
    pub fn settle(&mut self) -> Result<(), Livelock> {
        for _ in 0..MAX_SETTLE_STEPS {
            match self.module.poll_output() {
                Output::Transmit(bytes) => self.received.extend_from_slice(&bytes),
                Output::Net(req) => self.server.handle_request(self.now, req),
                Output::Timeout(_) => match self.server.poll_reply(self.now) {
                    Some(reply) => self.module.handle_input(self.now, Input::Net(reply)),
                    None => return Ok(()),
                },
            }
        }
        Err(Livelock { at: self.now })
    }
}
