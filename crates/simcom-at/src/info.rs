//! Typed information responses and URCs: the `+PREFIX: <body>` lines of the module.
//!
//! Each body rule is a small winnow function over one complete line (the decoder has already
//! cut the stream at the line end); its grammar is in its doc comment. The space after the
//! colon is optional: the manual prints `+FTPGET: 1,1`, the app note often `+FTPGET:1,1`.

mod encode;

use crate::Prefix;
use crate::write::paren_outside_quotes;
use winnow::Parser;
use winnow::ascii::dec_uint;
use winnow::combinator::{alt, delimited, opt, preceded};
use winnow::token::take_till;

/// A typed information line (`+FTPGET: 1,1`, `+CNACT: 0,1,"10.94.36.44"`, …).
///
/// Some shapes mean different things as a response and as a URC: `+FTPEXTGET: 1,64136`
/// answering `AT+FTPEXTGET?` is [`Info::ExtGetProgress`], while `+FTPEXTGET: 1,0` arriving on
/// its own is [`Info::Session`]. The decoder resolves this from the pending command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Info<'a> {
    /// Answer to a test form: the allowed values as printed (`+FTPGET: (1,2),(1-1460)`,
    /// `+FTPUN: 49`).
    Ranges {
        /// The line's prefix.
        prefix: Prefix,
        /// The body after the colon and its optional space.
        text: &'a str,
    },
    /// A read answer holding one number: `+CMEE`, `+CGATT`, `+CFUN`, `+FTPPORT`, `+FTPMODE`,
    /// `+FTPCID`, `+FTPREST`, `+FTPSTATE`.
    Value {
        /// The line's prefix.
        prefix: Prefix,
        /// The number.
        value: u32,
    },
    /// A read answer holding one string, quotes removed: `+CPIN: READY`, `+FTPSERV: "…"`,
    /// `+FTPTYPE: "I"`, `+FTPPUTOPT: "STOR"`, the names and paths.
    Text {
        /// The line's prefix.
        prefix: Prefix,
        /// The string.
        value: &'a str,
    },
    /// `+CSQ: <rssi>,<ber>`.
    Csq {
        /// `<rssi>` 0–31, 99 unknown.
        rssi: u8,
        /// `<ber>` 0–7, 99 unknown.
        ber: u8,
    },
    /// `+CGACT: <cid>,<state>`.
    Cgact {
        /// `<cid>`.
        cid: u8,
        /// `<state>` 0 deactivated, 1 activated.
        state: u8,
    },
    /// `+COPS: <mode>[,<format>,"<oper>"[,<AcT>]]`.
    Cops {
        /// `<mode>`.
        mode: u8,
        /// `<format>`.
        format: Option<u8>,
        /// `<oper>`, quotes removed (the note prints `" CHN-CT"` with a leading space: kept).
        oper: Option<&'a str>,
        /// `<AcT>` (9 is NB-IoT).
        act: Option<u8>,
    },
    /// `+CGNAPN: <valid>,"<network_APN>"`.
    Cgnapn {
        /// `<valid>` 0 no APN delivered, 1 delivered.
        valid: u8,
        /// `<network_APN>`.
        apn: &'a str,
    },
    /// `+CNCFG: <pdpidx>,<ip_type>,"<APN>","<usename>","<password>",<authentication>`:
    /// the fields after `<ip_type>` are kept as printed.
    Cncfg {
        /// `<pdpidx>`.
        pdpidx: u8,
        /// `<ip_type>`.
        ip_type: u8,
        /// The rest of the body after `<ip_type>,` (may be empty).
        rest: &'a str,
    },
    /// `+CNACT: <pdpidx>,<status>,"<address>"[,"<IPv6>"]`.
    Cnact {
        /// `<pdpidx>` 0–3.
        pdpidx: u8,
        /// `<status>` 0 deactivated, 1 activated, 2 in operation.
        status: u8,
        /// `<address>`.
        address: &'a str,
        /// `<IPv6>` (manual V1.07).
        ipv6: Option<&'a str>,
    },
    /// `+APP PDP: <pdpidx>,ACTIVE|DEACTIVE`.
    AppPdp {
        /// `<pdpidx>`.
        pdpidx: u8,
        /// `ACTIVE` (true) or `DEACTIVE` (false).
        active: bool,
    },
    /// `+CGDCONT: <cid>,"<PDP_type>","<APN>"[,…]`: the fields after the APN kept as printed.
    Cgdcont {
        /// `<cid>`.
        cid: u8,
        /// `<PDP_type>`.
        pdp_type: &'a str,
        /// `<APN>`.
        apn: &'a str,
        /// The rest after the APN (without its leading comma; may be empty).
        rest: &'a str,
    },
    /// `+CFSGFIS: <size>` answering `AT+CFSGFIS=<index>,"<filename>"`: the file's size in
    /// bytes.
    FileSize {
        /// `<size>`.
        size: u32,
    },
    /// `+FTPxxx: 1,<code>`: the outcome of a session command (0 finished, 1 open / data
    /// available, otherwise an error from `spec/error-codes.yaml`). Prefixes: FTPGET, FTPPUT,
    /// FTPLIST, FTPDELE, FTPMKD, FTPRMD, FTPRENAME, FTPMDTM, FTPEXTGET, FTPEXTGETFILE, FTPETPUT,
    /// FTPETGET, FTPEXTPUT.
    Session {
        /// The line's prefix.
        prefix: Prefix,
        /// `<code>`.
        code: u8,
    },
    /// `+FTPGET: 2,<cnflength>`, `+FTPLIST: 2,<cnflength>`, `+FTPEXTGET: 3,<len>`: this many raw
    /// bytes follow the line (none when 0).
    DataHeader {
        /// The line's prefix.
        prefix: Prefix,
        /// The number of bytes that follow.
        len: u32,
    },
    /// `+FTPPUT: 1,1,<maxlength>`: the upload may take up to `maxlength` bytes per write.
    PutReady {
        /// `<maxlength>`.
        maxlength: u16,
    },
    /// `+FTPPUT: 2,<cnflength>`: the host must now send exactly `cnflength` bytes.
    PutAccept {
        /// `<cnflength>`.
        cnflength: u16,
    },
    /// `+FTPSIZE: 1,<code>,<size>`.
    Size {
        /// `<code>`: 0 on success.
        code: u8,
        /// `<size>` in bytes (0 on failure).
        size: u32,
    },
    /// `+FTPMDTM: 1,<code>[,<timestamp>]` (`YYYYMMDDhhmmss`).
    Mdtm {
        /// `<code>`: 0 on success.
        code: u8,
        /// `<timestamp>`, when `code` is 0.
        timestamp: Option<&'a str>,
    },
    /// `+FTPEXTGET: <mode>,<length>` answering `AT+FTPEXTGET?`: bytes downloaded so far.
    ExtGetProgress {
        /// `<mode>`.
        mode: u8,
        /// `<length>`.
        length: u32,
    },
    /// `+FTPEXTPUT: <a>,<len>`: answering `AT+FTPEXTPUT?` (`<mode>,<len>`) or
    /// `AT+FTPEXTPUT=2,…` (`<address>,<len>`: the host now sends `len` bytes).
    ExtPut {
        /// `<mode>` or `<address>`.
        first: u32,
        /// `<len>`.
        len: u32,
    },
    /// `+FTPETPUT: 2,1`: the module takes the host's ETX/DLE data now.
    EtPutReady,
    /// `+FTPSSL: <ssltype>,<ctxindex>,"<ca list>","<cert name>"`.
    FtpSsl {
        /// `<ssltype>` 0–2.
        ssltype: u8,
        /// `<ctxindex>` 0–5.
        ctxindex: u8,
        /// `<ca list>`.
        ca_list: &'a str,
        /// `<cert name>`.
        cert_name: &'a str,
    },
    /// `+CSSLCFG: <ctxindex>,<sslversion>,<ciphersuite>,<ignorertctime>,<protocol>,"<sni>"`
    /// answering `AT+CSSLCFG="CTXINDEX",<ctxindex>` (V1.02 §11.2.1 p. 173). The manual prints
    /// neither the number format of `<ciphersuite>` nor the quoting of `<sni>`: the decoder
    /// takes hex (`0xC02F`) or decimal, `<sni>` quoted or bare (spec decision in
    /// spec/commands.yaml, AT+CSSLCFG).
    SslContext {
        /// `<ctxindex>` 0–5.
        ctxindex: u8,
        /// `<sslversion>` 0–5.
        sslversion: u8,
        /// `<ciphersuite>`: the suite of the context's first slot; 0 when none is set.
        ciphersuite: u16,
        /// `<ciphersuite>` is printed in hex (`0xC02F`) rather than decimal (`49199`).
        hex: bool,
        /// `<ignorertctime>` 0–1.
        ignorertctime: u8,
        /// `<protocol>` 1 TLS, 2 DTLS.
        protocol: u8,
        /// `<sni>`, quotes removed (may be empty).
        sni: &'a str,
    },
    /// `+FTPTOFSST: <fsstatus>,<ftpstatus>,<filesize>`.
    ToFsSt {
        /// `<fsstatus>` 0 complete, 1 downloading.
        fsstatus: u8,
        /// `<ftpstatus>`: 0 success, otherwise an error code.
        ftpstatus: u8,
        /// `<filesize>`.
        filesize: u32,
    },
}

impl<'a> Info<'a> {
    /// The line's prefix.
    #[must_use]
    pub fn prefix(&self) -> Prefix {
        match *self {
            Self::Ranges { prefix, .. }
            | Self::Value { prefix, .. }
            | Self::Text { prefix, .. }
            | Self::Session { prefix, .. }
            | Self::DataHeader { prefix, .. } => prefix,
            Self::Csq { .. } => Prefix::Csq,
            Self::Cgact { .. } => Prefix::Cgact,
            Self::Cops { .. } => Prefix::Cops,
            Self::Cgnapn { .. } => Prefix::Cgnapn,
            Self::Cncfg { .. } => Prefix::Cncfg,
            Self::Cnact { .. } => Prefix::Cnact,
            Self::AppPdp { .. } => Prefix::AppPdp,
            Self::Cgdcont { .. } => Prefix::Cgdcont,
            Self::FileSize { .. } => Prefix::Cfsgfis,
            Self::PutReady { .. } | Self::PutAccept { .. } => Prefix::FtpPut,
            Self::Size { .. } => Prefix::FtpSize,
            Self::Mdtm { .. } => Prefix::FtpMdtm,
            Self::ExtGetProgress { .. } => Prefix::FtpExtGet,
            Self::ExtPut { .. } => Prefix::FtpExtPut,
            Self::EtPutReady => Prefix::FtpEtPut,
            Self::FtpSsl { .. } => Prefix::FtpSsl,
            Self::SslContext { .. } => Prefix::Csslcfg,
            Self::ToFsSt { .. } => Prefix::FtpToFsSt,
        }
    }

    /// Parses the body of a `+<prefix>:` line (the text after the colon; a leading space is
    /// skipped). `query` says whether the line answers a test or read form of its own prefix
    /// (the pending command's [`Answer`](crate::command::Answer) claims the prefix with no mode),
    /// which decides the ambiguous shapes (see the type's doc). `None` when the body does not match.
    ///
    /// ```
    /// use simcom_at::{Info, Prefix};
    /// assert_eq!(
    ///     Info::parse(Prefix::FtpGet, "1,1", false),
    ///     Some(Info::Session { prefix: Prefix::FtpGet, code: 1 })
    /// );
    /// assert_eq!(
    ///     Info::parse(Prefix::FtpGet, " 2,50", true),
    ///     Some(Info::DataHeader { prefix: Prefix::FtpGet, len: 50 })
    /// );
    /// assert_eq!(Info::parse(Prefix::Cfsgfis, " 1492", false), Some(Info::FileSize { size: 1492 }));
    /// ```
    #[must_use]
    pub fn parse(prefix: Prefix, body: &'a str, query: bool) -> Option<Self> {
        Self::parse_bytes(prefix, body.as_bytes(), query)
    }

    /// [`Info::parse`] on the bytes of a body. Numbers are read from the bytes; only string
    /// fields are checked for UTF-8, so a body that is not UTF-8 does not parse.
    pub(crate) fn parse_bytes(prefix: Prefix, body: &'a [u8], query: bool) -> Option<Self> {
        let body = body.strip_prefix(b" ").unwrap_or(body);
        if let Some(ranges) = ranges(prefix, body) {
            return ranges;
        }
        let mut input = body;
        let info = body_rule(prefix, query, &mut input).ok()?;
        input.is_empty().then_some(info)
    }
}

/// Test-form answers: a body with a parenthesised range, or a bare number where the read form
/// prints a string (`+FTPUN: 49`), or `+FTPETGET: 1`.
fn ranges(prefix: Prefix, body: &[u8]) -> Option<Option<Info<'_>>> {
    looks_like_ranges(prefix, body).then(|| {
        let text = core::str::from_utf8(body).ok()?;
        Some(Info::Ranges { prefix, text })
    })
}

/// Whether a body (after the colon and its optional space) is a test-form answer: a `(`
/// outside double quotes (a quoted name such as `"a(1).txt"` is not a range), all digits
/// for a string setting, or `+FTPETGET: 1`.
fn looks_like_ranges(prefix: Prefix, body: &[u8]) -> bool {
    (memchr::memchr(b'(', body).is_some() && paren_outside_quotes(body))
        || (is_string_setting(prefix) && !body.is_empty() && body.iter().all(u8::is_ascii_digit))
        || (prefix == Prefix::FtpEtGet && body == b"1")
}

/// Settings whose read answer is a quoted string and whose test answer is a bare maximum
/// length (`+FTPUN: 49`).
const fn is_string_setting(prefix: Prefix) -> bool {
    matches!(
        prefix,
        Prefix::FtpServ
            | Prefix::FtpUn
            | Prefix::FtpPw
            | Prefix::FtpGetName
            | Prefix::FtpGetPath
            | Prefix::FtpPutName
            | Prefix::FtpPutPath
    )
}

/// Prefixes whose read answer is one number ([`Info::Value`]).
const fn is_value_prefix(prefix: Prefix) -> bool {
    matches!(
        prefix,
        Prefix::Cmee
            | Prefix::Cgatt
            | Prefix::Cfun
            | Prefix::FtpPort
            | Prefix::FtpMode
            | Prefix::FtpCid
            | Prefix::FtpRest
            | Prefix::FtpState
    )
}

/// Prefixes whose read answer is one string ([`Info::Text`]).
const fn is_text_prefix(prefix: Prefix) -> bool {
    matches!(prefix, Prefix::Cpin | Prefix::FtpType | Prefix::FtpPutOpt)
        || is_string_setting(prefix)
}

/// Prefixes that print `1,<code>` as [`Info::Session`] (`+FTPEXTGET` only outside a query).
const fn is_session_prefix(prefix: Prefix) -> bool {
    matches!(
        prefix,
        Prefix::FtpGet
            | Prefix::FtpList
            | Prefix::FtpPut
            | Prefix::FtpEtPut
            | Prefix::FtpExtGet
            | Prefix::FtpDele
            | Prefix::FtpMkd
            | Prefix::FtpRmd
            | Prefix::FtpRename
            | Prefix::FtpQuit
            | Prefix::FtpExtGetFile
            | Prefix::FtpEtGet
    )
}

fn body_rule<'a>(prefix: Prefix, query: bool, i: &mut &'a [u8]) -> winnow::Result<Info<'a>> {
    match prefix {
        _ if is_value_prefix(prefix) => dec_uint
            .map(|value| Info::Value { prefix, value })
            .parse_next(i),
        _ if is_text_prefix(prefix) => string
            .map(|value| Info::Text { prefix, value })
            .parse_next(i),
        Prefix::Csq => (num_u8, comma, num_u8)
            .map(|(rssi, _, ber)| Info::Csq { rssi, ber })
            .parse_next(i),
        Prefix::Cgact => (num_u8, comma, num_u8)
            .map(|(cid, _, state)| Info::Cgact { cid, state })
            .parse_next(i),
        Prefix::Cops => cops(i),
        Prefix::Cgnapn => (num_u8, comma, string)
            .map(|(valid, _, apn)| Info::Cgnapn { valid, apn })
            .parse_next(i),
        Prefix::Cncfg => (num_u8, comma, num_u8, opt(preceded(comma, rest)))
            .map(|(pdpidx, _, ip_type, rest)| Info::Cncfg {
                pdpidx,
                ip_type,
                rest: rest.unwrap_or(""),
            })
            .parse_next(i),
        Prefix::Cnact => cnact(i),
        Prefix::AppPdp => (
            num_u8,
            comma,
            alt(("ACTIVE".value(true), "DEACTIVE".value(false))),
        )
            .map(|(pdpidx, _, active)| Info::AppPdp { pdpidx, active })
            .parse_next(i),
        Prefix::Cgdcont => (num_u8, then(string), then(string), opt(then(rest)))
            .map(|(cid, pdp_type, apn, rest)| Info::Cgdcont {
                cid,
                pdp_type,
                apn,
                rest: rest.unwrap_or(""),
            })
            .parse_next(i),
        Prefix::Cfsgfis => dec_uint.map(|size| Info::FileSize { size }).parse_next(i),
        Prefix::FtpGet | Prefix::FtpList => chunked(prefix, i),
        Prefix::FtpPut => ftpput(i),
        Prefix::FtpSize => preceded(("1", comma), (num_u8, comma, dec_uint))
            .map(|(code, _, size)| Info::Size { code, size })
            .parse_next(i),
        Prefix::FtpMdtm => preceded(("1", comma), (num_u8, opt(preceded(comma, digits))))
            .map(|(code, timestamp)| Info::Mdtm { code, timestamp })
            .parse_next(i),
        Prefix::FtpExtGet => extget(query, i),
        Prefix::FtpExtPut => (dec_uint, comma, dec_uint)
            .map(|(first, _, len)| Info::ExtPut { first, len })
            .parse_next(i),
        Prefix::FtpEtPut => {
            alt((("2", comma, "1").value(Info::EtPutReady), session(prefix))).parse_next(i)
        }
        Prefix::FtpDele
        | Prefix::FtpMkd
        | Prefix::FtpRmd
        | Prefix::FtpRename
        | Prefix::FtpQuit
        | Prefix::FtpExtGetFile
        | Prefix::FtpEtGet => session(prefix).parse_next(i),
        Prefix::FtpSsl => (num_u8, comma, num_u8, comma, string, comma, string)
            .map(
                |(ssltype, _, ctxindex, _, ca_list, _, cert_name)| Info::FtpSsl {
                    ssltype,
                    ctxindex,
                    ca_list,
                    cert_name,
                },
            )
            .parse_next(i),
        Prefix::FtpToFsSt => (num_u8, comma, num_u8, comma, dec_uint)
            .map(|(fsstatus, _, ftpstatus, _, filesize)| Info::ToFsSt {
                fsstatus,
                ftpstatus,
                filesize,
            })
            .parse_next(i),
        Prefix::Csslcfg => ssl_context(i),
        // CFSWFILE, CFSDFILE: test-form answers only, handled by `ranges` (the value
        // and text prefixes are taken by the guards above).
        _ => winnow::combinator::fail.parse_next(i),
    }
}

/// `session = "1" "," code`
fn session<'a>(prefix: Prefix) -> impl Parser<&'a [u8], Info<'a>, winnow::error::ContextError> {
    preceded(("1", comma), num_u8).map(move |code| Info::Session { prefix, code })
}

/// `chunked = "1" "," code | "2" "," cnflength`
fn chunked<'a>(prefix: Prefix, i: &mut &'a [u8]) -> winnow::Result<Info<'a>> {
    alt((
        preceded(("2", comma), dec_uint).map(|len| Info::DataHeader { prefix, len }),
        session(prefix),
    ))
    .parse_next(i)
}

/// `ftpput = "1,1," maxlength | "1," code | "2," cnflength`
fn ftpput<'a>(i: &mut &'a [u8]) -> winnow::Result<Info<'a>> {
    alt((
        preceded(("1", comma, "1", comma), dec_uint).map(|maxlength| Info::PutReady { maxlength }),
        preceded(("2", comma), dec_uint).map(|cnflength| Info::PutAccept { cnflength }),
        session(Prefix::FtpPut),
    ))
    .parse_next(i)
}

/// `extget = mode "," length` when answering a query (`AT+FTPEXTGET?`);
/// otherwise `"3," len` (data header) or `"1," code` (URC). A value above 255 after `1,` can
/// only be a length (an answer to a query the caller did not announce).
fn extget<'a>(query: bool, i: &mut &'a [u8]) -> winnow::Result<Info<'a>> {
    let (first, _, second): (u8, _, u32) = (num_u8, comma, dec_uint).parse_next(i)?;
    Ok(match (query, first, u8::try_from(second)) {
        (false, 3, _) => Info::DataHeader {
            prefix: Prefix::FtpExtGet,
            len: second,
        },
        (false, 1, Ok(code)) => Info::Session {
            prefix: Prefix::FtpExtGet,
            code,
        },
        _ => Info::ExtGetProgress {
            mode: first,
            length: second,
        },
    })
}

/// ```text
/// ssl_context = ctxindex "," sslversion "," suite "," ignorertctime "," protocol "," [string]
/// suite = ("0x" / "0X") 1*4HEXDIG / 1*DIGIT
/// ```
fn ssl_context<'a>(i: &mut &'a [u8]) -> winnow::Result<Info<'a>> {
    let suite = alt((
        preceded(
            alt(("0x", "0X")),
            winnow::token::take_while(1..=4, |b: u8| b.is_ascii_hexdigit()),
        )
        .try_map(|d: &[u8]| {
            // Only ASCII hex digits were taken.
            let text = core::str::from_utf8(d).unwrap_or("");
            u16::from_str_radix(text, 16).map(|v| (v, true))
        }),
        dec_uint.map(|v: u16| (v, false)),
    ));
    (
        num_u8,
        then(num_u8),
        then(suite),
        then(num_u8),
        then(num_u8),
        then(opt(string)),
    )
        .map(
            |(ctxindex, sslversion, (ciphersuite, hex), ignorertctime, protocol, sni)| {
                Info::SslContext {
                    ctxindex,
                    sslversion,
                    ciphersuite,
                    hex,
                    ignorertctime,
                    protocol,
                    sni: sni.unwrap_or(""),
                }
            },
        )
        .parse_next(i)
}

/// `cops = mode ["," format "," oper ["," act]]`
fn cops<'a>(i: &mut &'a [u8]) -> winnow::Result<Info<'a>> {
    (
        num_u8,
        opt((comma, num_u8, comma, string, opt(preceded(comma, num_u8)))),
    )
        .map(|(mode, more)| match more {
            None => Info::Cops {
                mode,
                format: None,
                oper: None,
                act: None,
            },
            Some((_, format, _, oper, act)) => Info::Cops {
                mode,
                format: Some(format),
                oper: Some(oper),
                act,
            },
        })
        .parse_next(i)
}

/// `cnact = pdpidx "," status "," quoted ["," quoted]`
fn cnact<'a>(i: &mut &'a [u8]) -> winnow::Result<Info<'a>> {
    (num_u8, then(num_u8), then(quoted), opt(then(quoted)))
        .map(|(pdpidx, status, address, ipv6)| Info::Cnact {
            pdpidx,
            status,
            address,
            ipv6,
        })
        .parse_next(i)
}

fn num_u8(i: &mut &[u8]) -> winnow::Result<u8> {
    dec_uint.parse_next(i)
}

fn comma(i: &mut &[u8]) -> winnow::Result<u8> {
    b','.parse_next(i)
}

/// `"," field`: the next field of a line.
fn then<'a, O>(
    field: impl Parser<&'a [u8], O, winnow::error::ContextError>,
) -> impl Parser<&'a [u8], O, winnow::error::ContextError> {
    preceded(comma, field)
}

/// `quoted = DQUOTE *(not DQUOTE) DQUOTE`
fn quoted<'a>(i: &mut &'a [u8]) -> winnow::Result<&'a str> {
    delimited(b'"', take_till(0.., b'"'), b'"')
        .try_map(core::str::from_utf8)
        .parse_next(i)
}

/// `string = quoted | 1*(not "," or DQUOTE)` (SIMCom prints `+CPIN: READY` unquoted).
fn string<'a>(i: &mut &'a [u8]) -> winnow::Result<&'a str> {
    alt((
        quoted,
        take_till(1.., [b',', b'"']).try_map(core::str::from_utf8),
    ))
    .parse_next(i)
}

fn digits<'a>(i: &mut &'a [u8]) -> winnow::Result<&'a str> {
    winnow::ascii::digit1
        .try_map(core::str::from_utf8)
        .parse_next(i)
}

fn rest<'a>(i: &mut &'a [u8]) -> winnow::Result<&'a str> {
    winnow::token::rest
        .try_map(core::str::from_utf8)
        .parse_next(i)
}
