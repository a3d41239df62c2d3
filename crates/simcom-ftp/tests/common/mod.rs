//! What the driver's tests share: the model's world and the FTP profile of app note 5.1.1,
//! and a UART whose far end is the model.

#![allow(dead_code)] // each test binary uses its part

use std::cell::RefCell;
use std::rc::Rc;

use simcom_at::Command;
use simcom_at::command::Setting;
use simcom_ftp_model::server::Server;
use simcom_ftp_model::sim::Sim;
use simcom_ftp_model::{Module, Profile};

/// The note's world: context 0 active, the note's account, `files` on the server.
pub(crate) fn world(files: &[(&str, Vec<u8>)]) -> Sim<Server> {
    let mut server = Server::default();
    for (path, data) in files {
        server.add_file(path, data.clone()).unwrap();
    }
    let mut module = Module::new(Profile::default());
    module.set_context_active(0, true);
    Sim::new(module, server)
}

/// Echo off, then the FTP profile of app note 5.1.1 (context 0, the note's server and
/// account), getting and putting `path` / `name`.
pub(crate) fn profile<'a>(path: &'a str, name: &'a str) -> [Command<'a>; 9] {
    [
        Command::Echo(false),
        Command::FtpCid(Setting::Write(0)),
        Command::FtpServ(Setting::Write("112.74.93.163")),
        Command::FtpUn(Setting::Write("simcomtest")),
        Command::FtpPw(Setting::Write("simcomtest")),
        Command::FtpGetPath(Setting::Write(path)),
        Command::FtpGetName(Setting::Write(name)),
        Command::FtpPutPath(Setting::Write(path)),
        Command::FtpPutName(Setting::Write(name)),
    ]
}

/// The model, shared between a UART and a clock.
pub(crate) type Shared = Rc<RefCell<Sim<Server>>>;

/// The module's UART: writes go to the model, reads take its output.
pub(crate) struct Uart {
    pub(crate) sim: Shared,
    rx: Vec<u8>,
}

impl Uart {
    pub(crate) fn new(sim: Shared) -> Self {
        Self {
            sim,
            rx: Vec::new(),
        }
    }

    /// The host writes `buf`.
    pub(crate) fn write(&mut self, buf: &[u8]) -> usize {
        self.sim.borrow_mut().send(buf).unwrap();
        buf.len()
    }

    /// Whether the module has printed something not yet read.
    pub(crate) fn ready(&mut self) -> bool {
        if self.rx.is_empty() {
            self.rx = self.sim.borrow_mut().take_output();
        }
        !self.rx.is_empty()
    }

    /// Reads what the module printed into `buf`: 0 if nothing.
    pub(crate) fn pull(&mut self, buf: &mut [u8]) -> usize {
        if !self.ready() {
            return 0;
        }
        let n = buf.len().min(self.rx.len());
        buf[..n].copy_from_slice(&self.rx[..n]);
        self.rx.drain(..n);
        n
    }
}
