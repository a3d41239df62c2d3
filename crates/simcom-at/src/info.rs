//! Typed information responses and URCs: the `+PREFIX: <body>` lines of the module, and the
//! few without the `+` (`*PSUTTZ: <body>`, `*PSNWID: <body>`, `DST: <dst>`, and the whole lines
//! `RDY` and `SMS Ready`; see [`Prefix::lead`]).
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
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
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
    /// `+CREG`, `+CGREG`, `+CEREG`: network registration, as a read answer
    /// (`+CEREG: <n>,<stat>[,…]`, `n` is `Some`) or as a URC (`+CEREG: <stat>[,…]`).
    ///
    /// The two share the prefix and are told apart by shape, whatever command is pending: the
    /// read answer's second field is a bare number (`<stat>`), the URC's second field, when
    /// there is one, is the quoted `<lac>`/`<tac>` (spec/commands.yaml, AT+CEREG). `<tac>` and
    /// `<ci>` are kept as printed, of any length (the LPM AN prints a 7-hex-digit `<ci>` and no
    /// `<rac>`).
    Reg {
        /// `CREG`, `CGREG` or `CEREG`.
        prefix: Prefix,
        /// `<n>` (a read answer only).
        n: Option<u8>,
        /// `<stat>` 0–5 (1 home, 2 searching, 5 roaming).
        stat: u8,
        /// `<lac>` (CREG, CGREG) or `<tac>` (CEREG), quotes removed; with `ci`.
        area: Option<&'a str>,
        /// `<ci>`, quotes removed; with `area`.
        ci: Option<&'a str>,
        /// `<netact>` / `<AcT>`; only with `area` and `ci`.
        act: Option<u8>,
        /// The fields after `<AcT>` as printed, without their leading comma (`<rac>`, the
        /// PSM timers: `,,"00000000","01100000"`); empty when none. Only with `act`.
        rest: &'a str,
    },
    /// `*PSUTTZ: <year>,<month>,<day>,<hour>,<min>,<sec>,"<time zone>",<dst>` (network time,
    /// UTC, AT manual V1.02 §5.2.4), or the form a SIM7000 was seen printing,
    /// `yy/MM/dd,hh:mm:ss","<time zone>",<dst>`, with its unbalanced quote (`compact`).
    Psuttz {
        /// `<year>`: four digits in the manual's form, two in the compact one.
        year: u16,
        /// `<month>`.
        month: u8,
        /// `<day>`.
        day: u8,
        /// `<hour>`.
        hour: u8,
        /// `<min>`.
        min: u8,
        /// `<sec>`.
        sec: u8,
        /// `<time zone>` as printed (`+32`: quarters of an hour).
        tz: &'a str,
        /// `<dst>` 0–2.
        dst: u8,
        /// The SIM7000 form (`yy/MM/dd,hh:mm:ss"`, two digits each).
        compact: bool,
    },
    /// `*PSNWID: "<mcc>","<mnc>","<full network name>",<full network name CI>,"<short network
    /// name>",<short network name CI>` (AT manual V1.02 §5.2.4).
    Psnwid {
        /// `<mcc>`.
        mcc: &'a str,
        /// `<mnc>`.
        mnc: &'a str,
        /// `<full network name>`.
        full_name: &'a str,
        /// `<full network name CI>` (0 or 1).
        full_ci: u8,
        /// `<short network name>`.
        short_name: &'a str,
        /// `<short network name CI>` (0 or 1).
        short_ci: u8,
    },
    /// A line that is its prefix alone: `RDY`, `SMS Ready`.
    Bare {
        /// [`Prefix::Rdy`] or [`Prefix::SmsReady`].
        prefix: Prefix,
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
            | Self::DataHeader { prefix, .. }
            | Self::Reg { prefix, .. }
            | Self::Bare { prefix } => prefix,
            Self::Psuttz { .. } => Prefix::Psuttz,
            Self::Psnwid { .. } => Prefix::Psnwid,
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
        if prefix.is_whole_line() {
            return body.is_empty().then_some(Info::Bare { prefix });
        }
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
            | Prefix::Clts
            | Prefix::Dst
    )
}

/// Prefixes whose read answer is one string ([`Info::Text`]).
const fn is_text_prefix(prefix: Prefix) -> bool {
    matches!(
        prefix,
        Prefix::Cpin | Prefix::FtpType | Prefix::FtpPutOpt | Prefix::Ctzv
    ) || is_string_setting(prefix)
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
        Prefix::Creg | Prefix::Cgreg | Prefix::Cereg => reg(prefix, i),
        Prefix::Psuttz => psuttz(i),
        Prefix::Psnwid => (
            quoted,
            then(quoted),
            then(quoted),
            then(num_u8),
            then(quoted),
            then(num_u8),
        )
            .map(
                |(mcc, mnc, full_name, full_ci, short_name, short_ci)| Info::Psnwid {
                    mcc,
                    mnc,
                    full_name,
                    full_ci,
                    short_name,
                    short_ci,
                },
            )
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

/// ```text
/// reg   = [n ","] stat ["," quoted "," quoted ["," act ["," rest]]]
/// ```
/// `n` is there when the second field is a bare number: the read answer (`+CEREG: 4,1,…`);
/// the URC starts with `<stat>` and its second field, if any, is quoted.
fn reg<'a>(prefix: Prefix, i: &mut &'a [u8]) -> winnow::Result<Info<'a>> {
    let first = num_u8(i)?;
    let second = opt(then(num_u8)).parse_next(i)?;
    let (n, stat) = match second {
        Some(stat) => (Some(first), stat),
        None => (None, first),
    };
    let location = opt((
        then(quoted),
        then(quoted),
        opt((then(num_u8), opt(then(rest)))),
    ))
    .parse_next(i)?;
    let (area, ci, act, rest) = match location {
        None => (None, None, None, ""),
        Some((area, ci, None)) => (Some(area), Some(ci), None, ""),
        Some((area, ci, Some((act, rest)))) => {
            (Some(area), Some(ci), Some(act), rest.unwrap_or(""))
        }
    };
    Ok(Info::Reg {
        prefix,
        n,
        stat,
        area,
        ci,
        act,
        rest,
    })
}

/// ```text
/// psuttz  = year "," month "," day "," hour "," min "," sec "," quoted "," dst
/// compact = yy "/" MM "/" dd "," hh ":" mm ":" ss DQUOTE "," quoted "," dst
/// ```
/// The compact form is what a SIM7000 was seen printing (an unbalanced quote after the time).
fn psuttz<'a>(i: &mut &'a [u8]) -> winnow::Result<Info<'a>> {
    let compact = (
        padded,
        preceded(b'/', padded),
        preceded(b'/', padded),
        then(padded),
        preceded(b':', padded),
        preceded(b':', padded),
        b'"',
    )
        .map(|(year, month, day, hour, min, sec, _)| (year, month, day, hour, min, sec, true));
    let manual = (
        padded,
        then(padded),
        then(padded),
        then(padded),
        then(padded),
        then(padded),
    )
        .map(|(year, month, day, hour, min, sec)| (year, month, day, hour, min, sec, false));
    (alt((compact, manual)), then(quoted), then(num_u8))
        .verify_map(|((year, month, day, hour, min, sec, compact), tz, dst)| {
            let small = |v: u16| u8::try_from(v).ok();
            Some(Info::Psuttz {
                year,
                month: small(month)?,
                day: small(day)?,
                hour: small(hour)?,
                min: small(min)?,
                sec: small(sec)?,
                tz,
                dst,
                compact,
            })
        })
        .parse_next(i)
}

/// Digits that may start with `0` (`05`), as a number up to 65535 (`dec_uint` stops after a
/// leading `0`).
fn padded(i: &mut &[u8]) -> winnow::Result<u16> {
    winnow::ascii::digit1
        .verify_map(|d: &[u8]| {
            d.iter().try_fold(0u16, |n, &b| {
                n.checked_mul(10)?.checked_add(u16::from(b - b'0'))
            })
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
