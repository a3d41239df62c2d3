//! # simcom-at
//!
//! A sans-IO codec for the AT command set of the FTP(S) service of SIMCom's SIM7070 / SIM7080 /
//! SIM7090 modules, as written down in this repository's `spec/`.
//!
//! - [`Command`]: a typed value for every command and form; [`Command::encode`] writes the exact
//!   bytes, [`Command::parse`] reads a host line back.
//! - [`Decoder`]: a streaming decoder for everything the module prints: echo, final results,
//!   typed information responses and URCs, the `DOWNLOAD` prompt, length-counted data and
//!   ETX/DLE transparent data. Memory is bounded by its buffer, whatever the payload size.
//!   Decode each read with [`Decoder::events`]: it feeds the read in as handing out events frees
//!   room, so no byte is lost whatever the read's size.
//! - The spec's value tables on the command types: [`FsDir`](command::FsDir) (`number()`,
//!   `path()`), [`FtpType`](command::FtpType) and [`PutOpt`](command::PutOpt) (`name()`), …
//! - [`Info`] and [`Final`]: what the module prints, typed; each decodes from its line and
//!   encodes back to it ([`Info::encode`], `Display`), so a model prints through them.
//! - [`Revision`]: the `Revision:` text line of AT+CGMR, AT+GMR and AT+GSV, typed.
//! - [`FtpStatus`] / [`FtpError`] and [`CmeCode`]: the codes of `spec/error-codes.yaml`.
//! - [`etx`]: the DLE/ETX escaping of the transparent modes (AT+FTPETPUT / AT+FTPETGET).
//!
//! The crate is `no_std`; the default `alloc` feature adds allocation-backed conveniences.
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;

// The `Arbitrary` derive (fuzzing only) names `std`.
#[cfg(feature = "arbitrary")]
extern crate std;

#[macro_use]
mod code_table;
mod cme;
pub mod command;
mod decoder;
mod error;
pub mod etx;
mod event;
mod ftp_error;
mod info;
mod prefix;
mod results;
mod text;
mod time;
mod write;

pub use cme::CmeCode;
pub use command::Command;
pub use decoder::{BufferTooSmall, DEFAULT_CAPACITY, Decoded, Decoder, Events, MIN_CAPACITY};
pub use error::{EncodeError, ParseError};
pub use event::{CmeError, DecodeError, Event, Final, OtherInfo, Prompt};
pub use ftp_error::{FtpError, FtpStatus};
pub use info::Info;
pub use prefix::Prefix;
pub use text::Revision;
pub use time::{Instant, Timestamp};

/// The README's examples, compiled and run as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
