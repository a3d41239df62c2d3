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
//! ## The run loop
//!
//! The model never blocks and never reads a clock; whoever drives it owns the loop, as with
//! str0m. Drain the model until it says when it next needs the time
//! ([`Output::Timeout`]), then give it the next thing that happens: bytes from the host, a
//! reply from the network peer, or the deadline. [`sim::Sim`] is this loop, for any
//! [`net::Peer`] at the time its caller gives; a driver with a real UART and a real network
//! writes the same loop around its own waits.
//!
//! ```
//! use simcom_ftp_model::net::Peer;
//! use simcom_ftp_model::{Input, Instant, Module, Output, Profile, server::Server};
//!
//! let mut module = Module::new(Profile::default());
//! module.set_context_active(0, true);
//! let mut peer = Server::default();
//! peer.add_file("/simftp.txt", b"0123456789".to_vec()).unwrap();
//! // What the host writes, and when.
//! let mut host = vec![
//!     (Instant::ZERO, &b"ATE0\rAT+FTPSERV=\"10.0.0.1\"\rAT+FTPUN=\"simcomtest\"\r"[..]),
//!     (Instant::ZERO, b"AT+FTPPW=\"simcomtest\"\rAT+FTPGETNAME=\"simftp.txt\"\r"),
//!     (Instant::ZERO, b"AT+FTPGETPATH=\"/\"\rAT+FTPGET=1\r"),
//!     (Instant::from_millis(2_000), b"AT+FTPGET=2,1024\r"),
//! ]
//! .into_iter();
//! let mut next_host = host.next();
//! let (mut now, mut uart) = (Instant::ZERO, Vec::new());
//! loop {
//!     // 1. Drain: bytes to the UART, requests to the network, until the model waits.
//!     let deadline = loop {
//!         match module.poll_output() {
//!             Output::Transmit(bytes) => uart.extend_from_slice(&bytes),
//!             Output::Net(request) => peer.handle_request(now, request),
//!             Output::Timeout(deadline) => break deadline,
//!         }
//!     };
//!     // 2. Feed what is due now: the network's replies, then the host's bytes.
//!     if let Some(reply) = peer.poll_reply(now) {
//!         module.handle_input(now, Input::Net(reply));
//!         continue;
//!     }
//!     if let Some((at, bytes)) = next_host.filter(|(at, _)| *at <= now) {
//!         module.handle_input(at, Input::Host(bytes));
//!         next_host = host.next();
//!         continue;
//!     }
//!     // 3. Nothing is due: move the clock to the earliest of the three, or stop.
//!     let host_at = next_host.map(|(at, _)| at);
//!     match [deadline, peer.poll_timeout(), host_at].into_iter().flatten().min() {
//!         Some(t) if t <= Instant::from_millis(10_000) => now = now.max(t),
//!         _ => break,
//!     }
//!     module.handle_input(now, Input::Timeout);
//! }
//! let uart = String::from_utf8(uart).unwrap();
//! assert!(uart.ends_with("\r\n+FTPGET: 2,10\r\n0123456789\r\nOK\r\n\r\n+FTPGET: 1,0\r\n"), "{uart}");
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

pub use module::{
    Cellular, CertFormat, Context, FileSystem, FsDir, Input, Module, NetworkTime, Output,
};
pub use profile::{Defaults, EarlyChunk, EtputOrder, Profile, SslContext, VerifyServer};
pub use time::Instant;
