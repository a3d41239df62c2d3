//! Bearer: the SIM, the network (registration, network time) and the PDP context the FTP
//! service runs over (app note section 4).

use super::params::params;
use super::rules::{Num, Str};

params! {
    /// `AT+CPIN="<pin>"[,"<newpin>"]`.
    pub struct Pin<'a> {
        /// `<pin>`: the PIN (or PUK when the SIM asks for it); at most 8 bytes.
        pub pin: &'a str = CPIN_PIN,
        /// `<newpin>`: the new PIN when `<pin>` is a PUK; at most 8 bytes.
        pub new_pin: Option<&'a str> = CPIN_NEWPIN,
    }
}

params! {
    /// `AT+CGACT=<state>[,<cid>]`.
    pub struct Cgact {
        /// `<state>`: `true` activates, `false` deactivates.
        pub state: bool = CGACT_STATE,
        /// `<cid>`: PDP context identifier 1–15; all contexts when absent.
        pub cid: Option<u8> = CGACT_CID,
    }
}

params! {
    /// `AT+COPS=<mode>[,<format>[,"<oper>"[,<AcT>]]]`.
    pub struct Cops<'a> {
        /// `<mode>` 0–4 (0 automatic, 1 manual, 2 deregister, 3 set format only, 4 manual/automatic).
        pub mode: u8 = COPS_MODE,
        /// `<format>` 0–2 (long alphanumeric, short alphanumeric, numeric).
        pub format: Option<u8> = COPS_FORMAT,
        /// `<oper>`: the operator in the given format, at most 32 bytes. Only present when
        /// `format` is.
        pub oper: Option<&'a str> = COPS_OPER after format,
        /// `<AcT>`: access technology (0 GSM, 1 GSM compact, 3 GSM EGPRS, 7 LTE Cat-M1, 9 LTE
        /// NB-IoT). Only present when `oper` is.
        pub act: Option<u8> = COPS_ACT after oper,
    }
}

params! {
    /// `AT+CNCFG=<pdpidx>,<ip_type>[,"<APN>"[,"<usename>","<password>"[,<authentication>]]]`.
    pub struct Cncfg<'a> {
        /// `<pdpidx>` 0–3.
        pub pdpidx: u8 = CNCFG_PDPIDX,
        /// `<ip_type>` 0–4 (0 dual stack, 1 IPv4, 2 IPv6, 3 non-IP, 4 extended non-IP).
        pub ip_type: u8 = CNCFG_IP_TYPE,
        /// `<APN>`, at most 150 bytes.
        pub apn: Option<&'a str> = CNCFG_APN,
        /// `<usename>` and `<password>`, at most 127 bytes each; only with `apn`.
        pub credentials: Option<(&'a str, &'a str)> = (CNCFG_USER, CNCFG_PASSWORD) after apn,
        /// `<authentication>` 0–3 (none, PAP, CHAP, PAP or CHAP); only with `credentials`.
        pub auth: Option<u8> = CNCFG_AUTH after credentials,
    }
}

params! {
    /// `AT+CNACT=<pdpidx>,<action>`.
    pub struct Cnact {
        /// `<pdpidx>` 0–3.
        pub pdpidx: u8 = CNACT_PDPIDX,
        /// `<action>`.
        pub action: CnactAction = CNACT_ACTION,
    }
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

params! {
    /// `AT+CFUN=<fun>[,<rst>]`.
    pub struct Cfun {
        /// `<fun>`: 0 minimum, 1 full, 4 RF off, 5 factory test, 6 reset, 7 offline.
        pub fun: u8 = CFUN_FUN,
        /// `<rst>`: 0 do not reset, 1 reset before setting `<fun>`.
        pub rst: Option<u8> = CFUN_RST,
    }
}

params! {
    /// `AT+CGDCONT=<cid>[,"<PDP_type>"[,"<APN>"]]`.
    pub struct Cgdcont<'a> {
        /// `<cid>` 1–15.
        pub cid: u8 = CGDCONT_CID,
        /// `<PDP_type>`: `IP`, `IPV6`, `IPV4V6`, `Non-IP`; not checked against that list, at
        /// most 63 bytes (the manual gives no limit; 63 is the spec's choice).
        pub pdp_type: Option<&'a str> = CGDCONT_PDP_TYPE,
        /// `<APN>`, at most 150 bytes (the manual gives no limit; the spec takes AT+CNCFG's);
        /// only with `pdp_type`.
        pub apn: Option<&'a str> = CGDCONT_APN after pdp_type,
    }
}

super::values::numbered!(
    CnactAction,
    [Deactivate = 0, Activate = 1, AutoActivate = 2],
    "assert_eq!(CnactAction::Activate.number(), 1);"
);

/// `AT+CPIN` `<pin>`: a string of at most 8 bytes (a PUK has 8 digits; no digit check).
pub(crate) const CPIN_PIN: Str = Str::up_to("pin", 8);
/// `AT+CPIN` `<newpin>`.
pub(crate) const CPIN_NEWPIN: Str = Str::up_to("newpin", 8);
/// `AT+CGATT=<state>`.
pub(crate) const CGATT_STATE: Num = Num::range("state", 0, 1);
/// `AT+CGACT=<state>`.
pub(crate) const CGACT_STATE: Num = Num::range("state", 0, 1);
/// `AT+CGACT` `<cid>`.
pub(crate) const CGACT_CID: Num = Num::range("cid", 1, 15);
/// `AT+COPS` `<mode>`.
pub(crate) const COPS_MODE: Num = Num::range("mode", 0, 4);
/// `AT+COPS` `<format>`.
pub(crate) const COPS_FORMAT: Num = Num::range("format", 0, 2);
/// `AT+COPS` `<oper>`.
pub(crate) const COPS_OPER: Str = Str::up_to("oper", 32);
/// `AT+COPS` `<AcT>`: 0 GSM, 1 GSM compact, 3 GSM EGPRS, 7 LTE Cat-M1, 9 LTE NB-IoT.
pub(crate) const COPS_ACT: Num = Num::set("AcT", &[0, 1, 3, 7, 9]);
/// `AT+CNCFG` `<pdpidx>`.
pub(crate) const CNCFG_PDPIDX: Num = Num::range("pdpidx", 0, 3);
/// `AT+CNCFG` `<ip_type>`.
pub(crate) const CNCFG_IP_TYPE: Num = Num::range("ip_type", 0, 4);
/// `AT+CNCFG` `<APN>`.
pub(crate) const CNCFG_APN: Str = Str::up_to("APN", 150);
/// `AT+CNCFG` `<usename>` (the manual's spelling).
pub(crate) const CNCFG_USER: Str = Str::up_to("usename", 127);
/// `AT+CNCFG` `<password>`.
pub(crate) const CNCFG_PASSWORD: Str = Str::up_to("password", 127);
/// `AT+CNCFG` `<authentication>`.
pub(crate) const CNCFG_AUTH: Num = Num::range("authentication", 0, 3);
/// `AT+CNACT` `<pdpidx>`.
pub(crate) const CNACT_PDPIDX: Num = Num::range("pdpidx", 0, 3);
/// `AT+CNACT` `<action>`.
pub(crate) const CNACT_ACTION: Num = Num::range("action", 0, 2);
/// `AT+CFUN` `<fun>`: 0, 1, 4, 5, 6, 7.
pub(crate) const CFUN_FUN: Num = Num::set("fun", &[0, 1, 4, 5, 6, 7]);
/// `AT+CFUN` `<rst>`.
pub(crate) const CFUN_RST: Num = Num::range("rst", 0, 1);
/// `AT+CREG` `<n>`: 0 no URC, 1 `+CREG: <stat>`, 2 with location (V1.02 §3.2.14 p. 50).
pub(crate) const CREG_N: Num = Num::range("n", 0, 2);
/// `AT+CGREG` `<n>`: 0, 1, 2, 4 (no 3; V1.02 §6.2.5 p. 137).
pub(crate) const CGREG_N: Num = Num::set("n", &[0, 1, 2, 4]);
/// `AT+CEREG` `<n>`: 0, 1, 2, 4 (no 3 or 5; V1.02 §6.2.7 p. 140).
pub(crate) const CEREG_N: Num = Num::set("n", &[0, 1, 2, 4]);
/// `AT+CLTS` `<mode>`: 0 disable, 1 enable the network time URCs (V1.02 §5.2.4 p. 90).
pub(crate) const CLTS_MODE: Num = Num::range("mode", 0, 1);
/// `AT+CGDCONT` `<cid>`.
pub(crate) const CGDCONT_CID: Num = Num::range("cid", 1, 15);
/// `AT+CGDCONT` `<PDP_type>`: `IP`, `IPV6`, `IPV4V6`, `Non-IP`, but any string of at most
/// 63 bytes is accepted (the type is a `&str`; the limit is the codec's choice).
pub(crate) const CGDCONT_PDP_TYPE: Str = Str::up_to("PDP_type", 63);
/// `AT+CGDCONT` `<APN>`: the manual gives no limit; the spec takes AT+CNCFG's 150 bytes.
pub(crate) const CGDCONT_APN: Str = Str::up_to("APN", 150);

macro_rules! bearer {
    ($families:tt $basic:tt [$($extended:tt)*]) => {
        $crate::command::chain! { $families $basic [$($extended)*
            /// `AT+CPIN`: SIM PIN.
            Cpin(Setting<Pin<'a>>) = "AT+CPIN" { prefix: Cpin, },
            /// `AT+CSQ`: signal quality.
            Csq(Action) = "AT+CSQ" { prefix: Csq, answer: every_form, },
            /// `AT+CGATT`: PS attach (`true` attach).
            Cgatt(Setting<bool>) = "AT+CGATT" { prefix: Cgatt, rules: &CGATT_STATE, },
            /// `AT+CGACT`: PDP context activation.
            Cgact(Setting<Cgact>) = "AT+CGACT" { prefix: Cgact, },
            /// `AT+COPS`: operator selection.
            Cops(Setting<Cops<'a>>) = "AT+COPS" { prefix: Cops, },
            /// `AT+CGNAPN`: the APN the network delivered (CAT-M / NB-IoT).
            Cgnapn(Action) = "AT+CGNAPN" { prefix: Cgnapn, answer: every_form, },
            /// `AT+CNCFG`: PDP configuration for AT+CNACT.
            Cncfg(Setting<Cncfg<'a>>) = "AT+CNCFG" { prefix: Cncfg, },
            /// `AT+CNACT`: application network activation.
            Cnact(Setting<Cnact>) = "AT+CNACT" { prefix: Cnact, },
            /// `AT+CFUN`: phone functionality.
            Cfun(Setting<Cfun>) = "AT+CFUN" { prefix: Cfun, },
            /// `AT+CGDCONT`: PDP context definition.
            Cgdcont(Setting<Cgdcont<'a>>) = "AT+CGDCONT" { prefix: Cgdcont, },
            /// `AT+CREG`: network registration (`<n>` 0–2).
            Creg(Setting<u8>) = "AT+CREG" { prefix: Creg, rules: &CREG_N, },
            /// `AT+CGREG`: GPRS network registration status (`<n>` 0, 1, 2, 4).
            Cgreg(Setting<u8>) = "AT+CGREG" { prefix: Cgreg, rules: &CGREG_N, },
            /// `AT+CEREG`: EPS network registration status (`<n>` 0, 1, 2, 4).
            Cereg(Setting<u8>) = "AT+CEREG" { prefix: Cereg, rules: &CEREG_N, },
            /// `AT+CLTS`: network time URCs (`<mode>` 0–1).
            Clts(Setting<bool>) = "AT+CLTS" { prefix: Clts, rules: &CLTS_MODE, },
        ] }
    };
}
pub(crate) use bearer;
