//! # simcom-ftp
//!
//! A sans-IO host driver for the FTP(S) service of SIMCom's SIM7070 / SIM7080 / SIM7090
//! modules, on the [`simcom_at`] codec: the firmware that talks to the module over a UART
//! gets the command sequences, the waits on the module's announcements, the read loop and
//! typed failures, and keeps its own UART and clock.
//!
//! - [`Client`]: one operation at a time; bytes in with [`Client::receive`], bytes out with
//!   [`Client::poll_transmit`] (and [`Client::poll_event`]), time through
//!   [`Client::poll_timeout`] / [`Client::handle_timeout`]. No allocation: the decoder's
//!   storage is the caller's. The operations:
//!   - any command ([`Client::command`]), the bearer ([`Client::bearer_up`]), the echo
//!     ([`Client::discover_echo`]), a file into the module ([`Client::write_file`]);
//!   - downloads: [`Client::get`] (AT+FTPGET), [`Client::ext_get`] (into the module's RAM),
//!     [`Client::ext_get_to_file`] (into its file system), [`Client::et_get`] (transparent);
//!     listings: [`Client::list`];
//!   - uploads: [`Client::put`] (AT+FTPPUT), [`Client::ext_put`] (from the module's RAM),
//!     [`Client::et_put`] (transparent); an abort: [`Client::quit`];
//!   - DELE, SIZE, MDTM, MKD, RMD, RENAME: [`Client::remote`].
//! - [`Config`] and [`Tls`]: the session parameters and FTPS, as the command lines that set
//!   them.
//! - [`Event`]: downloaded data, the answers of a command, completion, failure, and every line
//!   no operation claims (never dropped).
//! - [`Blocking`]: the client over a blocking UART (`embedded-io` `Read + Write + ReadReady`)
//!   and a [`Clock`]: one call per operation. [`Async`]: the same over an async UART
//!   (`embedded-io-async`) and a [`Timer`], as embassy applications are written. Their
//!   `perform_until` lets the handler abort a transfer; feature `alloc` adds `get_vec` and
//!   `list_vec`.
//! - [`Error`]: the module's FTP error code, `+CME ERROR`, `ERROR`, a timeout with what was
//!   awaited.
//!
//! ## The loop
//!
//! ```
//! use simcom_ftp::{Client, Done, Event, Timeouts};
//! use simcom_at::Instant;
//!
//! // What a module prints for app note 5.1.1's download of 10 bytes, echo off.
//! let module: &[&[u8]] = &[
//!     b"\r\nOK\r\n",
//!     b"\r\n+FTPGET: 1,1\r\n",
//!     b"\r\n+FTPGET: 2,10\r\n0123456789\r\nOK\r\n",
//!     b"\r\n+FTPGET: 2,0\r\n\r\nOK\r\n\r\n+FTPGET: 1,0\r\n",
//! ];
//! let mut client = Client::new([0u8; 1024], Timeouts::default()).unwrap();
//! client.get(1024).unwrap();
//! let (mut file, mut sent) = (Vec::new(), Vec::new());
//! let mut done = None;
//! for (i, read) in module.iter().enumerate() {
//!     let now = Instant::from_millis(100 * i as u64);
//!     // 1. Write what the client has to say.
//!     while let Some(line) = client.poll_transmit(now) {
//!         sent.push(line.to_vec());
//!     }
//!     // 2. Hand it what the UART read; take every event.
//!     client.receive(now, read, |event| match event {
//!         Event::Data(piece) => file.extend_from_slice(piece),
//!         Event::Done(d) => done = Some(d),
//!         other => panic!("{other:?}"),
//!     });
//! }
//! assert_eq!(file, b"0123456789");
//! assert_eq!(done, Some(Done::Get { bytes: 10 }));
//! assert_eq!(sent, [b"AT+FTPGET=1\r".to_vec(), b"AT+FTPGET=2,1024\r".to_vec(), b"AT+FTPGET=2,1024\r".to_vec()]);
//! ```
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;

mod adapter;
mod asynch;
mod blocking;
mod client;
mod config;
mod error;

pub use asynch::{Async, Timer};
pub use blocking::{Blocking, BlockingError, Clock};
pub use client::{Client, Done, Event, ExtPutPrompt, MAX_LINE, Remote, Timeouts};
pub use config::{Commands, Config, Tls};
pub use error::{Error, Wait};
