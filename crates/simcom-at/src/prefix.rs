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
