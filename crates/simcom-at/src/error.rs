//! Error types: one small enum per operation.
//!
//! Module results (`OK`, `ERROR`, `+CME ERROR`, `+FTPGET: 1,72`) are never errors here: they
//! are data, carried in [`Event`](crate::Event)s. `Err` is for values we refuse to encode and
//! host lines we cannot make sense of.

use core::fmt;

/// Why a [`Command`](crate::Command) could not be encoded.
///
/// Encoding refuses instead of sending: no parameter can ever smuggle a second command
/// onto the line or be silently truncated by the module.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// A number lies outside the range the spec gives for it.
    OutOfRange {
        /// The parameter's name in the spec (`reqlength`, `value`, …).
        param: &'static str,
        /// The refused value.
        value: u64,
        /// Smallest allowed value.
        min: u64,
        /// Largest allowed value.
        max: u64,
    },
    /// A string parameter is longer than the spec's limit (counted in bytes).
    TooLong {
        /// The parameter's name in the spec.
        param: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A string parameter holds a byte that cannot be sent inside a quoted AT string:
    /// `"` or an ASCII control character (CR, LF, NUL, backspace, …).
    ForbiddenByte {
        /// The parameter's name in the spec.
        param: &'static str,
        /// The offending byte.
        byte: u8,
    },
    /// A string parameter the spec requires non-empty is empty.
    Empty {
        /// The parameter's name in the spec.
        param: &'static str,
    },
    /// An optional parameter is given without the optional parameter it follows: the spec's
    /// syntax nests them (`AT+COPS=<mode>[,<format>[,<oper>[,<AcT>]]]`), so `<AcT>` without
    /// `<oper>` cannot be written.
    Inconsistent {
        /// The parameter that is given without its predecessor (`AcT`, `oper`, …).
        param: &'static str,
    },
    /// A field of a module line ([`Info`](crate::Info), [`Final`](crate::Final)) holds a value
    /// whose line the decoder would read back as something else: a test-form body without a
    /// range, a `+CME ERROR` text that is a number, a field the prefix does not have.
    NoRoundTrip {
        /// The field's name (`text`, `prefix`, `timestamp`, …).
        param: &'static str,
    },
    /// The caller's buffer cannot hold the encoded line.
    BufferTooSmall {
        /// Bytes the encoded line needs.
        needed: usize,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::OutOfRange {
                param,
                value,
                min,
                max,
            } => {
                write!(f, "<{param}> = {value} is outside {min}..={max}")
            }
            Self::TooLong { param, len, max } => {
                write!(f, "<{param}> is {len} bytes long, the limit is {max}")
            }
            Self::ForbiddenByte { param, byte } => {
                write!(
                    f,
                    "<{param}> holds byte 0x{byte:02x}, which cannot be sent in an AT string"
                )
            }
            Self::Empty { param } => write!(f, "<{param}> must not be empty"),
            Self::Inconsistent { param } => {
                write!(f, "<{param}> is given without the parameter it follows")
            }
            Self::NoRoundTrip { param } => {
                write!(f, "<{param}> would not decode back to the same value")
            }
            Self::BufferTooSmall { needed } => write!(f, "the output buffer needs {needed} bytes"),
        }
    }
}

impl core::error::Error for EncodeError {}

/// Why a host command line could not be parsed by [`Command::parse`](crate::Command::parse).
///
/// A module answers such a line with `ERROR`; the model does exactly that.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseError {
    /// The line does not start with `AT` (in any letter case).
    NoAtPrefix,
    /// The command name is not one this crate knows.
    UnknownCommand,
    /// The command exists but not in this form (`AT+FTPDELE?`, `AT+FTPQUIT=1`).
    UnsupportedForm,
    /// Several commands concatenated with `;` on one line; this crate parses one command.
    Concatenated,
    /// A required parameter is missing.
    MissingParameter {
        /// The parameter's name in the spec.
        param: &'static str,
    },
    /// More parameters than the form takes.
    TooManyParameters,
    /// A parameter is not of the expected shape (not a number, unterminated string, …).
    Syntax {
        /// The parameter's name in the spec.
        param: &'static str,
    },
    /// A parameter is well-formed but refused by the spec's rules (range, length, bytes).
    Invalid(EncodeError),
    /// A string parameter is not valid UTF-8.
    NotUtf8 {
        /// The parameter's name in the spec.
        param: &'static str,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::NoAtPrefix => f.write_str("the line does not start with AT"),
            Self::UnknownCommand => f.write_str("unknown command"),
            Self::UnsupportedForm => f.write_str("the command does not take this form"),
            Self::Concatenated => f.write_str("several commands on one line"),
            Self::MissingParameter { param } => write!(f, "missing parameter <{param}>"),
            Self::TooManyParameters => f.write_str("too many parameters"),
            Self::Syntax { param } => write!(f, "malformed parameter <{param}>"),
            Self::Invalid(e) => write!(f, "invalid parameter: {e}"),
            Self::NotUtf8 { param } => write!(f, "parameter <{param}> is not UTF-8"),
        }
    }
}

impl core::error::Error for ParseError {}

impl From<EncodeError> for ParseError {
    fn from(e: EncodeError) -> Self {
        Self::Invalid(e)
    }
}
