//! Writing an [`Info`] as the module prints it: `+<prefix>: <body>`, the canonical form (one
//! space after the colon, strings quoted except `+CPIN`'s), without the CR LF framing.
//!
//! The framing is the printer's: with ATV1 the module prints `\r\n<line>\r\n`, with ATV0
//! `<line>\r\n` (spec/commands.yaml `framing`); the decoder cuts lines at CR LF before it
//! parses them, so a line is one value either way.

use core::fmt;

use super::{Info, is_session_prefix, is_text_prefix, is_value_prefix, looks_like_ranges};
use crate::write::{self, check_free, check_quoted, is_control};
use crate::{EncodeError, Prefix};

impl Info<'_> {
    /// Whether [`encode`](Self::encode) writes this value: every field fits the line the
    /// decoder reads back as this same value.
    ///
    /// - A quoted string holds no `"` and no control byte ([`EncodeError::ForbiddenByte`]).
    /// - `+CPIN`'s unquoted text is not empty and holds no `,` or `"`; text printed as is
    ///   (`Cncfg::rest`, `Cgdcont::rest`, `+CPIN`) has no `(` outside quotes.
    /// - [`Info::Ranges`] holds a range (a `(` outside quotes, or the bare numbers the spec
    ///   prints for `+FTPUN: 49` and `+FTPETGET: 1`).
    /// - [`Info::Value`], [`Info::Text`], [`Info::Session`] and [`Info::DataHeader`] carry a
    ///   prefix that has that shape; `+COPS`'s optional fields nest; a timestamp is digits.
    ///
    /// Refusals other than `ForbiddenByte` and `Empty` are [`EncodeError::NoRoundTrip`] (or
    /// [`EncodeError::Inconsistent`] for `+COPS`).
    ///
    /// ```
    /// use simcom_at::{EncodeError, Info, Prefix};
    /// assert_eq!(Info::Session { prefix: Prefix::FtpGet, code: 80 }.validate(), Ok(()));
    /// assert_eq!(
    ///     Info::Text { prefix: Prefix::FtpServ, value: "a\"b" }.validate(),
    ///     Err(EncodeError::ForbiddenByte { param: "value", byte: b'"' })
    /// );
    /// assert_eq!(
    ///     Info::Session { prefix: Prefix::FtpSize, code: 77 }.validate(),
    ///     Err(EncodeError::NoRoundTrip { param: "prefix" })
    /// );
    /// ```
    pub fn validate(&self) -> Result<(), EncodeError> {
        let prefix_ok = match *self {
            Self::Ranges { prefix, text } => {
                if let Some(byte) = text.bytes().find(|&b| is_control(b)) {
                    return Err(EncodeError::ForbiddenByte {
                        param: "text",
                        byte,
                    });
                }
                if prefix.is_whole_line() || !looks_like_ranges(prefix, text.as_bytes()) {
                    return Err(EncodeError::NoRoundTrip { param: "text" });
                }
                true
            }
            Self::Value { prefix, .. } => is_value_prefix(prefix),
            Self::Text {
                prefix: Prefix::Cpin,
                value,
            } => {
                if value.is_empty() {
                    return Err(EncodeError::Empty { param: "value" });
                }
                if let Some(byte) = value.bytes().find(|&b| b == b',' || b == b'"') {
                    return Err(EncodeError::ForbiddenByte {
                        param: "value",
                        byte,
                    });
                }
                check_free("value", value)?;
                true
            }
            Self::Text { prefix, value } => {
                check_quoted("value", value)?;
                is_text_prefix(prefix)
            }
            Self::Cops {
                format, oper, act, ..
            } => {
                if let Some(oper) = oper {
                    check_quoted("oper", oper)?;
                }
                match (format, oper, act) {
                    (None, None, None) | (Some(_), Some(_), _) => true,
                    (Some(_), None, _) => {
                        return Err(EncodeError::Inconsistent { param: "format" });
                    }
                    (None, Some(_), _) => return Err(EncodeError::Inconsistent { param: "oper" }),
                    (None, None, Some(_)) => {
                        return Err(EncodeError::Inconsistent { param: "AcT" });
                    }
                }
            }
            Self::Cgnapn { apn, .. } => {
                check_quoted("network_APN", apn)?;
                true
            }
            Self::Cncfg { rest, .. } => {
                check_free("rest", rest)?;
                true
            }
            Self::Cnact { address, ipv6, .. } => {
                check_quoted("address", address)?;
                if let Some(ipv6) = ipv6 {
                    check_quoted("IPv6", ipv6)?;
                }
                true
            }
            Self::Cgdcont {
                pdp_type,
                apn,
                rest,
                ..
            } => {
                check_quoted("PDP_type", pdp_type)?;
                check_quoted("APN", apn)?;
                check_free("rest", rest)?;
                true
            }
            Self::Session { prefix, .. } => is_session_prefix(prefix),
            Self::DataHeader { prefix, .. } => {
                matches!(prefix, Prefix::FtpGet | Prefix::FtpList | Prefix::FtpExtGet)
            }
            Self::Mdtm {
                timestamp: Some(t), ..
            } => {
                if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(EncodeError::NoRoundTrip { param: "timestamp" });
                }
                true
            }
            Self::FtpSsl {
                ca_list, cert_name, ..
            } => {
                check_quoted("ca_list", ca_list)?;
                check_quoted("cert_name", cert_name)?;
                true
            }
            Self::Reg {
                prefix,
                area,
                ci,
                act,
                rest,
                ..
            } => {
                if let Some(area) = area {
                    check_quoted("area", area)?;
                }
                if let Some(ci) = ci {
                    check_quoted("ci", ci)?;
                }
                check_free("rest", rest)?;
                match (area, ci, act, rest.is_empty()) {
                    (Some(_), Some(_), Some(_), _) | (Some(_), Some(_), None, true) => {}
                    (None, None, None, true) => {}
                    (Some(_), None, _, _) | (None, Some(_), _, _) => {
                        return Err(EncodeError::Inconsistent { param: "ci" });
                    }
                    (None, None, Some(_), _) => {
                        return Err(EncodeError::Inconsistent { param: "AcT" });
                    }
                    (_, _, None, false) => {
                        return Err(EncodeError::Inconsistent { param: "rest" });
                    }
                }
                matches!(prefix, Prefix::Creg | Prefix::Cgreg | Prefix::Cereg)
            }
            Self::Psuttz { tz, compact, .. } => {
                check_quoted("time zone", tz)?;
                // In the compact form the time zone stands outside the (unbalanced) quotes: a
                // `(` there would read back as a test-form answer.
                if compact && tz.contains('(') {
                    return Err(EncodeError::NoRoundTrip { param: "time zone" });
                }
                true
            }
            Self::Psnwid {
                mcc,
                mnc,
                full_name,
                short_name,
                ..
            } => {
                check_quoted("mcc", mcc)?;
                check_quoted("mnc", mnc)?;
                check_quoted("full network name", full_name)?;
                check_quoted("short network name", short_name)?;
                true
            }
            Self::Bare { prefix } => prefix.is_whole_line(),
            Self::SslContext { sni, .. } => {
                check_quoted("sni", sni)?;
                true
            }
            Self::Csq { .. }
            | Self::Cgact { .. }
            | Self::AppPdp { .. }
            | Self::FileSize { .. }
            | Self::PutReady { .. }
            | Self::PutAccept { .. }
            | Self::Size { .. }
            | Self::Mdtm {
                timestamp: None, ..
            }
            | Self::ExtGetProgress { .. }
            | Self::ExtPut { .. }
            | Self::EtPutReady
            | Self::ToFsSt { .. } => true,
        };
        if prefix_ok {
            Ok(())
        } else {
            Err(EncodeError::NoRoundTrip { param: "prefix" })
        }
    }

    /// Writes the line as the module prints it (`+FTPGET: 2,10`), without the CR LF framing,
    /// into `buf`; returns its length. Refuses what [`validate`](Self::validate) refuses, and
    /// a buffer too small ([`EncodeError::BufferTooSmall`] with the length needed). Nothing is
    /// ever altered to fit.
    ///
    /// ```
    /// use simcom_at::{Info, Prefix};
    /// let mut buf = [0u8; 64];
    /// let n = Info::DataHeader { prefix: Prefix::FtpGet, len: 10 }.encode(&mut buf)?;
    /// assert_eq!(&buf[..n], b"+FTPGET: 2,10");
    /// let n = Info::Text { prefix: Prefix::FtpType, value: "I" }.encode(&mut buf)?;
    /// assert_eq!(&buf[..n], b"+FTPTYPE: \"I\"");
    /// let n = Info::Text { prefix: Prefix::Cpin, value: "READY" }.encode(&mut buf)?;
    /// assert_eq!(&buf[..n], b"+CPIN: READY");
    /// # Ok::<(), simcom_at::EncodeError>(())
    /// ```
    pub fn encode(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        self.validate()?;
        write::encode_into(self, buf)
    }

    /// The length [`encode`](Self::encode) writes; 0 when it refuses the value.
    ///
    /// ```
    /// use simcom_at::{Info, Prefix};
    /// assert_eq!(Info::Value { prefix: Prefix::Cmee, value: 2 }.encoded_len(), 8); // +CMEE: 2
    /// assert_eq!(Info::Value { prefix: Prefix::FtpGet, value: 2 }.encoded_len(), 0);
    /// ```
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        match self.validate() {
            Ok(()) => write::encoded_len(self),
            Err(_) => 0,
        }
    }
}

impl fmt::Display for Info<'_> {
    /// The line as [`Info::encode`] writes it, without its checks: a value `encode` refuses is
    /// printed as it is (never altered), and its line may decode as something else.
    ///
    /// ```
    /// use simcom_at::{Info, Prefix};
    /// let line = Info::PutReady { maxlength: 1360 }.to_string();
    /// assert_eq!(line, "+FTPPUT: 1,1,1360");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = self.prefix();
        f.write_str(prefix.lead())?;
        f.write_str(prefix.name())?;
        if prefix.is_whole_line() {
            return Ok(());
        }
        f.write_str(": ")?;
        match *self {
            Self::Ranges { text, .. } => f.write_str(text),
            Self::Value { value, .. } => write!(f, "{value}"),
            Self::Text {
                prefix: Prefix::Cpin,
                value,
            } => f.write_str(value),
            Self::Text { value, .. } => write!(f, "\"{value}\""),
            Self::Csq { rssi, ber } => write!(f, "{rssi},{ber}"),
            Self::Cgact { cid, state } => write!(f, "{cid},{state}"),
            Self::Cops {
                mode,
                format,
                oper,
                act,
            } => {
                write!(f, "{mode}")?;
                if let (Some(format), Some(oper)) = (format, oper) {
                    write!(f, ",{format},\"{oper}\"")?;
                }
                match act {
                    Some(act) => write!(f, ",{act}"),
                    None => Ok(()),
                }
            }
            Self::Cgnapn { valid, apn } => write!(f, "{valid},\"{apn}\""),
            Self::Cncfg {
                pdpidx,
                ip_type,
                rest,
            } => {
                write!(f, "{pdpidx},{ip_type}")?;
                with_rest(f, rest)
            }
            Self::Cnact {
                pdpidx,
                status,
                address,
                ipv6,
            } => {
                write!(f, "{pdpidx},{status},\"{address}\"")?;
                match ipv6 {
                    Some(ipv6) => write!(f, ",\"{ipv6}\""),
                    None => Ok(()),
                }
            }
            Self::AppPdp { pdpidx, active } => {
                let state = if active { "ACTIVE" } else { "DEACTIVE" };
                write!(f, "{pdpidx},{state}")
            }
            Self::Cgdcont {
                cid,
                pdp_type,
                apn,
                rest,
            } => {
                write!(f, "{cid},\"{pdp_type}\",\"{apn}\"")?;
                with_rest(f, rest)
            }
            Self::FileSize { size } => write!(f, "{size}"),
            Self::Session { code, .. } => write!(f, "1,{code}"),
            Self::DataHeader {
                prefix: Prefix::FtpExtGet,
                len,
            } => write!(f, "3,{len}"),
            Self::DataHeader { len, .. } => write!(f, "2,{len}"),
            Self::PutReady { maxlength } => write!(f, "1,1,{maxlength}"),
            Self::PutAccept { cnflength } => write!(f, "2,{cnflength}"),
            Self::Size { code, size } => write!(f, "1,{code},{size}"),
            Self::Mdtm { code, timestamp } => {
                write!(f, "1,{code}")?;
                match timestamp {
                    Some(t) => write!(f, ",{t}"),
                    None => Ok(()),
                }
            }
            Self::ExtGetProgress { mode, length } => write!(f, "{mode},{length}"),
            Self::ExtPut { first, len } => write!(f, "{first},{len}"),
            Self::EtPutReady => f.write_str("2,1"),
            Self::FtpSsl {
                ssltype,
                ctxindex,
                ca_list,
                cert_name,
            } => write!(f, "{ssltype},{ctxindex},\"{ca_list}\",\"{cert_name}\""),
            Self::SslContext {
                ctxindex,
                sslversion,
                ciphersuite,
                hex,
                ignorertctime,
                protocol,
                sni,
            } => {
                write!(f, "{ctxindex},{sslversion},")?;
                if hex {
                    write!(f, "0x{ciphersuite:04X}")?;
                } else {
                    write!(f, "{ciphersuite}")?;
                }
                write!(f, ",{ignorertctime},{protocol},\"{sni}\"")
            }
            Self::ToFsSt {
                fsstatus,
                ftpstatus,
                filesize,
            } => write!(f, "{fsstatus},{ftpstatus},{filesize}"),
            Self::Reg {
                n,
                stat,
                area,
                ci,
                act,
                rest,
                ..
            } => {
                if let Some(n) = n {
                    write!(f, "{n},")?;
                }
                write!(f, "{stat}")?;
                if let (Some(area), Some(ci)) = (area, ci) {
                    write!(f, ",\"{area}\",\"{ci}\"")?;
                }
                if let Some(act) = act {
                    write!(f, ",{act}")?;
                }
                with_rest(f, rest)
            }
            Self::Psuttz {
                year,
                month,
                day,
                hour,
                min,
                sec,
                tz,
                dst,
                compact,
            } => {
                if compact {
                    // The SIM7000 form: two digits each, the unbalanced quote before the zone.
                    write!(
                        f,
                        "{year:02}/{month:02}/{day:02},{hour:02}:{min:02}:{sec:02}\",\"{tz}\",{dst}"
                    )
                } else {
                    write!(f, "{year},{month},{day},{hour},{min},{sec},\"{tz}\",{dst}")
                }
            }
            Self::Psnwid {
                mcc,
                mnc,
                full_name,
                full_ci,
                short_name,
                short_ci,
            } => write!(
                f,
                "\"{mcc}\",\"{mnc}\",\"{full_name}\",{full_ci},\"{short_name}\",{short_ci}"
            ),
            Self::Bare { .. } => Ok(()),
        }
    }
}

/// `,<rest>` when there is a rest (an empty one is not printed: `+CNCFG: 0,1`).
fn with_rest(f: &mut fmt::Formatter<'_>, rest: &str) -> fmt::Result {
    if rest.is_empty() {
        Ok(())
    } else {
        write!(f, ",{rest}")
    }
}
