//! The model with a real network as a virtual module on a pseudo-terminal
//! (`serve --pty --server`): the same server as [`crate::pty::VirtualModule`], with
//! [`WallSim`] as its model.

use std::path::Path;
use std::time::Duration;

use simcom_ftp::Instant;

use super::WallSim;
use crate::pty::{VirtualModule, WallModel};

impl WallModel for WallSim {
    /// Network replies arrive on a channel, not on the terminal: look at them often.
    const TICK: Duration = Duration::from_millis(5);

    fn now(&self) -> Instant {
        WallSim::now(self)
    }

    fn tick(&mut self) -> Result<(), String> {
        WallSim::tick(self)
    }

    fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        WallSim::send(self, bytes)
    }

    fn take_output(&mut self) -> Vec<u8> {
        WallSim::take_output(self)
    }

    fn next_deadline(&self) -> Option<Instant> {
        WallSim::next_deadline(self)
    }

    fn data_mode(&self) -> bool {
        self.module.data_mode()
    }
}

/// A running virtual module whose FTP sessions go to a real server.
#[derive(Debug)]
pub struct RealModule(VirtualModule);

impl RealModule {
    /// Opens a pseudo-terminal and runs `sim` behind it on a thread.
    ///
    /// ```no_run
    /// use simcom_conformance::realnet::{RealModule, RealNet, WallSim};
    /// use simcom_ftp::{Module, Profile};
    /// let net = RealNet::new(Default::default(), Default::default(), None);
    /// let vm = RealModule::start(WallSim::new(Module::new(Profile::default()), net)).unwrap();
    /// println!("{}", vm.path().display());
    /// vm.stop().unwrap();
    /// ```
    pub fn start(sim: WallSim) -> Result<Self, String> {
        VirtualModule::start_model(sim).map(Self)
    }

    /// The slave end: the "serial port" of the virtual module.
    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// Whether the server has ended (an I/O or model error; [`Self::stop`] reports it).
    pub fn has_ended(&self) -> bool {
        self.0.has_ended()
    }

    /// Stops the module; reports an I/O error that ended it early.
    pub fn stop(self) -> Result<(), String> {
        self.0.stop()
    }
}
