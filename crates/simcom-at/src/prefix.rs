//! The information-response prefixes the module prints (`+FTPGET:`, `+CNACT:`, …).

/// Every information-response / URC prefix in the spec, without the `+` and the `:`.
///
/// ```
/// use simcom_at::Prefix;
/// assert_eq!(Prefix::from_name(b"FTPGET"), Some(Prefix::FtpGet));
/// assert_eq!(Prefix::FtpGet.name(), "FTPGET");
/// assert_eq!(Prefix::AppPdp.name(), "APP PDP");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
#[allow(missing_docs)] // each variant is named after its prefix
pub enum Prefix {
    Cmee,
    Cpin,
    Csq,
    Cgatt,
    Cgact,
    Cops,
    Cgnapn,
    Cncfg,
    Cnact,
    /// `+APP PDP:` (URC of AT+CNACT).
    AppPdp,
    Cfun,
    Cgdcont,
    Cfswfile,
    Cfsdfile,
    Cfsgfis,
    Csslcfg,
    FtpPort,
    FtpMode,
    FtpType,
    FtpPutOpt,
    FtpCid,
    FtpRest,
    FtpServ,
    FtpUn,
    FtpPw,
    FtpGetName,
    FtpGetPath,
    FtpPutName,
    FtpPutPath,
    FtpGet,
    FtpPut,
    FtpDele,
    FtpSize,
    FtpState,
    FtpExtPut,
    FtpMkd,
    FtpRmd,
    FtpList,
    FtpExtGet,
    /// `+FTPEXTGETFILE:` (URC of AT+FTPEXTGET=2).
    FtpExtGetFile,
    FtpEtPut,
    FtpEtGet,
    FtpQuit,
    FtpRename,
    FtpMdtm,
    FtpSsl,
    FtpToFsSt,
}

impl Prefix {
    /// All prefixes, in spec order.
    pub const ALL: &'static [Prefix] = &[
        Self::Cmee,
        Self::Cpin,
        Self::Csq,
        Self::Cgatt,
        Self::Cgact,
        Self::Cops,
        Self::Cgnapn,
        Self::Cncfg,
        Self::Cnact,
        Self::AppPdp,
        Self::Cfun,
        Self::Cgdcont,
        Self::Cfswfile,
        Self::Cfsdfile,
        Self::Cfsgfis,
        Self::Csslcfg,
        Self::FtpPort,
        Self::FtpMode,
        Self::FtpType,
        Self::FtpPutOpt,
        Self::FtpCid,
        Self::FtpRest,
        Self::FtpServ,
        Self::FtpUn,
        Self::FtpPw,
        Self::FtpGetName,
        Self::FtpGetPath,
        Self::FtpPutName,
        Self::FtpPutPath,
        Self::FtpGet,
        Self::FtpPut,
        Self::FtpDele,
        Self::FtpSize,
        Self::FtpState,
        Self::FtpExtPut,
        Self::FtpMkd,
        Self::FtpRmd,
        Self::FtpList,
        Self::FtpExtGet,
        Self::FtpExtGetFile,
        Self::FtpEtPut,
        Self::FtpEtGet,
        Self::FtpQuit,
        Self::FtpRename,
        Self::FtpMdtm,
        Self::FtpSsl,
        Self::FtpToFsSt,
    ];

    /// The prefix as printed, without `+` and `:` (`"FTPGET"`, `"APP PDP"`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Cmee => "CMEE",
            Self::Cpin => "CPIN",
            Self::Csq => "CSQ",
            Self::Cgatt => "CGATT",
            Self::Cgact => "CGACT",
            Self::Cops => "COPS",
            Self::Cgnapn => "CGNAPN",
            Self::Cncfg => "CNCFG",
            Self::Cnact => "CNACT",
            Self::AppPdp => "APP PDP",
            Self::Cfun => "CFUN",
            Self::Cgdcont => "CGDCONT",
            Self::Cfswfile => "CFSWFILE",
            Self::Cfsdfile => "CFSDFILE",
            Self::Cfsgfis => "CFSGFIS",
            Self::Csslcfg => "CSSLCFG",
            Self::FtpPort => "FTPPORT",
            Self::FtpMode => "FTPMODE",
            Self::FtpType => "FTPTYPE",
            Self::FtpPutOpt => "FTPPUTOPT",
            Self::FtpCid => "FTPCID",
            Self::FtpRest => "FTPREST",
            Self::FtpServ => "FTPSERV",
            Self::FtpUn => "FTPUN",
            Self::FtpPw => "FTPPW",
            Self::FtpGetName => "FTPGETNAME",
            Self::FtpGetPath => "FTPGETPATH",
            Self::FtpPutName => "FTPPUTNAME",
            Self::FtpPutPath => "FTPPUTPATH",
            Self::FtpGet => "FTPGET",
            Self::FtpPut => "FTPPUT",
            Self::FtpDele => "FTPDELE",
            Self::FtpSize => "FTPSIZE",
            Self::FtpState => "FTPSTATE",
            Self::FtpExtPut => "FTPEXTPUT",
            Self::FtpMkd => "FTPMKD",
            Self::FtpRmd => "FTPRMD",
            Self::FtpList => "FTPLIST",
            Self::FtpExtGet => "FTPEXTGET",
            Self::FtpExtGetFile => "FTPEXTGETFILE",
            Self::FtpEtPut => "FTPETPUT",
            Self::FtpEtGet => "FTPETGET",
            Self::FtpQuit => "FTPQUIT",
            Self::FtpRename => "FTPRENAME",
            Self::FtpMdtm => "FTPMDTM",
            Self::FtpSsl => "FTPSSL",
            Self::FtpToFsSt => "FTPTOFSST",
        }
    }

    /// Looks a prefix up by its printed name (exact, upper case, without `+` and `:`).
    #[must_use]
    pub fn from_name(name: &[u8]) -> Option<Self> {
        // A match on the bytes: the compiler dispatches on length and content, far faster
        // than a linear search (the decoder does this for every information line).
        Some(match name {
            b"CMEE" => Self::Cmee,
            b"CPIN" => Self::Cpin,
            b"CSQ" => Self::Csq,
            b"CGATT" => Self::Cgatt,
            b"CGACT" => Self::Cgact,
            b"COPS" => Self::Cops,
            b"CGNAPN" => Self::Cgnapn,
            b"CNCFG" => Self::Cncfg,
            b"CNACT" => Self::Cnact,
            b"APP PDP" => Self::AppPdp,
            b"CFUN" => Self::Cfun,
            b"CGDCONT" => Self::Cgdcont,
            b"CFSWFILE" => Self::Cfswfile,
            b"CFSDFILE" => Self::Cfsdfile,
            b"CFSGFIS" => Self::Cfsgfis,
            b"CSSLCFG" => Self::Csslcfg,
            b"FTPPORT" => Self::FtpPort,
            b"FTPMODE" => Self::FtpMode,
            b"FTPTYPE" => Self::FtpType,
            b"FTPPUTOPT" => Self::FtpPutOpt,
            b"FTPCID" => Self::FtpCid,
            b"FTPREST" => Self::FtpRest,
            b"FTPSERV" => Self::FtpServ,
            b"FTPUN" => Self::FtpUn,
            b"FTPPW" => Self::FtpPw,
            b"FTPGETNAME" => Self::FtpGetName,
            b"FTPGETPATH" => Self::FtpGetPath,
            b"FTPPUTNAME" => Self::FtpPutName,
            b"FTPPUTPATH" => Self::FtpPutPath,
            b"FTPGET" => Self::FtpGet,
            b"FTPPUT" => Self::FtpPut,
            b"FTPDELE" => Self::FtpDele,
            b"FTPSIZE" => Self::FtpSize,
            b"FTPSTATE" => Self::FtpState,
            b"FTPEXTPUT" => Self::FtpExtPut,
            b"FTPMKD" => Self::FtpMkd,
            b"FTPRMD" => Self::FtpRmd,
            b"FTPLIST" => Self::FtpList,
            b"FTPEXTGET" => Self::FtpExtGet,
            b"FTPEXTGETFILE" => Self::FtpExtGetFile,
            b"FTPETPUT" => Self::FtpEtPut,
            b"FTPETGET" => Self::FtpEtGet,
            b"FTPQUIT" => Self::FtpQuit,
            b"FTPRENAME" => Self::FtpRename,
            b"FTPMDTM" => Self::FtpMdtm,
            b"FTPSSL" => Self::FtpSsl,
            b"FTPTOFSST" => Self::FtpToFsSt,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Prefix;

    #[test]
    fn every_name_maps_back_to_its_prefix() {
        for p in Prefix::ALL {
            assert_eq!(Prefix::from_name(p.name().as_bytes()), Some(*p), "{p:?}");
        }
        assert_eq!(Prefix::from_name(b"FTPGETX"), None);
        assert_eq!(Prefix::from_name(b"ftpget"), None);
        assert_eq!(Prefix::from_name(b""), None);
    }
}
