//! SSL: converting certificate files for the module's TLS contexts (app note 5.2).

use super::encode::{Args, follows};
use super::forms::Value;
use super::parse::Params;
use super::rules::{Num, Str};
use crate::{EncodeError, ParseError};

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

/// `AT+CSSLCFG` first parameter: the keyword; only `"CONVERT"` is modelled.
pub(crate) const CSSLCFG_KEYWORD: &str = "CONVERT";
/// The spec's name of the keyword parameter of `AT+CSSLCFG`.
pub(crate) const CSSLCFG_KEYWORD_PARAM: &str = "keyword";
/// `AT+CSSLCFG="CONVERT"` `<ssltype>`.
pub(crate) const CSSLCFG_SSLTYPE: Num = Num::range("ssltype", 1, 3);
/// `AT+CSSLCFG="CONVERT"` `<cname>`.
pub(crate) const CSSLCFG_CNAME: Str = Str::non_empty("cname", 50);
/// `AT+CSSLCFG="CONVERT"` `<keyname>`.
pub(crate) const CSSLCFG_KEYNAME: Str = Str::up_to("keyname", 50);
/// `AT+CSSLCFG="CONVERT"` `<passkey>`.
pub(crate) const CSSLCFG_PASSKEY: Str = Str::up_to("passkey", 50);

macro_rules! ssl {
    ($families:tt $basic:tt [$($extended:tt)*]) => {
        $crate::command::chain! { $families $basic [$($extended)*
            /// `AT+CSSLCFG="CONVERT",…`: convert a certificate file.
            Csslcfg(Request<SslConvert<'a>>) = "AT+CSSLCFG" { prefix: Csslcfg, },
        ] }
    };
}
pub(crate) use ssl;

impl<'a> Value<'a> for SslConvert<'a> {
    type Rules = ();

    #[inline(always)]
    fn args(&self, (): (), a: &mut Args<'a>) -> Result<(), EncodeError> {
        let passkey = follows(self.keyname.is_some(), self.passkey, CSSLCFG_PASSKEY.param)?;
        a.word(CSSLCFG_KEYWORD);
        a.num(self.ssltype, &CSSLCFG_SSLTYPE);
        a.str(self.cname, &CSSLCFG_CNAME);
        if let Some(keyname) = self.keyname {
            a.str(keyname, &CSSLCFG_KEYNAME);
        }
        if let Some(passkey) = passkey {
            a.str(passkey, &CSSLCFG_PASSKEY);
        }
        Ok(())
    }

    fn read(p: &Params<'a>, (): ()) -> Result<Self, ParseError> {
        // Only the "CONVERT" sub-command is modelled; any other keyword is another form.
        p.word(0, CSSLCFG_KEYWORD_PARAM, &[()], |()| CSSLCFG_KEYWORD)?
            .ok_or(ParseError::UnsupportedForm)?;
        p.at_most(5)?;
        Ok(Self {
            ssltype: p.num(1, &CSSLCFG_SSLTYPE)?,
            cname: p.str(2, &CSSLCFG_CNAME)?,
            keyname: p.opt_str(3, &CSSLCFG_KEYNAME)?,
            passkey: p.opt_str(4, &CSSLCFG_PASSKEY)?,
        })
    }
}
