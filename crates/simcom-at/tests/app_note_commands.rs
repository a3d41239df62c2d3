//! Every host command line of the FTP(S) application note (V1.02, sections 4 and 5) parses to
//! the expected [`Command`] and, where the note's spelling is canonical, re-encodes to the
//! very same bytes.
//!
//! The note's typos, corrected here:
//! - 5.1.11 `AT+FTPGETPATH="/simftp.txt "` keeps its trailing space: a space inside quotes is
//!   part of the string.
//! - 5.2.1 `AT+CSSLCFG="convert",2,"ftpbin_root_ca.cer` lacks its closing quote; the
//!   corrected line is tested (lower-case keyword: parses, re-encodes as `"CONVERT"`).
//! - 5.2.1 `AT+CFSWFILE=3,"ftpbin_root_ca.cer",0,1492,` / `1000` is one line broken in two
//!   by the layout.

use simcom_at::command::{
    Action, Cfswfile, Cfun, Cgdcont, Chunked, Cnact, CnactAction, Cncfg, FsDir, FtpEtGet, FtpEtPut,
    FtpExtGet, FtpExtPut, FtpPut, FtpSsl, Request, Setting, SslConvert, SslType,
};
use simcom_at::{Command, ParseError};

/// The encoded line (`Command::to_vec` needs the `alloc` feature; this does not).
fn encoded(c: &Command<'_>) -> Result<Vec<u8>, simcom_at::EncodeError> {
    let mut buf = [0u8; Command::MAX_ENCODED_LEN];
    let n = c.encode(&mut buf)?;
    Ok(buf[..n].to_vec())
}

/// `(line as the note prints it, the command, whether encode writes exactly that line)`.
fn note_lines() -> Vec<(&'static str, Command<'static>, bool)> {
    use Command as C;
    let w = |s| Setting::Write(s);
    let cncfg = Cncfg {
        pdpidx: 0,
        ip_type: 1,
        apn: Some("ctnb"),
        credentials: None,
        auth: None,
    };
    let cnact = Cnact {
        pdpidx: 0,
        action: CnactAction::Activate,
    };
    let ssl = |ssltype| FtpSsl {
        ssltype,
        ctxindex: 0,
        ca_list: "ftpbin_root_ca.cer",
        cert_name: "",
    };
    vec![
        // 4.1 PDN auto-activation.
        ("AT+CPIN?", C::Cpin(Setting::Read), true),
        ("AT+CSQ", C::Csq(Action::Execute), true),
        ("AT+CGATT?", C::Cgatt(Setting::Read), true),
        ("AT+CGACT?", C::Cgact(Setting::Read), true),
        ("AT+COPS?", C::Cops(Setting::Read), true),
        ("AT+CGNAPN", C::Cgnapn(Action::Execute), true),
        (
            "AT+CNCFG=0,1,\"ctnb\"",
            C::Cncfg(Setting::Write(cncfg)),
            true,
        ),
        ("AT+CNACT=0,1", C::Cnact(Setting::Write(cnact)), true),
        ("AT+CNACT?", C::Cnact(Setting::Read), true),
        // 4.2 Changing the APN by hand.
        (
            "AT+CFUN=0",
            C::Cfun(Setting::Write(Cfun { fun: 0, rst: None })),
            true,
        ),
        (
            "AT+CGDCONT=1,\"IP\",\"ctnb\"",
            C::Cgdcont(Setting::Write(Cgdcont {
                cid: 1,
                pdp_type: Some("IP"),
                apn: Some("ctnb"),
            })),
            true,
        ),
        (
            "AT+CFUN=1",
            C::Cfun(Setting::Write(Cfun { fun: 1, rst: None })),
            true,
        ),
        // 5.1.1 GET and the session parameters every example repeats.
        ("AT+FTPCID=0", C::FtpCid(Setting::Write(0)), true),
        (
            "AT+FTPSERV=\"112.74.93.163\"",
            C::FtpServ(w("112.74.93.163")),
            true,
        ),
        ("AT+FTPUN=\"simcomtest\"", C::FtpUn(w("simcomtest")), true),
        ("AT+FTPPW=\"simcomtest\"", C::FtpPw(w("simcomtest")), true),
        (
            "AT+FTPGETNAME=\"simftp.txt\"",
            C::FtpGetName(w("simftp.txt")),
            true,
        ),
        ("AT+FTPGETPATH=\"/\"", C::FtpGetPath(w("/")), true),
        ("AT+FTPGET=1", C::FtpGet(Chunked::Open), true),
        (
            "AT+FTPGET=2,1024",
            C::FtpGet(Chunked::Read { reqlength: 1024 }),
            true,
        ),
        // 5.1.2 PUT.
        (
            "AT+FTPPUTNAME=\"simftp.txt\"",
            C::FtpPutName(w("simftp.txt")),
            true,
        ),
        ("AT+FTPPUTPATH=\"/\"", C::FtpPutPath(w("/")), true),
        ("AT+FTPPUT=1", C::FtpPut(FtpPut::Open), true),
        (
            "AT+FTPPUT=2,100",
            C::FtpPut(FtpPut::Write { reqlength: 100 }),
            true,
        ),
        ("AT+FTPPUT=2,0", C::FtpPut(FtpPut::Finish), true),
        // 5.1.4 wrong password; 5.1.6 reads at the wrong time; 5.1.7 REST.
        ("AT+FTPPW=\"3214567\"", C::FtpPw(w("3214567")), true),
        (
            "AT+FTPGET=2,1000",
            C::FtpGet(Chunked::Read { reqlength: 1000 }),
            true,
        ),
        ("AT+FTPREST=20", C::FtpRest(Setting::Write(20)), true),
        // 5.1.8–5.1.10 DELE, SIZE, MKD, RMD.
        ("AT+FTPDELE", C::FtpDele(Action::Execute), true),
        ("AT+FTPSIZE", C::FtpSize(Action::Execute), true),
        ("AT+FTPGETPATH=\"/test\"", C::FtpGetPath(w("/test")), true),
        ("AT+FTPMKD", C::FtpMkd(Action::Execute), true),
        ("AT+FTPRMD", C::FtpRmd(Action::Execute), true),
        // 5.1.11 LIST.
        ("AT+FTPLIST=1", C::FtpList(Chunked::Open), true),
        (
            "AT+FTPLIST=2,1024",
            C::FtpList(Chunked::Read { reqlength: 1024 }),
            true,
        ),
        (
            "AT+FTPGETPATH=\"/simftp.txt \"",
            C::FtpGetPath(w("/simftp.txt ")),
            true,
        ),
        // 5.1.12 extended PUT.
        ("AT+FTPEXTPUT=1", C::FtpExtPut(FtpExtPut::Extended), true),
        (
            "AT+FTPEXTPUT=2,0,1024,10000",
            C::FtpExtPut(FtpExtPut::Load {
                pos: 0,
                len: 1024,
                timeout: 10000,
            }),
            true,
        ),
        ("AT+FTPEXTPUT=0", C::FtpExtPut(FtpExtPut::Normal), true),
        // 5.1.13 extended GET.
        ("AT+FTPEXTGET=1", C::FtpExtGet(FtpExtGet::Ram), true),
        ("AT+FTPEXTGET?", C::FtpExtGet(FtpExtGet::Read), true),
        (
            "AT+FTPEXTGET=3,0,174125",
            C::FtpExtGet(FtpExtGet::Output {
                pos: 0,
                len: 174_125,
            }),
            true,
        ),
        // 5.1.14 ETPUT; 5.1.15 ETGET; 5.1.16 QUIT.
        ("AT+FTPETPUT=1", C::FtpEtPut(FtpEtPut::Open), true),
        ("AT+FTPETPUT=2", C::FtpEtPut(FtpEtPut::Data), true),
        ("AT+FTPETGET=1", C::FtpEtGet(FtpEtGet::Open), true),
        ("AT+FTPQUIT", C::FtpQuit(Action::Execute), true),
        // 5.1.17 RENAME; 5.1.18 MDTM; 5.1.19 TOFSST.
        (
            "AT+FTPPUTNAME=\"simftp2.txt\"",
            C::FtpPutName(w("simftp2.txt")),
            true,
        ),
        ("AT+FTPRENAME", C::FtpRename(Action::Execute), true),
        ("AT+FTPMDTM", C::FtpMdtm(Action::Execute), true),
        (
            "AT+FTPEXTGET=2,3,\"fssimftp.txt\"",
            C::FtpExtGet(FtpExtGet::File {
                dir: FsDir::Customer,
                name: "fssimftp.txt",
            }),
            true,
        ),
        ("AT+FTPTOFSST", C::FtpToFsSt(Action::Execute), true),
        // 5.2.1 certificate download and conversion.
        ("AT+CFSINIT", C::Cfsinit(Action::Execute), true),
        (
            "AT+CFSWFILE=3,\"ftpbin_root_ca.cer\",0,1492,1000",
            C::Cfswfile(Request::Write(Cfswfile {
                dir: FsDir::Customer,
                name: "ftpbin_root_ca.cer",
                append: false,
                size: 1492,
                input_time: 1000,
            })),
            true,
        ),
        ("AT+CFSTERM", C::Cfsterm(Action::Execute), true),
        (
            "AT+CSSLCFG=\"convert\",2,\"ftpbin_root_ca.cer\"",
            C::Csslcfg(Request::Write(SslConvert {
                ssltype: 2,
                cname: "ftpbin_root_ca.cer",
                keyname: None,
                passkey: None,
            })),
            false,
        ),
        // 5.2.2 explicit FTPS; 5.2.3 implicit FTPS.
        (
            "AT+FTPSSL=2,0,\"ftpbin_root_ca.cer\",\"\"",
            C::FtpSsl(Setting::Write(ssl(SslType::Explicit))),
            true,
        ),
        ("AT+FTPPORT=990", C::FtpPort(Setting::Write(990)), true),
        (
            "AT+FTPSSL=1,0,\"ftpbin_root_ca.cer\",\"\"",
            C::FtpSsl(Setting::Write(ssl(SslType::Implicit))),
            true,
        ),
    ]
}

#[test]
fn every_host_line_of_the_note_parses() {
    let lines = note_lines();
    assert_eq!(
        lines.len(),
        58,
        "the distinct host lines of sections 4 and 5"
    );
    for (text, expected, _) in &lines {
        for terminator in ["", "\r", "\r\n"] {
            let line = format!("{text}{terminator}");
            assert_eq!(Command::parse(line.as_bytes()), Ok(*expected), "{line:?}");
        }
    }
}

#[test]
fn canonical_lines_re_encode_byte_for_byte() {
    for (text, cmd, canonical) in note_lines() {
        let line = encoded(&cmd).unwrap();
        assert_eq!(cmd.encoded_len(), line.len(), "{text}");
        if canonical {
            assert_eq!(line, format!("{text}\r").into_bytes(), "{text}");
        }
        assert_eq!(Command::parse(&line), Ok(cmd), "{text}");
    }
}

#[test]
fn the_non_canonical_spelling_re_encodes_in_upper_case() {
    let cmd = Command::parse(b"AT+CSSLCFG=\"convert\",2,\"ftpbin_root_ca.cer\"\r").unwrap();
    let canonical = b"AT+CSSLCFG=\"CONVERT\",2,\"ftpbin_root_ca.cer\"\r";
    assert_eq!(encoded(&cmd).unwrap(), canonical);
    #[cfg(feature = "alloc")]
    assert_eq!(cmd.to_vec().unwrap(), canonical);
}

#[test]
fn the_notes_typos_as_printed() {
    // Missing closing quote (5.2.1).
    assert_eq!(
        Command::parse(b"AT+CSSLCFG=\"convert\",2,\"ftpbin_root_ca.cer\r"),
        Err(ParseError::Syntax { param: "cname" })
    );
    // The line break of 5.2.1 leaves the first half one parameter short.
    assert_eq!(
        Command::parse(b"AT+CFSWFILE=3,\"ftpbin_root_ca.cer\",0,1492,\r"),
        Err(ParseError::MissingParameter { param: "inputtime" })
    );
    // A comment of 5.1.1 spells the read command `AT+FTPGET:2, <reqlength>`.
    assert_eq!(
        Command::parse(b"AT+FTPGET:2,1024\r"),
        Err(ParseError::UnknownCommand)
    );
}
