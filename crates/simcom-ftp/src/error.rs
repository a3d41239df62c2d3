//! Why an operation failed: in the module's terms where the module said so.

use core::fmt;

use simcom_at::{CmeCode, EncodeError, FtpError};

/// What the driver was waiting for when its deadline passed.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Wait {
    /// The final result code (`OK`, `ERROR`, `+CME ERROR`) of the command line in flight.
    Final,
    /// The session's first announcement (`+FTPGET: 1,1` after `AT+FTPGET=1`, `+FTPLIST: 1,1`
    /// after `AT+FTPLIST=1`).
    SessionStart,
    /// The answer to a read (`+FTPGET: 2,<n>` and its bytes).
    Data,
    /// The announcement that more data is there (`+FTPGET: 1,1`) or the end (`+FTPGET: 1,0`),
    /// after a read that returned no bytes.
    MoreData,
    /// The URC that carries a command's result (`+FTPSIZE: 1,0,<size>`, `+FTPPUT: 1,0`,
    /// `+APP PDP: 0,ACTIVE`).
    Result,
    /// The module's invitation to send a chunk (`+FTPPUT: 1,1,<maxlength>`).
    PutReady,
    /// The module's go-ahead for `AT+FTPEXTPUT=2`'s data (`+FTPEXTPUT: <pos>,<len>` or `OK`).
    ExtPutPrompt,
    /// `AT+CFSWFILE`'s `DOWNLOAD` prompt.
    Download,
}

impl fmt::Display for Wait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Final => "the command's final result",
            Self::SessionStart => "the session to start (+FTPGET: 1,1 or +FTPLIST: 1,1)",
            Self::Data => "the read's answer (+FTPGET: 2,<n> or +FTPLIST: 2,<n>)",
            Self::MoreData => "more data or the end (+FTPGET: 1,1 / 1,0, or +FTPLIST's)",
            Self::Result => "the command's result (+FTPxxx: 1,<code>)",
            Self::PutReady => "the invitation to send (+FTPPUT: 1,1,<maxlength>)",
            Self::Download => "the DOWNLOAD prompt",
            Self::ExtPutPrompt => {
                "the go-ahead for the data (+FTPEXTPUT: <pos>,<len> or OK); a module that \
                 prints neither (profile extput_header = false, extput_order = manual) needs \
                 ExtPutPrompt::None"
            }
        })
    }
}

/// Why an operation failed.
///
/// ```
/// use simcom_ftp::Error;
/// use simcom_at::FtpError;
/// let e = Error::Ftp(FtpError::Password);
/// assert_eq!(e.to_string(), "the module reports FTP error 72 (password_error)");
/// ```
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The module ended the session with an FTP error code (`+FTPGET: 1,<code>`, 61–94).
    Ftp(FtpError),
    /// A code outside `spec/error-codes.yaml` in a session line (`+FTPGET: 1,67`).
    FtpCode(u8),
    /// `+CME ERROR: <err>`; `None` when its text is not one the spec lists.
    Cme(Option<CmeCode>),
    /// Plain `ERROR` (AT+CMEE=0, or a command line the module does not accept).
    Rejected,
    /// Another final result code than the command's (`NO CARRIER`, `CONNECT`, …).
    UnexpectedFinal,
    /// The network deactivated the context instead of activating it
    /// (`+APP PDP: <pdpidx>,DEACTIVE`).
    BearerDown,
    /// The module said nothing in time.
    Timeout(Wait),
    /// The command cannot be encoded safely; nothing was sent.
    Encode(EncodeError),
    /// An operation is running; the new one was not started.
    Busy,
    /// The call does not fit where the operation stands (a chunk while the module has not
    /// invited one).
    NotReady,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Ftp(s) => write!(
                f,
                "the module reports FTP error {} ({})",
                s.code(),
                s.name()
            ),
            Self::FtpCode(c) => write!(
                f,
                "the module reports FTP code {c}, which the spec does not list"
            ),
            Self::Cme(Some(c)) => write!(f, "+CME ERROR: {} ({})", c.code(), c.text()),
            Self::Cme(None) => f.write_str("+CME ERROR with a text the spec does not list"),
            Self::Rejected => f.write_str("the module answered ERROR"),
            Self::UnexpectedFinal => {
                f.write_str("the module ended the command with an unexpected result code")
            }
            Self::BearerDown => f.write_str("the network deactivated the context"),
            Self::Timeout(w) => write!(f, "timed out waiting for {w}"),
            Self::Encode(e) => write!(f, "not sent: {e}"),
            Self::Busy => f.write_str("an operation is already running"),
            Self::NotReady => f.write_str("the operation does not wait for this call now"),
        }
    }
}

impl core::error::Error for Error {}
