//! Typed host commands: every command and form of `spec/commands.yaml`.
//!
//! A [`Command`] borrows its string parameters, so it needs no allocation: encode one into a
//! caller's buffer with [`Command::encode`], or read a host line back with [`Command::parse`].
//! Both directions apply the same rules from the spec (ranges, lengths, forbidden bytes), so
//! `Command::parse(&encoded) == Ok(command)` for every command that encodes.

mod answer;
mod build;
mod encode;
mod meta;
mod parse;
mod rules;
#[cfg(test)]
mod tests;

pub use answer::Answer;
pub use meta::HostData;

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

/// `AT+CMEE` `<n>`: how errors of the mobile equipment are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum CmeeMode {
    /// 0: plain `ERROR`.
    Disabled,
    /// 1: `+CME ERROR: <n>` with a numeric code.
    Numeric,
    /// 2: `+CME ERROR: <text>`.
    Verbose,
}

/// `AT+CPIN="<pin>"[,"<newpin>"]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Pin<'a> {
    /// `<pin>`: the PIN (or PUK when the SIM asks for it); at most 8 bytes.
    pub pin: &'a str,
    /// `<newpin>`: the new PIN when `<pin>` is a PUK; at most 8 bytes.
    pub new_pin: Option<&'a str>,
}

/// `AT+CGACT=<state>[,<cid>]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Cgact {
    /// `<state>`: `true` activates, `false` deactivates.
    pub state: bool,
    /// `<cid>`: PDP context identifier 1–15; all contexts when absent.
    pub cid: Option<u8>,
}

/// `AT+COPS=<mode>[,<format>[,"<oper>"[,<AcT>]]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Cops<'a> {
    /// `<mode>` 0–4 (0 automatic, 1 manual, 2 deregister, 3 set format only, 4 manual/automatic).
    pub mode: u8,
    /// `<format>` 0–2 (long alphanumeric, short alphanumeric, numeric).
    pub format: Option<u8>,
    /// `<oper>`: the operator in the given format, at most 32 bytes. Only present when
    /// `format` is.
    pub oper: Option<&'a str>,
    /// `<AcT>`: access technology (0 GSM, 1 GSM compact, 3 GSM EGPRS, 7 LTE Cat-M1, 9 LTE
    /// NB-IoT). Only present when `oper` is.
    pub act: Option<u8>,
}

/// `AT+CNCFG=<pdpidx>,<ip_type>[,"<APN>"[,"<usename>","<password>"[,<authentication>]]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Cncfg<'a> {
    /// `<pdpidx>` 0–3.
    pub pdpidx: u8,
    /// `<ip_type>` 0–4 (0 dual stack, 1 IPv4, 2 IPv6, 3 non-IP, 4 extended non-IP).
    pub ip_type: u8,
    /// `<APN>`, at most 150 bytes.
    pub apn: Option<&'a str>,
    /// `<usename>` and `<password>`, at most 127 bytes each; only with `apn`.
    pub credentials: Option<(&'a str, &'a str)>,
    /// `<authentication>` 0–3 (none, PAP, CHAP, PAP or CHAP); only with `credentials`.
    pub auth: Option<u8>,
}

/// `AT+CNACT=<pdpidx>,<action>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Cnact {
    /// `<pdpidx>` 0–3.
    pub pdpidx: u8,
    /// `<action>`.
    pub action: CnactAction,
}

/// `AT+CNACT` `<action>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum CnactAction {
    /// 0: deactivate.
    Deactivate,
    /// 1: activate.
    Activate,
    /// 2: auto-activate (the module retries).
    AutoActivate,
}

/// `AT+CFUN=<fun>[,<rst>]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Cfun {
    /// `<fun>`: 0 minimum, 1 full, 4 RF off, 5 factory test, 6 reset, 7 offline.
    pub fun: u8,
    /// `<rst>`: 0 do not reset, 1 reset before setting `<fun>`.
    pub rst: Option<u8>,
}

/// `AT+CGDCONT=<cid>[,"<PDP_type>"[,"<APN>"]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Cgdcont<'a> {
    /// `<cid>` 1–15.
    pub cid: u8,
    /// `<PDP_type>`: `IP`, `IPV6`, `IPV4V6`, `Non-IP`; not checked against that list, at
    /// most 63 bytes (the manual gives no limit; 63 is the spec's choice).
    pub pdp_type: Option<&'a str>,
    /// `<APN>`, at most 150 bytes (the manual gives no limit; the spec takes AT+CNCFG's);
    /// only with `pdp_type`.
    pub apn: Option<&'a str>,
}

/// A directory of the module's file system, as `<index>` / `<dir>` number it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum FsDir {
    /// 0: `/custapp/`.
    Custapp,
    /// 1: `/fota/`.
    Fota,
    /// 2: `/datatx/`.
    Datatx,
    /// 3: `/customer/`.
    Customer,
}

/// `AT+CFSWFILE=<index>,"<filename>",<mode>,<filesize>,<inputtime>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Cfswfile<'a> {
    /// `<index>`: the directory.
    pub dir: FsDir,
    /// `<filename>`, 1–230 bytes.
    pub name: &'a str,
    /// `<mode>`: `false` writes from the start, `true` appends.
    pub append: bool,
    /// `<filesize>` 1–10240: the bytes the host sends after `DOWNLOAD`.
    pub size: u16,
    /// `<inputtime>` 100–10000 ms: the window for the whole payload.
    pub input_time: u16,
}

/// `AT+CFSDFILE=<index>,"<filename>"` and `AT+CFSGFIS=<index>,"<filename>"`: one file of the
/// module's file system.
///
/// ```
/// use simcom_at::{Command, command::{FsDir, FsFile, Request}};
/// let file = FsFile { dir: FsDir::Customer, name: "ca.pem" };
/// let mut buf = [0u8; 32];
/// let n = Command::Cfsgfis(Request::Write(file)).encode(&mut buf).unwrap();
/// assert_eq!(&buf[..n], b"AT+CFSGFIS=3,\"ca.pem\"\r");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct FsFile<'a> {
    /// `<index>`: the directory.
    pub dir: FsDir,
    /// `<filename>`, 1–230 bytes (the limit of AT+CFSWFILE).
    pub name: &'a str,
}

/// `AT+CSSLCFG="CONVERT",<ssltype>,"<cname>"[,"<keyname>"[,"<passkey>"]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SslConvert<'a> {
    /// `<ssltype>` 1–3 (1 certificate, 2 CA list, 3 PSK table).
    pub ssltype: u8,
    /// `<cname>`, 1–50 bytes.
    pub cname: &'a str,
    /// `<keyname>`, at most 50 bytes.
    pub keyname: Option<&'a str>,
    /// `<passkey>`, at most 50 bytes; only with `keyname`.
    pub passkey: Option<&'a str>,
}

/// `AT+FTPMODE` `<value>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum FtpMode {
    /// 0: active (PORT).
    Active,
    /// 1: passive (PASV).
    Passive,
}

/// `AT+FTPTYPE` `<value>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum FtpType {
    /// `"A"`: ASCII (7-bit NVT; the MSB of every byte is cleared).
    Ascii,
    /// `"I"`: binary (image).
    Binary,
}

/// `AT+FTPPUTOPT` `<value>`: the FTP verb an upload uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum PutOpt {
    /// `"APPE"`: append to the file.
    Appe,
    /// `"STOU"`: store under a unique name.
    Stou,
    /// `"STOR"`: store, replacing the file.
    Stor,
}

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

/// `AT+FTPSSL` `<ssltype>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum SslType {
    /// 0: plain FTP.
    Plain,
    /// 1: implicit FTPS (TLS from the first byte; the note uses port 990).
    Implicit,
    /// 2: explicit FTPS (`AUTH TLS` on the control port).
    Explicit,
}

/// `AT+FTPSSL=<ssltype>,<ctxindex>,"<ca_list>","<cert_name>"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct FtpSsl<'a> {
    /// `<ssltype>`.
    pub ssltype: SslType,
    /// `<ctxindex>` 0–5: the AT+CSSLCFG context.
    pub ctxindex: u8,
    /// `<ca_list>`: converted CA file name, at most 50 bytes (may be empty).
    pub ca_list: &'a str,
    /// `<cert_name>`: converted client certificate name, at most 50 bytes (may be empty).
    pub cert_name: &'a str,
}

/// One host command line, typed: every command and form in `spec/commands.yaml`.
///
/// ```
/// use simcom_at::{Command, command::Chunked};
/// let mut buf = [0u8; 64];
/// let n = Command::FtpGet(Chunked::Read { reqlength: 1024 }).encode(&mut buf).unwrap();
/// assert_eq!(&buf[..n], b"AT+FTPGET=2,1024\r");
/// assert_eq!(Command::parse(&buf[..n]), Ok(Command::FtpGet(Chunked::Read { reqlength: 1024 })));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[non_exhaustive]
pub enum Command<'a> {
    // --- Basic (V.250 / 27.007) -----------------------------------------------------------
    /// `AT`: attention; answers `OK`.
    At,
    /// `ATE0` / `ATE1`: command echo off / on.
    Echo(bool),
    /// `ATV0` / `ATV1`: numeric / verbose result codes.
    Verbose(bool),
    /// `ATI`: product identification (several lines of text).
    Ati,
    /// `AT+CMEE`: error reporting.
    Cmee(Setting<CmeeMode>),

    // --- Bearer (app note section 4) ------------------------------------------------------
    /// `AT+CPIN`: SIM PIN.
    Cpin(Setting<Pin<'a>>),
    /// `AT+CSQ`: signal quality.
    Csq(Action),
    /// `AT+CGATT`: PS attach (`true` attach).
    Cgatt(Setting<bool>),
    /// `AT+CGACT`: PDP context activation.
    Cgact(Setting<Cgact>),
    /// `AT+COPS`: operator selection.
    Cops(Setting<Cops<'a>>),
    /// `AT+CGNAPN`: the APN the network delivered (CAT-M / NB-IoT).
    Cgnapn(Action),
    /// `AT+CNCFG`: PDP configuration for AT+CNACT.
    Cncfg(Setting<Cncfg<'a>>),
    /// `AT+CNACT`: application network activation.
    Cnact(Setting<Cnact>),
    /// `AT+CFUN`: phone functionality.
    Cfun(Setting<Cfun>),
    /// `AT+CGDCONT`: PDP context definition.
    Cgdcont(Setting<Cgdcont<'a>>),

    // --- File system and SSL (app note 5.2) -----------------------------------------------
    /// `AT+CFSINIT`: allocate the file-system buffer.
    Cfsinit(Action),
    /// `AT+CFSWFILE`: write a file; the host sends the payload after `DOWNLOAD`.
    Cfswfile(Request<Cfswfile<'a>>),
    /// `AT+CFSDFILE`: delete a file.
    Cfsdfile(Request<FsFile<'a>>),
    /// `AT+CFSGFIS`: the size of a file (`+CFSGFIS: <size>`).
    Cfsgfis(Request<FsFile<'a>>),
    /// `AT+CFSTERM`: free the file-system buffer.
    Cfsterm(Action),
    /// `AT+CSSLCFG="CONVERT",…`: convert a certificate file.
    Csslcfg(Request<SslConvert<'a>>),

    // --- FTP (app note section 3) -----------------------------------------------------------
    /// `AT+FTPPORT`: control port 1–65535 (default 21).
    FtpPort(Setting<u16>),
    /// `AT+FTPMODE`: active or passive.
    FtpMode(Setting<FtpMode>),
    /// `AT+FTPTYPE`: ASCII or binary.
    FtpType(Setting<FtpType>),
    /// `AT+FTPPUTOPT`: STOR / APPE / STOU.
    FtpPutOpt(Setting<PutOpt>),
    /// `AT+FTPCID`: the AT+CNACT context 0–3 the session uses.
    FtpCid(Setting<u8>),
    /// `AT+FTPREST`: byte offset 0–4294967295 at which the next download resumes.
    FtpRest(Setting<u32>),
    /// `AT+FTPSERV`: server address or host name, at most 49 bytes.
    FtpServ(Setting<&'a str>),
    /// `AT+FTPUN`: user name, at most 49 bytes.
    FtpUn(Setting<&'a str>),
    /// `AT+FTPPW`: password, at most 49 bytes.
    FtpPw(Setting<&'a str>),
    /// `AT+FTPGETNAME`: remote file name for downloads, at most 64 bytes.
    FtpGetName(Setting<&'a str>),
    /// `AT+FTPGETPATH`: remote directory for downloads, at most 255 bytes.
    FtpGetPath(Setting<&'a str>),
    /// `AT+FTPPUTNAME`: remote file name for uploads, at most 64 bytes.
    FtpPutName(Setting<&'a str>),
    /// `AT+FTPPUTPATH`: remote directory for uploads, at most 255 bytes.
    FtpPutPath(Setting<&'a str>),
    /// `AT+FTPGET`: chunked download.
    FtpGet(Chunked),
    /// `AT+FTPPUT`: chunked upload.
    FtpPut(FtpPut),
    /// `AT+FTPDELE`: delete the remote file.
    FtpDele(Action),
    /// `AT+FTPSIZE`: size of the remote file.
    FtpSize(Action),
    /// `AT+FTPSTATE`: 0 idle, 1 a session is in progress.
    FtpState(Action),
    /// `AT+FTPEXTPUT`: extended upload.
    FtpExtPut(FtpExtPut),
    /// `AT+FTPMKD`: create the remote directory.
    FtpMkd(Action),
    /// `AT+FTPRMD`: remove the remote directory.
    FtpRmd(Action),
    /// `AT+FTPLIST`: chunked directory listing.
    FtpList(Chunked),
    /// `AT+FTPEXTGET`: extended download.
    FtpExtGet(FtpExtGet<'a>),
    /// `AT+FTPETPUT`: transparent upload.
    FtpEtPut(FtpEtPut),
    /// `AT+FTPETGET`: transparent download.
    FtpEtGet(FtpEtGet),
    /// `AT+FTPQUIT`: abort the current session.
    FtpQuit(Action),
    /// `AT+FTPRENAME`: rename the remote file.
    FtpRename(Action),
    /// `AT+FTPMDTM`: modification time of the remote file.
    FtpMdtm(Action),
    /// `AT+FTPSSL`: FTPS selection.
    FtpSsl(Setting<FtpSsl<'a>>),
    /// `AT+FTPTOFSST`: status of a download into the file system.
    FtpToFsSt(Action),
}
