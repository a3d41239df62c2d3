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
            ftype: FtpType::default(),
            putopt: PutOpt::default(),
            cid: d.ftpcid,
            rest: 0,
            serv: String::new(),
            un: String::new(),
            pw: String::new(),
            getname: String::new(),
            getpath: String::new(),
            putname: String::new(),
            putpath: String::new(),
            ssltype: SslType::default(),
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
        // A file name longer than the profile's `name_max_length` is out of range.
        if let Command::FtpGetName(Setting::Write(v)) | Command::FtpPutName(Setting::Write(v)) = cmd
            && v.len() > self.profile.name_max_length
        {
            return self.out.refuse(Refusal::RANGE);
        }
        let r = &mut self.regs;
        match cmd {
            Command::FtpPort(Setting::Write(v)) => r.port = v,
            Command::FtpMode(Setting::Write(v)) => r.mode = v,
            Command::FtpType(Setting::Write(v)) => r.ftype = v,
            Command::FtpPutOpt(Setting::Write(v)) => r.putopt = v,
            Command::FtpCid(Setting::Write(v)) => r.cid = v,
            Command::FtpRest(Setting::Write(v)) => r.rest = v,
            Command::FtpServ(Setting::Write(v)) => r.serv = v.to_string(),
            Command::FtpUn(Setting::Write(v)) => r.un = v.to_string(),
            Command::FtpPw(Setting::Write(v)) => r.pw = v.to_string(),
            Command::FtpGetName(Setting::Write(v)) => r.getname = v.to_string(),
            Command::FtpGetPath(Setting::Write(v)) => r.getpath = v.to_string(),
            Command::FtpPutName(Setting::Write(v)) => r.putname = v.to_string(),
            Command::FtpPutPath(Setting::Write(v)) => r.putpath = v.to_string(),
            Command::FtpSsl(Setting::Write(v)) => {
                r.ssltype = v.ssltype;
                r.sslctx = v.ctxindex;
                r.ca_list = v.ca_list.to_string();
                r.cert_name = v.cert_name.to_string();
            }
            _ => return self.register_answer(cmd),
        }
        self.out.ok();
    }

    /// The answer to a register's test or read form, then `OK`. The file names' test answer is
    /// the profile's `name_max_length`, the longest name a write may set.
    fn register_answer(&mut self, cmd: Command<'_>) {
        let prefix = cmd.prefix().expect("a register answers with its prefix");
        let max = self.profile.name_max_length.to_string();
        let r = &self.regs;
        // (test answer's body, read answer)
        let (test, read): (&str, Info<'_>) = match cmd {
            Command::FtpPort(_) => ("(1-65535)", number(prefix, r.port)),
            Command::FtpMode(_) => ("(0,1)", number(prefix, r.mode.number())),
            Command::FtpType(_) => (r#"("A","I")"#, text(prefix, r.ftype.name())),
            Command::FtpPutOpt(_) => (r#"("APPE","STOU","STOR")"#, text(prefix, r.putopt.name())),
            Command::FtpCid(_) => ("(0-3)", number(prefix, r.cid)),
            Command::FtpRest(_) => ("(0-4294967295)", number(prefix, r.rest)),
            Command::FtpServ(_) => ("(0-49)", text(prefix, &r.serv)),
            Command::FtpUn(_) => ("49", text(prefix, &r.un)),
            Command::FtpPw(_) => ("49", text(prefix, &r.pw)),
            Command::FtpGetName(_) => (&max, text(prefix, &r.getname)),
            Command::FtpGetPath(_) => ("255", text(prefix, &r.getpath)),
            Command::FtpPutName(_) => (&max, text(prefix, &r.putname)),
            Command::FtpPutPath(_) => ("255", text(prefix, &r.putpath)),
            Command::FtpSsl(_) => (
                "(0-2),(0-5),50,50",
                Info::FtpSsl {
                    ssltype: r.ssltype.number(),
                    ctxindex: r.sslctx,
                    ca_list: &r.ca_list,
                    cert_name: &r.cert_name,
                },
            ),
            _ => unreachable!("dispatched by family"),
        };
        if cmd.form() == Form::Test {
            self.out.ranges(prefix, test);
        } else {
            self.out.answer([read]);
        }
    }
}
