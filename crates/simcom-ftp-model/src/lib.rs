//! # simcom-ftp-model
//!
//! The executable model of the FTP(S) service of SIMCom's SIM7070 / SIM7080 / SIM7090
//! modules, as `spec/` writes it down: sans-IO, like quinn-proto and str0m. No sockets, no
//! clock, no threads: the model takes host bytes, network replies and the time they happen,
//! and hands back the bytes it transmits, the network requests it makes and its next
//! deadline.
//!
//! - [`Module`]: the module (AT command interpreter, bearer, file system, FTP sessions).
//! - [`net`]: the network as requests ([`net::NetRequest`]) and replies ([`net::NetReply`]).
//! - [`server::Server`]: a deterministic in-memory FTP server answering those requests.
//! - [`Profile`]: the timing values and behaviour switches that differ between firmware
//!   releases, with the spec's defaults.
//!
//! ```
//! use simcom_ftp_model::{Input, Instant, Module, Output, Profile};
//! let mut module = Module::new(Profile::default());
//! module.handle_input(Instant::ZERO, Input::Host(b"AT+FTPQUIT\r"));
//! // Idle: AT+FTPQUIT is refused (spec decision 12).
//! assert_eq!(module.poll_output(), Output::Transmit(b"AT+FTPQUIT\r\r\nERROR\r\n".to_vec()));
//! ```
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

mod module;
pub mod net;
mod profile;
pub mod server;
pub mod sim;
mod time;

pub use module::{Context, FileSystem, FsDir, Input, Module, Network, Output};
pub use profile::{Defaults, EtputOrder, Profile};
pub use time::Instant;
