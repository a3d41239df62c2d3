//! The information-response prefixes the module prints (`+FTPGET:`, `+CNACT:`, …).

/// Writes [`Prefix`] from one list of `Variant = b"NAME"`: the enum, [`Prefix::ALL`],
/// [`Prefix::name`] and [`Prefix::from_name`].
macro_rules! prefixes {
    ($( $(#[$attr:meta])* $P:ident = $name:literal, )*) => {
        /// Every information-response / URC prefix in the spec, without the `+` and the `:`.
        ///
        /// ```
        /// use simcom_at::Prefix;
        /// assert_eq!(Prefix::from_name(b"FTPGET"), Some(Prefix::FtpGet));
        /// assert_eq!(Prefix::FtpGet.name(), "FTPGET");
        /// assert_eq!(Prefix::AppPdp.name(), "APP PDP");
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        #[non_exhaustive]
        #[allow(missing_docs)] // each variant is named after its prefix
        pub enum Prefix {
            $( $(#[$attr])* $P, )*
        }

        impl Prefix {
            /// All prefixes, in spec order.
            pub const ALL: &'static [Prefix] = &[$( Self::$P, )*];

            /// The prefix as printed, without `+` and `:` (`"FTPGET"`, `"APP PDP"`).
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    $( Self::$P => const { ascii($name) }, )*
                }
            }

            /// Looks a prefix up by its printed name (exact, upper case, without `+` and `:`).
            #[must_use]
            pub fn from_name(name: &[u8]) -> Option<Self> {
                // A match on the bytes: the compiler dispatches on length and content, far
                // faster than a linear search (the decoder does this for every information
                // line).
                Some(match name {
                    $( $name => Self::$P, )*
                    _ => return None,
                })
            }
        }
    };
}

/// A prefix's name as text (checked when the table is compiled).
const fn ascii(name: &'static [u8]) -> &'static str {
    match core::str::from_utf8(name) {
        Ok(name) => name,
        Err(_) => panic!("a prefix name is ASCII"),
    }
}

prefixes! {
    Cmee = b"CMEE",
    Cpin = b"CPIN",
    Csq = b"CSQ",
    Cgatt = b"CGATT",
    Cgact = b"CGACT",
    Cops = b"COPS",
    Cgnapn = b"CGNAPN",
    Cncfg = b"CNCFG",
    Cnact = b"CNACT",
    /// `+APP PDP:` (URC of AT+CNACT).
    AppPdp = b"APP PDP",
    Cfun = b"CFUN",
    Cgdcont = b"CGDCONT",
    Cfswfile = b"CFSWFILE",
    Cfsdfile = b"CFSDFILE",
    Cfsgfis = b"CFSGFIS",
    Csslcfg = b"CSSLCFG",
    FtpPort = b"FTPPORT",
    FtpMode = b"FTPMODE",
    FtpType = b"FTPTYPE",
    FtpPutOpt = b"FTPPUTOPT",
    FtpCid = b"FTPCID",
    FtpRest = b"FTPREST",
    FtpServ = b"FTPSERV",
    FtpUn = b"FTPUN",
    FtpPw = b"FTPPW",
    FtpGetName = b"FTPGETNAME",
    FtpGetPath = b"FTPGETPATH",
    FtpPutName = b"FTPPUTNAME",
    FtpPutPath = b"FTPPUTPATH",
    FtpGet = b"FTPGET",
    FtpPut = b"FTPPUT",
    FtpDele = b"FTPDELE",
    FtpSize = b"FTPSIZE",
    FtpState = b"FTPSTATE",
    FtpExtPut = b"FTPEXTPUT",
    FtpMkd = b"FTPMKD",
    FtpRmd = b"FTPRMD",
    FtpList = b"FTPLIST",
    FtpExtGet = b"FTPEXTGET",
    /// `+FTPEXTGETFILE:` (URC of AT+FTPEXTGET=2).
    FtpExtGetFile = b"FTPEXTGETFILE",
    FtpEtPut = b"FTPETPUT",
    FtpEtGet = b"FTPETGET",
    FtpQuit = b"FTPQUIT",
    FtpRename = b"FTPRENAME",
    FtpMdtm = b"FTPMDTM",
    FtpSsl = b"FTPSSL",
    FtpToFsSt = b"FTPTOFSST",
    // Network registration and time (issue 20, items 2 and 3).
    Creg = b"CREG",
    Cgreg = b"CGREG",
    Cereg = b"CEREG",
    Clts = b"CLTS",
    /// `+CTZV: "<time zone>"` (URC of AT+CLTS=1).
    Ctzv = b"CTZV",
    /// `*PSUTTZ: …` (URC of AT+CLTS=1): printed with `*`, not `+`.
    Psuttz = b"*PSUTTZ",
    /// `*PSNWID: …` (URC of AT+CLTS=1): printed with `*`, not `+`.
    Psnwid = b"*PSNWID",
    /// `DST: <dst>` (URC of AT+CLTS=1): no `+`.
    Dst = b"DST",
    /// `RDY` (power-up URC): a whole line, no colon.
    Rdy = b"RDY",
    /// `SMS Ready` (printed by older SIMCom parts at power-up; not in the SIM7080 manual): a
    /// whole line, no colon.
    SmsReady = b"SMS Ready",
}

impl Prefix {
    /// What the module prints before [`name`](Self::name): `"+"` for the 27.007-style lines,
    /// nothing for `*PSUTTZ`, `*PSNWID` (their `*` is part of the name), `DST` and the whole
    /// lines `RDY` and `SMS Ready`.
    ///
    /// ```
    /// use simcom_at::Prefix;
    /// assert_eq!(Prefix::Cereg.lead(), "+");
    /// assert_eq!(Prefix::Psuttz.lead(), "");
    /// assert_eq!(Prefix::Dst.lead(), "");
    /// ```
    #[must_use]
    pub const fn lead(self) -> &'static str {
        match self {
            Self::Psuttz | Self::Psnwid | Self::Dst | Self::Rdy | Self::SmsReady => "",
            _ => "+",
        }
    }

    /// Whether the prefix is a whole line with no colon and no body (`RDY`, `SMS Ready`).
    ///
    /// ```
    /// use simcom_at::Prefix;
    /// assert!(Prefix::Rdy.is_whole_line());
    /// assert!(!Prefix::Dst.is_whole_line());
    /// ```
    #[must_use]
    pub const fn is_whole_line(self) -> bool {
        matches!(self, Self::Rdy | Self::SmsReady)
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
