//! # simcom-ftp
//!
//! The executable model of the FTP(S) service of SIMCom's SIM7070 / SIM7080 / SIM7090 modules,
//! sans-IO: no sockets, no clock, no threads.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod net;
pub mod server;
mod time;

pub use time::Instant;
