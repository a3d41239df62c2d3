//! Parse-only behaviour: letter case, bare tokens, and every refusal.

use super::*;

#[test]
fn parse_is_case_insensitive_where_v250_says_so() {
    assert_eq!(
        Command::parse(b"at+ftpget=1\r"),
        Ok(Command::FtpGet(Chunked::Open))
    );
    assert_eq!(
        Command::parse(b"aT+FtPqUiT"),
        Ok(Command::FtpQuit(Action::Execute))
    );
    assert_eq!(Command::parse(b"At"), Ok(Command::At));
    assert_eq!(Command::parse(b"ate1"), Ok(Command::Echo(true)));
    assert_eq!(Command::parse(b"ATV"), Ok(Command::Verbose(false)));
    assert_eq!(Command::parse(b"ati"), Ok(Command::Ati));
    assert_eq!(
        Command::parse(b"AT+FTPTYPE=a"),
        Ok(Command::FtpType(Setting::Write(FtpType::Ascii)))
    );
    assert_eq!(
        Command::parse(b"AT+FTPTYPE=\"i\""),
        Ok(Command::FtpType(Setting::Write(FtpType::Binary)))
    );
    assert_eq!(
        Command::parse(b"AT+FTPPUTOPT=stou"),
        Ok(Command::FtpPutOpt(Setting::Write(PutOpt::Stou)))
    );
    assert_eq!(
        Command::parse(b"AT+FTPPUTOPT=\"Appe\""),
        Ok(Command::FtpPutOpt(Setting::Write(PutOpt::Appe)))
    );
    let convert = SslConvert {
        ssltype: 2,
        cname: "ca.cer",
        keyname: None,
        passkey: None,
    };
    assert_eq!(
        Command::parse(b"AT+CSSLCFG=convert,2,ca.cer"),
        Ok(Command::Csslcfg(Request::Write(convert)))
    );
    // Strings keep their case; bare tokens are strings too (decision 2).
    assert_eq!(
        Command::parse(b"AT+FTPUN=SimCom"),
        Ok(Command::FtpUn(Setting::Write("SimCom")))
    );
    assert_eq!(
        Command::parse(b"AT+FTPGETPATH=\"/a b/\""),
        Ok(Command::FtpGetPath(Setting::Write("/a b/")))
    );
    assert_eq!(
        Command::parse(b"AT+FTPGET=02,0001024"),
        Ok(Command::FtpGet(Chunked::Read { reqlength: 1024 }))
    );
}

#[test]
fn parse_refusals() {
    use ParseError::*;
    parse_err(b"", NoAtPrefix);
    parse_err(b"\r", NoAtPrefix);
    parse_err(b"A", NoAtPrefix);
    parse_err(b"+FTPGET=1", NoAtPrefix);
    parse_err(b"AT+FOO", UnknownCommand);
    parse_err(b"AT+", UnknownCommand);
    parse_err(b"AT+FTPSINGLEIP=1", UnknownCommand);
    parse_err(b"ATZ", UnknownCommand);
    parse_err(b"AT&F", UnknownCommand);
    parse_err(b"AT+FTPDELE?", UnsupportedForm);
    parse_err(b"AT+FTPQUIT=1", UnsupportedForm);
    parse_err(b"AT+FTPGET", UnsupportedForm);
    parse_err(b"AT+FTPGET?", UnsupportedForm);
    parse_err(b"AT+FTPPORT", UnsupportedForm);
    parse_err(b"AT+CFSWFILE?", UnsupportedForm);
    parse_err(b"AT+CFSDFILE?", UnsupportedForm);
    parse_err(b"AT+CFSGFIS", UnsupportedForm);
    parse_err(b"AT+CFSGFIS=4,\"a\"", Invalid(range("index", 4, 0, 3)));
    parse_err(b"AT+CFSDFILE=3", MissingParameter { param: "filename" });
    parse_err(b"AT+CFSDFILE=3,\"a\",0", TooManyParameters);
    parse_err(b"AT+CSSLCFG=\"SSLVERSION\",0,3", UnsupportedForm);
    parse_err(b"ATE=1", UnsupportedForm);
    parse_err(b"ATI?", UnsupportedForm);
    parse_err(b"ATI0", UnsupportedForm);
    parse_err(b"AT+FTPGET=3", Invalid(range("mode", 3, 1, 2)));
    parse_err(b"AT+FTPGET=1,5", TooManyParameters);
    parse_err(b"AT+FTPGET=2", MissingParameter { param: "reqlength" });
    parse_err(b"AT+FTPGET=2,", MissingParameter { param: "reqlength" });
    parse_err(b"AT+FTPGET=", MissingParameter { param: "mode" });
    parse_err(b"AT+FTPGET=1,", TooManyParameters);
    parse_err(b"AT+FTPGET=\"1\"", Syntax { param: "mode" });
    parse_err(b"AT+FTPGET=1a", Syntax { param: "mode" });
    parse_err(b"AT+FTPGET=-1", Syntax { param: "mode" });
    parse_err(b"AT+FTPGET=1,2,3,4,5,6,7,8,9", TooManyParameters);
    parse_err(
        b"AT+FTPEXTPUT=2,0,1024",
        MissingParameter { param: "timeout" },
    );
    parse_err(b"AT+FTPEXTPUT=0,1", TooManyParameters);
    parse_err(b"AT+FTPEXTGET=4", Invalid(range("mode", 4, 0, 3)));
    parse_err(b"AT+FTPETGET=2", Invalid(range("mode", 2, 1, 1)));
    parse_err(b"AT+FTPSSL=0,0", MissingParameter { param: "ca_list" });
    parse_err(
        b"AT+CNCFG=0,1,\"apn\",\"user\"",
        MissingParameter { param: "password" },
    );
    parse_err(b"AT+FTPTYPE=X", Syntax { param: "value" });
    parse_err(b"AT+FTPTYPE=", MissingParameter { param: "value" });
    parse_err(b"AT+FTPSERV=", MissingParameter { param: "value" });
    // Spaces outside quotes, stray quotes, control bytes.
    parse_err(b"AT+FTPGET=2, 1024", Syntax { param: "reqlength" });
    parse_err(b"AT+FTPGET =1", Syntax { param: "line" });
    parse_err(b"AT +FTPGET=1", Syntax { param: "line" });
    parse_err(b"AT+FTPGET=? ", Syntax { param: "line" });
    parse_err(b"AT+FTPSERV=\"abc", Syntax { param: "value" });
    parse_err(b"AT+FTPSERV=ab\"c\"", Syntax { param: "value" });
    parse_err(b"AT+FTPSERV=\"a\"b", Syntax { param: "value" });
    parse_err(b"AT+FTPSERV=a\tb", Syntax { param: "value" });
    parse_err(b"AT+FTPGET=1\n", Syntax { param: "mode" });
    parse_err(b"AT+FTPQUIT\n", Syntax { param: "line" });
    // The note's comment spelling `AT+FTPGET:2, <reqlength>` is not a command line (`:` is a
    // V.250 name character, so the name read is `FTPGET:2`).
    parse_err(b"AT+FTPGET:2, <reqlength>", UnknownCommand);
    // Concatenation.
    parse_err(b"AT+FTPGET=1;+FTPQUIT", Concatenated);
    parse_err(b"AT+FTPQUIT;", Concatenated);
    parse_err(b"ATE0;+CMEE=2", Concatenated);
    parse_err(b"ATE0V1", Concatenated);
    parse_err(b"ATE1+CMEE=2", Concatenated);
    assert_eq!(
        Command::parse(b"AT+FTPSERV=\"a;b\""),
        Ok(Command::FtpServ(Setting::Write("a;b")))
    );
    // UTF-8.
    parse_err(b"AT+FTPUN=\"\xff\"", NotUtf8 { param: "value" });
    parse_err(b"AT+FTPUN=\xc3", NotUtf8 { param: "value" });
    assert_eq!(
        Command::parse("AT+FTPUN=\"jürgen\"".as_bytes()),
        Ok(Command::FtpUn(Setting::Write("jürgen")))
    );
}
