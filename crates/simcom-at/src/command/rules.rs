//! The limit table: every numeric range and string limit of the spec, in one place.
//!
//! [`Command::encode`](crate::Command::encode) and [`Command::parse`](crate::Command::parse)
//! check parameters against the same constants, so whatever encodes parses back and whatever
//! parses encodes. Each constant carries the parameter's name as the spec (the AT manual)
//! spells it; that name is what [`EncodeError`] reports.

use crate::EncodeError;

/// The allowed values of a numeric parameter: `min..=max`, optionally narrowed to a set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Num {
    /// The parameter's name in the spec.
    pub(crate) param: &'static str,
    /// Smallest allowed value.
    pub(crate) min: u64,
    /// Largest allowed value.
    pub(crate) max: u64,
    /// When set: the only allowed values (sorted, within `min..=max`).
    only: Option<&'static [u64]>,
}

impl Num {
    /// Every value in `min..=max`.
    const fn range(param: &'static str, min: u64, max: u64) -> Self {
        Self {
            param,
            min,
            max,
            only: None,
        }
    }

    /// Exactly the values of `set` (sorted ascending, non-empty).
    const fn set(param: &'static str, set: &'static [u64]) -> Self {
        Self {
            param,
            min: set[0],
            max: set[set.len() - 1],
            only: Some(set),
        }
    }

    /// Checks `value`.
    ///
    /// For a set with holes (`<fun>` 0,1,4–7), a refused value is reported against the run of
    /// consecutive allowed values nearest to it (`2` → `0..=1`, `3` → `4..=7`), so that the
    /// error's `min..=max` is always a true statement.
    pub(crate) fn check(&self, value: u64) -> Result<(), EncodeError> {
        let out = |min, max| EncodeError::OutOfRange {
            param: self.param,
            value,
            min,
            max,
        };
        if value < self.min || value > self.max {
            return Err(out(self.min, self.max));
        }
        let Some(set) = self.only else { return Ok(()) };
        if set.contains(&value) {
            return Ok(());
        }
        // Walk the runs of consecutive values; keep the one nearest to `value`.
        let mut best: Option<(u64, u64, u64)> = None; // (distance, start, end)
        let mut i = 0;
        while i < set.len() {
            let start = set[i];
            let mut end = start;
            while i + 1 < set.len() && set[i + 1] == end + 1 {
                i += 1;
                end = set[i];
            }
            let dist = if value < start {
                start - value
            } else {
                value.saturating_sub(end)
            };
            if best.is_none_or(|(d, _, _)| dist < d) {
                best = Some((dist, start, end));
            }
            i += 1;
        }
        let (_, min, max) = best.unwrap_or((0, self.min, self.max));
        Err(out(min, max))
    }
}

/// The limits of a string parameter, counted in bytes of UTF-8.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Str {
    /// The parameter's name in the spec.
    pub(crate) param: &'static str,
    /// `true` when the spec requires at least one byte.
    non_empty: bool,
    /// Longest allowed length in bytes.
    pub(crate) max: usize,
}

impl Str {
    /// A string of at most `max` bytes, possibly empty.
    const fn up_to(param: &'static str, max: usize) -> Self {
        Self {
            param,
            non_empty: false,
            max,
        }
    }

    /// A string of 1 to `max` bytes.
    const fn non_empty(param: &'static str, max: usize) -> Self {
        Self {
            param,
            non_empty: true,
            max,
        }
    }

    /// Checks `s`, in this order: forbidden bytes (decision 1), length, emptiness.
    pub(crate) fn check(&self, s: &str) -> Result<(), EncodeError> {
        if let Some(&byte) = s.as_bytes().iter().find(|&&b| is_forbidden(b)) {
            return Err(EncodeError::ForbiddenByte {
                param: self.param,
                byte,
            });
        }
        if s.len() > self.max {
            return Err(EncodeError::TooLong {
                param: self.param,
                len: s.len(),
                max: self.max,
            });
        }
        if self.non_empty && s.is_empty() {
            return Err(EncodeError::Empty { param: self.param });
        }
        Ok(())
    }
}

/// A byte that can never appear inside a quoted AT string: `"` and the ASCII controls
/// 0x00–0x1F and 0x7F (spec decision 1).
pub(crate) const fn is_forbidden(b: u8) -> bool {
    b == b'"' || b < 0x20 || b == 0x7f
}

// --- Basic commands -----------------------------------------------------------------------

/// `ATE<value>` / `ATV<value>`: 0 or 1.
pub(crate) const BASIC_VALUE: Num = Num::range("value", 0, 1);

// --- Bearer -------------------------------------------------------------------------------

/// `AT+CMEE=<n>`.
pub(crate) const CMEE_N: Num = Num::range("n", 0, 2);
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
/// `AT+CGDCONT` `<cid>`.
pub(crate) const CGDCONT_CID: Num = Num::range("cid", 1, 15);
/// `AT+CGDCONT` `<PDP_type>`: `IP`, `IPV6`, `IPV4V6`, `Non-IP`, but any string of at most
/// 63 bytes is accepted (the type is a `&str`; the limit is the codec's choice).
pub(crate) const CGDCONT_PDP_TYPE: Str = Str::up_to("PDP_type", 63);
/// `AT+CGDCONT` `<APN>`: the manual gives no limit; the spec takes AT+CNCFG's 150 bytes.
pub(crate) const CGDCONT_APN: Str = Str::up_to("APN", 150);

// --- File system and SSL ------------------------------------------------------------------

/// `AT+CFSWFILE` `<index>` (also the `<dir>` of AT+FTPEXTGET=2, see [`FTPEXTGET_DIR`]).
pub(crate) const CFSWFILE_INDEX: Num = Num::range("index", 0, 3);
/// `AT+CFSWFILE` `<filename>`.
pub(crate) const CFSWFILE_NAME: Str = Str::non_empty("filename", 230);
/// `AT+CFSWFILE` `<mode>`: 0 write, 1 append.
pub(crate) const CFSWFILE_MODE: Num = Num::range("mode", 0, 1);
/// `AT+CFSWFILE` `<filesize>`.
pub(crate) const CFSWFILE_SIZE: Num = Num::range("filesize", 1, 10240);
/// `AT+CFSWFILE` `<inputtime>` in ms.
pub(crate) const CFSWFILE_INPUT_TIME: Num = Num::range("inputtime", 100, 10000);
/// `AT+CFSDFILE` / `AT+CFSGFIS` `<index>`: the directories of AT+CFSWFILE.
pub(crate) const CFS_FILE_INDEX: Num = Num::range("index", 0, 3);
/// `AT+CFSDFILE` / `AT+CFSGFIS` `<filename>`: AT+CFSWFILE's limit (spec decision 51).
pub(crate) const CFS_FILE_NAME: Str = Str::non_empty("filename", 230);
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

// --- FTP configuration ----------------------------------------------------------------------

/// `AT+FTPPORT=<value>`.
pub(crate) const FTPPORT: Num = Num::range("value", 1, 65535);
/// `AT+FTPMODE=<value>`.
pub(crate) const FTPMODE: Num = Num::range("value", 0, 1);
/// The spec's name of the `AT+FTPTYPE` / `AT+FTPPUTOPT` parameter.
pub(crate) const WORD_VALUE: &str = "value";
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
/// `AT+FTPSSL` `<ssltype>`.
pub(crate) const FTPSSL_SSLTYPE: Num = Num::range("ssltype", 0, 2);
/// `AT+FTPSSL` `<ctxindex>`.
pub(crate) const FTPSSL_CTXINDEX: Num = Num::range("ctxindex", 0, 5);
/// `AT+FTPSSL` `<ca_list>` (the manual prints `<ca list>`).
pub(crate) const FTPSSL_CA_LIST: Str = Str::up_to("ca_list", 50);
/// `AT+FTPSSL` `<cert_name>` (the manual prints `<cert name>`).
pub(crate) const FTPSSL_CERT_NAME: Str = Str::up_to("cert_name", 50);

// --- FTP sessions ---------------------------------------------------------------------------

/// `AT+FTPGET` / `AT+FTPLIST` / `AT+FTPPUT` `<mode>`.
pub(crate) const CHUNK_MODE: Num = Num::range("mode", 1, 2);
/// `<reqlength>` of AT+FTPGET=2, AT+FTPLIST=2 and AT+FTPPUT=2 (`AT+FTPPUT=2,0` is
/// [`FtpPut::Finish`](super::FtpPut::Finish), not a write).
pub(crate) const REQLENGTH: Num = Num::range("reqlength", 1, 1460);
/// `AT+FTPEXTPUT` `<mode>`.
pub(crate) const FTPEXTPUT_MODE: Num = Num::range("mode", 0, 2);
/// `AT+FTPEXTPUT` `<pos>`: 0–320k.
pub(crate) const FTPEXTPUT_POS: Num = Num::range("pos", 0, 327_680);
/// `AT+FTPEXTPUT` `<len>`: 1–320k.
pub(crate) const FTPEXTPUT_LEN: Num = Num::range("len", 1, 327_680);
/// `AT+FTPEXTPUT` `<timeout>` in ms.
pub(crate) const FTPEXTPUT_TIMEOUT: Num = Num::range("timeout", 1000, 1_000_000);
/// `AT+FTPEXTGET` `<mode>`.
pub(crate) const FTPEXTGET_MODE: Num = Num::range("mode", 0, 3);
/// `AT+FTPEXTGET=2` `<dir>`.
pub(crate) const FTPEXTGET_DIR: Num = Num::range("dir", 0, 3);
/// `AT+FTPEXTGET=2` `<file_name>`.
pub(crate) const FTPEXTGET_FILE_NAME: Str = Str::non_empty("file_name", 50);
/// `AT+FTPEXTGET=3` `<pos>`: below the largest `<len>`.
pub(crate) const FTPEXTGET_POS: Num = Num::range("pos", 0, 327_679);
/// `AT+FTPEXTGET=3` `<len>`: 1–320k.
pub(crate) const FTPEXTGET_LEN: Num = Num::range("len", 1, 327_680);
/// `AT+FTPETPUT` `<mode>`.
pub(crate) const FTPETPUT_MODE: Num = Num::range("mode", 1, 2);
/// `AT+FTPETGET` `<mode>`: only 1.
pub(crate) const FTPETGET_MODE: Num = Num::range("mode", 1, 1);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_reports_the_nearest_run() {
        let e = |v| CFUN_FUN.check(v).unwrap_err();
        let range = |e: EncodeError| match e {
            EncodeError::OutOfRange { min, max, .. } => (min, max),
            other => panic!("{other:?}"),
        };
        assert_eq!(range(e(2)), (0, 1));
        assert_eq!(range(e(3)), (4, 7));
        assert_eq!(range(e(8)), (0, 7));
        assert!(CFUN_FUN.check(5).is_ok());
        assert_eq!(range(COPS_ACT.check(8).unwrap_err()), (7, 7));
        assert_eq!(range(COPS_ACT.check(2).unwrap_err()), (0, 1));
        assert_eq!(range(COPS_ACT.check(5).unwrap_err()), (3, 3));
        assert_eq!(range(COPS_ACT.check(10).unwrap_err()), (0, 9));
    }

    #[test]
    fn strings_check_bytes_then_length_then_emptiness() {
        assert_eq!(
            FTPSERV.check("a\"b\r"),
            Err(EncodeError::ForbiddenByte {
                param: "value",
                byte: b'"'
            })
        );
        assert_eq!(
            FTPEXTGET_FILE_NAME.check(""),
            Err(EncodeError::Empty { param: "file_name" })
        );
        assert!(FTPSERV.check("é").is_ok());
        assert!(!is_forbidden(b' ') && is_forbidden(0x7f) && is_forbidden(0x1f));
    }
}
