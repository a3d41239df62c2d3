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
    assert_eq!(c.encoded_len(), n);
    assert_eq!(Command::parse(&buf[..n]), Ok(c));
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

const fn range(param: &'static str, value: u64, min: u64, max: u64) -> EncodeError {
    EncodeError::OutOfRange {
        param,
        value,
        min,
        max,
    }
}

#[test]
fn exact_bytes_of_the_briefs_examples() {
    exact(
        Command::FtpGet(Chunked::Read { reqlength: 1024 }),
        b"AT+FTPGET=2,1024\r",
    );
    exact(
        Command::FtpServ(Setting::Write("112.74.93.163")),
        b"AT+FTPSERV=\"112.74.93.163\"\r",
    );
    exact(Command::Echo(false), b"ATE0\r");
    exact(Command::Echo(true), b"ATE1\r");
    exact(Command::Verbose(false), b"ATV0\r");
    exact(Command::At, b"AT\r");
    exact(Command::Ati, b"ATI\r");
    exact(Command::FtpQuit(Action::Execute), b"AT+FTPQUIT\r");
    exact(Command::FtpGet(Chunked::Test), b"AT+FTPGET=?\r");
    exact(Command::FtpExtGet(FtpExtGet::Read), b"AT+FTPEXTGET?\r");
    exact(Command::FtpPort(Setting::Read), b"AT+FTPPORT?\r");
    let convert = SslConvert {
        ssltype: 2,
        cname: "ftpbin_root_ca.cer",
        keyname: None,
        passkey: None,
    };
    exact(
        Command::Csslcfg(Request::Write(convert)),
        b"AT+CSSLCFG=\"CONVERT\",2,\"ftpbin_root_ca.cer\"\r",
    );
    let ssl = FtpSsl {
        ssltype: SslType::Explicit,
        ctxindex: 0,
        ca_list: "ftpbin_root_ca.cer",
        cert_name: "",
    };
    exact(
        Command::FtpSsl(Setting::Write(ssl)),
        b"AT+FTPSSL=2,0,\"ftpbin_root_ca.cer\",\"\"\r",
    );
    let file = Cfswfile {
        dir: FsDir::Customer,
        name: "ftpbin_root_ca.cer",
        append: false,
        size: 1492,
        input_time: 1000,
    };
    exact(
        Command::Cfswfile(Request::Write(file)),
        b"AT+CFSWFILE=3,\"ftpbin_root_ca.cer\",0,1492,1000\r",
    );
    let to_fs = FtpExtGet::File {
        dir: FsDir::Customer,
        name: "fssimftp.txt",
    };
    exact(
        Command::FtpExtGet(to_fs),
        b"AT+FTPEXTGET=2,3,\"fssimftp.txt\"\r",
    );
    let load = FtpExtPut::Load {
        pos: 0,
        len: 1024,
        timeout: 10000,
    };
    exact(Command::FtpExtPut(load), b"AT+FTPEXTPUT=2,0,1024,10000\r");
    exact(Command::FtpPut(FtpPut::Finish), b"AT+FTPPUT=2,0\r");
    exact(
        Command::FtpPut(FtpPut::Write { reqlength: 100 }),
        b"AT+FTPPUT=2,100\r",
    );
    exact(
        Command::FtpType(Setting::Write(FtpType::Binary)),
        b"AT+FTPTYPE=\"I\"\r",
    );
    exact(
        Command::FtpPutOpt(Setting::Write(PutOpt::Stor)),
        b"AT+FTPPUTOPT=\"STOR\"\r",
    );
    let cnact = Cnact {
        pdpidx: 0,
        action: CnactAction::Activate,
    };
    exact(Command::Cnact(Setting::Write(cnact)), b"AT+CNACT=0,1\r");
    let cncfg = Cncfg {
        pdpidx: 0,
        ip_type: 1,
        apn: Some("ctnb"),
        credentials: None,
        auth: None,
    };
    exact(
        Command::Cncfg(Setting::Write(cncfg)),
        b"AT+CNCFG=0,1,\"ctnb\"\r",
    );
    let cgdcont = Cgdcont {
        cid: 1,
        pdp_type: Some("IP"),
        apn: Some("ctnb"),
    };
    exact(
        Command::Cgdcont(Setting::Write(cgdcont)),
        b"AT+CGDCONT=1,\"IP\",\"ctnb\"\r",
    );
    exact(
        Command::Cfun(Setting::Write(Cfun { fun: 0, rst: None })),
        b"AT+CFUN=0\r",
    );
    exact(
        Command::Cfun(Setting::Write(Cfun {
            fun: 1,
            rst: Some(1),
        })),
        b"AT+CFUN=1,1\r",
    );
    exact(Command::Cpin(Setting::Read), b"AT+CPIN?\r");
    exact(Command::Cgnapn(Action::Execute), b"AT+CGNAPN\r");
    exact(Command::Cgatt(Setting::Write(true)), b"AT+CGATT=1\r");
    exact(
        Command::Cmee(Setting::Write(CmeeMode::Verbose)),
        b"AT+CMEE=2\r",
    );
    exact(
        Command::FtpMode(Setting::Write(FtpMode::Passive)),
        b"AT+FTPMODE=1\r",
    );
    exact(
        Command::FtpRest(Setting::Write(u32::MAX)),
        b"AT+FTPREST=4294967295\r",
    );
    let cops = Cops {
        mode: 1,
        format: Some(2),
        oper: Some("46011"),
        act: Some(9),
    };
    exact(
        Command::Cops(Setting::Write(cops)),
        b"AT+COPS=1,2,\"46011\",9\r",
    );
    let pin = Pin {
        pin: "1234",
        new_pin: Some("4321"),
    };
    exact(
        Command::Cpin(Setting::Write(pin)),
        b"AT+CPIN=\"1234\",\"4321\"\r",
    );
    let cgact = Cgact {
        state: true,
        cid: Some(1),
    };
    exact(Command::Cgact(Setting::Write(cgact)), b"AT+CGACT=1,1\r");
    exact(Command::FtpEtPut(FtpEtPut::Data), b"AT+FTPETPUT=2\r");
    exact(Command::FtpEtGet(FtpEtGet::Open), b"AT+FTPETGET=1\r");
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
