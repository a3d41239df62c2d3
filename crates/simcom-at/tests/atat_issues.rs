//! The Rust incumbent `atat` has open or past issues that this decoder must not repeat; one
//! test (or group) per issue, named after it.

mod common;

use common::{
    data, data_end, decode_bytewise, decode_pieces, echo, ev, header, ok, response, session, urc,
};
use simcom_at::command::{Chunked, Setting};
use simcom_at::{Command, Decoder, Event, Info, Prefix};

fn cpin_ready() -> Info<'static> {
    Info::Text {
        prefix: Prefix::Cpin,
        value: "READY",
    }
}

/// atat #223: a URC and a response with the same prefix. `+CPIN: READY` answers `AT+CPIN?`,
/// but is a URC after `AT+CFUN=1` (app note 4.2). Echo on: the decoder learns the command from
/// the echo.
#[test]
fn atat_223_same_prefix_urc_vs_response_echo_on() {
    let mut dec = Decoder::new();
    let stream =
        b"AT+CPIN?\r\r\n+CPIN: READY\r\n\r\nOK\r\nAT+CFUN=1\r\r\nOK\r\n\r\n+CPIN: READY\r\n";
    let events = decode_pieces(&mut dec, stream, &[3, 1, 7]);
    assert_eq!(
        events,
        vec![
            echo(b"AT+CPIN?"),
            response(cpin_ready()),
            ok(),
            echo(b"AT+CFUN=1"),
            ok(),
            urc(cpin_ready()),
        ]
    );
}

/// atat #223 with echo off (atat #231: its digester assumes echo is on): the caller tells the
/// decoder which command it sent.
#[test]
fn atat_231_echo_off_caller_names_the_command() {
    let mut dec = Decoder::new();
    let mut out = Vec::new();
    dec.command_sent(&Command::Cpin(Setting::Read));
    common::decode_read(&mut dec, b"\r\n+CPIN: READY\r\n\r\nOK\r\n", &mut out);
    dec.command_sent(&Command::Cfun(Setting::Write(simcom_at::command::Cfun {
        fun: 1,
        rst: None,
    })));
    common::decode_read(&mut dec, b"\r\nOK\r\n\r\n+CPIN: READY\r\n", &mut out);
    assert_eq!(
        out,
        vec![response(cpin_ready()), ok(), ok(), urc(cpin_ready()),]
    );
    // Nothing in flight: the same line is unsolicited.
    assert_eq!(dec.pending(), None);
}

/// atat #223: `+FTPGET: 1,1` is a URC even while `AT+FTPGET=2,1024` is in flight, whose
/// response is `+FTPGET: 2,<n>` (app note 5.1.1), with echo on and off.
#[test]
fn atat_223_ftpget_mode_1_urc_vs_mode_2_response() {
    let expected = vec![
        urc(session(Prefix::FtpGet, 1)),
        response(header(Prefix::FtpGet, 3)),
        data(b"abc"),
        data_end(),
        ok(),
        urc(session(Prefix::FtpGet, 0)),
    ];
    // Echo off: the caller names the command.
    let mut dec = Decoder::new();
    dec.command_sent(&Command::FtpGet(Chunked::Read { reqlength: 1024 }));
    let body = b"\r\n+FTPGET: 1,1\r\n\r\n+FTPGET: 2,3\r\nabc\r\nOK\r\n\r\n+FTPGET: 1,0\r\n";
    assert_eq!(decode_pieces(&mut dec, body, &[1]), expected);
    // Echo on: learnt from the echo.
    let mut stream = b"AT+FTPGET=2,1024\r".to_vec();
    stream.extend_from_slice(body);
    let mut with_echo = vec![echo(b"AT+FTPGET=2,1024")];
    with_echo.extend(expected);
    assert_eq!(decode_bytewise(&stream), with_echo);
}

/// atat #33: length-counted data after a header, including data that looks like a final
/// result, CR LF, and a URC.
#[test]
fn atat_33_length_counted_data_containing_ok() {
    let payload = b"\r\nOK\r\n\r\n+FTPGET: 1,0\r\nERROR\r\n";
    let mut stream = format!("AT+FTPGET=2,1460\r\r\n+FTPGET: 2,{}\r\n", payload.len()).into_bytes();
    stream.extend_from_slice(payload);
    stream.extend_from_slice(b"\r\nOK\r\n");
    for sizes in [&[usize::MAX][..], &[1], &[2, 5, 3]] {
        let mut dec = Decoder::new();
        let events = decode_pieces(&mut dec, &stream, sizes);
        assert_eq!(
            events,
            vec![
                echo(b"AT+FTPGET=2,1460"),
                response(header(Prefix::FtpGet, payload.len() as u32)),
                data(payload),
                data_end(),
                ok(),
            ],
            "piece sizes {sizes:?}"
        );
    }
}

/// atat #33: the other length-counted headers (`+FTPLIST: 2,<n>`, `+FTPEXTGET: 3,<n>`), and
/// a data block whose first byte is LF (only the header's own LF is framing).
#[test]
fn atat_33_list_and_extget_blocks() {
    let stream = b"\r\n+FTPLIST: 2,4\r\n\nab\n\r\nOK\r\n\r\n+FTPEXTGET: 3,2\r\n\r\r\r\nOK\r\n";
    let events = decode_bytewise(stream);
    assert_eq!(
        events,
        vec![
            urc(header(Prefix::FtpList, 4)),
            data(b"\nab\n"),
            data_end(),
            ok(),
            urc(header(Prefix::FtpExtGet, 2)),
            data(b"\r\r"),
            data_end(),
            ok(),
        ]
    );
}

/// atat #219: a URC between a command's echo and its final result is a URC, and the response
/// after it is still the response.
#[test]
fn atat_219_urc_between_echo_and_final() {
    let stream = b"AT+CNACT?\r\r\n+APP PDP: 0,ACTIVE\r\n\r\n+CNACT: 0,1,\"10.94.36.44\"\r\n\r\n+FTPGET: 1,1\r\n\r\nOK\r\n";
    assert_eq!(
        decode_bytewise(stream),
        vec![
            echo(b"AT+CNACT?"),
            urc(Info::AppPdp {
                pdpidx: 0,
                active: true
            }),
            response(Info::Cnact {
                pdpidx: 0,
                status: 1,
                address: "10.94.36.44",
                ipv6: None
            }),
            urc(session(Prefix::FtpGet, 1)),
            ok(),
        ]
    );
}

/// atat #149: multi-line responses: the four `+CNACT:` lines of `AT+CNACT?` (app note 4.1)
/// and a multi-line `ATI` answer (unprefixed text).
#[test]
fn atat_149_multi_line_responses() {
    let stream = b"AT+CNACT?\r\r\n+CNACT: 0,1,\"10.94.36.44\"\r\n+CNACT: 1,0,\"0.0.0.0\"\r\n+CNACT: 2,0,\"0.0.0.0\"\r\n+CNACT: 3,0,\"0.0.0.0\"\r\n\r\nOK\r\n\
ATI\r\r\nSIM7080 R14.18\r\nRevision:1951B04SIM7080\r\n\r\nOK\r\n";
    let mut expected = vec![echo(b"AT+CNACT?")];
    for (i, ip) in ["10.94.36.44", "0.0.0.0", "0.0.0.0", "0.0.0.0"]
        .iter()
        .enumerate()
    {
        expected.push(response(Info::Cnact {
            pdpidx: i as u8,
            status: u8::from(i == 0),
            address: ip,
            ipv6: None,
        }));
    }
    expected.extend([
        ok(),
        echo(b"ATI"),
        ev(Event::Text(b"SIM7080 R14.18")),
        ev(Event::Text(b"Revision:1951B04SIM7080")),
        ok(),
    ]);
    assert_eq!(decode_bytewise(stream), expected);
    // The same text without ATI in flight is unknown, not a response.
    assert_eq!(
        decode_bytewise(b"\r\nSIM7080 R14.18\r\n"),
        vec![ev(Event::Unknown(b"SIM7080 R14.18"))]
    );
}
