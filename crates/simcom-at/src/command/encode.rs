//! Encoding: a [`Command`] to the exact bytes of its line, `\r` included.
//!
//! Every parameter is checked against its rule ([`rules`](super::rules)) before a single byte
//! is written; a refused command writes nothing meaningful. Which parameters a command writes
//! is its payload's business ([`Payload::args`](super::forms::Payload::args)); this module
//! checks and writes them.

use super::rules::{Num, Str};
use super::{Command, Form};
use crate::EncodeError;

/// The most parameters any form takes (`AT+CNCFG=<pdpidx>,<ip_type>,"<APN>",…`: six).
const MAX_ARGS: usize = 6;

/// One parameter of a line, with the rule it must satisfy.
#[derive(Debug, Clone, Copy)]
enum Arg<'a> {
    /// A number checked against its range, written in decimal.
    Num(u64, &'static Num),
    /// A string checked against its limits, written between `"`.
    Str(&'a str, &'static Str),
    /// A number checked against its range, written in hex as `0x` and four upper-case digits
    /// (`<ciphersuite>`, as the manual lists the codes).
    Hex(u64, &'static Num),
    /// A constant number chosen by the variant (a `<mode>`), written in decimal.
    Fixed(u64),
    /// A constant keyword chosen by the variant (`"I"`, `"CONVERT"`), written between `"`.
    Word(&'static str),
}

/// The parameters of a line, in order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Args<'a> {
    items: [Option<Arg<'a>>; MAX_ARGS],
    len: usize,
}

impl<'a> Args<'a> {
    pub(crate) const fn new() -> Self {
        Self {
            items: [None; MAX_ARGS],
            len: 0,
        }
    }

    fn push(&mut self, arg: Arg<'a>) {
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = Some(arg);
            self.len += 1;
        }
    }

    pub(crate) fn num(&mut self, value: impl Into<u64>, rule: &'static Num) {
        self.push(Arg::Num(value.into(), rule));
    }

    pub(crate) fn str(&mut self, value: &'a str, rule: &'static Str) {
        self.push(Arg::Str(value, rule));
    }

    pub(crate) fn hex(&mut self, value: impl Into<u64>, rule: &'static Num) {
        self.push(Arg::Hex(value.into(), rule));
    }

    pub(crate) fn fixed(&mut self, value: u64) {
        self.push(Arg::Fixed(value));
    }

    pub(crate) fn word(&mut self, word: &'static str) {
        self.push(Arg::Word(word));
    }

    fn iter(&self) -> impl Iterator<Item = Arg<'a>> + '_ {
        self.items.iter().take(self.len).flatten().copied()
    }
}

/// Refuses an optional parameter given without the optional parameter it follows.
pub(crate) fn follows<T>(
    previous_present: bool,
    value: Option<T>,
    param: &'static str,
) -> Result<Option<T>, EncodeError> {
    match value {
        Some(_) if !previous_present => Err(EncodeError::Inconsistent { param }),
        v => Ok(v),
    }
}

/// A sink that writes what fits and counts everything.
struct Writer<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl Writer<'_> {
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(bytes);
        }
        self.len = end;
    }

    fn decimal(&mut self, mut value: u64) {
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (value % 10) as u8;
            value /= 10;
            if value == 0 {
                break;
            }
        }
        self.put(&digits[start..]);
    }

    /// `0x` and at least four upper-case hex digits.
    fn hex(&mut self, value: u64) {
        const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
        let mut digits = [0u8; 16];
        let mut start = digits.len();
        let mut rest = value;
        while start > 12 || rest != 0 {
            start -= 1;
            digits[start] = DIGITS[(rest % 16) as usize];
            rest /= 16;
        }
        self.put(b"0x");
        self.put(&digits[start..]);
    }

    fn quoted(&mut self, s: &str) {
        self.put(b"\"");
        self.put(s.as_bytes());
        self.put(b"\"");
    }
}

impl Command<'_> {
    /// The longest line [`encode`](Self::encode) can write, `\r` included (a full
    /// `AT+CNCFG=3,4,"<150>","<127>","<127>",3`): a buffer of this size never gets
    /// [`EncodeError::BufferTooSmall`].
    ///
    /// ```
    /// use simcom_at::{Command, command::Chunked};
    /// let mut buf = [0u8; Command::MAX_ENCODED_LEN];
    /// assert!(Command::FtpGet(Chunked::Open).encode(&mut buf).is_ok());
    /// ```
    pub const MAX_ENCODED_LEN: usize = 428;

    /// Checks every parameter against the spec's rules without writing anything.
    ///
    /// Returns the first refusal, parameters taken left to right: a number outside its range
    /// ([`EncodeError::OutOfRange`]), a string with `"` or a control byte
    /// ([`EncodeError::ForbiddenByte`]), too long ([`EncodeError::TooLong`]) or empty where
    /// the spec requires a name ([`EncodeError::Empty`]), or an optional parameter without
    /// the one it follows ([`EncodeError::Inconsistent`], checked before the others).
    ///
    /// ```
    /// use simcom_at::{Command, EncodeError, command::{Cops, Setting}};
    /// assert_eq!(Command::FtpPort(Setting::Write(21)).validate(), Ok(()));
    /// assert_eq!(
    ///     Command::FtpServ(Setting::Write("x\"\r\nAT+FTPDELE")).validate(),
    ///     Err(EncodeError::ForbiddenByte { param: "value", byte: b'"' })
    /// );
    /// let act_without_oper = Cops { mode: 1, format: Some(2), oper: None, act: Some(9) };
    /// assert_eq!(
    ///     Command::Cops(Setting::Write(act_without_oper)).validate(),
    ///     Err(EncodeError::Inconsistent { param: "AcT" })
    /// );
    /// ```
    pub fn validate(&self) -> Result<(), EncodeError> {
        self.checked_args().map(|_| ())
    }

    /// The length of the line [`encode`](Self::encode) writes, `\r` included; 0 when
    /// [`validate`](Self::validate) refuses the command.
    ///
    /// ```
    /// use simcom_at::{Command, command::Action};
    /// assert_eq!(Command::FtpQuit(Action::Execute).encoded_len(), b"AT+FTPQUIT\r".len());
    /// ```
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        match self.checked_args() {
            Ok(args) => self.write(&args, &mut []),
            Err(_) => 0,
        }
    }

    /// Writes the command's line into `out`, final `\r` included, and returns its length.
    ///
    /// Everything is validated first (see [`validate`](Self::validate)); then, when `out`
    /// is shorter than the line, [`EncodeError::BufferTooSmall`] tells the length needed and
    /// `out` is left untouched. String parameters are always quoted; enumerated strings are
    /// written in upper case.
    ///
    /// ```
    /// use simcom_at::{Command, EncodeError, command::{Cnact, CnactAction, Setting}};
    /// let mut buf = [0u8; 32];
    /// let cmd = Command::Cnact(Setting::Write(Cnact { pdpidx: 0, action: CnactAction::Activate }));
    /// let n = cmd.encode(&mut buf)?;
    /// assert_eq!(&buf[..n], b"AT+CNACT=0,1\r");
    /// assert_eq!(cmd.encode(&mut [0u8; 4]), Err(EncodeError::BufferTooSmall { needed: 13 }));
    /// # Ok::<(), EncodeError>(())
    /// ```
    pub fn encode(&self, out: &mut [u8]) -> Result<usize, EncodeError> {
        let args = self.checked_args()?;
        let needed = self.write(&args, &mut []);
        if needed > out.len() {
            return Err(EncodeError::BufferTooSmall { needed });
        }
        Ok(self.write(&args, out))
    }

    /// Encodes the command into a new vector (see [`encode`](Self::encode)).
    ///
    /// ```
    /// use simcom_at::{Command, command::{FtpType, Setting}};
    /// assert_eq!(Command::FtpType(Setting::Write(FtpType::Binary)).to_vec()?, b"AT+FTPTYPE=\"I\"\r");
    /// # Ok::<(), simcom_at::EncodeError>(())
    /// ```
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self) -> Result<alloc::vec::Vec<u8>, EncodeError> {
        let args = self.checked_args()?;
        let mut out = alloc::vec![0u8; self.write(&args, &mut [])];
        self.write(&args, &mut out);
        Ok(out)
    }

    /// The parameters, each checked against its rule.
    fn checked_args(&self) -> Result<Args<'_>, EncodeError> {
        let args = self.args()?;
        for arg in args.iter() {
            match arg {
                Arg::Num(value, rule) | Arg::Hex(value, rule) => rule.check(value)?,
                Arg::Str(value, rule) => rule.check(value)?,
                Arg::Fixed(_) | Arg::Word(_) => {}
            }
        }
        Ok(args)
    }

    /// Writes the line; returns its length (the bytes that fit are written).
    fn write(&self, args: &Args<'_>, buf: &mut [u8]) -> usize {
        let mut w = Writer { buf, len: 0 };
        w.put(self.name().as_bytes());
        match self.form() {
            Form::Test => w.put(b"=?"),
            Form::Read => w.put(b"?"),
            // Basic commands carry their value right after the letter (`ATE1`).
            Form::Execute => write_args(&mut w, args),
            Form::Write => {
                w.put(b"=");
                write_args(&mut w, args);
            }
        }
        w.put(b"\r");
        w.len
    }
}

fn write_args(w: &mut Writer<'_>, args: &Args<'_>) {
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            w.put(b",");
        }
        match arg {
            Arg::Num(value, _) | Arg::Fixed(value) => w.decimal(value),
            Arg::Hex(value, _) => w.hex(value),
            Arg::Str(value, _) => w.quoted(value),
            Arg::Word(word) => w.quoted(word),
        }
    }
}
