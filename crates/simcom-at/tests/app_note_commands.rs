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
    FtpExtGet, FtpExtPut, FtpPut, FtpSsl, Request, Setting, SslCfg, SslConvert, SslType,
};
use simcom_at::{Command, ParseError};

/// The encoded line (`Command::to_vec` needs the `alloc` feature; this does not).
fn encoded(c: &Command<'_>) -> Result<Vec<u8>, simcom_at::EncodeError> {
    let mut buf = [0u8; Command::MAX_ENCODED_LEN];
    let n = c.encode(&mut buf)?;
    Ok(buf[..n].to_vec())
}

/// The one line of the note that encode spells otherwise (`"CONVERT"`, in upper case).
const NOT_CANONICAL: &str = "AT+CSSLCFG=\"convert\",2,\"ftpbin_root_ca.cer\"";

/// `(line as the note prints it, the command)`; encode writes exactly that line, but for
/// [`NOT_CANONICAL`].
fn note_lines() -> Vec<(&'static str, Command<'static>)> {
    use Command as C;
    let w = |s| Setting::Write(s);
    let read = |reqlength| Chunked::Read { reqlength };
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
        ("AT+CPIN?", C::Cpin(Setting::Read)),
        ("AT+CSQ", C::Csq(Action::Execute)),
        ("AT+CGATT?", C::Cgatt(Setting::Read)),
        ("AT+CGACT?", C::Cgact(Setting::Read)),
        ("AT+COPS?", C::Cops(Setting::Read)),
        ("AT+CGNAPN", C::Cgnapn(Action::Execute)),
        ("AT+CNCFG=0,1,\"ctnb\"", C::Cncfg(Setting::Write(cncfg))),
        ("AT+CNACT=0,1", C::Cnact(Setting::Write(cnact))),
        ("AT+CNACT?", C::Cnact(Setting::Read)),
        // 4.2 Changing the APN by hand.
        (
            "AT+CFUN=0",
            C::Cfun(Setting::Write(Cfun { fun: 0, rst: None })),
        ),
        (
            "AT+CGDCONT=1,\"IP\",\"ctnb\"",
            C::Cgdcont(Setting::Write(Cgdcont {
                cid: 1,
                pdp_type: Some("IP"),
                apn: Some("ctnb"),
            })),
        ),
        (
            "AT+CFUN=1",
            C::Cfun(Setting::Write(Cfun { fun: 1, rst: None })),
        ),
        // 5.1.1 GET and the session parameters every example repeats.
        ("AT+FTPCID=0", C::FtpCid(Setting::Write(0))),
        (
            "AT+FTPSERV=\"112.74.93.163\"",
            C::FtpServ(w("112.74.93.163")),
        ),
        ("AT+FTPUN=\"simcomtest\"", C::FtpUn(w("simcomtest"))),
        ("AT+FTPPW=\"simcomtest\"", C::FtpPw(w("simcomtest"))),
        (
            "AT+FTPGETNAME=\"simftp.txt\"",
            C::FtpGetName(w("simftp.txt")),
        ),
        ("AT+FTPGETPATH=\"/\"", C::FtpGetPath(w("/"))),
        ("AT+FTPGET=1", C::FtpGet(Chunked::Open)),
        ("AT+FTPGET=2,1024", C::FtpGet(read(1024))),
        // 5.1.2 PUT.
        (
            "AT+FTPPUTNAME=\"simftp.txt\"",
            C::FtpPutName(w("simftp.txt")),
        ),
        ("AT+FTPPUTPATH=\"/\"", C::FtpPutPath(w("/"))),
        ("AT+FTPPUT=1", C::FtpPut(FtpPut::Open)),
        (
            "AT+FTPPUT=2,100",
            C::FtpPut(FtpPut::Write { reqlength: 100 }),
        ),
        ("AT+FTPPUT=2,0", C::FtpPut(FtpPut::Finish)),
        // 5.1.4 wrong password; 5.1.6 reads at the wrong time; 5.1.7 REST.
        ("AT+FTPPW=\"3214567\"", C::FtpPw(w("3214567"))),
        ("AT+FTPGET=2,1000", C::FtpGet(read(1000))),
        ("AT+FTPREST=20", C::FtpRest(Setting::Write(20))),
        // 5.1.8–5.1.10 DELE, SIZE, MKD, RMD.
        ("AT+FTPDELE", C::FtpDele(Action::Execute)),
        ("AT+FTPSIZE", C::FtpSize(Action::Execute)),
        ("AT+FTPGETPATH=\"/test\"", C::FtpGetPath(w("/test"))),
        ("AT+FTPMKD", C::FtpMkd(Action::Execute)),
        ("AT+FTPRMD", C::FtpRmd(Action::Execute)),
        // 5.1.11 LIST.
        ("AT+FTPLIST=1", C::FtpList(Chunked::Open)),
        ("AT+FTPLIST=2,1024", C::FtpList(read(1024))),
        (
            "AT+FTPGETPATH=\"/simftp.txt \"",
            C::FtpGetPath(w("/simftp.txt ")),
        ),
        // 5.1.12 extended PUT.
        ("AT+FTPEXTPUT=1", C::FtpExtPut(FtpExtPut::Extended)),
        (
            "AT+FTPEXTPUT=2,0,1024,10000",
            C::FtpExtPut(FtpExtPut::Load {
                pos: 0,
                len: 1024,
                timeout: 10000,
            }),
        ),
        ("AT+FTPEXTPUT=0", C::FtpExtPut(FtpExtPut::Normal)),
        // 5.1.13 extended GET.
        ("AT+FTPEXTGET=1", C::FtpExtGet(FtpExtGet::Ram)),
        ("AT+FTPEXTGET?", C::FtpExtGet(FtpExtGet::Read)),
        (
            "AT+FTPEXTGET=3,0,174125",
            C::FtpExtGet(FtpExtGet::Output {
                pos: 0,
                len: 174_125,
            }),
        ),
        // 5.1.14 ETPUT; 5.1.15 ETGET; 5.1.16 QUIT.
        ("AT+FTPETPUT=1", C::FtpEtPut(FtpEtPut::Open)),
        ("AT+FTPETPUT=2", C::FtpEtPut(FtpEtPut::Data)),
        ("AT+FTPETGET=1", C::FtpEtGet(FtpEtGet::Open)),
        ("AT+FTPQUIT", C::FtpQuit(Action::Execute)),
        // 5.1.17 RENAME; 5.1.18 MDTM; 5.1.19 TOFSST.
        (
            "AT+FTPPUTNAME=\"simftp2.txt\"",
            C::FtpPutName(w("simftp2.txt")),
        ),
        ("AT+FTPRENAME", C::FtpRename(Action::Execute)),
        ("AT+FTPMDTM", C::FtpMdtm(Action::Execute)),
        (
            "AT+FTPEXTGET=2,3,\"fssimftp.txt\"",
            C::FtpExtGet(FtpExtGet::File {
                dir: FsDir::Customer,
                name: "fssimftp.txt",
            }),
        ),
        ("AT+FTPTOFSST", C::FtpToFsSt(Action::Execute)),
        // 5.2.1 certificate download and conversion.
        ("AT+CFSINIT", C::Cfsinit(Action::Execute)),
        (
            "AT+CFSWFILE=3,\"ftpbin_root_ca.cer\",0,1492,1000",
            C::Cfswfile(Request::Write(Cfswfile {
                dir: FsDir::Customer,
                name: "ftpbin_root_ca.cer",
                append: false,
                size: 1492,
                input_time: 1000,
            })),
        ),
        ("AT+CFSTERM", C::Cfsterm(Action::Execute)),
        (
            NOT_CANONICAL,
            C::Csslcfg(SslCfg::Convert(SslConvert {
                ssltype: 2,
                cname: "ftpbin_root_ca.cer",
                keyname: None,
                passkey: None,
            })),
        ),
        // 5.2.2 explicit FTPS; 5.2.3 implicit FTPS.
        (
            "AT+FTPSSL=2,0,\"ftpbin_root_ca.cer\",\"\"",
            C::FtpSsl(Setting::Write(ssl(SslType::Explicit))),
        ),
        ("AT+FTPPORT=990", C::FtpPort(Setting::Write(990))),
        (
            "AT+FTPSSL=1,0,\"ftpbin_root_ca.cer\",\"\"",
            C::FtpSsl(Setting::Write(ssl(SslType::Implicit))),
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
    for (text, expected) in &lines {
        for terminator in ["", "\r", "\r\n"] {
            let line = format!("{text}{terminator}");
            assert_eq!(Command::parse(line.as_bytes()), Ok(*expected), "{line:?}");
        }
    }
}

#[test]
fn canonical_lines_re_encode_byte_for_byte() {
    for (text, cmd) in note_lines() {
        let line = encoded(&cmd).unwrap();
        assert_eq!(cmd.encoded_len(), line.len(), "{text}");
        if text != NOT_CANONICAL {
            assert_eq!(line, format!("{text}\r").into_bytes(), "{text}");
        }
        assert_eq!(Command::parse(&line), Ok(cmd), "{text}");
    }
}

#[test]
fn the_non_canonical_spelling_re_encodes_in_upper_case() {
    let line = format!("{NOT_CANONICAL}\r");
    let cmd = Command::parse(line.as_bytes()).unwrap();
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
