//! Unit tests of encode and parse: exact bytes, and every kind of refusal.

mod coverage;
mod numbers;
mod parse;
mod samples;
mod strings;

use super::*;
use crate::{EncodeError, ParseError};

/// Encodes `c`, compares with `expected`, parses it back and compares with `c`.
#[track_caller]
fn exact(c: Command<'_>, expected: &[u8]) {
    let mut buf = [0u8; Command::MAX_ENCODED_LEN];
    let n = c.encode(&mut buf).unwrap();
    assert_eq!(&buf[..n], expected, "{c:?}");
    assert_eq!(c.encoded_len(), n, "{c:?}");
    assert_eq!(Command::parse(&buf[..n]), Ok(c), "{c:?}");
}

#[track_caller]
fn refused(c: Command<'_>, e: EncodeError) {
    assert_eq!(c.validate(), Err(e), "{c:?}");
    assert_eq!(c.encode(&mut [0u8; Command::MAX_ENCODED_LEN]), Err(e));
    assert_eq!(c.encoded_len(), 0);
}

#[track_caller]
fn parse_err(line: &[u8], e: ParseError) {
    assert_eq!(Command::parse(line), Err(e), "{}", line.escape_ascii());
}

/// `line` names a value outside `min..=max`.
#[track_caller]
fn parse_out_of_range(line: &[u8], param: &'static str, value: u64, min: u64, max: u64) {
    parse_err(line, ParseError::Invalid(range(param, value, min, max)));
}

const fn range(param: &'static str, value: u64, min: u64, max: u64) -> EncodeError {
    EncodeError::OutOfRange {
        param,
        value,
        min,
        max,
    }
}

/// The brief's examples that the app note does not print (those it prints are checked the same
/// way, bytes, length and parse, in `tests/app_note_commands.rs`).
#[test]
fn exact_bytes_of_the_briefs_examples() {
    use Command as C;
    use Setting::Write as W;
    let examples: &[(Command<'_>, &[u8])] = &[
        (C::Echo(false), b"ATE0\r"),
        (C::Echo(true), b"ATE1\r"),
        (C::Verbose(false), b"ATV0\r"),
        (C::At, b"AT\r"),
        (C::Ati, b"ATI\r"),
        (C::FtpGet(Chunked::Test), b"AT+FTPGET=?\r"),
        (C::FtpPort(Setting::Read), b"AT+FTPPORT?\r"),
        // The note spells it "convert", which re-encodes as this (tests/app_note_commands.rs).
        (
            C::Csslcfg(SslCfg::Convert(SslConvert {
                ssltype: 2,
                cname: "ftpbin_root_ca.cer",
                keyname: None,
                passkey: None,
            })),
            b"AT+CSSLCFG=\"CONVERT\",2,\"ftpbin_root_ca.cer\"\r",
        ),
        (C::FtpType(W(FtpType::Binary)), b"AT+FTPTYPE=\"I\"\r"),
        (C::FtpPutOpt(W(PutOpt::Stor)), b"AT+FTPPUTOPT=\"STOR\"\r"),
        (
            C::Cfun(W(Cfun {
                fun: 1,
                rst: Some(1),
            })),
            b"AT+CFUN=1,1\r",
        ),
        (C::Cgatt(W(true)), b"AT+CGATT=1\r"),
        (C::Cmee(W(CmeeMode::Verbose)), b"AT+CMEE=2\r"),
        (C::FtpMode(W(FtpMode::Passive)), b"AT+FTPMODE=1\r"),
        (C::FtpRest(W(u32::MAX)), b"AT+FTPREST=4294967295\r"),
        (
            C::Cops(W(Cops {
                mode: 1,
                format: Some(2),
                oper: Some("46011"),
                act: Some(9),
            })),
            b"AT+COPS=1,2,\"46011\",9\r",
        ),
        (
            C::Cpin(W(Pin {
                pin: "1234",
                new_pin: Some("4321"),
            })),
            b"AT+CPIN=\"1234\",\"4321\"\r",
        ),
        (
            C::Cgact(W(Cgact {
                state: true,
                cid: Some(1),
            })),
            b"AT+CGACT=1,1\r",
        ),
    ];
    for &(c, expected) in examples {
        exact(c, expected);
    }
}

#[test]
fn max_encoded_len_is_the_longest_line() {
    let apn = core::str::from_utf8(&[b'a'; 150]).unwrap();
    let user = core::str::from_utf8(&[b'u'; 127]).unwrap();
    let c = Cncfg {
        pdpidx: 3,
        ip_type: 4,
        apn: Some(apn),
        credentials: Some((user, user)),
        auth: Some(3),
    };
    assert_eq!(
        Command::Cncfg(Setting::Write(c)).encoded_len(),
        Command::MAX_ENCODED_LEN
    );
}

#[test]
fn buffer_too_small_tells_the_length_and_writes_nothing() {
    let c = Command::FtpGet(Chunked::Read { reqlength: 1024 });
    let mut buf = [0xAAu8; 16];
    assert_eq!(
        c.encode(&mut buf),
        Err(EncodeError::BufferTooSmall { needed: 17 })
    );
    assert_eq!(buf, [0xAA; 16]);
    assert_eq!(c.encode(&mut [0u8; 17]), Ok(17));
}

#[test]
fn names_and_forms() {
    assert_eq!(Command::At.name(), "AT");
    assert_eq!(Command::Ati.name(), "ATI");
    assert_eq!(Command::Verbose(true).name(), "ATV");
    assert_eq!(Command::FtpToFsSt(Action::Test).name(), "AT+FTPTOFSST");
    assert_eq!(Command::FtpToFsSt(Action::Test).form(), Form::Test);
    assert_eq!(
        Command::FtpExtGet(FtpExtGet::Output { pos: 0, len: 1 }).form(),
        Form::Write
    );
    assert_eq!(Command::Cfsinit(Action::Execute).form(), Form::Execute);
}
#[track_caller]
fn exact_roundtrip(c: Command<'_>) {
    let mut buf = [0u8; Command::MAX_ENCODED_LEN];
    let n = c.encode(&mut buf).unwrap();
    assert_eq!(Command::parse(&buf[..n]), Ok(c));
}
