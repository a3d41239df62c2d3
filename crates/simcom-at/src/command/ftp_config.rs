//! FTP configuration: the server, the account, the file names and the transfer options a
//! session uses (app note section 3).

use super::rules::{Num, Str};

/// `AT+FTPMODE` `<value>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum FtpMode {
    /// 0: active (PORT).
    Active,
    /// 1: passive (PASV).
    Passive,
}

/// `AT+FTPTYPE` `<value>`; the default is the power-up value (`"I"`, spec/commands.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum FtpType {
    /// `"A"`: ASCII (7-bit NVT; the MSB of every byte is cleared).
    Ascii,
    /// `"I"`: binary (image).
    #[default]
    Binary,
}

super::values::named!(
    FtpType,
    [Ascii = "A", Binary = "I"],
    "assert_eq!(FtpType::Binary.name(), \"I\");"
);

/// `AT+FTPPUTOPT` `<value>`: the FTP verb an upload uses; the default is the power-up value
/// (`"STOR"`, spec/commands.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum PutOpt {
    /// `"APPE"`: append to the file.
    Appe,
    /// `"STOU"`: store under a unique name.
    Stou,
    /// `"STOR"`: store, replacing the file.
    #[default]
    Stor,
}

super::values::named!(
    PutOpt,
    [Appe = "APPE", Stou = "STOU", Stor = "STOR"],
    "assert_eq!(PutOpt::Stor.name(), \"STOR\");"
);

super::values::numbered!(
    FtpMode,
    [Active = 0, Passive = 1],
    "assert_eq!(FtpMode::Passive.number(), 1);"
);

/// `AT+FTPPORT=<value>`.
pub(crate) const FTPPORT: Num = Num::range("value", 1, 65535);
/// `AT+FTPMODE=<value>`.
pub(crate) const FTPMODE: Num = Num::range("value", 0, 1);
/// `AT+FTPCID=<value>`.
pub(crate) const FTPCID: Num = Num::range("value", 0, 3);
/// `AT+FTPREST=<value>`: the full `u32` range.
pub(crate) const FTPREST: Num = Num::range("value", 0, u32::MAX as u64);
/// `AT+FTPSERV=<value>`.
pub(crate) const FTPSERV: Str = Str::up_to("value", 49);
/// `AT+FTPUN=<value>`.
pub(crate) const FTPUN: Str = Str::up_to("value", 49);
/// `AT+FTPPW=<value>`.
pub(crate) const FTPPW: Str = Str::up_to("value", 49);
/// `AT+FTPGETNAME` / `AT+FTPPUTNAME`: 64 bytes (manual V1.05/V1.07, decision 4).
pub(crate) const FTP_FILE_NAME: Str = Str::up_to("value", 64);
/// `AT+FTPGETPATH` / `AT+FTPPUTPATH`.
pub(crate) const FTP_PATH: Str = Str::up_to("value", 255);

macro_rules! ftp_config {
    ($families:tt $basic:tt [$($extended:tt)*]) => {
        $crate::command::chain! { $families $basic [$($extended)*
            /// `AT+FTPPORT`: control port 1–65535 (default 21).
            FtpPort(Setting<u16>) = "AT+FTPPORT" { prefix: FtpPort, rules: &FTPPORT, },
            /// `AT+FTPMODE`: active or passive.
            FtpMode(Setting<FtpMode>) = "AT+FTPMODE" { prefix: FtpMode, rules: &FTPMODE, },
            /// `AT+FTPTYPE`: ASCII or binary.
            FtpType(Setting<FtpType>) = "AT+FTPTYPE" { prefix: FtpType, },
            /// `AT+FTPPUTOPT`: STOR / APPE / STOU.
            FtpPutOpt(Setting<PutOpt>) = "AT+FTPPUTOPT" { prefix: FtpPutOpt, },
            /// `AT+FTPCID`: the AT+CNACT context 0–3 the session uses.
            FtpCid(Setting<u8>) = "AT+FTPCID" { prefix: FtpCid, rules: &FTPCID, },
            /// `AT+FTPREST`: byte offset 0–4294967295 at which the next download resumes.
            FtpRest(Setting<u32>) = "AT+FTPREST" { prefix: FtpRest, rules: &FTPREST, },
            /// `AT+FTPSERV`: server address or host name, at most 49 bytes.
            FtpServ(Setting<&'a str>) = "AT+FTPSERV" { prefix: FtpServ, rules: &FTPSERV, },
            /// `AT+FTPUN`: user name, at most 49 bytes.
            FtpUn(Setting<&'a str>) = "AT+FTPUN" { prefix: FtpUn, rules: &FTPUN, },
            /// `AT+FTPPW`: password, at most 49 bytes.
            FtpPw(Setting<&'a str>) = "AT+FTPPW" { prefix: FtpPw, rules: &FTPPW, },
            /// `AT+FTPGETNAME`: remote file name for downloads, at most 64 bytes.
            FtpGetName(Setting<&'a str>) = "AT+FTPGETNAME" {
                prefix: FtpGetName,
                rules: &FTP_FILE_NAME,
            },
            /// `AT+FTPGETPATH`: remote directory for downloads, at most 255 bytes.
            FtpGetPath(Setting<&'a str>) = "AT+FTPGETPATH" { prefix: FtpGetPath, rules: &FTP_PATH, },
            /// `AT+FTPPUTNAME`: remote file name for uploads, at most 64 bytes.
            FtpPutName(Setting<&'a str>) = "AT+FTPPUTNAME" {
                prefix: FtpPutName,
                rules: &FTP_FILE_NAME,
            },
            /// `AT+FTPPUTPATH`: remote directory for uploads, at most 255 bytes.
            FtpPutPath(Setting<&'a str>) = "AT+FTPPUTPATH" { prefix: FtpPutPath, rules: &FTP_PATH, },
        ] }
    };
}
pub(crate) use ftp_config;
