//! The FTP configuration registers (AT+FTPPORT … AT+FTPSSL): NO_SAVE settings read by each
//! session when it starts.

use alloc::format;
use alloc::string::{String, ToString};

use simcom_at::Command;
use simcom_at::command::{FtpMode, FtpType, PutOpt, Setting, SslType};

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

fn mode_num(m: FtpMode) -> u8 {
    match m {
        FtpMode::Active => 0,
        FtpMode::Passive => 1,
    }
}

fn ssl_num(t: SslType) -> u8 {
    match t {
        SslType::Plain => 0,
        SslType::Implicit => 1,
        SslType::Explicit => 2,
    }
}

impl Module {
    pub(super) fn config_command(&mut self, cmd: Command<'_>) {
        let max = self.profile.name_max_length;
        let r = &mut self.regs;
        // (test answer, read answer) or a write's effect.
        let (test, read): (String, String) = match cmd {
            Command::FtpPort(s) => match s {
                Setting::Write(v) => return self.set(|r| r.port = v),
                _ => (
                    "+FTPPORT: (1-65535)".into(),
                    format!("+FTPPORT: {}", r.port),
                ),
            },
            Command::FtpMode(s) => match s {
                Setting::Write(v) => return self.set(|r| r.mode = v),
                _ => (
                    "+FTPMODE: (0,1)".into(),
                    format!("+FTPMODE: {}", mode_num(r.mode)),
                ),
            },
            Command::FtpType(s) => match s {
                Setting::Write(v) => return self.set(|r| r.ftype = v),
                _ => {
                    let v = if r.ftype == FtpType::Ascii { "A" } else { "I" };
                    (
                        "+FTPTYPE: (\"A\",\"I\")".into(),
                        format!("+FTPTYPE: \"{v}\""),
                    )
                }
            },
            Command::FtpPutOpt(s) => match s {
                Setting::Write(v) => return self.set(|r| r.putopt = v),
                _ => {
                    let v = match r.putopt {
                        PutOpt::Appe => "APPE",
                        PutOpt::Stou => "STOU",
                        PutOpt::Stor => "STOR",
                    };
                    (
                        "+FTPPUTOPT: (\"APPE\",\"STOU\",\"STOR\")".into(),
                        format!("+FTPPUTOPT: \"{v}\""),
                    )
                }
            },
            Command::FtpCid(s) => match s {
                Setting::Write(v) => return self.set(|r| r.cid = v),
                _ => ("+FTPCID: (0-3)".into(), format!("+FTPCID: {}", r.cid)),
            },
            Command::FtpRest(s) => match s {
                Setting::Write(v) => return self.set(|r| r.rest = v),
                _ => (
                    "+FTPREST: (0-4294967295)".into(),
                    format!("+FTPREST: {}", r.rest),
                ),
            },
            Command::FtpServ(s) => match s {
                Setting::Write(v) => return self.set(|r| r.serv = v.to_string()),
                _ => (
                    "+FTPSERV: (0-49)".into(),
                    format!("+FTPSERV: \"{}\"", r.serv),
                ),
            },
            Command::FtpUn(s) => match s {
                Setting::Write(v) => return self.set(|r| r.un = v.to_string()),
                _ => ("+FTPUN: 49".into(), format!("+FTPUN: \"{}\"", r.un)),
            },
            Command::FtpPw(s) => match s {
                Setting::Write(v) => return self.set(|r| r.pw = v.to_string()),
                _ => ("+FTPPW: 49".into(), format!("+FTPPW: \"{}\"", r.pw)),
            },
            Command::FtpGetName(s) => match s {
                Setting::Write(v) if v.len() > max => return self.out.refuse(Refusal::RANGE),
                Setting::Write(v) => return self.set(|r| r.getname = v.to_string()),
                _ => (
                    format!("+FTPGETNAME: {max}"),
                    format!("+FTPGETNAME: \"{}\"", r.getname),
                ),
            },
            Command::FtpGetPath(s) => match s {
                Setting::Write(v) => return self.set(|r| r.getpath = v.to_string()),
                _ => (
                    "+FTPGETPATH: 255".into(),
                    format!("+FTPGETPATH: \"{}\"", r.getpath),
                ),
            },
            Command::FtpPutName(s) => match s {
                Setting::Write(v) if v.len() > max => return self.out.refuse(Refusal::RANGE),
                Setting::Write(v) => return self.set(|r| r.putname = v.to_string()),
                _ => (
                    format!("+FTPPUTNAME: {max}"),
                    format!("+FTPPUTNAME: \"{}\"", r.putname),
                ),
            },
            Command::FtpPutPath(s) => match s {
                Setting::Write(v) => return self.set(|r| r.putpath = v.to_string()),
                _ => (
                    "+FTPPUTPATH: 255".into(),
                    format!("+FTPPUTPATH: \"{}\"", r.putpath),
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
                    "+FTPSSL: (0-2),(0-5),50,50".into(),
                    format!(
                        "+FTPSSL: {},{},\"{}\",\"{}\"",
                        ssl_num(r.ssltype),
                        r.sslctx,
                        r.ca_list,
                        r.cert_name
                    ),
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
        self.out.info(if is_test { &test } else { &read });
        self.out.ok();
    }

    fn set(&mut self, f: impl FnOnce(&mut Registers)) {
        f(&mut self.regs);
        self.out.ok();
    }
}
