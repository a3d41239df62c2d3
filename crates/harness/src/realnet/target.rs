//! The model and a real server at wall time: [`WallSim`], and [`RealTarget`] for replays.

use std::sync::Arc;
use std::time::Duration;

use simcom_ftp::server::Pacing;
use simcom_ftp::sim::MAX_SETTLE_STEPS;
use simcom_ftp::{Input, Instant, Module, Output};

use super::normalise::Normaliser;
use super::provision::provision;
use super::{RealNet, ServerSpec, Shaping};
use crate::target::{Target, TargetError};
use crate::transcript::Transcript;
use crate::world;

/// The module wired to a [`RealNet`] at wall time: what [`simcom_ftp::sim::Sim`] is to the
/// in-memory server, with the clock running on its own.
///
/// ```no_run
/// use simcom_conformance::realnet::{RealNet, WallSim};
/// use simcom_ftp::{Module, Profile};
/// let mut sim = WallSim::new(Module::new(Profile::default()), RealNet::new(Default::default(), Default::default(), None));
/// sim.send(b"AT\r").unwrap();
/// assert_eq!(sim.take_output(), b"AT\r\r\nOK\r\n");
/// ```
#[derive(Debug)]
pub struct WallSim {
    /// The module.
    pub module: Module,
    /// The network it talks to.
    pub net: RealNet,
    out: Vec<u8>,
}

impl WallSim {
    /// Wires `module` to `net`; the clock is `net`'s.
    pub fn new(module: Module, net: RealNet) -> Self {
        Self {
            module,
            net,
            out: Vec::new(),
        }
    }

    /// Wall time since the network driver was made.
    pub fn now(&self) -> Instant {
        self.net.now()
    }

    /// The host writes `bytes` now.
    pub fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        let now = self.now();
        self.module.handle_input(now, Input::Host(bytes));
        self.settle(now)
    }

    /// Runs what fell due up to now: the module's timers and the network's replies.
    pub fn tick(&mut self) -> Result<(), String> {
        let now = self.now();
        self.module.handle_input(now, Input::Timeout);
        self.settle(now)
    }

    /// The next instant at which the module or the network has something to do (a reply that
    /// has not arrived yet is not known).
    pub fn next_deadline(&self) -> Option<Instant> {
        [self.module.poll_timeout(), self.net.poll_timeout()]
            .into_iter()
            .flatten()
            .min()
    }

    /// Bytes the module transmitted since the last call.
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }

    /// Blocks until the next deadline, a network reply, or `max`, whichever comes first.
    pub fn wait(&mut self, max: Duration) {
        let now = self.now();
        let wait = self
            .next_deadline()
            .map_or(max, |t| t.saturating_duration_since(now).min(max));
        self.net.wait(wait.max(Duration::from_millis(1)));
    }

    fn settle(&mut self, now: Instant) -> Result<(), String> {
        for _ in 0..MAX_SETTLE_STEPS {
            match self.module.poll_output() {
                Output::Transmit(bytes) => self.out.extend_from_slice(&bytes),
                Output::Net(req) => self.net.handle_request(now, req),
                Output::Timeout(_) => match self.net.poll_reply(now) {
                    Some(reply) => self.module.handle_input(now, Input::Net(reply)),
                    None => return Ok(()),
                },
            }
        }
        Err(format!("the model did not settle at {now}"))
    }
}

/// Why a transcript cannot run against a real server, if it cannot: its world asks the server
/// for faults only the in-memory server produces on demand (failure replies at chosen steps,
/// refused connections, a data connection broken after some bytes).
///
/// ```
/// use simcom_conformance::{realnet::not_applicable, transcript::Transcript};
/// let t = Transcript::parse("title: t\nsource: s\nworld: { server: { faults: { fail: { pass: 530 } } } }\nsteps: []\n", &Default::default()).unwrap();
/// assert!(not_applicable(&t).is_some());
/// ```
pub fn not_applicable(t: &Transcript) -> Option<String> {
    let f = &t.world.server.faults;
    let mut why = Vec::new();
    if !f.fail.is_empty() {
        why.push("faults.fail");
    }
    if f.refuse_connections {
        why.push("faults.refuse_connections");
    }
    if f.drop_after.is_some() {
        why.push("faults.drop_after");
    }
    (!why.is_empty()).then(|| {
        format!(
            "needs the in-memory server's {} (not applicable to a real server)",
            why.join(", ")
        )
    })
}

/// The model against a real server, at wall time: the target of `run --server`.
#[derive(Debug)]
pub struct RealTarget {
    sim: WallSim,
    name: String,
}

impl RealTarget {
    /// Provisions the transcript's world onto the server of `spec`, then wires the model (built
    /// from the world) to it, with the world's pacing and the replay normalisation.
    pub fn open(spec: &ServerSpec, t: &Transcript) -> Result<Self, TargetError> {
        if let Some(why) = not_applicable(t) {
            return Err(TargetError(why));
        }
        let provisioned =
            provision(&spec.url, &t.world.server, spec.timeouts).map_err(TargetError)?;
        let w = &t.world.server;
        let mut pacing = Pacing::default();
        if let Some(p) = &w.pieces {
            pacing.pieces.clone_from(p);
        }
        if let Some(p) = &w.list_pieces {
            pacing.list_pieces.clone_from(p);
        }
        if let Some(i) = w.interval {
            pacing.interval = i;
        }
        if let Some(l) = w.latency {
            pacing.latency = l;
        }
        let shaping = Shaping {
            pacing,
            stall_after: w.faults.stall_after,
        };
        let net = RealNet::with_options(
            spec.ports(),
            spec.timeouts,
            Some(shaping),
            spec.ca.clone(),
            Some(Arc::new(Normaliser::new(provisioned.entries))),
        );
        let module = world::module(t).map_err(|e| TargetError(e.to_string()))?;
        Ok(Self {
            sim: WallSim::new(module, net),
            name: format!("model + {:?}", spec.url),
        })
    }

    /// The model and its network.
    pub fn sim(&mut self) -> &mut WallSim {
        &mut self.sim
    }
}

impl Target for RealTarget {
    fn write(&mut self, bytes: &[u8]) -> Result<(), TargetError> {
        self.sim.send(bytes).map_err(TargetError)
    }

    fn read_until(&mut self, deadline: Duration) -> Result<Vec<u8>, TargetError> {
        loop {
            self.sim.tick().map_err(TargetError)?;
            let out = self.sim.take_output();
            if !out.is_empty() {
                return Ok(out);
            }
            let now = self.now();
            if now >= deadline {
                return Ok(out);
            }
            self.sim.wait(deadline - now);
        }
    }

    fn now(&self) -> Duration {
        Duration::from_millis(self.sim.now().as_millis())
    }

    fn describe(&self) -> String {
        self.name.clone()
    }
}
