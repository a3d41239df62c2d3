//! The target layer: where a transcript is replayed. The model at virtual time
//! ([`ModelTarget`]), the model against a real FTP(S) server at wall time ([`RealTarget`]), or a
//! live module on a serial port at wall time ([`SerialTarget`]). The replay engine sees only the
//! [`Target`] trait.
//!
//! Imports the transcript layer (a target is built from a transcript's world) and the
//! real-network peer; nothing above.

use std::collections::BTreeMap;
use std::time::Duration;

use std::sync::Arc;

use crate::ftpd::Ftpd;
use crate::realnet;
use crate::transcript::{Transcript, TranscriptError};

mod model;
mod real;
mod serial;
mod wall;

pub use model::ModelTarget;
pub use real::{RealTarget, not_applicable, server_tree};
pub use serial::{SerialConfig, SerialTarget, WRITE_TIMEOUT};
pub use wall::{LivePeer, Wall, WallClock};

/// Whose clock a target runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// Virtual time: a wait costs nothing (the model with its in-memory server).
    Virtual,
    /// Wall time: a wait takes as long as it says (a serial port, a real server).
    Wall,
}

/// A target failed: the port vanished, an I/O error, the model livelocked, the world could not
/// be set up.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TargetError {
    /// The serial port failed (it could not be opened, or it vanished).
    #[error("serial port {path}: {source}")]
    Port {
        /// The device.
        path: String,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// A write did not finish in time (flow control held it off, or the module stopped
    /// reading).
    #[error(
        "serial port {path}: a write of {len} bytes was blocked for {waited:?} after {written} bytes (flow control held off, or the module stopped reading)"
    )]
    WriteBlocked {
        /// The device.
        path: String,
        /// Bytes asked to be written.
        len: usize,
        /// Bytes that got through.
        written: usize,
        /// How long it waited.
        waited: Duration,
    },
    /// The harness's own server could not take the world.
    #[error("ftpd: {0}")]
    Ftpd(#[from] crate::ftpd::FtpdError),
    /// The model kept producing output without settling.
    #[error("model: {0}")]
    Livelock(#[from] simcom_ftp_model::sim::Livelock),
    /// The transcript's world cannot be built.
    #[error(transparent)]
    World(#[from] TranscriptError),
    /// The real server could not be prepared.
    #[error(transparent)]
    Server(#[from] realnet::Error),
    /// The transcript cannot run on this target (it is reported as ignored).
    #[error("{0}")]
    NotApplicable(String),
}

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

    /// Whose clock [`Target::now`] reads.
    fn clock(&self) -> Clock;

    /// A short description for reports (`model`, `serial:/dev/ttyUSB2 @ 115200`).
    fn describe(&self) -> String;
}

/// A target whose clock reads zero from the moment it is made: a transcript's times start
/// after what came before it on the same target (provisioning).
///
/// ```
/// use simcom_conformance::target::{ModelTarget, Restarted, Target};
/// use simcom_conformance::transcript::{Transcript, world};
/// let t = Transcript::parse("title: t\nsource: s\nsteps: [{ wait: 5s }]\n", &Default::default()).unwrap();
/// let mut model = ModelTarget::new(world::sim(&t).unwrap());
/// let _ = model.read_until(std::time::Duration::from_secs(5));
/// let restarted = Restarted::new(&mut model);
/// assert_eq!(restarted.now(), std::time::Duration::ZERO);
/// ```
pub struct Restarted<'a> {
    inner: &'a mut dyn Target,
    zero: Duration,
}

impl<'a> Restarted<'a> {
    /// `inner`, its clock restarted at zero now.
    pub fn new(inner: &'a mut dyn Target) -> Self {
        let zero = inner.now();
        Self { inner, zero }
    }
}

impl Target for Restarted<'_> {
    fn write(&mut self, bytes: &[u8]) -> Result<(), TargetError> {
        self.inner.write(bytes)
    }

    fn read_until(&mut self, deadline: Duration) -> Result<Vec<u8>, TargetError> {
        self.inner.read_until(deadline.saturating_add(self.zero))
    }

    fn now(&self) -> Duration {
        self.inner.now().saturating_sub(self.zero)
    }

    fn clock(&self) -> Clock {
        self.inner.clock()
    }

    fn describe(&self) -> String {
        self.inner.describe()
    }
}

/// The FTP(S) server a live module's transcripts use.
#[derive(Debug, Clone)]
pub enum ServerSide {
    /// A real server the harness provisions by FTP before each transcript (`--server URL`):
    /// `${server}`, `${user}` and `${password}` are the URL's account; the faults only the
    /// in-memory server makes do not apply.
    Url(realnet::ServerSpec),
    /// The harness's own server, switched to each transcript's world (`--ftpd`): its files,
    /// accounts, pacing and faults; `${server}` is the address the module dials.
    Ftpd(Arc<Ftpd>),
}

impl PartialEq for ServerSide {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Url(a), Self::Url(b)) => a == b,
            (Self::Ftpd(a), Self::Ftpd(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for ServerSide {}

impl ServerSide {
    /// Puts `t`'s server world on the server.
    fn provision(&self, t: &Transcript) -> Result<(), TargetError> {
        match self {
            Self::Url(spec) => {
                realnet::provision::provision(
                    &spec.url,
                    &server_tree(&t.world.server),
                    spec.timeouts,
                )?;
                Ok(())
            }
            Self::Ftpd(f) => Ok(f.set_world(&t.world.server)?),
        }
    }

    fn vars(&self) -> BTreeMap<String, String> {
        match self {
            Self::Url(spec) => spec.vars(),
            Self::Ftpd(f) => f.vars(),
        }
    }

    fn name(&self) -> String {
        match self {
            Self::Url(spec) => format!("{:?}", spec.url),
            Self::Ftpd(f) => format!("ftpd {} (implicit FTPS {})", f.plain(), f.implicit()),
        }
    }
}

/// Where transcripts run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetSpec {
    /// The model with its in-memory server, at virtual time.
    Model,
    /// A live module on a serial port, with the FTP(S) server it connects to when one is
    /// given (`--server`, `--ftpd`): each transcript's world is put on that server first.
    Serial(SerialConfig, Option<ServerSide>),
    /// The model against a real FTP(S) server, at wall time (`run --server`).
    Real(realnet::ServerSpec),
}

impl TargetSpec {
    /// Opens the target for one transcript (the model is built from the transcript's world).
    ///
    /// ```
    /// use simcom_conformance::target::{Clock, TargetSpec};
    /// use simcom_conformance::transcript::Transcript;
    /// let t = Transcript::parse("title: t\nsource: s\nsteps: [{ send: AT }]\n", &Default::default()).unwrap();
    /// let target = TargetSpec::Model.open(&t).unwrap();
    /// assert_eq!(target.clock(), Clock::Virtual);
    /// ```
    pub fn open(&self, t: &Transcript) -> Result<Box<dyn Target>, TargetError> {
        self.open_for(t, true)
    }

    /// Opens the target for one transcript; with `provision` false, a live module's server is
    /// left as it is (`run --no-provision`).
    pub fn open_for(
        &self,
        t: &Transcript,
        provision: bool,
    ) -> Result<Box<dyn Target>, TargetError> {
        match self {
            Self::Model => Ok(Box::new(ModelTarget::new(crate::transcript::world::sim(
                t,
            )?))),
            Self::Serial(cfg, server) => {
                if let Some(side) = server.as_ref().filter(|_| provision) {
                    side.provision(t)?;
                }
                Ok(Box::new(SerialTarget::open(cfg)?))
            }
            Self::Real(spec) => Ok(Box::new(RealTarget::open(spec, t)?)),
        }
    }

    /// Puts `t`'s server world on a live module's server, if it has one (`--server`,
    /// `--ftpd`). Done after the module's own provisioning, which ends the session a previous
    /// transcript left open: a session still open could write into the new world.
    pub fn provision_server(&self, t: &Transcript) -> Result<(), TargetError> {
        match self {
            Self::Serial(_, Some(side)) => side.provision(t),
            _ => Ok(()),
        }
    }

    /// The variables a target fixes: a real server's account replaces `server`, `user` and
    /// `password`.
    pub fn vars(&self, vars: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        let mut v = vars.clone();
        match self {
            Self::Real(spec) => v.extend(spec.vars()),
            Self::Serial(_, Some(side)) => v.extend(side.vars()),
            _ => {}
        }
        v
    }

    /// Why `t` cannot run on this target, if it cannot (reported as ignored).
    pub fn not_applicable(&self, t: &Transcript) -> Option<String> {
        match self {
            Self::Real(_) | Self::Serial(_, Some(ServerSide::Url(_))) => not_applicable(t),
            _ => None,
        }
    }

    /// The target as reports name it (`model`, `serial:/dev/ttyUSB2`, `model + ftp://u:***@h:21`).
    pub fn name(&self) -> String {
        match self {
            Self::Model => "model".into(),
            Self::Serial(c, None) => format!("serial:{}", c.path),
            Self::Serial(c, Some(s)) => format!("serial:{} + {}", c.path, s.name()),
            Self::Real(s) => real::name(s),
        }
    }

    /// Whether transcripts must run one after the other: one port is one module; one real
    /// server's tree is provisioned by each transcript.
    pub fn exclusive(&self) -> bool {
        !matches!(self, Self::Model)
    }
}
