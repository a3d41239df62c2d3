//! Encoding what the module prints ([`Info`], [`Final`]): the lines of the spec and the app
//! note encode from their values byte for byte (`+FTPTYPE: "I"`, `+CPIN: READY`, …) and decode
//! back to them; values that cannot stand in a line are refused with the error that names
//! them. The property over all values is `info_roundtrip.rs`.

#[path = "support/lines.rs"]
mod lines;

use lines::{answers_query, decode_one, decoded_info, encoded, encoded_final};
use simcom_at::{CmeError, EncodeError, Event, Final, Info, Prefix};

/// Values and the lines the spec and the app note print for them.
#[test]
fn lines_of_the_spec_encode_byte_for_byte() {
    let cases: &[(Info<'_>, &str)] = &[
        // app note 5.1.1
        (
            Info::Session {
                prefix: Prefix::FtpGet,
                code: 1,
            },
            "+FTPGET: 1,1",
        ),
        (
            Info::DataHeader {
                prefix: Prefix::FtpGet,
                len: 50,
            },
            "+FTPGET: 2,50",
        ),
        (
            Info::DataHeader {
                prefix: Prefix::FtpGet,
                len: 0,
            },
            "+FTPGET: 2,0",
        ),
        (
            Info::Session {
                prefix: Prefix::FtpGet,
                code: 0,
            },
            "+FTPGET: 1,0",
        ),
        // app note 5.1.2, 5.1.14, 5.1.13
        (Info::PutReady { maxlength: 1360 }, "+FTPPUT: 1,1,1360"),
        (Info::PutAccept { cnflength: 10 }, "+FTPPUT: 2,10"),
        (Info::EtPutReady, "+FTPETPUT: 2,1"),
        (
            Info::ExtGetProgress {
                mode: 1,
                length: 64136,
            },
            "+FTPEXTGET: 1,64136",
        ),
        (
            Info::DataHeader {
                prefix: Prefix::FtpExtGet,
                len: 1000,
            },
            "+FTPEXTGET: 3,1000",
        ),
        (Info::ExtPut { first: 0, len: 10 }, "+FTPEXTPUT: 0,10"),
        (
            Info::Session {
                prefix: Prefix::FtpExtGetFile,
                code: 0,
            },
            "+FTPEXTGETFILE: 1,0",
        ),
        (
            Info::ToFsSt {
                fsstatus: 0,
                ftpstatus: 0,
                filesize: 64136,
            },
            "+FTPTOFSST: 0,0,64136",
        ),
        // app note 5.1.7, 5.1.8, 5.1.16
        (
            Info::Size {
                code: 0,
                size: 1492,
            },
            "+FTPSIZE: 1,0,1492",
        ),
        (Info::Size { code: 77, size: 0 }, "+FTPSIZE: 1,77,0"),
        (
            Info::Mdtm {
                code: 0,
                timestamp: Some("20190813090703"),
            },
            "+FTPMDTM: 1,0,20190813090703",
        ),
        (
            Info::Mdtm {
                code: 77,
                timestamp: None,
            },
            "+FTPMDTM: 1,77",
        ),
        (
            Info::Session {
                prefix: Prefix::FtpGet,
                code: 80,
            },
            "+FTPGET: 1,80",
        ),
        // spec/commands.yaml reads and test forms
        (
            Info::Value {
                prefix: Prefix::Cmee,
                value: 0,
            },
            "+CMEE: 0",
        ),
        (
            Info::Ranges {
                prefix: Prefix::Cmee,
                text: "(0-2)",
            },
            "+CMEE: (0-2)",
        ),
        (
            Info::Ranges {
                prefix: Prefix::FtpUn,
                text: "49",
            },
            "+FTPUN: 49",
        ),
        (
            Info::Ranges {
                prefix: Prefix::FtpEtGet,
                text: "1",
            },
            "+FTPETGET: 1",
        ),
        (
            Info::Ranges {
                prefix: Prefix::FtpType,
                text: "(\"A\",\"I\")",
            },
            "+FTPTYPE: (\"A\",\"I\")",
        ),
        (
            Info::Ranges {
                prefix: Prefix::Csslcfg,
                text: "\"CONVERT\",(1-3),50,50,50",
            },
            "+CSSLCFG: \"CONVERT\",(1-3),50,50,50",
        ),
        (
            Info::Text {
                prefix: Prefix::FtpType,
                value: "I",
            },
            "+FTPTYPE: \"I\"",
        ),
        (
            Info::Text {
                prefix: Prefix::FtpPutOpt,
                value: "STOR",
            },
            "+FTPPUTOPT: \"STOR\"",
        ),
        (
            Info::Text {
                prefix: Prefix::FtpServ,
                value: "",
            },
            "+FTPSERV: \"\"",
        ),
        (
            Info::Text {
                prefix: Prefix::Cpin,
                value: "READY",
            },
            "+CPIN: READY",
        ),
        (
            Info::Text {
                prefix: Prefix::Cpin,
                value: "NOT INSERTED",
            },
            "+CPIN: NOT INSERTED",
        ),
        (
            Info::Value {
                prefix: Prefix::Cfun,
                value: 1,
            },
            "+CFUN: 1",
        ),
        (
            Info::Value {
                prefix: Prefix::FtpState,
                value: 0,
            },
            "+FTPSTATE: 0",
        ),
        (Info::FileSize { size: 1492 }, "+CFSGFIS: 1492"),
        (
            Info::FtpSsl {
                ssltype: 1,
                ctxindex: 0,
                ca_list: "ca.crt",
                cert_name: "",
            },
            "+FTPSSL: 1,0,\"ca.crt\",\"\"",
        ),
        // V1.02 §11.2.1 p. 173: the CTXINDEX read-back; the number format of <ciphersuite>
        // and the quoting of <sni> are the spec's decision (hex as the manual lists the
        // codes, or decimal; <sni> quoted).
        (
            Info::SslContext {
                ctxindex: 1,
                sslversion: 3,
                ciphersuite: 0xC02F,
                hex: true,
                ignorertctime: 1,
                protocol: 1,
                sni: "ftp.example.com",
            },
            "+CSSLCFG: 1,3,0xC02F,1,1,\"ftp.example.com\"",
        ),
        (
            Info::SslContext {
                ctxindex: 0,
                sslversion: 0,
                ciphersuite: 49199,
                hex: false,
                ignorertctime: 0,
                protocol: 1,
                sni: "",
            },
            "+CSSLCFG: 0,0,49199,0,1,\"\"",
        ),
        // app note 4.1, 4.2
        (Info::Csq { rssi: 13, ber: 99 }, "+CSQ: 13,99"),
        (Info::Cgact { cid: 1, state: 1 }, "+CGACT: 1,1"),
        (
            Info::Cops {
                mode: 0,
                format: Some(0),
                oper: Some("CHN-CT"),
                act: Some(9),
            },
            "+COPS: 0,0,\"CHN-CT\",9",
        ),
        (
            Info::Cops {
                mode: 0,
                format: None,
                oper: None,
                act: None,
            },
            "+COPS: 0",
        ),
        (
            Info::Cgnapn {
                valid: 1,
                apn: "ctnb",
            },
            "+CGNAPN: 1,\"ctnb\"",
        ),
        (
            Info::Cnact {
                pdpidx: 0,
                status: 1,
                address: "10.94.36.44",
                ipv6: None,
            },
            "+CNACT: 0,1,\"10.94.36.44\"",
        ),
        (
            Info::AppPdp {
                pdpidx: 0,
                active: true,
            },
            "+APP PDP: 0,ACTIVE",
        ),
        (
            Info::AppPdp {
                pdpidx: 0,
                active: false,
            },
            "+APP PDP: 0,DEACTIVE",
        ),
        (
            Info::Cncfg {
                pdpidx: 0,
                ip_type: 1,
                rest: "\"ctnb\",\"\",\"\",0",
            },
            "+CNCFG: 0,1,\"ctnb\",\"\",\"\",0",
        ),
        (
            Info::Cgdcont {
                cid: 1,
                pdp_type: "IP",
                apn: "ctnb",
                rest: "",
            },
            "+CGDCONT: 1,\"IP\",\"ctnb\"",
        ),
    ];
    for (info, line) in cases {
        assert_eq!(encoded(info).as_deref(), Ok(line.as_bytes()), "{info:?}");
        assert_eq!(info.to_string(), *line);
        assert_eq!(info.encoded_len(), line.len());
        assert!(
            decoded_info(line.as_bytes(), answers_query(info), info),
            "{line}"
        );
    }
}

#[test]
fn final_results_encode_in_their_verbose_form() {
    let cases: &[(Final<'_>, &str, Option<u8>)] = &[
        (Final::Ok, "OK", Some(0)),
        (Final::Connect, "CONNECT", Some(1)),
        (Final::NoCarrier, "NO CARRIER", Some(3)),
        (Final::Error, "ERROR", Some(4)),
        (Final::NoDialtone, "NO DIALTONE", Some(6)),
        (Final::Busy, "BUSY", Some(7)),
        (Final::NoAnswer, "NO ANSWER", Some(8)),
        (Final::Proceeding, "PROCEEDING", Some(9)),
        (Final::CmeError(CmeError::Code(3)), "+CME ERROR: 3", None),
        (
            Final::CmeError(CmeError::Text("Operation not allowed")),
            "+CME ERROR: Operation not allowed",
            None,
        ),
    ];
    for (result, line, digit) in cases {
        assert_eq!(encoded_final(result).as_deref(), Ok(line.as_bytes()));
        assert_eq!(result.to_string(), *line);
        assert_eq!(result.numeric_code(), *digit);
        decode_one(line.as_bytes(), None, |e| {
            assert_eq!(e, Event::Final(*result))
        });
        if let Some(d) = digit {
            decode_one(d.to_string().as_bytes(), None, |e| {
                assert_eq!(e, Event::Final(*result));
            });
        }
    }
}

#[test]
fn values_that_cannot_stand_in_a_line_are_refused() {
    let forbidden = |param, byte| Err(EncodeError::ForbiddenByte { param, byte });
    let no_round_trip = |param| Err(EncodeError::NoRoundTrip { param });
    let cases: &[(Info<'_>, Result<(), EncodeError>)] = &[
        (
            Info::Text {
                prefix: Prefix::FtpServ,
                value: "a\"b",
            },
            forbidden("value", b'"'),
        ),
        (
            Info::Text {
                prefix: Prefix::FtpUn,
                value: "a\r\nOK",
            },
            forbidden("value", b'\r'),
        ),
        (
            Info::Text {
                prefix: Prefix::Cpin,
                value: "",
            },
            Err(EncodeError::Empty { param: "value" }),
        ),
        (
            Info::Text {
                prefix: Prefix::Cpin,
                value: "A,B",
            },
            forbidden("value", b','),
        ),
        (
            Info::Text {
                prefix: Prefix::Cpin,
                value: "(x",
            },
            no_round_trip("value"),
        ),
        (
            Info::Text {
                prefix: Prefix::FtpGet,
                value: "x",
            },
            no_round_trip("prefix"),
        ),
        (
            Info::Value {
                prefix: Prefix::FtpServ,
                value: 1,
            },
            no_round_trip("prefix"),
        ),
        (
            Info::Ranges {
                prefix: Prefix::Cmee,
                text: "2",
            },
            no_round_trip("text"),
        ),
        (
            Info::Ranges {
                prefix: Prefix::FtpServ,
                text: "\"(a)\"",
            },
            no_round_trip("text"),
        ),
        (
            Info::Ranges {
                prefix: Prefix::Cmee,
                text: "(0-2)\n",
            },
            forbidden("text", b'\n'),
        ),
        (
            Info::Session {
                prefix: Prefix::FtpSize,
                code: 0,
            },
            no_round_trip("prefix"),
        ),
        (
            Info::Session {
                prefix: Prefix::Cmee,
                code: 0,
            },
            no_round_trip("prefix"),
        ),
        (
            Info::DataHeader {
                prefix: Prefix::FtpPut,
                len: 1,
            },
            no_round_trip("prefix"),
        ),
        (
            Info::Mdtm {
                code: 0,
                timestamp: Some(""),
            },
            no_round_trip("timestamp"),
        ),
        (
            Info::Mdtm {
                code: 0,
                timestamp: Some("2019-08-13"),
            },
            no_round_trip("timestamp"),
        ),
        (
            Info::Cops {
                mode: 0,
                format: Some(0),
                oper: None,
                act: None,
            },
            Err(EncodeError::Inconsistent { param: "format" }),
        ),
        (
            Info::Cops {
                mode: 0,
                format: None,
                oper: None,
                act: Some(9),
            },
            Err(EncodeError::Inconsistent { param: "AcT" }),
        ),
        (
            Info::Cncfg {
                pdpidx: 0,
                ip_type: 1,
                rest: "(0-3)",
            },
            no_round_trip("rest"),
        ),
        (
            Info::Cgdcont {
                cid: 1,
                pdp_type: "IP",
                apn: "a\"",
                rest: "",
            },
            forbidden("APN", b'"'),
        ),
    ];
    for (info, expected) in cases {
        assert_eq!(info.validate(), *expected, "{info:?}");
        assert_eq!(encoded(info).map(|_| ()), *expected, "{info:?}");
        assert_eq!(info.encoded_len(), 0, "{info:?}");
    }
    for (text, expected) in [
        ("", Err(EncodeError::Empty { param: "err" })),
        ("3", no_round_trip("err")),
        ("+3", no_round_trip("err")),
        (" text", no_round_trip("err")),
        ("a\rb", forbidden("err", b'\r')),
    ] {
        let result = Final::CmeError(CmeError::Text(text));
        assert_eq!(encoded_final(&result).map(|_| ()), expected, "{text:?}");
    }
}

#[test]
fn a_buffer_too_small_is_refused_with_the_length_needed() {
    let info = Info::Session {
        prefix: Prefix::FtpGet,
        code: 80,
    }; // +FTPGET: 1,80
    let mut buf = [0u8; 12];
    assert_eq!(
        info.encode(&mut buf),
        Err(EncodeError::BufferTooSmall { needed: 13 })
    );
    let mut buf = [0u8; 13];
    assert_eq!(info.encode(&mut buf), Ok(13));
    assert_eq!(
        Final::NoCarrier.encode(&mut [0u8; 9]),
        Err(EncodeError::BufferTooSmall { needed: 10 })
    );
}

/// A quoted name holding `(` is a read answer, not a test-form range (it was read as
/// `Info::Ranges` before the range rule looked at quotes).
#[test]
fn a_parenthesis_inside_quotes_is_not_a_range() {
    let line = b"+FTPGETNAME: \"a(1).txt\"";
    let info = Info::Text {
        prefix: Prefix::FtpGetName,
        value: "a(1).txt",
    };
    assert!(decoded_info(line, false, &info));
    let line = b"+CGDCONT: 1,\"IP\",\"ap(n)\"";
    let info = Info::Cgdcont {
        cid: 1,
        pdp_type: "IP",
        apn: "ap(n)",
        rest: "",
    };
    assert!(decoded_info(line, false, &info));
    assert_eq!(encoded(&info).as_deref(), Ok(&line[..]));
    // A `(` outside quotes still is.
    let line = b"+CGDCONT: (1-15),\"IP\",,,(0-2),(0-4)";
    let info = Info::Ranges {
        prefix: Prefix::Cgdcont,
        text: "(1-15),\"IP\",,,(0-2),(0-4)",
    };
    assert!(decoded_info(line, false, &info));
}
