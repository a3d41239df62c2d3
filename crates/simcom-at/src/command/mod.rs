//! Typed host commands: every command and form of `spec/commands.yaml`.
//!
//! A [`Command`] borrows its string parameters, so it needs no allocation: encode one into a
//! caller's buffer with [`Command::encode`], or read a host line back with [`Command::parse`].
//! Both directions apply the same rules from the spec (ranges, lengths, forbidden bytes), so
//! `Command::parse(&encoded) == Ok(command)` for every command that encodes.
//!
//! Each command is declared once, in the file of its family (`basic.rs`, `bearer.rs`,
//! `file_system.rs`, `ssl.rs`, `ftp_config.rs`, `ftp_session.rs`): its name, payload, the
//! rules of its parameters, its prefix and which lines answer it (see `declare.rs`).

mod answer;
mod declare;
mod encode;
mod forms;
mod params;
mod parse;
mod rules;
#[cfg(test)]
mod tests;
mod values;

// The families: each declares its commands once (see `declare`).
mod basic;
mod bearer;
mod file_system;
mod ftp_config;
mod ftp_session;
mod ssl;

pub use answer::{Answer, HostData};
pub use basic::*;
pub use bearer::*;
pub use file_system::*;
pub use ftp_config::*;
pub use ftp_session::*;
pub use ssl::*;

/// The forms of a configuration command: `AT+X=?`, `AT+X?`, `AT+X=<value>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Setting<T> {
    /// `AT+X=?`: the module prints the allowed values.
    Test,
    /// `AT+X?`: the module prints the current value.
    Read,
    /// `AT+X=<value>`: sets the value.
    Write(T),
}

/// The forms of an action command: `AT+X=?` and `AT+X`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Action {
    /// `AT+X=?`.
    Test,
    /// `AT+X`.
    Execute,
}

/// The forms of a command that is only written and tested: `AT+X=?`, `AT+X=<…>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Request<T> {
    /// `AT+X=?`.
    Test,
    /// `AT+X=<…>`.
    Write(T),
}

/// The syntactic form of a command line, as the spec names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Form {
    /// `AT+X=?`
    Test,
    /// `AT+X?`
    Read,
    /// `AT+X=<…>`
    Write,
    /// `AT+X` (and basic commands such as `AT`, `ATE1`).
    Execute,
}

/// Hands the declarations gathered so far to the next family in the list, and after the last
/// family to [`declare`](declare::declare), which writes [`Command`] and its methods.
macro_rules! chain {
    ([$next:ident $(, $rest:ident)*] $basic:tt $extended:tt) => {
        $next::$next! { [$($rest),*] $basic $extended }
    };
    ([] $basic:tt $extended:tt) => {
        $crate::command::declare::declare! { $basic $extended }
    };
}
pub(crate) use chain;

// The families, in the order of `Command`'s variants.
chain! { [basic, bearer, file_system, ssl, ftp_config, ftp_session] [] [] }
