//! Shared test helpers: a model wired to the in-memory server, driven line by line.
#![allow(dead_code, unreachable_pub)]

use core::time::Duration;

use simcom_ftp_model::server::Server;
use simcom_ftp_model::sim::Sim;
use simcom_ftp_model::{Instant, Module, Profile};

/// `0123456789` repeated to `len` bytes (the app note's data pattern).
pub fn digits(len: usize) -> Vec<u8> {
    (0..len).map(|i| b'0' + (i % 10) as u8).collect()
}

/// A module with context 0 active, echo off, configured for the note's server and files.
pub struct World {
    pub sim: Sim,
}

impl World {
    pub fn new(profile: Profile, files: &[(&str, &[u8])]) -> Self {
        let mut server = Server::default();
        for (path, data) in files {
            server.add_file(path, data.to_vec()).unwrap();
        }
        let mut module = Module::new(profile);
        module.set_context_active(0, true);
        let mut w = Self {
            sim: Sim::new(module, server),
        };
        w.expect("ATE0", "ATE0\r\r\nOK\r\n");
        w
    }

    /// The note's settings (5.1.1): server, account, names and paths.
    pub fn note(files: &[(&str, &[u8])]) -> Self {
        let mut w = Self::new(Profile::default(), files);
        for l in [
            "AT+FTPCID=0",
            "AT+FTPSERV=\"112.74.93.163\"",
            "AT+FTPUN=\"simcomtest\"",
            "AT+FTPPW=\"simcomtest\"",
            "AT+FTPGETNAME=\"simftp.txt\"",
            "AT+FTPGETPATH=\"/\"",
            "AT+FTPPUTNAME=\"simftp.txt\"",
            "AT+FTPPUTPATH=\"/\"",
        ] {
            w.expect(l, "\r\nOK\r\n");
        }
        w
    }

    /// Sends `line` + CR; returns everything the module printed at this instant.
    pub fn send(&mut self, line: &str) -> Vec<u8> {
        self.sim.send(format!("{line}\r").as_bytes()).unwrap();
        self.sim.take_output()
    }

    /// Sends raw bytes; returns what the module printed.
    pub fn raw(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.sim.send(bytes).unwrap();
        self.sim.take_output()
    }

    /// Sends `line` and asserts the exact bytes printed.
    #[track_caller]
    pub fn expect(&mut self, line: &str, printed: &str) {
        let got = self.send(line);
        assert_eq!(show(&got), show(printed.as_bytes()), "after {line:?}");
    }

    /// Lets `secs` seconds of virtual time pass; returns what was printed meanwhile.
    pub fn wait(&mut self, d: Duration) -> Vec<u8> {
        let t = self.sim.now() + d;
        self.sim.advance_to(t).unwrap();
        self.sim.take_output()
    }

    /// Jumps to the next deadline (at most `limit` ahead); returns (time, output).
    pub fn next(&mut self, limit: Duration) -> (Instant, Vec<u8>) {
        let lim = self.sim.now() + limit;
        self.sim.step(lim).unwrap();
        (self.sim.now(), self.sim.take_output())
    }
}

/// Bytes shown with escapes, for readable assertion failures.
pub fn show(b: &[u8]) -> String {
    b.escape_ascii().to_string()
}

pub fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}
