//! FTP sessions: the commands that talk to the server, in command, extended and transparent
//! mode (app note section 3), and AT+FTPSSL, which secures them.
//!
//! AT+FTPSSL is a setting, but it sits here, between AT+FTPMDTM and AT+FTPTOFSST, because
//! the order of [`Command`](super::Command)'s variants is behaviour (`Arbitrary`, `Hash`).

use super::encode::Args;
use super::forms::{Payload, modal};
use super::params::{Param, params};
use super::rules::{Num, Str};
use super::{Answer, Form, FsDir};
use crate::{EncodeError, ParseError, Prefix};

/// `AT+FTPGET` and `AT+FTPLIST`: chunked download in command mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Chunked {
    /// `=?`.
    Test,
    /// `=1`: open the session.
    Open,
    /// `=2,<reqlength>`: read up to `reqlength` (1–1460) bytes.
    Read {
        /// `<reqlength>` 1–1460.
        reqlength: u16,
    },
}

/// `AT+FTPPUT`: chunked upload in command mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum FtpPut {
    /// `=?`.
    Test,
    /// `=1`: open the session.
    Open,
    /// `=2,<reqlength>` with `reqlength` 1–1460: announce a chunk.
    Write {
        /// `<reqlength>` 1–1460.
        reqlength: u16,
    },
    /// `=2,0`: all data sent, finish the upload.
    Finish,
}

/// `AT+FTPEXTPUT`: extended upload from the module's RAM buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum FtpExtPut {
    /// `=?`.
    Test,
    /// `?`.
    Read,
    /// `=0`: back to the normal FTPPUT method; clears the buffer.
    Normal,
    /// `=1`: use the extended method.
    Extended,
    /// `=2,<pos>,<len>,<timeout>`: load `len` bytes at `pos` over the serial port.
    Load {
        /// `<pos>` 0–327680.
        pos: u32,
        /// `<len>` 1–327680.
        len: u32,
        /// `<timeout>` 1000–1000000 ms.
        timeout: u32,
    },
}

/// `AT+FTPEXTGET`: extended download into RAM or the file system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum FtpExtGet<'a> {
    /// `=?`.
    Test,
    /// `?`: mode and bytes downloaded so far.
    Read,
    /// `=0`: back to the normal FTPGET method; clears the buffer.
    Normal,
    /// `=1`: download into RAM.
    Ram,
    /// `=2,<dir>,"<file_name>"`: download into the file system.
    File {
        /// `<dir>`.
        dir: FsDir,
        /// `<file_name>`, 1–50 bytes.
        name: &'a str,
    },
    /// `=3,<pos>,<len>`: print `len` bytes of the RAM copy from `pos`.
    Output {
        /// `<pos>` 0–327679.
        pos: u32,
        /// `<len>` 1–327680.
        len: u32,
    },
}

/// `AT+FTPETPUT`: upload in transparent mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum FtpEtPut {
    /// `=?`.
    Test,
    /// `=1`: open the session.
    Open,
    /// `=2`: enter the ETX/DLE data phase.
    Data,
}

/// `AT+FTPETGET`: download in transparent mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum FtpEtGet {
    /// `=?`.
    Test,
    /// `=1`: open the session; the data follows `+FTPETGET: 1,1`.
    Open,
}

/// `AT+FTPSSL` `<ssltype>`; the default is the power-up value (0, spec/commands.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum SslType {
    /// 0: plain FTP.
    #[default]
    Plain,
    /// 1: implicit FTPS (TLS from the first byte; the note uses port 990).
    Implicit,
    /// 2: explicit FTPS (`AUTH TLS` on the control port).
    Explicit,
}

params! {
    /// `AT+FTPSSL=<ssltype>,<ctxindex>,"<ca_list>","<cert_name>"`.
    pub struct FtpSsl<'a> {
        /// `<ssltype>`.
        pub ssltype: SslType = FTPSSL_SSLTYPE,
        /// `<ctxindex>` 0–5: the AT+CSSLCFG context.
        pub ctxindex: u8 = FTPSSL_CTXINDEX,
        /// `<ca_list>`: converted CA file name, at most 50 bytes (may be empty).
        pub ca_list: &'a str = FTPSSL_CA_LIST,
        /// `<cert_name>`: converted client certificate name, at most 50 bytes (may be empty).
        pub cert_name: &'a str = FTPSSL_CERT_NAME,
    }
}

super::values::numbered!(
    SslType,
    [Plain = 0, Implicit = 1, Explicit = 2],
    "assert_eq!(SslType::Explicit.number(), 2);"
);

/// `AT+FTPGET` / `AT+FTPLIST` / `AT+FTPPUT` `<mode>`.
pub(crate) const CHUNK_MODE: Num = Num::range("mode", 1, 2);
/// `<reqlength>` of AT+FTPGET=2, AT+FTPLIST=2 and AT+FTPPUT=2 (`AT+FTPPUT=2,0` is
/// [`FtpPut::Finish`], not a write).
pub(crate) const REQLENGTH: Num = Num::range("reqlength", 1, 1460);
/// `AT+FTPEXTPUT` `<mode>`.
pub(crate) const FTPEXTPUT_MODE: Num = Num::range("mode", 0, 2);
/// `AT+FTPEXTPUT` `<pos>`: 0–320k.
pub(crate) const FTPEXTPUT_POS: Num = Num::range("pos", 0, 327_680);
/// `AT+FTPEXTPUT` `<len>`: 1–320k.
pub(crate) const FTPEXTPUT_LEN: Num = Num::range("len", 1, 327_680);
/// `AT+FTPEXTPUT` `<timeout>` in ms.
pub(crate) const FTPEXTPUT_TIMEOUT: Num = Num::range("timeout", 1000, 1_000_000);
/// `AT+FTPEXTGET` `<mode>`.
pub(crate) const FTPEXTGET_MODE: Num = Num::range("mode", 0, 3);
/// `AT+FTPEXTGET=2` `<dir>`.
pub(crate) const FTPEXTGET_DIR: Num = Num::range("dir", 0, 3);
/// `AT+FTPEXTGET=2` `<file_name>`.
pub(crate) const FTPEXTGET_FILE_NAME: Str = Str::non_empty("file_name", 50);
/// `AT+FTPEXTGET=3` `<pos>`: below the largest `<len>`.
pub(crate) const FTPEXTGET_POS: Num = Num::range("pos", 0, 327_679);
/// `AT+FTPEXTGET=3` `<len>`: 1–320k.
pub(crate) const FTPEXTGET_LEN: Num = Num::range("len", 1, 327_680);
/// `AT+FTPETPUT` `<mode>`.
pub(crate) const FTPETPUT_MODE: Num = Num::range("mode", 1, 2);
/// `AT+FTPETGET` `<mode>`: only 1.
pub(crate) const FTPETGET_MODE: Num = Num::range("mode", 1, 1);

/// `AT+FTPSSL` `<ssltype>`.
pub(crate) const FTPSSL_SSLTYPE: Num = Num::range("ssltype", 0, 2);
/// `AT+FTPSSL` `<ctxindex>`.
pub(crate) const FTPSSL_CTXINDEX: Num = Num::range("ctxindex", 0, 5);
/// `AT+FTPSSL` `<ca_list>` (the manual prints `<ca list>`).
pub(crate) const FTPSSL_CA_LIST: Str = Str::up_to("ca_list", 50);
/// `AT+FTPSSL` `<cert_name>` (the manual prints `<cert name>`).
pub(crate) const FTPSSL_CERT_NAME: Str = Str::up_to("cert_name", 50);

macro_rules! ftp_session {
    ($families:tt $basic:tt [$($extended:tt)*]) => {
        $crate::command::chain! { $families $basic [$($extended)*
            /// `AT+FTPGET`: chunked download.
            FtpGet(Chunked) = "AT+FTPGET" { prefix: FtpGet, },
            /// `AT+FTPPUT`: chunked upload.
            FtpPut(FtpPut) = "AT+FTPPUT" {
                prefix: FtpPut,
                host_data: FtpPut::Write { reqlength } => HostData::Counted(*reqlength as u32),
            },
            /// `AT+FTPDELE`: delete the remote file.
            FtpDele(Action) = "AT+FTPDELE" { prefix: FtpDele, },
            /// `AT+FTPSIZE`: size of the remote file.
            FtpSize(Action) = "AT+FTPSIZE" { prefix: FtpSize, },
            /// `AT+FTPSTATE`: 0 idle, 1 a session is in progress.
            FtpState(Action) = "AT+FTPSTATE" { prefix: FtpState, answer: every_form, },
            /// `AT+FTPEXTPUT`: extended upload.
            FtpExtPut(FtpExtPut) = "AT+FTPEXTPUT" {
                prefix: FtpExtPut,
                host_data: FtpExtPut::Load { len, .. } => HostData::Counted(*len),
            },
            /// `AT+FTPMKD`: create the remote directory.
            FtpMkd(Action) = "AT+FTPMKD" { prefix: FtpMkd, },
            /// `AT+FTPRMD`: remove the remote directory.
            FtpRmd(Action) = "AT+FTPRMD" { prefix: FtpRmd, },
            /// `AT+FTPLIST`: chunked directory listing.
            FtpList(Chunked) = "AT+FTPLIST" { prefix: FtpList, },
            /// `AT+FTPEXTGET`: extended download.
            FtpExtGet(FtpExtGet<'a>) = "AT+FTPEXTGET" { prefix: FtpExtGet, },
            /// `AT+FTPETPUT`: transparent upload.
            FtpEtPut(FtpEtPut) = "AT+FTPETPUT" {
                prefix: FtpEtPut,
                host_data: FtpEtPut::Data => HostData::Etx,
            },
            /// `AT+FTPETGET`: transparent download.
            FtpEtGet(FtpEtGet) = "AT+FTPETGET" { prefix: FtpEtGet, },
            /// `AT+FTPQUIT`: abort the current session.
            FtpQuit(Action) = "AT+FTPQUIT" { prefix: FtpQuit, },
            /// `AT+FTPRENAME`: rename the remote file.
            FtpRename(Action) = "AT+FTPRENAME" { prefix: FtpRename, },
            /// `AT+FTPMDTM`: modification time of the remote file.
            FtpMdtm(Action) = "AT+FTPMDTM" { prefix: FtpMdtm, },
            /// `AT+FTPSSL`: FTPS selection.
            FtpSsl(Setting<FtpSsl<'a>>) = "AT+FTPSSL" { prefix: FtpSsl, },
            /// `AT+FTPTOFSST`: status of a download into the file system.
            FtpToFsSt(Action) = "AT+FTPTOFSST" { prefix: FtpToFsSt, answer: every_form, },
        ] }
    };
}
pub(crate) use ftp_session;

impl Chunked {
    /// `=?` or `=<mode>,…`.
    pub(crate) const fn form(&self) -> Form {
        match self {
            Self::Test => Form::Test,
            Self::Open | Self::Read { .. } => Form::Write,
        }
    }
}

/// AT+FTPGET and AT+FTPLIST: `=1` / `=2,<reqlength>`.
impl Payload<'_> for Chunked {
    type Rules = ();

    #[inline(always)]
    fn args(&self, (): (), a: &mut Args<'_>) -> Result<(), EncodeError> {
        match *self {
            Self::Test => {}
            Self::Open => a.fixed(1),
            Self::Read { reqlength } => {
                a.fixed(2);
                a.num(reqlength, &REQLENGTH);
            }
        }
        Ok(())
    }

    fn build(form: Form, args: &[u8], (): ()) -> Result<Self, ParseError> {
        modal(form, args, Self::Test, None, |p| {
            match p.num::<u8>(0, &CHUNK_MODE)? {
                1 => p.at_most(1).map(|()| Self::Open),
                _ => {
                    p.at_most(2)?;
                    Ok(Self::Read {
                        reqlength: p.num(1, &REQLENGTH)?,
                    })
                }
            }
        })
    }

    fn answer(&self, prefix: Prefix) -> Answer {
        match self {
            Self::Test => Answer::info(prefix),
            Self::Open => Answer::FinalOnly,
            Self::Read { .. } => Answer::mode(prefix, 2),
        }
    }
}

impl FtpPut {
    /// `=?` or `=<mode>,…`.
    pub(crate) const fn form(&self) -> Form {
        match self {
            Self::Test => Form::Test,
            Self::Open | Self::Write { .. } | Self::Finish => Form::Write,
        }
    }
}

impl Payload<'_> for FtpPut {
    type Rules = ();

    #[inline(always)]
    fn args(&self, (): (), a: &mut Args<'_>) -> Result<(), EncodeError> {
        match *self {
            Self::Test => {}
            Self::Open => a.fixed(1),
            Self::Write { reqlength } => {
                a.fixed(2);
                a.num(reqlength, &REQLENGTH);
            }
            Self::Finish => {
                a.fixed(2);
                a.fixed(0);
            }
        }
        Ok(())
    }

    fn build(form: Form, args: &[u8], (): ()) -> Result<Self, ParseError> {
        modal(form, args, Self::Test, None, |p| {
            match p.num::<u8>(0, &CHUNK_MODE)? {
                1 => p.at_most(1).map(|()| Self::Open),
                _ => {
                    p.at_most(2)?;
                    // `=2,0` finishes the upload; any other length announces a chunk.
                    if p.value(1, REQLENGTH.param)? == 0 {
                        Ok(Self::Finish)
                    } else {
                        Ok(Self::Write {
                            reqlength: p.num(1, &REQLENGTH)?,
                        })
                    }
                }
            }
        })
    }

    fn answer(&self, prefix: Prefix) -> Answer {
        match self {
            Self::Test => Answer::info(prefix),
            Self::Write { .. } => Answer::mode(prefix, 2),
            Self::Open | Self::Finish => Answer::FinalOnly,
        }
    }
}

impl FtpExtPut {
    /// `=?`, `?` or `=<mode>,…`.
    pub(crate) const fn form(&self) -> Form {
        match self {
            Self::Test => Form::Test,
            Self::Read => Form::Read,
            Self::Normal | Self::Extended | Self::Load { .. } => Form::Write,
        }
    }
}

impl Payload<'_> for FtpExtPut {
    type Rules = ();

    #[inline(always)]
    fn args(&self, (): (), a: &mut Args<'_>) -> Result<(), EncodeError> {
        match *self {
            Self::Test | Self::Read => {}
            Self::Normal => a.fixed(0),
            Self::Extended => a.fixed(1),
            Self::Load { pos, len, timeout } => {
                a.fixed(2);
                a.num(pos, &FTPEXTPUT_POS);
                a.num(len, &FTPEXTPUT_LEN);
                a.num(timeout, &FTPEXTPUT_TIMEOUT);
            }
        }
        Ok(())
    }

    fn build(form: Form, args: &[u8], (): ()) -> Result<Self, ParseError> {
        modal(form, args, Self::Test, Some(Self::Read), |p| {
            match p.num::<u8>(0, &FTPEXTPUT_MODE)? {
                0 => p.at_most(1).map(|()| Self::Normal),
                1 => p.at_most(1).map(|()| Self::Extended),
                _ => {
                    p.at_most(4)?;
                    Ok(Self::Load {
                        pos: p.num(1, &FTPEXTPUT_POS)?,
                        len: p.num(2, &FTPEXTPUT_LEN)?,
                        timeout: p.num(3, &FTPEXTPUT_TIMEOUT)?,
                    })
                }
            }
        })
    }

    fn answer(&self, prefix: Prefix) -> Answer {
        match self {
            Self::Test | Self::Read | Self::Load { .. } => Answer::info(prefix),
            Self::Normal | Self::Extended => Answer::FinalOnly,
        }
    }
}

impl FtpExtGet<'_> {
    /// `=?`, `?` or `=<mode>,…`.
    pub(crate) const fn form(&self) -> Form {
        match self {
            Self::Test => Form::Test,
            Self::Read => Form::Read,
            Self::Normal | Self::Ram | Self::File { .. } | Self::Output { .. } => Form::Write,
        }
    }
}

impl<'a> Payload<'a> for FtpExtGet<'a> {
    type Rules = ();

    #[inline(always)]
    fn args(&self, (): (), a: &mut Args<'a>) -> Result<(), EncodeError> {
        match *self {
            Self::Test | Self::Read => {}
            Self::Normal => a.fixed(0),
            Self::Ram => a.fixed(1),
            Self::File { dir, name } => {
                a.fixed(2);
                dir.push(&FTPEXTGET_DIR, a);
                a.str(name, &FTPEXTGET_FILE_NAME);
            }
            Self::Output { pos, len } => {
                a.fixed(3);
                a.num(pos, &FTPEXTGET_POS);
                a.num(len, &FTPEXTGET_LEN);
            }
        }
        Ok(())
    }

    fn build(form: Form, args: &'a [u8], (): ()) -> Result<Self, ParseError> {
        modal(form, args, Self::Test, Some(Self::Read), |p| {
            match p.num::<u8>(0, &FTPEXTGET_MODE)? {
                0 => p.at_most(1).map(|()| Self::Normal),
                1 => p.at_most(1).map(|()| Self::Ram),
                2 => {
                    p.at_most(3)?;
                    Ok(Self::File {
                        dir: FsDir::take(p, 1, &FTPEXTGET_DIR)?,
                        name: p.str(2, &FTPEXTGET_FILE_NAME)?,
                    })
                }
                _ => {
                    p.at_most(3)?;
                    Ok(Self::Output {
                        pos: p.num(1, &FTPEXTGET_POS)?,
                        len: p.num(2, &FTPEXTGET_LEN)?,
                    })
                }
            }
        })
    }

    fn answer(&self, prefix: Prefix) -> Answer {
        match self {
            Self::Test | Self::Read => Answer::info(prefix),
            Self::Output { .. } => Answer::mode(prefix, 3),
            Self::Normal | Self::Ram | Self::File { .. } => Answer::FinalOnly,
        }
    }
}

impl FtpEtPut {
    /// `=?` or `=<mode>`.
    pub(crate) const fn form(&self) -> Form {
        match self {
            Self::Test => Form::Test,
            Self::Open | Self::Data => Form::Write,
        }
    }
}

impl Payload<'_> for FtpEtPut {
    type Rules = ();

    #[inline(always)]
    fn args(&self, (): (), a: &mut Args<'_>) -> Result<(), EncodeError> {
        match self {
            Self::Test => {}
            Self::Open => a.fixed(1),
            Self::Data => a.fixed(2),
        }
        Ok(())
    }

    fn build(form: Form, args: &[u8], (): ()) -> Result<Self, ParseError> {
        modal(form, args, Self::Test, None, |p| {
            p.at_most(1)?;
            match p.num::<u8>(0, &FTPETPUT_MODE)? {
                1 => Ok(Self::Open),
                _ => Ok(Self::Data),
            }
        })
    }

    fn answer(&self, prefix: Prefix) -> Answer {
        match self {
            Self::Test => Answer::info(prefix),
            Self::Data => Answer::mode(prefix, 2),
            Self::Open => Answer::FinalOnly,
        }
    }
}

impl FtpEtGet {
    /// `=?` or `=1`.
    pub(crate) const fn form(&self) -> Form {
        match self {
            Self::Test => Form::Test,
            Self::Open => Form::Write,
        }
    }
}

impl Payload<'_> for FtpEtGet {
    type Rules = ();

    #[inline(always)]
    fn args(&self, (): (), a: &mut Args<'_>) -> Result<(), EncodeError> {
        match self {
            Self::Test => {}
            Self::Open => a.fixed(1),
        }
        Ok(())
    }

    fn build(form: Form, args: &[u8], (): ()) -> Result<Self, ParseError> {
        modal(form, args, Self::Test, None, |p| {
            p.at_most(1)?;
            p.num::<u8>(0, &FTPETGET_MODE).map(|_| Self::Open)
        })
    }

    fn answer(&self, prefix: Prefix) -> Answer {
        match self {
            Self::Test => Answer::info(prefix),
            Self::Open => Answer::FinalOnly,
        }
    }
}
