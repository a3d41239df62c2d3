//! What a command is called and which form it takes: the `(name, form)` pairs of
//! `spec/commands.yaml`.

use super::{
    Action, Chunked, Command, Form, FtpEtGet, FtpEtPut, FtpExtGet, FtpExtPut, FtpPut, Request,
    Setting,
};

impl Command<'_> {
    /// The command's name as `spec/commands.yaml` spells it: `"AT"`, `"ATE"`, `"ATV"`,
    /// `"ATI"`, `"AT+CMEE"`, …, `"AT+FTPGET"`, …
    ///
    /// ```
    /// use simcom_at::{Command, command::{Action, Chunked}};
    /// assert_eq!(Command::FtpGet(Chunked::Open).name(), "AT+FTPGET");
    /// assert_eq!(Command::Echo(false).name(), "ATE");
    /// assert_eq!(Command::Csq(Action::Execute).name(), "AT+CSQ");
    /// ```
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Self::At => "AT",
            Self::Echo(_) => "ATE",
            Self::Verbose(_) => "ATV",
            Self::Ati => "ATI",
            Self::Cmee(_) => "AT+CMEE",
            Self::Cpin(_) => "AT+CPIN",
            Self::Csq(_) => "AT+CSQ",
            Self::Cgatt(_) => "AT+CGATT",
            Self::Cgact(_) => "AT+CGACT",
            Self::Cops(_) => "AT+COPS",
            Self::Cgnapn(_) => "AT+CGNAPN",
            Self::Cncfg(_) => "AT+CNCFG",
            Self::Cnact(_) => "AT+CNACT",
            Self::Cfun(_) => "AT+CFUN",
            Self::Cgdcont(_) => "AT+CGDCONT",
            Self::Cfsinit(_) => "AT+CFSINIT",
            Self::Cfswfile(_) => "AT+CFSWFILE",
            Self::Cfsdfile(_) => "AT+CFSDFILE",
            Self::Cfsgfis(_) => "AT+CFSGFIS",
            Self::Cfsterm(_) => "AT+CFSTERM",
            Self::Csslcfg(_) => "AT+CSSLCFG",
            Self::FtpPort(_) => "AT+FTPPORT",
            Self::FtpMode(_) => "AT+FTPMODE",
            Self::FtpType(_) => "AT+FTPTYPE",
            Self::FtpPutOpt(_) => "AT+FTPPUTOPT",
            Self::FtpCid(_) => "AT+FTPCID",
            Self::FtpRest(_) => "AT+FTPREST",
            Self::FtpServ(_) => "AT+FTPSERV",
            Self::FtpUn(_) => "AT+FTPUN",
            Self::FtpPw(_) => "AT+FTPPW",
            Self::FtpGetName(_) => "AT+FTPGETNAME",
            Self::FtpGetPath(_) => "AT+FTPGETPATH",
            Self::FtpPutName(_) => "AT+FTPPUTNAME",
            Self::FtpPutPath(_) => "AT+FTPPUTPATH",
            Self::FtpGet(_) => "AT+FTPGET",
            Self::FtpPut(_) => "AT+FTPPUT",
            Self::FtpDele(_) => "AT+FTPDELE",
            Self::FtpSize(_) => "AT+FTPSIZE",
            Self::FtpState(_) => "AT+FTPSTATE",
            Self::FtpExtPut(_) => "AT+FTPEXTPUT",
            Self::FtpMkd(_) => "AT+FTPMKD",
            Self::FtpRmd(_) => "AT+FTPRMD",
            Self::FtpList(_) => "AT+FTPLIST",
            Self::FtpExtGet(_) => "AT+FTPEXTGET",
            Self::FtpEtPut(_) => "AT+FTPETPUT",
            Self::FtpEtGet(_) => "AT+FTPETGET",
            Self::FtpQuit(_) => "AT+FTPQUIT",
            Self::FtpRename(_) => "AT+FTPRENAME",
            Self::FtpMdtm(_) => "AT+FTPMDTM",
            Self::FtpSsl(_) => "AT+FTPSSL",
            Self::FtpToFsSt(_) => "AT+FTPTOFSST",
        }
    }

    /// The command's syntactic form. Basic commands (`AT`, `ATE1`, `ATV0`, `ATI`) are
    /// [`Form::Execute`].
    ///
    /// ```
    /// use simcom_at::{Command, command::{Chunked, Form, FtpPut, Setting}};
    /// assert_eq!(Command::FtpGet(Chunked::Test).form(), Form::Test);
    /// assert_eq!(Command::FtpPut(FtpPut::Finish).form(), Form::Write);
    /// assert_eq!(Command::FtpPort(Setting::Read).form(), Form::Read);
    /// assert_eq!(Command::Echo(true).form(), Form::Execute);
    /// ```
    #[must_use]
    pub const fn form(&self) -> Form {
        match self {
            Self::At | Self::Echo(_) | Self::Verbose(_) | Self::Ati => Form::Execute,
            Self::Cmee(s) => setting(s),
            Self::Cpin(s) => setting(s),
            Self::Cgatt(s) => setting(s),
            Self::Cgact(s) => setting(s),
            Self::Cops(s) => setting(s),
            Self::Cncfg(s) => setting(s),
            Self::Cnact(s) => setting(s),
            Self::Cfun(s) => setting(s),
            Self::Cgdcont(s) => setting(s),
            Self::FtpPort(s) => setting(s),
            Self::FtpMode(s) => setting(s),
            Self::FtpType(s) => setting(s),
            Self::FtpPutOpt(s) => setting(s),
            Self::FtpCid(s) => setting(s),
            Self::FtpRest(s) => setting(s),
            Self::FtpServ(s)
            | Self::FtpUn(s)
            | Self::FtpPw(s)
            | Self::FtpGetName(s)
            | Self::FtpGetPath(s)
            | Self::FtpPutName(s)
            | Self::FtpPutPath(s) => setting(s),
            Self::FtpSsl(s) => setting(s),
            Self::Cfswfile(r) => request(r),
            Self::Cfsdfile(r) | Self::Cfsgfis(r) => request(r),
            Self::Csslcfg(r) => request(r),
            Self::Csq(a)
            | Self::Cgnapn(a)
            | Self::Cfsinit(a)
            | Self::Cfsterm(a)
            | Self::FtpDele(a)
            | Self::FtpSize(a)
            | Self::FtpState(a)
            | Self::FtpMkd(a)
            | Self::FtpRmd(a)
            | Self::FtpQuit(a)
            | Self::FtpRename(a)
            | Self::FtpMdtm(a)
            | Self::FtpToFsSt(a) => match a {
                Action::Test => Form::Test,
                Action::Execute => Form::Execute,
            },
            Self::FtpGet(c) | Self::FtpList(c) => match c {
                Chunked::Test => Form::Test,
                Chunked::Open | Chunked::Read { .. } => Form::Write,
            },
            Self::FtpPut(p) => match p {
                FtpPut::Test => Form::Test,
                FtpPut::Open | FtpPut::Write { .. } | FtpPut::Finish => Form::Write,
            },
            Self::FtpExtPut(p) => match p {
                FtpExtPut::Test => Form::Test,
                FtpExtPut::Read => Form::Read,
                FtpExtPut::Normal | FtpExtPut::Extended | FtpExtPut::Load { .. } => Form::Write,
            },
            Self::FtpExtGet(g) => match g {
                FtpExtGet::Test => Form::Test,
                FtpExtGet::Read => Form::Read,
                FtpExtGet::Normal
                | FtpExtGet::Ram
                | FtpExtGet::File { .. }
                | FtpExtGet::Output { .. } => Form::Write,
            },
            Self::FtpEtPut(p) => match p {
                FtpEtPut::Test => Form::Test,
                FtpEtPut::Open | FtpEtPut::Data => Form::Write,
            },
            Self::FtpEtGet(g) => match g {
                FtpEtGet::Test => Form::Test,
                FtpEtGet::Open => Form::Write,
            },
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

impl Command<'_> {
    /// What the host sends next, if this command opens a host data phase (once the module
    /// accepts it: its `+FTPPUT: 2,<n>`, `DOWNLOAD`, …).
    ///
    /// ```
    /// use simcom_at::{Command, command::{FtpEtPut, FtpPut, HostData}};
    /// assert_eq!(Command::FtpPut(FtpPut::Write { reqlength: 10 }).host_data(), Some(HostData::Counted(10)));
    /// assert_eq!(Command::FtpEtPut(FtpEtPut::Data).host_data(), Some(HostData::Etx));
    /// assert_eq!(Command::FtpPut(FtpPut::Finish).host_data(), None);
    /// ```
    #[must_use]
    pub const fn host_data(&self) -> Option<HostData> {
        match self {
            Self::FtpPut(FtpPut::Write { reqlength }) => Some(HostData::Counted(*reqlength as u32)),
            Self::FtpExtPut(FtpExtPut::Load { len, .. }) => Some(HostData::Counted(*len)),
            Self::Cfswfile(Request::Write(c)) => Some(HostData::Counted(c.size as u32)),
            Self::FtpEtPut(FtpEtPut::Data) => Some(HostData::Etx),
            _ => None,
        }
    }
}

const fn setting<T>(s: &Setting<T>) -> Form {
    match s {
        Setting::Test => Form::Test,
        Setting::Read => Form::Read,
        Setting::Write(_) => Form::Write,
    }
}

const fn request<T>(r: &Request<T>) -> Form {
    match r {
        Request::Test => Form::Test,
        Request::Write(_) => Form::Write,
    }
}
