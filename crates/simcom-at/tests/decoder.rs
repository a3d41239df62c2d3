//! Decoder behaviour: framing, final results, prompts, data blocks, errors and bounds.

mod common;

use common::{
    data, data_end, decode_bytewise, decode_bytewise_with, decode_pieces, decode_whole, echo, ev,
    header, ok, response, session, urc,
};
use simcom_at::{
    CmeError, DEFAULT_CAPACITY, DecodeError, Decoder, Event, Final, Info, MIN_CAPACITY, OtherInfo,
    Prefix, Prompt,
};

#[test]
fn final_results_verbose_numeric_and_cme() {
    let stream =
        b"\r\nOK\r\n\r\nERROR\r\n\r\n+CME ERROR: 3\r\n\r\n+CME ERROR: operation not allowed\r\n\
0\r4\r\r\nNO CARRIER\r\n";
    assert_eq!(
        decode_bytewise(stream),
        vec![
            ok(),
            ev(Event::Final(Final::Error)),
            ev(Event::Final(Final::CmeError(CmeError::Code(3)))),
            ev(Event::Final(Final::CmeError(CmeError::Text(
                "operation not allowed"
            )))),
            ok(),
            ev(Event::Final(Final::Error)),
            ev(Event::Final(Final::NoCarrier)),
        ]
    );
}

#[test]
fn cme_error_without_code_is_malformed() {
    assert_eq!(
        decode_whole(b"\r\n+CME ERROR:\r\n"),
        vec![ev(Event::Malformed {
            line: b"+CME ERROR:",
            error: DecodeError::CmeError
        })]
    );
}

/// ATV0: `<code><CR>` with no LF; the decoder must not wait for an LF that never comes.
#[test]
fn numeric_result_without_lf_is_handed_out_at_once() {
    let mut dec = Decoder::new();
    let mut events = dec.events(b"0\r");
    assert_eq!(events.next_event(), Some(Event::Final(Final::Ok)));
    assert_eq!(events.next_event(), None);
}

/// Both spellings of the app note (`+FTPGET:1,0`, `+FTPGET: 1,0`) decode alike.
#[test]
fn space_after_colon_is_optional() {
    let a = decode_whole(b"\r\n+FTPGET:1,0\r\n\r\n+FTPSIZE:1,0,1024\r\n");
    let b = decode_whole(b"\r\n+FTPGET: 1,0\r\n\r\n+FTPSIZE: 1,0,1024\r\n");
    assert_eq!(a, b);
    assert_eq!(
        a,
        vec![
            urc(session(Prefix::FtpGet, 0)),
            urc(Info::Size {
                code: 0,
                size: 1024
            }),
        ]
    );
}

#[test]
fn download_prompt_of_cfswfile() {
    let stream = b"AT+CFSWFILE=3,\"ftpbin_root_ca.cer\",0,1492,1000\r\r\nDOWNLOAD\r\n\r\nOK\r\n";
    assert_eq!(
        decode_bytewise(stream),
        vec![
            echo(b"AT+CFSWFILE=3,\"ftpbin_root_ca.cer\",0,1492,1000"),
            ev(Event::Prompt(Prompt::Download)),
            ok(),
        ]
    );
}

/// `+CFSGFIS: <size>` answers AT+CFSGFIS (spec/commands.yaml; at-ftp-reference.md §3): a typed
/// response once the echo names the command, a URC-shaped line otherwise.
#[test]
fn cfsgfis_size_is_a_typed_response() {
    let stream = b"AT+CFSGFIS=3,\"ca.pem\"\r\r\n+CFSGFIS: 1492\r\n\r\nOK\r\n";
    assert_eq!(
        decode_bytewise(stream),
        vec![
            echo(b"AT+CFSGFIS=3,\"ca.pem\""),
            response(Info::FileSize { size: 1492 }),
            ok(),
        ]
    );
    assert_eq!(
        decode_whole(b"\r\n+CFSGFIS:0\r\n\r\n+CFSGFIS: (0-3),230\r\n\r\n+CFSGFIS: x\r\n"),
        vec![
            urc(Info::FileSize { size: 0 }),
            urc(Info::Ranges {
                prefix: Prefix::Cfsgfis,
                text: "(0-3),230"
            }),
            ev(Event::Malformed {
                line: b"+CFSGFIS: x",
                error: DecodeError::Body(Prefix::Cfsgfis)
            }),
        ]
    );
}

/// AT+CFUN=1,1 (spec decision 52): the power-up lines come before the OK and are not its
/// answer; `+CFUN: 1` is a URC there, not a read answer.
#[test]
fn reset_lines_before_the_ok_of_cfun_1_1_are_urcs() {
    let stream = b"AT+CFUN=1,1\r\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nOK\r\n";
    assert_eq!(
        decode_bytewise(stream),
        vec![
            echo(b"AT+CFUN=1,1"),
            urc(Info::Bare {
                prefix: Prefix::Rdy
            }),
            urc(Info::Value {
                prefix: Prefix::Cfun,
                value: 1
            }),
            urc(Info::Text {
                prefix: Prefix::Cpin,
                value: "READY"
            }),
            ok(),
        ]
    );
}

/// Transparent data after `+FTPETGET: 1,1` is unescaped up to the bare ETX, whatever the
/// pieces: a DLE split from the byte it escapes, CR LF and `OK` inside the data.
#[test]
fn etget_transparent_data_is_unescaped() {
    let payload: Vec<u8> = b"a\x03b\x10c\r\nOK\r\n\x10\x03".to_vec();
    let mut stream = b"\r\n+FTPETGET: 1,1\r\n".to_vec();
    stream.extend_from_slice(&simcom_at::etx::frame(&payload));
    stream.extend_from_slice(b"\r\n+FTPETGET: 1,0\r\n");
    let expected = vec![
        urc(session(Prefix::FtpEtGet, 1)),
        data(&payload),
        data_end(),
        urc(session(Prefix::FtpEtGet, 0)),
    ];
    for sizes in [&[usize::MAX][..], &[1], &[2], &[3, 1]] {
        let mut dec = Decoder::new();
        assert_eq!(
            decode_pieces(&mut dec, &stream, sizes),
            expected,
            "pieces {sizes:?}"
        );
    }
}

/// An error code after `+FTPETGET: 1,` does not open a data block.
#[test]
fn etget_error_opens_no_block() {
    assert_eq!(
        decode_whole(b"\r\n+FTPETGET: 1,64\r\n\r\nOK\r\n"),
        vec![urc(session(Prefix::FtpEtGet, 64)), ok()]
    );
}

/// `+FTPGET: 2,0`: no data, no block; the next line is a line.
#[test]
fn zero_length_header_has_no_block() {
    assert_eq!(
        decode_whole(b"\r\n+FTPGET: 2,0\r\n\r\nOK\r\n"),
        vec![urc(header(Prefix::FtpGet, 0)), ok()]
    );
}

/// A line longer than the buffer is dropped and reported; decoding resumes at the next line.
#[test]
fn overlong_line_is_reported_and_decoding_resumes() {
    let mut line = b"+FTPGETPATH: \"".to_vec();
    line.extend(std::iter::repeat_n(b'x', 300));
    line.push(b'"');
    let mut stream = b"\r\n".to_vec();
    stream.extend_from_slice(&line);
    stream.extend_from_slice(b"\r\n\r\nOK\r\n");
    let mut dec = Decoder::with_capacity(64);
    let events = decode_pieces(&mut dec, &stream, &[5]);
    assert_eq!(
        events,
        vec![
            ev(Event::Overflow {
                dropped: line.len()
            }),
            ok()
        ]
    );
}

/// Garbage (control bytes, invalid UTF-8) is a malformed line; the next line decodes.
#[test]
fn garbage_line_is_malformed_then_resync() {
    let events = decode_whole(b"\x00\xff\x01junk\r\n\r\nOK\r\n");
    assert_eq!(
        events,
        vec![
            ev(Event::Malformed {
                line: b"\x00\xff\x01junk",
                error: DecodeError::NotText
            }),
            ok(),
        ]
    );
}

#[test]
fn known_prefix_with_bad_body_is_malformed() {
    assert_eq!(
        decode_whole(b"\r\n+FTPGET: x,y\r\n"),
        vec![ev(Event::Malformed {
            line: b"+FTPGET: x,y",
            error: DecodeError::Body(Prefix::FtpGet)
        })]
    );
    // The app note's `+FTPLIST: 1.0` (erratum) is malformed, not silently read as 1,0.
    assert_eq!(
        decode_whole(b"\r\n+FTPLIST: 1.0\r\n"),
        vec![ev(Event::Malformed {
            line: b"+FTPLIST: 1.0",
            error: DecodeError::Body(Prefix::FtpList)
        })]
    );
}

/// A line with a `+NAME:` prefix outside the spec is still an information line (its name and
/// parameters); a plain line nobody asked for is unknown. `+SMSTATE: 0` is the MQTT state read
/// of the SIM7080 (AT manual V1.02 §17), `+CMS ERROR: 500` an SMS error (27.005).
#[test]
fn unknown_prefixes_are_information_lines_and_plain_lines_unknown() {
    let other = |name, params| ev(Event::OtherInfo(OtherInfo { name, params }));
    assert_eq!(
        decode_whole(
            b"\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+SMSTATE: 0\r\n\r\n+CMS ERROR: 500\r\n\r\n+X:\r\n"
        ),
        vec![
            urc(Info::Bare {
                prefix: Prefix::Rdy
            }),
            urc(Info::Value {
                prefix: Prefix::Cfun,
                value: 1
            }),
            other("SMSTATE", "0"),
            other("CMS ERROR", "500"),
            other("X", ""),
        ]
    );
    // Not a prefix: lower case, no colon, a name starting with a digit or ending in a space.
    for line in ["+smstate: 0", "+SMSTATE 0", "+1A: 0", "+A : 0", "+: 0"] {
        let framed = format!("\r\n{line}\r\n");
        assert_eq!(
            decode_whole(framed.as_bytes()),
            vec![ev(Event::Unknown(line.as_bytes()))],
            "{line}"
        );
    }
}

/// `OtherInfo::fields` splits at commas outside quotes and drops a whole field's quotes; an
/// unbalanced quote (the SIM7000's `*PSUTTZ`-like lines) keeps the rest as one field.
#[test]
fn other_info_fields_respect_quotes() {
    let fields = |params| OtherInfo { name: "N", params }.fields().collect::<Vec<_>>();
    assert_eq!(fields(r#"1,"a,b",,"x""#), ["1", "a,b", "", "x"]);
    assert_eq!(fields(r#"24/01/02,"+32",0"#), ["24/01/02", "+32", "0"]);
    assert_eq!(fields(r#"a,"b,c"#), ["a", r#""b,c"#]);
    assert_eq!(fields(""), [""]);
}

/// A 100 MB download streams through a 4 KiB decoder: every byte arrives, in order, and the
/// decoder's memory is its buffer.
#[test]
fn hundred_megabytes_stream_through_a_small_buffer() {
    const TOTAL: u32 = 100 * 1024 * 1024;
    let mut dec = Decoder::with_capacity(4096);
    let header = format!("\r\n+FTPEXTGET: 3,{TOTAL}\r\n");
    assert_eq!(dec.feed(header.as_bytes()), header.len());
    assert!(matches!(
        dec.next_event(),
        Some(Event::Urc(Info::DataHeader { len: TOTAL, .. }))
    ));
    let byte = |i: u64| (i.wrapping_mul(2654435761) >> 13) as u8;
    let (mut sent, mut seen, mut ended) = (0u64, 0u64, false);
    let mut piece = [0u8; 1500];
    while !ended {
        let n = piece.len().min((u64::from(TOTAL) - sent) as usize);
        for (k, b) in piece[..n].iter_mut().enumerate() {
            *b = byte(sent + k as u64);
        }
        let read = if n == 0 { b"\r\nOK\r\n" } else { &piece[..n] };
        sent += n as u64;
        let mut events = dec.events(read);
        while let Some(e) = events.next_event() {
            match e {
                Event::Data(d) => {
                    for &b in d {
                        assert_eq!(b, byte(seen), "byte {seen}");
                        seen += 1;
                    }
                }
                Event::DataEnd => {}
                Event::Final(Final::Ok) => ended = true,
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(dec.capacity(), 4096);
    }
    assert_eq!(seen, u64::from(TOTAL));
}

/// `no_std` storage: a caller's array.
#[test]
fn caller_storage_and_minimum() {
    let mut storage = [0u8; 32];
    let mut dec = Decoder::with_buffer(&mut storage[..]).unwrap();
    let mut events = dec.events(b"\r\n+FTPSTATE: 1\r\n");
    assert_eq!(
        events.next_event(),
        Some(Event::Urc(Info::Value {
            prefix: Prefix::FtpState,
            value: 1
        }))
    );
    let mut tiny = [0u8; 4];
    assert!(Decoder::with_buffer(&mut tiny[..]).is_err());
}

/// The echo of a host line holding a control byte is still the echo (found by the edge
/// corpus: it used to come out as a malformed line and reach the harness's matcher).
#[test]
fn echo_with_a_control_byte_is_echo() {
    let mut dec = simcom_at::Decoder::new();
    let mut events = dec.events(b"AT+FTPUN=\"a\x01b\"\r\r\nERROR\r\n");
    assert_eq!(
        events.next_event(),
        Some(simcom_at::Event::Echo(b"AT+FTPUN=\"a\x01b\""))
    );
    assert_eq!(
        events.next_event(),
        Some(simcom_at::Event::Final(simcom_at::Final::Error))
    );
}

/// The README's code as a user copies it: one read of 5,966 bytes (`+FTPEXTGET: 3,5940`, as
/// many data bytes, `OK`) into the default 4,096-byte decoder. `feed` alone takes only what
/// fits; `events` hands out every data byte, in order, and the final result after them.
#[test]
fn one_read_larger_than_the_buffer_loses_no_byte() {
    let data: Vec<u8> = (0..5940u32).map(|i| (i * 7 % 251) as u8).collect();
    let mut read = b"\r\n+FTPEXTGET: 3,5940\r\n".to_vec();
    read.extend_from_slice(&data);
    read.extend_from_slice(b"\r\nOK\r\n");

    // What the README used to do: one feed, whose answer it ignored.
    assert_eq!(Decoder::new().feed(&read), DEFAULT_CAPACITY);

    let mut dec = Decoder::new();
    let (mut got, mut ok) = (Vec::new(), false);
    let mut events = dec.events(&read);
    while let Some(event) = events.next_event() {
        match event {
            Event::Data(d) => got.extend_from_slice(d),
            Event::Final(Final::Ok) => ok = true,
            _ => {}
        }
    }
    assert!(events.remaining().is_empty());
    assert_eq!(got.len(), data.len());
    assert_eq!(got, data);
    assert!(ok, "the final result after the block");
}

/// A buffer filled to the last byte in each mode, by one read: an unterminated line (dropped
/// as an overflow), one after a CR whose LF is pending, a counted block, transparent data
/// made only of DLE pairs and with a DLE cut at the buffer's end. Each still takes the rest of
/// the read, and gives what the byte-at-a-time reference gives.
#[test]
fn a_full_buffer_in_every_mode_makes_room() {
    let cap = MIN_CAPACITY;
    let long = vec![b'x'; 3 * cap + 1];
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("unterminated line", [&long[..], b"\r\nOK\r\n"].concat()),
        (
            "line after CR",
            [b"0\r\n", &long[..], b"\r\nOK\r\n"].concat(),
        ),
        (
            "counted block",
            [b"\r\n+FTPGET: 2,49\r\n", &long[..], b"\r\nOK\r\n"].concat(),
        ),
    ];
    for dles in [4 * cap, 4 * cap + 1] {
        let mut s = b"\r\n+FTPETGET: 1,1\r\n".to_vec();
        s.extend(std::iter::repeat_n(0x10, dles));
        // An odd DLE escapes the first ETX; the next one ends the data.
        s.extend(std::iter::repeat_n(0x03, 1 + dles % 2));
        s.extend_from_slice(b"\r\nOK\r\n");
        cases.push(("DLEs", s));
    }
    for (name, stream) in cases {
        for capacity in [cap, cap + 1, cap + 2, 2 * cap] {
            let reference = decode_bytewise_with(&mut Decoder::with_capacity(capacity), &stream);
            assert_eq!(reference.last(), Some(&ok()), "{name}, capacity {capacity}");
            for read in [1, capacity, capacity + 1, stream.len()] {
                let mut dec = Decoder::with_capacity(capacity);
                assert_eq!(
                    decode_pieces(&mut dec, &stream, &[read]),
                    reference,
                    "{name}, capacity {capacity}, reads of {read}"
                );
            }
        }
    }
}

/// Power-up and network lines (issue 20, item 2), each as printed in a source: the manual's
/// URC table (AT manual V1.02 §21.3 pp. 260-261), AT+CLTS (§5.2.4 pp. 90-91), the LPM AN's
/// CEREG lines (V1.02 §7.1.1 p. 19), and the SIM7000 `*PSUTTZ` form (errata E69).
#[test]
fn power_up_registration_and_time_lines() {
    let stream = b"\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nSMS Ready\r\n\
        \r\n+CEREG: 1,\"5B57\",\"195071B\",9,,,\"00000001\",\"01011111\"\r\n\
        \r\n+CEREG: 2\r\n\
        \r\n*PSNWID: \"460\",\"11\",\"CHN-CT\",0,\"CT\",0\r\n\
        \r\n*PSUTTZ: 2024,1,5,12,30,45,\"+32\",0\r\n\
        \r\n*PSUTTZ: 24/01/05,12:30:45\",\"+32\",0\r\n\
        \r\n+CTZV: \"+32\"\r\n\r\nDST: 0\r\n\r\n+CPIN: NOT INSERTED\r\n";
    let psuttz = |compact| Info::Psuttz {
        year: if compact { 24 } else { 2024 },
        month: 1,
        day: 5,
        hour: 12,
        min: 30,
        sec: 45,
        tz: "+32",
        dst: 0,
        compact,
    };
    assert_eq!(
        decode_bytewise(stream),
        vec![
            urc(Info::Bare {
                prefix: Prefix::Rdy
            }),
            urc(Info::Value {
                prefix: Prefix::Cfun,
                value: 1
            }),
            urc(Info::Text {
                prefix: Prefix::Cpin,
                value: "READY"
            }),
            urc(Info::Bare {
                prefix: Prefix::SmsReady
            }),
            urc(Info::Reg {
                prefix: Prefix::Cereg,
                n: None,
                stat: 1,
                area: Some("5B57"),
                ci: Some("195071B"),
                act: Some(9),
                rest: ",,\"00000001\",\"01011111\"",
            }),
            urc(Info::Reg {
                prefix: Prefix::Cereg,
                n: None,
                stat: 2,
                area: None,
                ci: None,
                act: None,
                rest: "",
            }),
            urc(Info::Psnwid {
                mcc: "460",
                mnc: "11",
                full_name: "CHN-CT",
                full_ci: 0,
                short_name: "CT",
                short_ci: 0
            }),
            urc(psuttz(false)),
            urc(psuttz(true)),
            urc(Info::Text {
                prefix: Prefix::Ctzv,
                value: "+32"
            }),
            urc(Info::Value {
                prefix: Prefix::Dst,
                value: 0
            }),
            urc(Info::Text {
                prefix: Prefix::Cpin,
                value: "NOT INSERTED"
            }),
        ]
    );
}

/// `+CEREG` read answer vs URC: told apart by shape (the read's second field is a number),
/// whatever is pending; the LPM AN's read answer (V1.02 §7.1.1 p. 19).
#[test]
fn cereg_read_answer_and_urc_by_shape() {
    let stream = b"AT+CEREG?\r\r\n+CEREG: 4,1,\"5B57\",\"195071B\",9,,,\"00000000\",\"01100000\"\r\n\r\nOK\r\n\r\n+CEREG: 0,1\r\n";
    let decoded = decode_bytewise(stream);
    assert_eq!(
        decoded[1],
        ev(Event::Response(Info::Reg {
            prefix: Prefix::Cereg,
            n: Some(4),
            stat: 1,
            area: Some("5B57"),
            ci: Some("195071B"),
            act: Some(9),
            rest: ",,\"00000000\",\"01100000\"",
        }))
    );
    // Out of a read, `0,1` still has the read answer's shape.
    assert_eq!(
        decoded[3],
        urc(Info::Reg {
            prefix: Prefix::Cereg,
            n: Some(0),
            stat: 1,
            area: None,
            ci: None,
            act: None,
            rest: "",
        })
    );
    // Malformed shapes are malformed, never a panic; lines that only look like the new
    // prefixes are not them (`+DST:` is an information line outside the spec, whose `DST:` has
    // no `+`).
    assert_eq!(
        decode_whole(b"\r\n*PSUTTZ: 24/01/05\r\n\r\n+DST: 1\r\n\r\nPSUTTZ: 1\r\n\r\nRDY \r\n"),
        vec![
            ev(Event::Malformed {
                line: b"*PSUTTZ: 24/01/05",
                error: DecodeError::Body(Prefix::Psuttz)
            }),
            ev(Event::OtherInfo(OtherInfo {
                name: "DST",
                params: "1"
            })),
            ev(Event::Unknown(b"PSUTTZ: 1")),
            ev(Event::Unknown(b"RDY ")),
        ]
    );
}
