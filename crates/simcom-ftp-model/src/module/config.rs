//! The FTP configuration registers (AT+FTPPORT … AT+FTPSSL): NO_SAVE settings read by each
//! session when it starts.

use alloc::string::{String, ToString};

use simcom_at::command::{FtpMode, FtpType, PutOpt, Setting, SslType};
use simcom_at::{Command, Info, Prefix};

use super::Module;
use super::out::Refusal;
use crate::profile::Profile;

#[derive(Debug, Clone)]
pub(super) struct Registers {
    pub(super) port: u16,
    pub(super) mode: FtpMode,
    pub(super) ftype: FtpType,
    pub(super) putopt: PutOpt,
    pub(super) cid: u8,
    pub(super) rest: u32,
    pub(super) serv: String,
    pub(super) un: String,
    pub(super) pw: String,
    pub(super) getname: String,
    pub(super) getpath: String,
    pub(super) putname: String,
    pub(super) putpath: String,
    pub(super) ssltype: SslType,
    pub(super) sslctx: u8,
    pub(super) ca_list: String,
    pub(super) cert_name: String,
}

impl Registers {
    pub(super) fn new(profile: &Profile) -> Self {
        let d = &profile.defaults;
        Self {
            port: d.ftpport,
            mode: d.ftpmode,
            ftype: FtpType::Binary,
            putopt: PutOpt::Stor,
            cid: d.ftpcid,
            rest: 0,
            serv: String::new(),
            un: String::new(),
            pw: String::new(),
            getname: String::new(),
            getpath: String::new(),
            putname: String::new(),
            putpath: String::new(),
            ssltype: SslType::Plain,
            sslctx: 0,
            ca_list: String::new(),
            cert_name: String::new(),
        }
    }
}

/// A read answer holding a number.
fn number(prefix: Prefix, value: impl Into<u32>) -> Info<'static> {
    Info::Value {
        prefix,
        value: value.into(),
    }
}

/// A read answer holding a string.
fn text(prefix: Prefix, value: &str) -> Info<'_> {
    Info::Text { prefix, value }
}

impl Module {
    pub(super) fn config_command(&mut self, cmd: Command<'_>) {
        let max = self.profile.name_max_length.to_string();
        let r = &self.regs;
        // (prefix, test answer's body, read answer) or a write's effect.
        let (prefix, test, read): (Prefix, &str, Info<'_>) = match cmd {
            Command::FtpPort(s) => match s {
                Setting::Write(v) => return self.set(|r| r.port = v),
                _ => (
                    Prefix::FtpPort,
                    "(1-65535)",
                    number(Prefix::FtpPort, r.port),
                ),
            },
            Command::FtpMode(s) => match s {
                Setting::Write(v) => return self.set(|r| r.mode = v),
                _ => (
                    Prefix::FtpMode,
                    "(0,1)",
                    number(Prefix::FtpMode, r.mode.number()),
                ),
            },
            Command::FtpType(s) => match s {
                Setting::Write(v) => return self.set(|r| r.ftype = v),
                _ => (
                    Prefix::FtpType,
                    "(\"A\",\"I\")",
                    text(Prefix::FtpType, r.ftype.name()),
                ),
            },
            Command::FtpPutOpt(s) => match s {
                Setting::Write(v) => return self.set(|r| r.putopt = v),
                _ => (
                    Prefix::FtpPutOpt,
                    "(\"APPE\",\"STOU\",\"STOR\")",
                    text(Prefix::FtpPutOpt, r.putopt.name()),
                ),
            },
            Command::FtpCid(s) => match s {
                Setting::Write(v) => return self.set(|r| r.cid = v),
                _ => (Prefix::FtpCid, "(0-3)", number(Prefix::FtpCid, r.cid)),
            },
            Command::FtpRest(s) => match s {
                Setting::Write(v) => return self.set(|r| r.rest = v),
                _ => (
                    Prefix::FtpRest,
                    "(0-4294967295)",
                    number(Prefix::FtpRest, r.rest),
                ),
            },
            Command::FtpServ(s) => match s {
                Setting::Write(v) => return self.set(|r| r.serv = v.to_string()),
                _ => (Prefix::FtpServ, "(0-49)", text(Prefix::FtpServ, &r.serv)),
            },
            Command::FtpUn(s) => match s {
                Setting::Write(v) => return self.set(|r| r.un = v.to_string()),
                _ => (Prefix::FtpUn, "49", text(Prefix::FtpUn, &r.un)),
            },
            Command::FtpPw(s) => match s {
                Setting::Write(v) => return self.set(|r| r.pw = v.to_string()),
                _ => (Prefix::FtpPw, "49", text(Prefix::FtpPw, &r.pw)),
            },
            Command::FtpGetName(s) => match s {
                Setting::Write(v) if v.len() > self.profile.name_max_length => {
                    return self.out.refuse(Refusal::RANGE);
                }
                Setting::Write(v) => return self.set(|r| r.getname = v.to_string()),
                _ => (
                    Prefix::FtpGetName,
                    &max,
                    text(Prefix::FtpGetName, &r.getname),
                ),
            },
            Command::FtpGetPath(s) => match s {
                Setting::Write(v) => return self.set(|r| r.getpath = v.to_string()),
                _ => (
                    Prefix::FtpGetPath,
                    "255",
                    text(Prefix::FtpGetPath, &r.getpath),
                ),
            },
            Command::FtpPutName(s) => match s {
                Setting::Write(v) if v.len() > self.profile.name_max_length => {
                    return self.out.refuse(Refusal::RANGE);
                }
                Setting::Write(v) => return self.set(|r| r.putname = v.to_string()),
                _ => (
                    Prefix::FtpPutName,
                    &max,
                    text(Prefix::FtpPutName, &r.putname),
                ),
            },
            Command::FtpPutPath(s) => match s {
                Setting::Write(v) => return self.set(|r| r.putpath = v.to_string()),
                _ => (
                    Prefix::FtpPutPath,
                    "255",
                    text(Prefix::FtpPutPath, &r.putpath),
                ),
            },
            Command::FtpSsl(s) => match s {
                Setting::Write(v) => {
                    return self.set(|r| {
                        r.ssltype = v.ssltype;
                        r.sslctx = v.ctxindex;
                        r.ca_list = v.ca_list.to_string();
                        r.cert_name = v.cert_name.to_string();
                    });
                }
                _ => (
                    Prefix::FtpSsl,
                    "(0-2),(0-5),50,50",
                    Info::FtpSsl {
                        ssltype: r.ssltype.number(),
                        ctxindex: r.sslctx,
                        ca_list: &r.ca_list,
                        cert_name: &r.cert_name,
                    },
                ),
            },
            _ => unreachable!("dispatched by family"),
        };
        let is_test = matches!(
            cmd,
            Command::FtpPort(Setting::Test)
                | Command::FtpMode(Setting::Test)
                | Command::FtpType(Setting::Test)
                | Command::FtpPutOpt(Setting::Test)
                | Command::FtpCid(Setting::Test)
                | Command::FtpRest(Setting::Test)
                | Command::FtpServ(Setting::Test)
                | Command::FtpUn(Setting::Test)
                | Command::FtpPw(Setting::Test)
                | Command::FtpGetName(Setting::Test)
                | Command::FtpGetPath(Setting::Test)
                | Command::FtpPutName(Setting::Test)
                | Command::FtpPutPath(Setting::Test)
                | Command::FtpSsl(Setting::Test)
        );
        if is_test {
            self.out.info(&Info::Ranges { prefix, text: test });
        } else {
            self.out.info(&read);
        }
        self.out.ok();
    }

    fn set(&mut self, f: impl FnOnce(&mut Registers)) {
        f(&mut self.regs);
        self.out.ok();
    }
}
