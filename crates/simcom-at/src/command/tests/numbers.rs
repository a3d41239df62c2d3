//! Numbers at min-1 / min / max / max+1.

use super::*;

#[test]
fn numbers_at_their_bounds() {
    // AT+FTPPORT: 1–65535 (65536 only reaches us through parse).
    refused(
        Command::FtpPort(Setting::Write(0)),
        range("value", 0, 1, 65535),
    );
    exact(Command::FtpPort(Setting::Write(1)), b"AT+FTPPORT=1\r");
    exact(
        Command::FtpPort(Setting::Write(65535)),
        b"AT+FTPPORT=65535\r",
    );
    parse_out_of_range(b"AT+FTPPORT=65536", "value", 65536, 1, 65535);
    parse_out_of_range(b"AT+FTPPORT=0", "value", 0, 1, 65535);
    // <reqlength>: 1–1460.
    refused(
        Command::FtpGet(Chunked::Read { reqlength: 0 }),
        range("reqlength", 0, 1, 1460),
    );
    exact(
        Command::FtpList(Chunked::Read { reqlength: 1 }),
        b"AT+FTPLIST=2,1\r",
    );
    exact(
        Command::FtpGet(Chunked::Read { reqlength: 1460 }),
        b"AT+FTPGET=2,1460\r",
    );
    refused(
        Command::FtpPut(FtpPut::Write { reqlength: 1461 }),
        range("reqlength", 1461, 1, 1460),
    );
    refused(
        Command::FtpPut(FtpPut::Write { reqlength: 0 }),
        range("reqlength", 0, 1, 1460),
    );
    parse_out_of_range(b"AT+FTPGET=2,0", "reqlength", 0, 1, 1460);
    parse_out_of_range(b"AT+FTPPUT=2,1461", "reqlength", 1461, 1, 1460);
    // AT+FTPCID: 0–3.
    exact(Command::FtpCid(Setting::Write(0)), b"AT+FTPCID=0\r");
    exact(Command::FtpCid(Setting::Write(3)), b"AT+FTPCID=3\r");
    refused(Command::FtpCid(Setting::Write(4)), range("value", 4, 0, 3));
    // AT+FTPREST: the whole u32; one more only through parse.
    exact(Command::FtpRest(Setting::Write(0)), b"AT+FTPREST=0\r");
    parse_out_of_range(
        b"AT+FTPREST=4294967296",
        "value",
        4_294_967_296,
        0,
        4_294_967_295,
    );
    parse_out_of_range(
        b"AT+FTPREST=99999999999999999999999",
        "value",
        u64::MAX,
        0,
        4_294_967_295,
    );
    // AT+FTPEXTPUT=2,<pos 0–327680>,<len 1–327680>,<timeout 1000–1000000>.
    let load = |pos, len, timeout| Command::FtpExtPut(FtpExtPut::Load { pos, len, timeout });
    exact(load(327_680, 1, 1000), b"AT+FTPEXTPUT=2,327680,1,1000\r");
    exact(
        load(0, 327_680, 1_000_000),
        b"AT+FTPEXTPUT=2,0,327680,1000000\r",
    );
    refused(load(327_681, 1, 1000), range("pos", 327_681, 0, 327_680));
    refused(load(0, 0, 1000), range("len", 0, 1, 327_680));
    refused(load(0, 327_681, 1000), range("len", 327_681, 1, 327_680));
    refused(load(0, 1, 999), range("timeout", 999, 1000, 1_000_000));
    refused(
        load(0, 1, 1_000_001),
        range("timeout", 1_000_001, 1000, 1_000_000),
    );
    // AT+FTPEXTGET=3,<pos 0–327679>,<len 1–327680>.
    let out = |pos, len| Command::FtpExtGet(FtpExtGet::Output { pos, len });
    exact(out(327_679, 327_680), b"AT+FTPEXTGET=3,327679,327680\r");
    refused(out(327_680, 1), range("pos", 327_680, 0, 327_679));
    refused(out(0, 0), range("len", 0, 1, 327_680));
    // AT+CFSWFILE: <filesize> 1–10240, <inputtime> 100–10000.
    let wfile = |size, input_time| {
        Command::Cfswfile(Request::Write(Cfswfile {
            dir: FsDir::Customer,
            name: "f",
            append: true,
            size,
            input_time,
        }))
    };
    exact(wfile(1, 100), b"AT+CFSWFILE=3,\"f\",1,1,100\r");
    exact(wfile(10240, 10000), b"AT+CFSWFILE=3,\"f\",1,10240,10000\r");
    refused(wfile(0, 100), range("filesize", 0, 1, 10240));
    refused(wfile(10241, 100), range("filesize", 10241, 1, 10240));
    refused(wfile(1, 99), range("inputtime", 99, 100, 10000));
    refused(wfile(1, 10001), range("inputtime", 10001, 100, 10000));
    // AT+CFSDFILE / AT+CFSGFIS: <index> 0–3, the directories of AT+CFSWFILE.
    let file = |dir| FsFile { dir, name: "f" };
    exact(
        Command::Cfsdfile(Request::Write(file(FsDir::Custapp))),
        b"AT+CFSDFILE=0,\"f\"\r",
    );
    exact(
        Command::Cfsgfis(Request::Write(file(FsDir::Customer))),
        b"AT+CFSGFIS=3,\"f\"\r",
    );
    parse_out_of_range(b"AT+CFSDFILE=4,\"f\"", "index", 4, 0, 3);
    // AT+CGDCONT <cid> 1–15, AT+CGACT <cid> 1–15.
    let cgdcont = |cid| {
        Command::Cgdcont(Setting::Write(Cgdcont {
            cid,
            pdp_type: None,
            apn: None,
        }))
    };
    refused(cgdcont(0), range("cid", 0, 1, 15));
    exact(cgdcont(1), b"AT+CGDCONT=1\r");
    exact(cgdcont(15), b"AT+CGDCONT=15\r");
    refused(cgdcont(16), range("cid", 16, 1, 15));
    refused(
        Command::Cgact(Setting::Write(Cgact {
            state: false,
            cid: Some(0),
        })),
        range("cid", 0, 1, 15),
    );
    // Sets with holes: <fun> 0,1,4–7 and <AcT> 0,7,9.
    let cfun = |fun| Command::Cfun(Setting::Write(Cfun { fun, rst: None }));
    refused(cfun(2), range("fun", 2, 0, 1));
    refused(cfun(3), range("fun", 3, 4, 7));
    exact(cfun(7), b"AT+CFUN=7\r");
    refused(cfun(8), range("fun", 8, 0, 7));
    refused(
        Command::Cfun(Setting::Write(Cfun {
            fun: 1,
            rst: Some(2),
        })),
        range("rst", 2, 0, 1),
    );
    let cops = |act| {
        Command::Cops(Setting::Write(Cops {
            mode: 1,
            format: Some(2),
            oper: Some("46011"),
            act: Some(act),
        }))
    };
    refused(cops(8), range("AcT", 8, 7, 7));
    exact(cops(7), b"AT+COPS=1,2,\"46011\",7\r");
    refused(
        Command::Cops(Setting::Write(Cops {
            mode: 5,
            format: None,
            oper: None,
            act: None,
        })),
        range("mode", 5, 0, 4),
    );
    // AT+FTPSSL <ctxindex> 0–5; AT+CSSLCFG <ssltype> 1–3; AT+CNCFG <pdpidx> 0–3, <ip_type> 0–4, <auth> 0–3.
    let ssl = |ctxindex| {
        Command::FtpSsl(Setting::Write(FtpSsl {
            ssltype: SslType::Implicit,
            ctxindex,
            ca_list: "",
            cert_name: "",
        }))
    };
    exact(ssl(5), b"AT+FTPSSL=1,5,\"\",\"\"\r");
    refused(ssl(6), range("ctxindex", 6, 0, 5));
    let conv = |ssltype| {
        Command::Csslcfg(SslCfg::Convert(SslConvert {
            ssltype,
            cname: "c",
            keyname: None,
            passkey: None,
        }))
    };
    refused(conv(0), range("ssltype", 0, 1, 3));
    exact(conv(3), b"AT+CSSLCFG=\"CONVERT\",3,\"c\"\r");
    refused(conv(4), range("ssltype", 4, 1, 3));
    let cncfg = |pdpidx, ip_type, auth| {
        Command::Cncfg(Setting::Write(Cncfg {
            pdpidx,
            ip_type,
            apn: Some("a"),
            credentials: Some(("u", "p")),
            auth,
        }))
    };
    exact(cncfg(3, 4, Some(3)), b"AT+CNCFG=3,4,\"a\",\"u\",\"p\",3\r");
    refused(cncfg(4, 0, None), range("pdpidx", 4, 0, 3));
    refused(cncfg(0, 5, None), range("ip_type", 5, 0, 4));
    refused(cncfg(0, 0, Some(4)), range("authentication", 4, 0, 3));
    refused(
        Command::Cnact(Setting::Write(Cnact {
            pdpidx: 4,
            action: CnactAction::Deactivate,
        })),
        range("pdpidx", 4, 0, 3),
    );
    parse_out_of_range(b"AT+CNACT=0,3", "action", 3, 0, 2);
    parse_out_of_range(b"AT+CMEE=3", "n", 3, 0, 2);
    parse_out_of_range(b"ATE2", "value", 2, 0, 1);
}
