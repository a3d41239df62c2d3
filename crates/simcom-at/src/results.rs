//! Final result codes as the module prints them.
//!
//! [`Final::encode`] writes the verbose form (`OK`, `+CME ERROR: 3`) without the CR LF framing:
//! ATV1 frames it `\r\n<line>\r\n`, and ATV0 prints [`Final::numeric_code`] as `<digit>\r`
//! (`+CME ERROR` has no digit: ATV0 prints it as `+CME ERROR: <err>\r\n`; spec/commands.yaml
//! `framing`). How a line is framed is the printer's business, as the decoder's is cutting it.

use core::fmt;

use crate::write::{self, is_control};
use crate::{CmeError, EncodeError, Final};

impl fmt::Display for CmeError<'_> {
    /// The `<err>` as printed after `+CME ERROR: `.
    ///
    /// ```
    /// use simcom_at::CmeError;
    /// assert_eq!(CmeError::Code(793).to_string(), "793");
    /// assert_eq!(CmeError::Text("Operation failed").to_string(), "Operation failed");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Code(n) => write!(f, "{n}"),
            Self::Text(t) => f.write_str(t),
        }
    }
}

impl Final<'_> {
    /// The verbose form as printed with ATV1, without its CR LF framing.
    ///
    /// ```
    /// use simcom_at::{CmeError, Final};
    /// assert_eq!(Final::NoCarrier.text(), Some("NO CARRIER"));
    /// assert_eq!(Final::CmeError(CmeError::Code(3)).text(), None); // has a body: see `Display`
    /// ```
    #[must_use]
    pub const fn text(&self) -> Option<&'static str> {
        Some(match self {
            Self::Ok => "OK",
            Self::Connect => "CONNECT",
            Self::NoCarrier => "NO CARRIER",
            Self::Error => "ERROR",
            Self::NoDialtone => "NO DIALTONE",
            Self::Busy => "BUSY",
            Self::NoAnswer => "NO ANSWER",
            Self::Proceeding => "PROCEEDING",
            Self::CmeError(_) => return None,
        })
    }

    /// The digit ATV0 prints instead of the text (V.250 6.2.1), followed by a bare CR. `None`
    /// for `+CME ERROR`, which has no digit.
    ///
    /// ```
    /// use simcom_at::{CmeError, Final};
    /// assert_eq!(Final::Ok.numeric_code(), Some(0));
    /// assert_eq!(Final::Error.numeric_code(), Some(4));
    /// assert_eq!(Final::CmeError(CmeError::Code(3)).numeric_code(), None);
    /// ```
    #[must_use]
    pub const fn numeric_code(&self) -> Option<u8> {
        Some(match self {
            Self::Ok => 0,
            Self::Connect => 1,
            Self::NoCarrier => 3,
            Self::Error => 4,
            Self::NoDialtone => 6,
            Self::Busy => 7,
            Self::NoAnswer => 8,
            Self::Proceeding => 9,
            Self::CmeError(_) => return None,
        })
    }

    /// Whether [`encode`](Self::encode) writes the result: a `+CME ERROR` text must be
    /// non-empty, hold no control byte, not start with a space (the decoder skips it) and not
    /// read as a number (it would come back as [`CmeError::Code`]).
    ///
    /// ```
    /// use simcom_at::{CmeError, EncodeError, Final};
    /// assert_eq!(Final::CmeError(CmeError::Text("Operation failed")).validate(), Ok(()));
    /// assert_eq!(
    ///     Final::CmeError(CmeError::Text("3")).validate(),
    ///     Err(EncodeError::NoRoundTrip { param: "err" })
    /// );
    /// ```
    pub fn validate(&self) -> Result<(), EncodeError> {
        let Self::CmeError(CmeError::Text(text)) = *self else {
            return Ok(());
        };
        if let Some(byte) = text.bytes().find(|&b| is_control(b)) {
            return Err(EncodeError::ForbiddenByte { param: "err", byte });
        }
        if text.is_empty() {
            return Err(EncodeError::Empty { param: "err" });
        }
        if text.starts_with(' ') || text.parse::<u16>().is_ok() {
            return Err(EncodeError::NoRoundTrip { param: "err" });
        }
        Ok(())
    }

    /// Writes the verbose form (`OK`, `+CME ERROR: 793`) into `buf`, without CR LF; returns
    /// its length. Refuses what [`validate`](Self::validate) refuses, and a buffer too small.
    ///
    /// ```
    /// use simcom_at::{CmeCode, Final};
    /// let mut buf = [0u8; 64];
    /// let n = Final::CmeError(CmeCode::ParamCountBeyond.verbose()).encode(&mut buf)?;
    /// assert_eq!(&buf[..n], b"+CME ERROR: Param count beyond");
    /// # Ok::<(), simcom_at::EncodeError>(())
    /// ```
    pub fn encode(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        self.validate()?;
        write::encode_into(self, buf)
    }
}

impl fmt::Display for Final<'_> {
    /// The verbose form, as [`Final::encode`] writes it but without its checks.
    ///
    /// ```
    /// use simcom_at::{CmeError, Final};
    /// assert_eq!(Final::Error.to_string(), "ERROR");
    /// assert_eq!(Final::CmeError(CmeError::Code(3)).to_string(), "+CME ERROR: 3");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.text(), self) {
            (Some(text), _) => f.write_str(text),
            (None, Self::CmeError(err)) => write!(f, "+CME ERROR: {err}"),
            (None, _) => Ok(()),
        }
    }
}
