//! SSL: the module's TLS contexts (AT+CSSLCFG, V1.02 §11.2.1 pp. 170–174) and the conversion
//! of certificate files for them (app note 5.2).

use super::encode::{Args, follows};
use super::forms::{Payload, modal};
use super::parse::Params;
use super::rules::{Num, Str};
use super::{Answer, Form};
use crate::{EncodeError, ParseError, Prefix};

/// `AT+CSSLCFG`: every form and keyword of V1.02 §11.2.1.
///
/// The keyword is written in upper case, as the manual prints it; the parser takes any case
/// (the app notes write `"convert"`).
///
/// ```
/// use simcom_at::{Command, command::SslCfg};
/// let cmd = Command::Csslcfg(SslCfg::CipherSuite { ctxindex: 1, cipher_index: 0, ciphersuite: 0xC02F });
/// assert_eq!(cmd.to_vec()?, b"AT+CSSLCFG=\"CIPHERSUITE\",1,0,0xC02F\r");
/// assert_eq!(Command::parse(b"AT+CSSLCFG=\"ciphersuite\",1,0,49199"), Ok(cmd));
/// assert_eq!(Command::parse(b"AT+CSSLCFG=\"CTXINDEX\",0"), Ok(Command::Csslcfg(SslCfg::CtxIndex { ctxindex: 0 })));
/// # Ok::<(), simcom_at::EncodeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum SslCfg<'a> {
    /// `=?`: the seven keyword lines.
    Test,
    /// `?`: answers only `OK`.
    Read,
    /// `="SSLVERSION",<ctxindex>,<sslversion>`.
    SslVersion {
        /// `<ctxindex>` 0–5.
        ctxindex: u8,
        /// `<sslversion>` 0 unknown, 1 TLS 1.0, 2 TLS 1.1, 3 TLS 1.2, 4 DTLS 1.0, 5 DTLS 1.2.
        sslversion: u8,
    },
    /// `="CIPHERSUITE",<ctxindex>,<cipher_index>,<ciphersuite>`.
    CipherSuite {
        /// `<ctxindex>` 0–5.
        ctxindex: u8,
        /// `<cipher_index>` 0–7: the slot of the context's suite list.
        cipher_index: u8,
        /// `<ciphersuite>`: one of the manual's codes (`0xC02F`), written in hex.
        ciphersuite: u16,
    },
    /// `="IGNORERTCTIME",<ctxindex>,<ignorertctime>`.
    IgnoreRtcTime {
        /// `<ctxindex>` 0–5.
        ctxindex: u8,
        /// `<ignorertctime>` 0 check certificate dates against the RTC, 1 ignore the RTC.
        ignorertctime: u8,
    },
    /// `="PROTOCOL",<ctxindex>,<protocol>`.
    Protocol {
        /// `<ctxindex>` 0–5.
        ctxindex: u8,
        /// `<protocol>` 1 TLS, 2 DTLS.
        protocol: u8,
    },
    /// `="SNI",<ctxindex>,"<servername>"`.
    Sni {
        /// `<ctxindex>` 0–5.
        ctxindex: u8,
        /// `<servername>`, at most 253 bytes (may be empty: no SNI).
        servername: &'a str,
    },
    /// `="CTXINDEX",<ctxindex>`: the module prints the context
    /// ([`Info::SslContext`](crate::Info::SslContext)).
    CtxIndex {
        /// `<ctxindex>` 0–5.
        ctxindex: u8,
    },
    /// `="CONVERT",<ssltype>,"<cname>"[,"<keyname>"[,"<passkey>"]]`.
    Convert(SslConvert<'a>),
}

/// The keywords of AT+CSSLCFG, in the order of the test form's lines (V1.02 §11.2.1 p. 170).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SslKeyword {
    /// `"SSLVERSION"`.
    SslVersion,
    /// `"CIPHERSUITE"`.
    CipherSuite,
    /// `"IGNORERTCTIME"`.
    IgnoreRtcTime,
    /// `"PROTOCOL"`.
    Protocol,
    /// `"SNI"`.
    Sni,
    /// `"CTXINDEX"`.
    CtxIndex,
    /// `"CONVERT"`.
    Convert,
}

super::values::table!(
    SslKeyword,
    name: &'static str,
    from_name,
    "\"X\"",
    [
        SslVersion = "SSLVERSION",
        CipherSuite = "CIPHERSUITE",
        IgnoreRtcTime = "IGNORERTCTIME",
        Protocol = "PROTOCOL",
        Sni = "SNI",
        CtxIndex = "CTXINDEX",
        Convert = "CONVERT"
    ],
    "assert_eq!(SslKeyword::CtxIndex.name(), \"CTXINDEX\");"
);

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

/// The spec's name of the keyword parameter of `AT+CSSLCFG`.
pub(crate) const CSSLCFG_KEYWORD_PARAM: &str = "keyword";
/// `AT+CSSLCFG` `<ctxindex>` 0–5 (V1.02 §11.2.1 pp. 170–174).
pub(crate) const CSSLCFG_CTXINDEX: Num = Num::range("ctxindex", 0, 5);
/// `AT+CSSLCFG="SSLVERSION"` `<sslversion>` 0–5.
pub(crate) const CSSLCFG_SSLVERSION: Num = Num::range("sslversion", 0, 5);
/// `AT+CSSLCFG="CIPHERSUITE"` `<cipher_index>` 0–7.
pub(crate) const CSSLCFG_CIPHER_INDEX: Num = Num::range("cipher_index", 0, 7);
/// `AT+CSSLCFG="CIPHERSUITE"` `<ciphersuite>`: the codes V1.02 §11.2.1 pp. 171–173 lists
/// (PSK, RSA/DHE, EC, CCM, ChaCha), sorted.
pub(crate) const CSSLCFG_CIPHERSUITE: Num = Num::set(
    "ciphersuite",
    &[
        0x002F, 0x0033, 0x0035, 0x0039, 0x003C, 0x003D, 0x0067, 0x006B, 0x008A, 0x008B, 0x008C,
        0x008D, 0x009C, 0x009D, 0x009E, 0x009F, 0x00A8, 0x00A9, 0x00AE, 0x00AF, 0xC004, 0xC005,
        0xC009, 0xC00A, 0xC00E, 0xC00F, 0xC013, 0xC014, 0xC023, 0xC024, 0xC025, 0xC026, 0xC027,
        0xC028, 0xC029, 0xC02A, 0xC02B, 0xC02C, 0xC02D, 0xC02E, 0xC02F, 0xC030, 0xC031, 0xC032,
        0xC09C, 0xC09D, 0xC09E, 0xC09F, 0xC0A0, 0xC0A1, 0xC0A2, 0xC0A3, 0xCC13, 0xCC14, 0xCC15,
    ],
);
/// `AT+CSSLCFG="IGNORERTCTIME"` `<ignorertctime>` 0–1.
pub(crate) const CSSLCFG_IGNORERTCTIME: Num = Num::range("ignorertctime", 0, 1);
/// `AT+CSSLCFG="PROTOCOL"` `<protocol>` 1 TLS, 2 DTLS.
pub(crate) const CSSLCFG_PROTOCOL: Num = Num::range("protocol", 1, 2);
/// `AT+CSSLCFG="SNI"` `<servername>`: at most 253 bytes (a DNS name's limit; the manual
/// prints no number).
pub(crate) const CSSLCFG_SERVERNAME: Str = Str::up_to("servername", 253);
/// `AT+CSSLCFG="CONVERT"` `<ssltype>`.
pub(crate) const CSSLCFG_SSLTYPE: Num = Num::range("ssltype", 1, 3);
/// `AT+CSSLCFG="CONVERT"` `<cname>`.
pub(crate) const CSSLCFG_CNAME: Str = Str::non_empty("cname", 50);
/// `AT+CSSLCFG="CONVERT"` `<keyname>`.
pub(crate) const CSSLCFG_KEYNAME: Str = Str::up_to("keyname", 50);
/// `AT+CSSLCFG="CONVERT"` `<passkey>`.
pub(crate) const CSSLCFG_PASSKEY: Str = Str::up_to("passkey", 50);

/// Whether `code` is one of the cipher suite codes the manual lists for
/// `AT+CSSLCFG="CIPHERSUITE"`.
///
/// ```
/// use simcom_at::command::is_cipher_suite;
/// assert!(is_cipher_suite(0xC02F));
/// assert!(!is_cipher_suite(0x1301)); // TLS 1.3 suites are not in V1.02
/// ```
#[must_use]
pub fn is_cipher_suite(code: u16) -> bool {
    CSSLCFG_CIPHERSUITE.check(u64::from(code)).is_ok()
}

macro_rules! ssl {
    ($families:tt $basic:tt [$($extended:tt)*]) => {
        $crate::command::chain! { $families $basic [$($extended)*
            /// `AT+CSSLCFG`: SSL contexts and certificate conversion.
            Csslcfg(SslCfg<'a>) = "AT+CSSLCFG" { prefix: Csslcfg, },
        ] }
    };
}
pub(crate) use ssl;

impl SslCfg<'_> {
    /// `=?`, `?` or `=<keyword>,…`.
    pub(crate) const fn form(&self) -> Form {
        match self {
            Self::Test => Form::Test,
            Self::Read => Form::Read,
            _ => Form::Write,
        }
    }

    /// The keyword of a write form; `None` for the test and read forms.
    ///
    /// ```
    /// use simcom_at::command::{SslCfg, SslKeyword};
    /// assert_eq!(SslCfg::CtxIndex { ctxindex: 0 }.keyword(), Some(SslKeyword::CtxIndex));
    /// assert_eq!(SslCfg::Read.keyword(), None);
    /// ```
    #[must_use]
    pub const fn keyword(&self) -> Option<SslKeyword> {
        Some(match self {
            Self::Test | Self::Read => return None,
            Self::SslVersion { .. } => SslKeyword::SslVersion,
            Self::CipherSuite { .. } => SslKeyword::CipherSuite,
            Self::IgnoreRtcTime { .. } => SslKeyword::IgnoreRtcTime,
            Self::Protocol { .. } => SslKeyword::Protocol,
            Self::Sni { .. } => SslKeyword::Sni,
            Self::CtxIndex { .. } => SslKeyword::CtxIndex,
            Self::Convert(_) => SslKeyword::Convert,
        })
    }
}

impl<'a> Payload<'a> for SslCfg<'a> {
    type Rules = ();

    #[inline(always)]
    fn args(&self, (): (), a: &mut Args<'a>) -> Result<(), EncodeError> {
        if let Some(keyword) = self.keyword() {
            a.word(keyword.name());
        }
        match *self {
            Self::Test | Self::Read => {}
            Self::SslVersion {
                ctxindex,
                sslversion,
            } => {
                a.num(ctxindex, &CSSLCFG_CTXINDEX);
                a.num(sslversion, &CSSLCFG_SSLVERSION);
            }
            Self::CipherSuite {
                ctxindex,
                cipher_index,
                ciphersuite,
            } => {
                a.num(ctxindex, &CSSLCFG_CTXINDEX);
                a.num(cipher_index, &CSSLCFG_CIPHER_INDEX);
                a.hex(ciphersuite, &CSSLCFG_CIPHERSUITE);
            }
            Self::IgnoreRtcTime {
                ctxindex,
                ignorertctime,
            } => {
                a.num(ctxindex, &CSSLCFG_CTXINDEX);
                a.num(ignorertctime, &CSSLCFG_IGNORERTCTIME);
            }
            Self::Protocol { ctxindex, protocol } => {
                a.num(ctxindex, &CSSLCFG_CTXINDEX);
                a.num(protocol, &CSSLCFG_PROTOCOL);
            }
            Self::Sni {
                ctxindex,
                servername,
            } => {
                a.num(ctxindex, &CSSLCFG_CTXINDEX);
                a.str(servername, &CSSLCFG_SERVERNAME);
            }
            Self::CtxIndex { ctxindex } => a.num(ctxindex, &CSSLCFG_CTXINDEX),
            Self::Convert(c) => {
                let passkey = follows(c.keyname.is_some(), c.passkey, CSSLCFG_PASSKEY.param)?;
                a.num(c.ssltype, &CSSLCFG_SSLTYPE);
                a.str(c.cname, &CSSLCFG_CNAME);
                if let Some(keyname) = c.keyname {
                    a.str(keyname, &CSSLCFG_KEYNAME);
                }
                if let Some(passkey) = passkey {
                    a.str(passkey, &CSSLCFG_PASSKEY);
                }
            }
        }
        Ok(())
    }

    fn build(form: Form, args: &'a [u8], (): ()) -> Result<Self, ParseError> {
        modal(form, args, Self::Test, Some(Self::Read), read_write)
    }

    /// The test form and `"CTXINDEX"` answer with `+CSSLCFG:` lines; `AT+CSSLCFG?` and the
    /// other keywords only with the final result code.
    fn answer(&self, prefix: Prefix) -> Answer {
        match self {
            Self::Test | Self::CtxIndex { .. } => Answer::info(prefix),
            _ => Answer::FinalOnly,
        }
    }
}

/// The write form: the keyword (any case, quoted or not) picks the parameters that follow.
fn read_write<'a>(p: &Params<'a>) -> Result<SslCfg<'a>, ParseError> {
    let keyword = p
        .word(0, CSSLCFG_KEYWORD_PARAM, SslKeyword::ALL, SslKeyword::name)?
        // A keyword the manual does not list (V1.07's "MAXFRAGLENDISABLE") is another form.
        .ok_or(ParseError::UnsupportedForm)?;
    let ctx = || p.num(1, &CSSLCFG_CTXINDEX);
    Ok(match keyword {
        SslKeyword::SslVersion => {
            p.at_most(3)?;
            SslCfg::SslVersion {
                ctxindex: ctx()?,
                sslversion: p.num(2, &CSSLCFG_SSLVERSION)?,
            }
        }
        SslKeyword::CipherSuite => {
            p.at_most(4)?;
            SslCfg::CipherSuite {
                ctxindex: ctx()?,
                cipher_index: p.num(2, &CSSLCFG_CIPHER_INDEX)?,
                ciphersuite: p.hex_or_num(3, &CSSLCFG_CIPHERSUITE)?,
            }
        }
        SslKeyword::IgnoreRtcTime => {
            p.at_most(3)?;
            SslCfg::IgnoreRtcTime {
                ctxindex: ctx()?,
                ignorertctime: p.num(2, &CSSLCFG_IGNORERTCTIME)?,
            }
        }
        SslKeyword::Protocol => {
            p.at_most(3)?;
            SslCfg::Protocol {
                ctxindex: ctx()?,
                protocol: p.num(2, &CSSLCFG_PROTOCOL)?,
            }
        }
        SslKeyword::Sni => {
            p.at_most(3)?;
            SslCfg::Sni {
                ctxindex: ctx()?,
                servername: p.str(2, &CSSLCFG_SERVERNAME)?,
            }
        }
        SslKeyword::CtxIndex => {
            p.at_most(2)?;
            SslCfg::CtxIndex { ctxindex: ctx()? }
        }
        SslKeyword::Convert => {
            p.at_most(5)?;
            SslCfg::Convert(SslConvert {
                ssltype: p.num(1, &CSSLCFG_SSLTYPE)?,
                cname: p.str(2, &CSSLCFG_CNAME)?,
                keyname: p.opt_str(3, &CSSLCFG_KEYNAME)?,
                passkey: p.opt_str(4, &CSSLCFG_PASSKEY)?,
            })
        }
    })
}
