//! What the [`Decoder`](crate::Decoder) hands out: one [`Event`] per line or data piece.

use crate::Info;
use core::fmt;

/// One thing the module printed.
///
/// Events borrow from the decoder's buffer: drop an event before pulling the next one.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// The module's echo of a host command line (ATE1), without its CR.
    Echo(&'a [u8]),
    /// A final result code: the pending command line is complete.
    Final(Final<'a>),
    /// An information line that answers the pending command.
    Response(Info<'a>),
    /// An information line that does not answer the pending command: a URC.
    Urc(Info<'a>),
    /// An unprefixed text line answering the pending command (the lines of `ATI`).
    Text(&'a [u8]),
    /// The module waits for the host's data (`DOWNLOAD` of AT+CFSWFILE).
    Prompt(Prompt),
    /// A piece of a data block, framing removed: length-counted bytes after
    /// `+FTPGET: 2,<n>`, `+FTPLIST: 2,<n>`, `+FTPEXTGET: 3,<n>`, or the unescaped transparent
    /// data after `+FTPETGET: 1,1`. A block arrives in one or more pieces, then [`Event::DataEnd`].
    Data(&'a [u8]),
    /// The data block is complete (all `n` bytes, or the bare ETX).
    DataEnd,
    /// An information line whose `+NAME:` prefix the spec does not know: its name and its
    /// parameters as printed, so that a capture with commands outside the spec stays readable.
    OtherInfo(OtherInfo<'a>),
    /// A well-framed line this crate does not know, without a `+NAME:` prefix (`Call Ready`,
    /// `NORMAL POWER DOWN`, …).
    Unknown(&'a [u8]),
    /// A line with a known prefix whose body does not parse, or a line that is not text.
    Malformed {
        /// The whole line, without its terminator.
        line: &'a [u8],
        /// What is wrong with it.
        error: DecodeError,
    },
    /// Bytes were dropped: a line longer than the decoder's buffer. Decoding resumes after the
    /// next line end.
    Overflow {
        /// How many bytes were dropped.
        dropped: usize,
    },
}

/// Final result codes (V.250 and 27.007), verbose (`OK`) or numeric (`0`, with ATV0).
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Final<'a> {
    /// `OK` / `0`.
    Ok,
    /// `CONNECT` / `1`.
    Connect,
    /// `NO CARRIER` / `3`.
    NoCarrier,
    /// `ERROR` / `4`.
    Error,
    /// `NO DIALTONE` / `6`.
    NoDialtone,
    /// `BUSY` / `7`.
    Busy,
    /// `NO ANSWER` / `8`.
    NoAnswer,
    /// `PROCEEDING` / `9`.
    Proceeding,
    /// `+CME ERROR: <err>` (AT+CMEE=1 or 2).
    CmeError(CmeError<'a>),
}

/// The `<err>` of `+CME ERROR: <err>`.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmeError<'a> {
    /// AT+CMEE=1: a numeric code (`+CME ERROR: 3`).
    Code(u16),
    /// AT+CMEE=2: the verbose text (`+CME ERROR: operation not allowed`).
    Text(&'a str),
}

/// An information line whose prefix is not in the spec: `+<name>:[ ]<params>`.
///
/// The name is what stands between `+` and `:` (upper-case letters, digits, spaces, `_`, `-`
/// and `&`, starting with a letter, at most 32 bytes); `params` is the rest after one optional
/// space, as printed. [`OtherInfo::fields`] splits it at the commas that are not inside quotes.
///
/// ```
/// use simcom_at::{Decoder, Event, OtherInfo};
/// let mut d = Decoder::new();
/// let mut ev = d.events(b"\r\n+CPSI: LTE NB-IOT,Online,\"460-11\",0x5B57\r\n");
/// let Some(Event::OtherInfo(info)) = ev.next_event() else { panic!() };
/// assert_eq!(info.name, "CPSI");
/// assert_eq!(info.params, "LTE NB-IOT,Online,\"460-11\",0x5B57");
/// let fields: Vec<&str> = info.fields().collect();
/// assert_eq!(fields, ["LTE NB-IOT", "Online", "460-11", "0x5B57"]);
/// ```
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OtherInfo<'a> {
    /// The prefix's name, without `+` and `:` (`"CPSI"`).
    pub name: &'a str,
    /// The parameters as printed, after the colon and one optional space.
    pub params: &'a str,
}

impl<'a> OtherInfo<'a> {
    /// Reads `+<name>:[ ]<params>`; `None` when the line is not shaped so.
    pub(crate) fn parse(line: &'a str) -> Option<Self> {
        let rest = line.strip_prefix('+')?;
        let (name, params) = rest.split_once(':')?;
        let ok_name = name.len() <= 32
            && name.starts_with(|c: char| c.is_ascii_uppercase())
            && name
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b" _-&".contains(&b));
        if !ok_name || name.ends_with(' ') {
            return None;
        }
        let params = params.strip_prefix(' ').unwrap_or(params);
        Some(Self { name, params })
    }

    /// The parameters split at the commas outside double quotes; a field that is one quoted
    /// string is handed out without its quotes. An unbalanced quote runs to the end of the
    /// line, which is then one field: nothing is dropped.
    pub fn fields(&self) -> impl Iterator<Item = &'a str> + 'a {
        let mut rest = Some(self.params);
        core::iter::from_fn(move || {
            let s = rest?;
            let mut quoted = false;
            let end = s.bytes().position(|b| {
                if b == b'"' {
                    quoted = !quoted;
                }
                b == b',' && !quoted
            });
            let (field, next) = match end {
                Some(i) => (&s[..i], Some(&s[i + 1..])),
                None => (s, None),
            };
            rest = next;
            Some(
                field
                    .strip_prefix('"')
                    .and_then(|f| f.strip_suffix('"'))
                    .filter(|f| !f.contains('"'))
                    .unwrap_or(field),
            )
        })
    }
}

/// A prompt after which the module reads raw host bytes.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Prompt {
    /// `DOWNLOAD` (AT+CFSWFILE): send exactly `<filesize>` bytes.
    Download,
}

/// Why a line could not be decoded.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeError {
    /// The line holds a byte that is not printable text (a control byte, or invalid UTF-8).
    NotText,
    /// The prefix is known but its body does not have the spec's shape.
    Body(crate::Prefix),
    /// `+CME ERROR:` without a code or text.
    CmeError,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotText => f.write_str("the line is not printable text"),
            Self::Body(p) => write!(
                f,
                "the body of {}{}: does not match the spec",
                p.lead(),
                p.name()
            ),
            Self::CmeError => f.write_str("+CME ERROR without a code"),
        }
    }
}

impl core::error::Error for DecodeError {}
