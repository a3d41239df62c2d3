//! Which lines answer a command, so the decoder can tell responses from URCs.

use super::{Action, Chunked, Command, FtpEtPut, FtpExtGet, FtpExtPut, FtpPut, Request, Setting};
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

impl Command<'_> {
    /// The prefix of the command's information responses, if it has one.
    #[must_use]
    pub const fn prefix(&self) -> Option<Prefix> {
        Some(match self {
            Self::At | Self::Echo(_) | Self::Verbose(_) | Self::Ati => return None,
            Self::Cfsinit(_) | Self::Cfsterm(_) => return None,
            Self::Cmee(_) => Prefix::Cmee,
            Self::Cpin(_) => Prefix::Cpin,
            Self::Csq(_) => Prefix::Csq,
            Self::Cgatt(_) => Prefix::Cgatt,
            Self::Cgact(_) => Prefix::Cgact,
            Self::Cops(_) => Prefix::Cops,
            Self::Cgnapn(_) => Prefix::Cgnapn,
            Self::Cncfg(_) => Prefix::Cncfg,
            Self::Cnact(_) => Prefix::Cnact,
            Self::Cfun(_) => Prefix::Cfun,
            Self::Cgdcont(_) => Prefix::Cgdcont,
            Self::Cfswfile(_) => Prefix::Cfswfile,
            Self::Cfsdfile(_) => Prefix::Cfsdfile,
            Self::Cfsgfis(_) => Prefix::Cfsgfis,
            Self::Csslcfg(_) => Prefix::Csslcfg,
            Self::FtpPort(_) => Prefix::FtpPort,
            Self::FtpMode(_) => Prefix::FtpMode,
            Self::FtpType(_) => Prefix::FtpType,
            Self::FtpPutOpt(_) => Prefix::FtpPutOpt,
            Self::FtpCid(_) => Prefix::FtpCid,
            Self::FtpRest(_) => Prefix::FtpRest,
            Self::FtpServ(_) => Prefix::FtpServ,
            Self::FtpUn(_) => Prefix::FtpUn,
            Self::FtpPw(_) => Prefix::FtpPw,
            Self::FtpGetName(_) => Prefix::FtpGetName,
            Self::FtpGetPath(_) => Prefix::FtpGetPath,
            Self::FtpPutName(_) => Prefix::FtpPutName,
            Self::FtpPutPath(_) => Prefix::FtpPutPath,
            Self::FtpGet(_) => Prefix::FtpGet,
            Self::FtpPut(_) => Prefix::FtpPut,
            Self::FtpDele(_) => Prefix::FtpDele,
            Self::FtpSize(_) => Prefix::FtpSize,
            Self::FtpState(_) => Prefix::FtpState,
            Self::FtpExtPut(_) => Prefix::FtpExtPut,
            Self::FtpMkd(_) => Prefix::FtpMkd,
            Self::FtpRmd(_) => Prefix::FtpRmd,
            Self::FtpList(_) => Prefix::FtpList,
            Self::FtpExtGet(_) => Prefix::FtpExtGet,
            Self::FtpEtPut(_) => Prefix::FtpEtPut,
            Self::FtpEtGet(_) => Prefix::FtpEtGet,
            Self::FtpQuit(_) => Prefix::FtpQuit,
            Self::FtpRename(_) => Prefix::FtpRename,
            Self::FtpMdtm(_) => Prefix::FtpMdtm,
            Self::FtpSsl(_) => Prefix::FtpSsl,
            Self::FtpToFsSt(_) => Prefix::FtpToFsSt,
        })
    }

    /// Which information lines answer this command (see [`Answer`]).
    #[must_use]
    pub fn answer(&self) -> Answer {
        let Some(prefix) = self.prefix() else {
            return match self {
                Self::Ati => Answer::Text,
                _ => Answer::FinalOnly,
            };
        };
        let all = Answer::Info { prefix, mode: None };
        let mode = |m: u8| Answer::Info {
            prefix,
            mode: Some(m),
        };
        match self {
            // Test and read forms answer with their own prefix.
            Self::Cmee(s) => setting(s, all),
            Self::Cpin(s) => setting(s, all),
            Self::Cgatt(s) => setting(s, all),
            Self::Cgact(s) => setting(s, all),
            Self::Cops(s) => setting(s, all),
            Self::Cncfg(s) => setting(s, all),
            Self::Cnact(s) => setting(s, all),
            Self::Cfun(s) => setting(s, all),
            Self::Cgdcont(s) => setting(s, all),
            Self::FtpPort(s) => setting(s, all),
            Self::FtpMode(s) => setting(s, all),
            Self::FtpType(s) => setting(s, all),
            Self::FtpPutOpt(s) => setting(s, all),
            Self::FtpCid(s) => setting(s, all),
            Self::FtpRest(s) => setting(s, all),
            Self::FtpServ(s)
            | Self::FtpUn(s)
            | Self::FtpPw(s)
            | Self::FtpGetName(s)
            | Self::FtpGetPath(s)
            | Self::FtpPutName(s)
            | Self::FtpPutPath(s) => setting(s, all),
            Self::FtpSsl(s) => setting(s, all),
            Self::Cfswfile(r) => request(r, all),
            Self::Cfsdfile(r) => request(r, all),
            // The write form answers `+CFSGFIS: <size>`.
            Self::Cfsgfis(_) => all,
            Self::Csslcfg(r) => request(r, all),
            // Queries: the execute form answers too.
            Self::Csq(_) | Self::Cgnapn(_) | Self::FtpState(_) | Self::FtpToFsSt(_) => all,
            // Session commands: the outcome is a URC; only the test form answers.
            Self::FtpDele(a)
            | Self::FtpSize(a)
            | Self::FtpMkd(a)
            | Self::FtpRmd(a)
            | Self::FtpQuit(a)
            | Self::FtpRename(a)
            | Self::FtpMdtm(a) => match a {
                Action::Test => all,
                Action::Execute => Answer::FinalOnly,
            },
            Self::FtpGet(c) | Self::FtpList(c) => match c {
                Chunked::Test => all,
                Chunked::Open => Answer::FinalOnly,
                Chunked::Read { .. } => mode(2),
            },
            Self::FtpPut(p) => match p {
                FtpPut::Test => all,
                FtpPut::Write { .. } => mode(2),
                FtpPut::Open | FtpPut::Finish => Answer::FinalOnly,
            },
            Self::FtpExtPut(p) => match p {
                FtpExtPut::Test | FtpExtPut::Read | FtpExtPut::Load { .. } => all,
                FtpExtPut::Normal | FtpExtPut::Extended => Answer::FinalOnly,
            },
            Self::FtpExtGet(g) => match g {
                FtpExtGet::Test | FtpExtGet::Read => all,
                FtpExtGet::Output { .. } => mode(3),
                FtpExtGet::Normal | FtpExtGet::Ram | FtpExtGet::File { .. } => Answer::FinalOnly,
            },
            Self::FtpEtPut(p) => match p {
                FtpEtPut::Test => all,
                FtpEtPut::Data => mode(2),
                FtpEtPut::Open => Answer::FinalOnly,
            },
            Self::FtpEtGet(g) => match g {
                super::FtpEtGet::Test => all,
                super::FtpEtGet::Open => Answer::FinalOnly,
            },
            Self::At
            | Self::Echo(_)
            | Self::Verbose(_)
            | Self::Ati
            | Self::Cfsinit(_)
            | Self::Cfsterm(_) => Answer::FinalOnly,
        }
    }
}

const fn setting<T>(s: &Setting<T>, all: Answer) -> Answer {
    match s {
        Setting::Test | Setting::Read => all,
        Setting::Write(_) => Answer::FinalOnly,
    }
}

const fn request<T>(r: &Request<T>, all: Answer) -> Answer {
    match r {
        Request::Test => all,
        Request::Write(_) => Answer::FinalOnly,
    }
}
