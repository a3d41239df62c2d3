//! What follows a command: which lines answer it ([`Answer`]), so the decoder can tell
//! responses from URCs, and what the host sends after it ([`HostData`]). Each command's
//! declaration says which of them apply (see [`Command::answer`] and [`Command::host_data`]).

#[cfg(doc)]
use super::Command;
use crate::Prefix;

/// The information lines that answer a command (before its final result code).
///
/// A line the pending command's `Answer` does not claim is unsolicited, even when it has the
/// same prefix: `+FTPGET: 1,1` after `AT+FTPGET=2,1024` is a URC, `+FTPGET: 2,50` is the
/// response (atat #223).
///
/// ```
/// use simcom_at::{Command, Prefix, command::{Answer, Chunked, Setting}};
/// assert_eq!(
///     Command::FtpGet(Chunked::Read { reqlength: 1024 }).answer(),
///     Answer::Info { prefix: Prefix::FtpGet, mode: Some(2) }
/// );
/// assert_eq!(Command::FtpGet(Chunked::Open).answer(), Answer::FinalOnly);
/// assert_eq!(Command::Cpin(Setting::Read).answer(), Answer::Info { prefix: Prefix::Cpin, mode: None });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    /// Only the final result code answers; every information line is unsolicited.
    FinalOnly,
    /// Lines with `prefix` answer; when `mode` is set, only those whose first field equals it.
    Info {
        /// The answering prefix.
        prefix: Prefix,
        /// The first field the answering lines carry (`2` in `+FTPGET: 2,<cnflength>`).
        mode: Option<u8>,
    },
    /// Unprefixed text lines answer (`ATI`).
    Text,
}

impl Answer {
    /// Every line with `prefix` answers.
    pub(crate) const fn info(prefix: Prefix) -> Self {
        Self::Info { prefix, mode: None }
    }

    /// The lines with `prefix` whose first field is `mode` answer.
    pub(crate) const fn mode(prefix: Prefix, mode: u8) -> Self {
        Self::Info {
            prefix,
            mode: Some(mode),
        }
    }
}

/// The bytes the host sends after a command that opens a host data phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HostData {
    /// Exactly this many bytes, unframed (`AT+FTPPUT=2,<n>`, `AT+FTPEXTPUT=2,<pos>,<len>,…`,
    /// `AT+CFSWFILE=…,<filesize>,…`). The module may allow fewer: `+FTPPUT: 2,<n>` says.
    Counted(u32),
    /// ETX/DLE-framed bytes up to a bare ETX (`AT+FTPETPUT=2`).
    Etx,
}
