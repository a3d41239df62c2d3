//! String parameters: forbidden bytes, lengths, required names, optional chains.

use super::*;

/// Every string parameter, holding `s`, with its spec name.
fn string_params(s: &str) -> [(Command<'_>, &'static str); 24] {
    [
        (
            Command::Cpin(Setting::Write(Pin {
                pin: s,
                new_pin: None,
            })),
            "pin",
        ),
        (
            Command::Cpin(Setting::Write(Pin {
                pin: "1",
                new_pin: Some(s),
            })),
            "newpin",
        ),
        (
            Command::Cops(Setting::Write(Cops {
                mode: 1,
                format: Some(0),
                oper: Some(s),
                act: None,
            })),
            "oper",
        ),
        (
            Command::Cncfg(Setting::Write(Cncfg {
                pdpidx: 0,
                ip_type: 1,
                apn: Some(s),
                credentials: None,
                auth: None,
            })),
            "APN",
        ),
        (
            Command::Cncfg(Setting::Write(Cncfg {
                pdpidx: 0,
                ip_type: 1,
                apn: Some(""),
                credentials: Some((s, "")),
                auth: None,
            })),
            "usename",
        ),
        (
            Command::Cncfg(Setting::Write(Cncfg {
                pdpidx: 0,
                ip_type: 1,
                apn: Some(""),
                credentials: Some(("", s)),
                auth: None,
            })),
            "password",
        ),
        (
            Command::Cgdcont(Setting::Write(Cgdcont {
                cid: 1,
                pdp_type: Some(s),
                apn: None,
            })),
            "PDP_type",
        ),
        (
            Command::Cgdcont(Setting::Write(Cgdcont {
                cid: 1,
                pdp_type: Some("IP"),
                apn: Some(s),
            })),
            "APN",
        ),
        (
            Command::Cfswfile(Request::Write(Cfswfile {
                dir: FsDir::Custapp,
                name: s,
                append: true,
                size: 1,
                input_time: 100,
            })),
            "filename",
        ),
        (
            Command::Cfsdfile(Request::Write(FsFile {
                dir: FsDir::Fota,
                name: s,
            })),
            "filename",
        ),
        (
            Command::Cfsgfis(Request::Write(FsFile {
                dir: FsDir::Customer,
                name: s,
            })),
            "filename",
        ),
        (
            Command::Csslcfg(SslCfg::Convert(SslConvert {
                ssltype: 1,
                cname: s,
                keyname: None,
                passkey: None,
            })),
            "cname",
        ),
        (
            Command::Csslcfg(SslCfg::Convert(SslConvert {
                ssltype: 1,
                cname: "c",
                keyname: Some(s),
                passkey: None,
            })),
            "keyname",
        ),
        (
            Command::Csslcfg(SslCfg::Convert(SslConvert {
                ssltype: 1,
                cname: "c",
                keyname: Some("k"),
                passkey: Some(s),
            })),
            "passkey",
        ),
        (Command::FtpServ(Setting::Write(s)), "value"),
        (Command::FtpUn(Setting::Write(s)), "value"),
        (Command::FtpPw(Setting::Write(s)), "value"),
        (Command::FtpGetName(Setting::Write(s)), "value"),
        (Command::FtpGetPath(Setting::Write(s)), "value"),
        (Command::FtpPutName(Setting::Write(s)), "value"),
        (Command::FtpPutPath(Setting::Write(s)), "value"),
        (
            Command::FtpExtGet(FtpExtGet::File {
                dir: FsDir::Datatx,
                name: s,
            }),
            "file_name",
        ),
        (
            Command::FtpSsl(Setting::Write(FtpSsl {
                ssltype: SslType::Plain,
                ctxindex: 0,
                ca_list: s,
                cert_name: "",
            })),
            "ca_list",
        ),
        (
            Command::FtpSsl(Setting::Write(FtpSsl {
                ssltype: SslType::Implicit,
                ctxindex: 5,
                ca_list: "",
                cert_name: s,
            })),
            "cert_name",
        ),
    ]
}

/// The limit of each entry of [`string_params`], in the same order.
const LIMITS: [usize; 24] = [
    8, 8, 32, 150, 127, 127, 63, 150, 230, 230, 230, 50, 50, 50, 49, 49, 49, 64, 255, 64, 255, 50,
    50, 50,
];

#[test]
fn forbidden_bytes_in_every_string_parameter() {
    for bad in [
        "a\"b", "a\rb", "a\nb", "a\0b", "\x08", "\x1b", "\x7f", "\x1a", "\x1f",
    ] {
        let byte = bad.bytes().find(|&b| rules::is_forbidden(b)).unwrap();
        for (c, param) in string_params(bad) {
            refused(c, EncodeError::ForbiddenByte { param, byte });
        }
    }
    // The same parameters, parsed: a control byte inside quotes reaches the same rule, and a
    // `"` ends the string early, which leaves a malformed parameter.
    for (c, param) in string_params("Z") {
        let mut buf = [0u8; Command::MAX_ENCODED_LEN];
        let n = c.encode(&mut buf).unwrap();
        let at = buf[..n].iter().position(|&b| b == b'Z').unwrap();
        for byte in [b'\r', b'\n', 0, 0x08, 0x1b, 0x7f] {
            buf[at] = byte;
            let e = ParseError::Invalid(EncodeError::ForbiddenByte { param, byte });
            parse_err(&buf[..n], e);
        }
        buf[at] = b'"';
        parse_err(&buf[..n], ParseError::Syntax { param });
    }
    parse_err(
        b"AT+FTPSERV=\"a\x08b\"",
        ParseError::Invalid(EncodeError::ForbiddenByte {
            param: "value",
            byte: 8,
        }),
    );
    parse_err(
        b"AT+FTPUN=\"a\0b\"\r",
        ParseError::Invalid(EncodeError::ForbiddenByte {
            param: "value",
            byte: 0,
        }),
    );
    parse_err(
        b"AT+FTPPW=\"a\rb\"\r",
        ParseError::Invalid(EncodeError::ForbiddenByte {
            param: "value",
            byte: b'\r',
        }),
    );
}

#[test]
fn lengths_at_the_limit_and_one_byte_over() {
    let long = [b'x'; 256];
    for (i, max) in LIMITS.iter().copied().enumerate() {
        let at = core::str::from_utf8(&long[..max]).unwrap();
        let over = core::str::from_utf8(&long[..=max]).unwrap();
        exact_roundtrip(string_params(at)[i].0);
        let (c, param) = string_params(over)[i];
        refused(
            c,
            EncodeError::TooLong {
                param,
                len: max + 1,
                max,
            },
        );
    }
    // Multi-byte UTF-8 counts in bytes: 24 × "é" = 48 bytes fits 49, 25 × (50 bytes) does not.
    let mut e = [0u8; 50];
    for pair in e.chunks_mut(2) {
        pair.copy_from_slice("é".as_bytes());
    }
    let fits = core::str::from_utf8(&e[..48]).unwrap();
    exact_roundtrip(Command::FtpServ(Setting::Write(fits)));
    let over = core::str::from_utf8(&e).unwrap();
    refused(
        Command::FtpServ(Setting::Write(over)),
        EncodeError::TooLong {
            param: "value",
            len: 50,
            max: 49,
        },
    );
}

#[test]
fn names_that_must_not_be_empty() {
    refused(
        Command::FtpExtGet(FtpExtGet::File {
            dir: FsDir::Fota,
            name: "",
        }),
        EncodeError::Empty { param: "file_name" },
    );
    refused(
        Command::Cfswfile(Request::Write(Cfswfile {
            dir: FsDir::Fota,
            name: "",
            append: false,
            size: 1,
            input_time: 100,
        })),
        EncodeError::Empty { param: "filename" },
    );
    for file in [Command::Cfsdfile, Command::Cfsgfis] {
        let empty = FsFile {
            dir: FsDir::Custapp,
            name: "",
        };
        refused(
            file(Request::Write(empty)),
            EncodeError::Empty { param: "filename" },
        );
    }
    parse_err(
        b"AT+CFSDFILE=0,\"\"",
        ParseError::Invalid(EncodeError::Empty { param: "filename" }),
    );
    refused(
        Command::Csslcfg(SslCfg::Convert(SslConvert {
            ssltype: 2,
            cname: "",
            keyname: None,
            passkey: None,
        })),
        EncodeError::Empty { param: "cname" },
    );
    parse_err(
        b"AT+FTPEXTGET=2,3,\"\"",
        ParseError::Invalid(EncodeError::Empty { param: "file_name" }),
    );
    // Where the spec allows it, empty is fine.
    exact(
        Command::FtpGetName(Setting::Write("")),
        b"AT+FTPGETNAME=\"\"\r",
    );
}

#[test]
fn chains_of_optional_parameters() {
    // (command, the parameter given without the one it needs before it)
    let cases: &[(Command<'_>, &str)] = &[
        (
            Command::Cops(Setting::Write(Cops {
                mode: 0,
                format: None,
                oper: Some("x"),
                act: None,
            })),
            "oper",
        ),
        (
            Command::Cops(Setting::Write(Cops {
                mode: 0,
                format: Some(0),
                oper: None,
                act: Some(7),
            })),
            "AcT",
        ),
        (
            Command::Cncfg(Setting::Write(Cncfg {
                pdpidx: 0,
                ip_type: 0,
                apn: None,
                credentials: Some(("u", "p")),
                auth: None,
            })),
            "usename",
        ),
        (
            Command::Cncfg(Setting::Write(Cncfg {
                pdpidx: 0,
                ip_type: 0,
                apn: Some("a"),
                credentials: None,
                auth: Some(1),
            })),
            "authentication",
        ),
        (
            Command::Cgdcont(Setting::Write(Cgdcont {
                cid: 1,
                pdp_type: None,
                apn: Some("a"),
            })),
            "APN",
        ),
        (
            Command::Csslcfg(SslCfg::Convert(SslConvert {
                ssltype: 1,
                cname: "c",
                keyname: None,
                passkey: Some("p"),
            })),
            "passkey",
        ),
        // The chain is checked before the ranges.
        (
            Command::Cops(Setting::Write(Cops {
                mode: 9,
                format: None,
                oper: Some("x"),
                act: None,
            })),
            "oper",
        ),
    ];
    for &(c, param) in cases {
        refused(c, EncodeError::Inconsistent { param });
    }
}

#[test]
fn the_injection_sample_is_refused_at_encode_time() {
    let evil = Command::FtpServ(Setting::Write("x\"\r\nAT+FTPDELE"));
    refused(
        evil,
        EncodeError::ForbiddenByte {
            param: "value",
            byte: b'"',
        },
    );
    let evil = Command::FtpGetPath(Setting::Write("/\r\nAT+FTPDELE\r\nAT+FTPGETPATH=/"));
    refused(
        evil,
        EncodeError::ForbiddenByte {
            param: "value",
            byte: b'\r',
        },
    );
    // And on the parse side, the smuggled second line is a syntax error of the first.
    parse_err(
        b"AT+FTPSERV=\"x\"\r\nAT+FTPDELE",
        ParseError::Syntax { param: "value" },
    );
}
