//! Parse-only behaviour: letter case, bare tokens, and every refusal.

use super::*;

#[test]
fn parse_is_case_insensitive_where_v250_says_so() {
    let convert = SslConvert {
        ssltype: 2,
        cname: "ca.cer",
        keyname: None,
        passkey: None,
    };
    use Command as C;
    use Setting::Write as W;
    let cases: &[(&[u8], Command<'_>)] = &[
        (b"at+ftpget=1\r", C::FtpGet(Chunked::Open)),
        (b"aT+FtPqUiT", C::FtpQuit(Action::Execute)),
        (b"At", C::At),
        (b"ate1", C::Echo(true)),
        (b"ATV", C::Verbose(false)),
        (b"ati", C::Ati),
        (b"AT+FTPTYPE=a", C::FtpType(W(FtpType::Ascii))),
        (b"AT+FTPTYPE=\"i\"", C::FtpType(W(FtpType::Binary))),
        (b"AT+FTPPUTOPT=stou", C::FtpPutOpt(W(PutOpt::Stou))),
        (b"AT+FTPPUTOPT=\"Appe\"", C::FtpPutOpt(W(PutOpt::Appe))),
        (
            b"AT+CSSLCFG=convert,2,ca.cer",
            C::Csslcfg(SslCfg::Convert(convert)),
        ),
        // Strings keep their case; bare tokens are strings too (decision 2).
        (b"AT+FTPUN=SimCom", C::FtpUn(W("SimCom"))),
        (b"AT+FTPGETPATH=\"/a b/\"", C::FtpGetPath(W("/a b/"))),
        (
            b"AT+FTPGET=02,0001024",
            C::FtpGet(Chunked::Read { reqlength: 1024 }),
        ),
    ];
    for (line, expected) in cases {
        assert_eq!(
            Command::parse(line),
            Ok(*expected),
            "{}",
            line.escape_ascii()
        );
    }
}

#[test]
fn parse_refusals() {
    use ParseError::*;
    let refusals: &[(&[u8], ParseError)] = &[
        (b"", NoAtPrefix),
        (b"\r", NoAtPrefix),
        (b"A", NoAtPrefix),
        (b"+FTPGET=1", NoAtPrefix),
        (b"AT+FOO", UnknownCommand),
        (b"AT+", UnknownCommand),
        (b"AT+FTPSINGLEIP=1", UnknownCommand),
        (b"ATZ", UnknownCommand),
        (b"AT&F", UnknownCommand),
        (b"AT+FTPDELE?", UnsupportedForm),
        (b"AT+FTPQUIT=1", UnsupportedForm),
        (b"AT+FTPGET", UnsupportedForm),
        (b"AT+FTPGET?", UnsupportedForm),
        (b"AT+FTPPORT", UnsupportedForm),
        (b"AT+CFSWFILE?", UnsupportedForm),
        (b"AT+CFSDFILE?", UnsupportedForm),
        (b"AT+CFSGFIS", UnsupportedForm),
        (b"AT+CFSGFIS=4,\"a\"", Invalid(range("index", 4, 0, 3))),
        (b"AT+CFSDFILE=3", MissingParameter { param: "filename" }),
        (b"AT+CFSDFILE=3,\"a\",0", TooManyParameters),
        (b"AT+CSSLCFG=\"MAXFRAGLENDISABLE\",0,1", UnsupportedForm),
        (
            b"AT+CSSLCFG=\"CIPHERSUITE\",0,0,0xG02F",
            Syntax {
                param: "ciphersuite",
            },
        ),
        (
            b"AT+CSSLCFG=\"CIPHERSUITE\",0,8,0xC02F",
            Invalid(EncodeError::OutOfRange {
                param: "cipher_index",
                value: 8,
                min: 0,
                max: 7,
            }),
        ),
        (b"ATE=1", UnsupportedForm),
        (b"ATI?", UnsupportedForm),
        (b"ATI0", UnsupportedForm),
        (b"AT+FTPGET=3", Invalid(range("mode", 3, 1, 2))),
        (b"AT+FTPGET=1,5", TooManyParameters),
        (b"AT+FTPGET=2", MissingParameter { param: "reqlength" }),
        (b"AT+FTPGET=2,", MissingParameter { param: "reqlength" }),
        (b"AT+FTPGET=", MissingParameter { param: "mode" }),
        (b"AT+FTPGET=1,", TooManyParameters),
        (b"AT+FTPGET=\"1\"", Syntax { param: "mode" }),
        (b"AT+FTPGET=1a", Syntax { param: "mode" }),
        (b"AT+FTPGET=-1", Syntax { param: "mode" }),
        (b"AT+FTPGET=1,2,3,4,5,6,7,8,9", TooManyParameters),
        (
            b"AT+FTPEXTPUT=2,0,1024",
            MissingParameter { param: "timeout" },
        ),
        (b"AT+FTPEXTPUT=0,1", TooManyParameters),
        (b"AT+FTPEXTGET=4", Invalid(range("mode", 4, 0, 3))),
        (b"AT+FTPETGET=2", Invalid(range("mode", 2, 1, 1))),
        (b"AT+FTPSSL=0,0", MissingParameter { param: "ca_list" }),
        (
            b"AT+CNCFG=0,1,\"apn\",\"user\"",
            MissingParameter { param: "password" },
        ),
        (b"AT+FTPTYPE=X", Syntax { param: "value" }),
        (b"AT+FTPTYPE=", MissingParameter { param: "value" }),
        (b"AT+FTPSERV=", MissingParameter { param: "value" }),
        // The note's comment spelling `AT+FTPGET:2, <reqlength>` is not a command line (`:` is a
        // V.250 name character, so the name read is `FTPGET:2`).
        (b"AT+FTPGET:2, <reqlength>", UnknownCommand),
        // Concatenation.
        (b"AT+FTPGET=1;+FTPQUIT", Concatenated),
        (b"AT+FTPQUIT;", Concatenated),
        (b"ATE0;+CMEE=2", Concatenated),
        (b"ATE0V1", Concatenated),
        (b"ATE1+CMEE=2", Concatenated),
        // UTF-8.
        (b"AT+FTPUN=\"\xff\"", NotUtf8 { param: "value" }),
        (b"AT+FTPUN=\xc3", NotUtf8 { param: "value" }),
    ];
    for (line, e) in refusals {
        parse_err(line, *e);
    }
    // Spaces outside quotes, stray quotes, control bytes: a syntax error, in the parameter named.
    let syntax: &[(&[u8], &str)] = &[
        (b"AT+FTPGET=2, 1024", "reqlength"),
        (b"AT+FTPGET =1", "line"),
        (b"AT +FTPGET=1", "line"),
        (b"AT+FTPGET=? ", "line"),
        (b"AT+FTPSERV=\"abc", "value"),
        (b"AT+FTPSERV=ab\"c\"", "value"),
        (b"AT+FTPSERV=\"a\"b", "value"),
        (b"AT+FTPSERV=a\tb", "value"),
        (b"AT+FTPGET=1\n", "mode"),
        (b"AT+FTPQUIT\n", "line"),
    ];
    for &(line, param) in syntax {
        parse_err(line, Syntax { param });
    }
    // `;` inside quotes is a character of the string, not a concatenation.
    assert_eq!(
        Command::parse(b"AT+FTPSERV=\"a;b\""),
        Ok(Command::FtpServ(Setting::Write("a;b")))
    );
    // UTF-8 inside a string is text.
    assert_eq!(
        Command::parse("AT+FTPUN=\"jürgen\"".as_bytes()),
        Ok(Command::FtpUn(Setting::Write("jürgen")))
    );
}
