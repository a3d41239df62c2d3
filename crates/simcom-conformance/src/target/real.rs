//! The model against a real FTP(S) server at wall time (`run --server`): the real-network
//! peer wired to the model, and the adapters from a transcript's world to it (the tree
//! provisioned onto the server, the pacing and stall the network is shaped with).

use std::sync::Arc;
use std::time::Duration;

use simcom_ftp_model::sim::{Sim, Virtual};

use super::{Clock, Target, TargetError, Wall, WallClock, wall};
use crate::realnet::normalise::Normaliser;
use crate::realnet::provision::{Tree, provision};
use crate::realnet::{RealNet, ServerSpec, Shaping};
use crate::transcript::{Requirement, ServerWorld, Transcript, world};

/// Why a transcript cannot run against a real server, if it cannot: its world asks the server
/// for faults only the in-memory server produces on demand (failure replies at chosen steps,
/// refused connections, a data connection broken after some bytes), or for the CA that
/// signed the server's certificate (`server.ca`).
///
/// ```
/// use simcom_conformance::{target::not_applicable, transcript::Transcript};
/// let t = Transcript::parse("title: t\nsource: s\nworld: { server: { faults: { fail: { pass: 530 } } } }\nsteps: [{ send: AT }]\n", &Default::default()).unwrap();
/// assert!(not_applicable(&t).is_some());
/// ```
pub fn not_applicable(t: &Transcript) -> Option<String> {
    if t.requires.contains(&Requirement::InMemoryServer) {
        return Some(Requirement::InMemoryServer.reason());
    }
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
    // A real server's certificate is its own: the world cannot choose the CA that signed it.
    if t.world.server.ca.is_some() {
        why.push("ca");
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
    wall: Wall<RealNet>,
    name: String,
}

/// The target as reports name it: `model + ftp://user:***@host:port`.
pub(super) fn name(spec: &ServerSpec) -> String {
    format!("model + {:?}", spec.url)
}

/// The tree a world's server holds, as [`provision`] puts it onto a real server.
pub fn server_tree(w: &ServerWorld) -> Tree {
    Tree {
        dirs: w.dirs.clone(),
        files: w
            .files
            .iter()
            .map(|(p, b)| (p.clone(), b.bytes()))
            .collect(),
        mtime: w.mtime,
    }
}

/// The network conditions of a world: its pacing, latency and stall.
fn shaping(w: &ServerWorld) -> Shaping {
    Shaping {
        pacing: world::pacing(w),
        stall_after: w.faults.stall_after,
    }
}

impl RealTarget {
    /// Provisions the transcript's world onto the server of `spec`, then wires the model (built
    /// from the world) to it, with the world's pacing and the replay normalisation.
    pub fn open(spec: &ServerSpec, t: &Transcript) -> Result<Self, TargetError> {
        if let Some(why) = not_applicable(t) {
            return Err(TargetError::NotApplicable(why));
        }
        let provisioned = provision(&spec.url, &server_tree(&t.world.server), spec.timeouts)?;
        let net = RealNet::with_options(
            spec.ports(),
            spec.timeouts,
            Some(shaping(&t.world.server)),
            spec.ca.clone(),
            Some(Arc::new(Normaliser::new(provisioned.entries))),
        );
        Ok(Self {
            wall: Sim::new(world::module(t)?, net).with_clock(WallClock::start()),
            name: name(spec),
        })
    }

    /// The model and its network, on the wall clock.
    pub fn wall(&mut self) -> &mut Wall<RealNet> {
        &mut self.wall
    }

    /// The model and its network, the world provisioned and the network shaped, to run
    /// elsewhere: behind a pseudo-terminal (the serve layer's `VirtualModule::start`), say.
    pub fn into_sim(self) -> Sim<RealNet> {
        self.wall.with_clock(Virtual)
    }
}

impl Target for RealTarget {
    fn write(&mut self, bytes: &[u8]) -> Result<(), TargetError> {
        Ok(self.wall.send(bytes)?)
    }

    fn read_until(&mut self, deadline: Duration) -> Result<Vec<u8>, TargetError> {
        loop {
            self.wall.tick()?;
            let out = self.wall.take_output();
            if !out.is_empty() {
                return Ok(out);
            }
            let now = self.now();
            if now >= deadline {
                return Ok(out);
            }
            wall::wait(&mut self.wall, deadline - now);
        }
    }

    fn now(&self) -> Duration {
        Duration::from_millis(self.wall.clock().elapsed().as_millis())
    }

    fn clock(&self) -> Clock {
        Clock::Wall
    }

    fn describe(&self) -> String {
        self.name.clone()
    }
}
