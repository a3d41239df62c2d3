//! The FTP configuration registers (AT+FTPPORT … AT+FTPSSL): NO_SAVE settings read by each
//! session when it starts.

use alloc::string::{String, ToString};

use simcom_at::command::{Form, FtpMode, FtpType, PutOpt, Setting, SslType};
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

impl Registers {
    /// The string register whose answers carry `prefix` (AT+FTPSERV … AT+FTPPUTPATH).
    fn text_mut(&mut self, prefix: Prefix) -> &mut String {
        match prefix {
            Prefix::FtpServ => &mut self.serv,
            Prefix::FtpUn => &mut self.un,
            Prefix::FtpPw => &mut self.pw,
            Prefix::FtpGetName => &mut self.getname,
            Prefix::FtpGetPath => &mut self.getpath,
            Prefix::FtpPutName => &mut self.putname,
            Prefix::FtpPutPath => &mut self.putpath,
            _ => unreachable!("not a string register"),
        }
    }
}

/// The test answer of a string register: its text, or `None` for the file names, whose test
/// answer is the profile's `name_max_length`, the most bytes a write may set (the codec bounds
/// the others).
type TextTest = Option<&'static str>;

/// A string register command: its setting, its answers' prefix and its test answer.
fn text_register<'c>(cmd: Command<'c>) -> Option<(Setting<&'c str>, Prefix, TextTest)> {
    Some(match cmd {
        Command::FtpServ(s) => (s, Prefix::FtpServ, Some("(0-49)")),
        Command::FtpUn(s) => (s, Prefix::FtpUn, Some("49")),
        Command::FtpPw(s) => (s, Prefix::FtpPw, Some("49")),
        Command::FtpGetName(s) => (s, Prefix::FtpGetName, None),
        Command::FtpGetPath(s) => (s, Prefix::FtpGetPath, Some("255")),
        Command::FtpPutName(s) => (s, Prefix::FtpPutName, None),
        Command::FtpPutPath(s) => (s, Prefix::FtpPutPath, Some("255")),
        _ => return None,
    })
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
        if let Some((setting, prefix, test)) = text_register(cmd) {
            return self.text_command(setting, prefix, test);
        }
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
        if cmd.form() == Form::Test {
            self.out.ranges(prefix, test);
        } else {
            self.out.answer([read]);
        }
    }

    /// AT+FTPSERV … AT+FTPPUTPATH: a write longer than `name_max_length` is refused for the
    /// file names; a test answers `test` (the file names: that length).
    fn text_command(&mut self, setting: Setting<&str>, prefix: Prefix, test: TextTest) {
        let max = self.profile.name_max_length;
        match setting {
            Setting::Write(v) if test.is_none() && v.len() > max => {
                self.out.refuse(Refusal::RANGE);
            }
            Setting::Write(v) => self.set(|r| *r.text_mut(prefix) = v.to_string()),
            Setting::Test => match test {
                Some(test) => self.out.ranges(prefix, test),
                None => self.out.ranges(prefix, &max.to_string()),
            },
            Setting::Read => self.out.answer([text(prefix, self.regs.text_mut(prefix))]),
        }
    }

    fn set(&mut self, f: impl FnOnce(&mut Registers)) {
        f(&mut self.regs);
        self.out.ok();
    }
}
