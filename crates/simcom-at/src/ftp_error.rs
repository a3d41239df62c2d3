//! The `<code>` of `+FTPxxx: 1,<code>` (and the `<ftpstatus>` of `+FTPTOFSST`): two statuses
//! and the FTP error codes of `spec/error-codes.yaml` `ftp_errors`.
//!
//! [`Info`](crate::Info) carries the code as the number printed, so a code no table lists
//! (`67`) still decodes; [`FtpStatus::from_code`] gives it a meaning where it has one.

/// An FTP error code (`spec/error-codes.yaml` `ftp_errors`, 61–94). The variant names follow
/// the yaml's `name`s.
///
/// ```
/// use simcom_at::FtpError;
/// assert_eq!(FtpError::ManualQuit.code(), 80);
/// assert_eq!(FtpError::from_code(72), Some(FtpError::Password));
/// assert_eq!(FtpError::Password.name(), "password_error");
/// ```
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum FtpError {
    /// 61 `Net error`: the bearer or the network failed.
    Network,
    /// 62 `DNS error`: the host name in AT+FTPSERV could not be resolved.
    Dns,
    /// 63 `Connect error`: the TCP connection (control or data) could not be set up.
    Connect,
    /// 64 `Timeout`: the session timed out (no server reply, or the host did not read/write).
    Timeout,
    /// 65 `Server error`: the server failed in a way no more specific code covers.
    Server,
    /// 66 `Operation not allow`: refused before contacting the server (a session runs, or a
    /// setting is empty).
    OperationNotAllowed,
    /// 70 `Replay error` (sic): the server's reply could not be understood or was unexpected.
    Reply,
    /// 71 `User error`: the server rejected the user name.
    User,
    /// 72 `Password error`: the server rejected the password.
    Password,
    /// 73 `Type error`: the server rejected the transfer type.
    Type,
    /// 74 `Rest error`: the server rejected the restart offset.
    Rest,
    /// 75 `Passive error`: passive mode failed.
    Passive,
    /// 76 `Active error`: active mode failed.
    Active,
    /// 77 `Operate error`: a file or directory operation was refused.
    Operate,
    /// 78 `Upload error`: the upload failed.
    Upload,
    /// 79 `Download error`: the download (or listing) failed.
    Download,
    /// 80 `Manual quit`: the session was aborted by AT+FTPQUIT.
    ManualQuit,
    /// 90 `SSL connect error`: the TLS handshake failed.
    SslConnect,
    /// 91 `SSL alert error`: a TLS alert ended the secure connection.
    SslAlert,
    /// 92 `AUTH error`: explicit FTPS could not start.
    Auth,
    /// 93 `PBSZE error` (sic): the server rejected `PBSZ 0`.
    Pbsz,
    /// 94 `PORT error` (printed so): the server rejected `PROT P`.
    Prot,
}

code_table!(
    FtpError,
    u8,
    name,
    "The error's `name` in `spec/error-codes.yaml` (`network_error`, …).",
    [
        Network = 61,
        "network_error",
        Dns = 62,
        "dns_error",
        Connect = 63,
        "connect_error",
        Timeout = 64,
        "timeout",
        Server = 65,
        "server_error",
        OperationNotAllowed = 66,
        "operation_not_allowed",
        Reply = 70,
        "reply_error",
        User = 71,
        "user_error",
        Password = 72,
        "password_error",
        Type = 73,
        "type_error",
        Rest = 74,
        "rest_error",
        Passive = 75,
        "passive_error",
        Active = 76,
        "active_error",
        Operate = 77,
        "operate_error",
        Upload = 78,
        "upload_error",
        Download = 79,
        "download_error",
        ManualQuit = 80,
        "manual_quit",
        SslConnect = 90,
        "ssl_connect_error",
        SslAlert = 91,
        "ssl_alert_error",
        Auth = 92,
        "auth_error",
        Pbsz = 93,
        "pbsz_error",
        Prot = 94,
        "prot_error",
    ]
);

/// The `<code>` of a session line: success, ready, or an [`FtpError`].
///
/// ```
/// use simcom_at::{FtpError, FtpStatus};
/// assert_eq!(FtpStatus::from_code(0), Some(FtpStatus::Success));
/// assert_eq!(FtpStatus::from_code(1), Some(FtpStatus::Ready));
/// assert_eq!(FtpStatus::from_code(66), Some(FtpStatus::Error(FtpError::OperationNotAllowed)));
/// assert_eq!(FtpStatus::from_code(2), None);
/// ```
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FtpStatus {
    /// 0: the operation succeeded; a transfer session ended normally.
    Success,
    /// 1: the session is open: data can be read (`+FTPGET: 1,1`) or written.
    Ready,
    /// 61–94: the session failed.
    Error(FtpError),
}

impl FtpStatus {
    /// The code the module prints.
    ///
    /// ```
    /// use simcom_at::{FtpError, FtpStatus};
    /// assert_eq!(FtpStatus::Success.code(), 0);
    /// assert_eq!(FtpStatus::Error(FtpError::Timeout).code(), 64);
    /// ```
    #[must_use]
    pub const fn code(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::Ready => 1,
            Self::Error(e) => e.code(),
        }
    }

    /// The status the module means by `code`; `None` for a code no table lists.
    ///
    /// ```
    /// use simcom_at::FtpStatus;
    /// assert_eq!(FtpStatus::from_code(67), None);
    /// ```
    #[must_use]
    pub const fn from_code(code: u8) -> Option<Self> {
        match code {
            0 => Some(Self::Success),
            1 => Some(Self::Ready),
            _ => match FtpError::from_code(code) {
                Some(e) => Some(Self::Error(e)),
                None => None,
            },
        }
    }

    /// The status's `name` in `spec/error-codes.yaml` `ftp_errors` (`success`, `ready`, …).
    ///
    /// ```
    /// use simcom_at::FtpStatus;
    /// assert_eq!(FtpStatus::Ready.name(), "ready");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Ready => "ready",
            Self::Error(e) => e.name(),
        }
    }
}

impl From<FtpError> for FtpStatus {
    /// ```
    /// use simcom_at::{FtpError, FtpStatus};
    /// assert_eq!(FtpStatus::from(FtpError::Dns), FtpStatus::Error(FtpError::Dns));
    /// ```
    fn from(e: FtpError) -> Self {
        Self::Error(e)
    }
}
