//! Encoding: a [`Command`] to the exact bytes of its line, `\r` included.
//!
//! Every parameter is checked against the limit table ([`rules`](super::rules)) before a
//! single byte is written; a refused command writes nothing meaningful.

use super::rules::{self, Num, Str};
use super::{
    Chunked, CmeeMode, CnactAction, Command, Form, FsDir, FtpEtGet, FtpEtPut, FtpExtGet, FtpExtPut,
    FtpMode, FtpPut, FtpType, PutOpt, Request, Setting, SslType,
};
use crate::EncodeError;

/// The most parameters any form takes (`AT+CNCFG=<pdpidx>,<ip_type>,"<APN>",…`: six).
const MAX_ARGS: usize = 6;

/// One parameter of a line, with the rule it must satisfy.
#[derive(Debug, Clone, Copy)]
enum Arg<'a> {
    /// A number checked against its range, written in decimal.
    Num(u64, &'static Num),
    /// A string checked against its limits, written between `"`.
    Str(&'a str, &'static Str),
    /// A constant number chosen by the variant (a `<mode>`), written in decimal.
    Fixed(u64),
    /// A constant keyword chosen by the variant (`"I"`, `"CONVERT"`), written between `"`.
    Word(&'static str),
}

/// The parameters of a line, in order.
#[derive(Debug, Clone, Copy)]
struct Args<'a> {
    items: [Option<Arg<'a>>; MAX_ARGS],
    len: usize,
}

impl<'a> Args<'a> {
    const fn new() -> Self {
        Self {
            items: [None; MAX_ARGS],
            len: 0,
        }
    }

    fn push(&mut self, arg: Arg<'a>) {
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = Some(arg);
            self.len += 1;
        }
    }

    fn num(&mut self, value: impl Into<u64>, rule: &'static Num) {
        self.push(Arg::Num(value.into(), rule));
    }

    fn str(&mut self, value: &'a str, rule: &'static Str) {
        self.push(Arg::Str(value, rule));
    }

    fn fixed(&mut self, value: u64) {
        self.push(Arg::Fixed(value));
    }

    fn word(&mut self, word: &'static str) {
        self.push(Arg::Word(word));
    }

    fn iter(&self) -> impl Iterator<Item = Arg<'a>> + '_ {
        self.items.iter().take(self.len).flatten().copied()
    }
}

/// Refuses an optional parameter given without the optional parameter it follows.
fn follows<T>(
    previous_present: bool,
    value: Option<T>,
    param: &'static str,
) -> Result<Option<T>, EncodeError> {
    match value {
        Some(_) if !previous_present => Err(EncodeError::Inconsistent { param }),
        v => Ok(v),
    }
}

/// A sink that writes what fits and counts everything.
struct Writer<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl Writer<'_> {
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(bytes);
        }
        self.len = end;
    }

    fn decimal(&mut self, mut value: u64) {
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (value % 10) as u8;
            value /= 10;
            if value == 0 {
                break;
            }
        }
        self.put(&digits[start..]);
    }

    fn quoted(&mut self, s: &str) {
        self.put(b"\"");
        self.put(s.as_bytes());
        self.put(b"\"");
    }
}

impl Command<'_> {
    /// The longest line [`encode`](Self::encode) can write, `\r` included (a full
    /// `AT+CNCFG=3,4,"<150>","<127>","<127>",3`): a buffer of this size never gets
    /// [`EncodeError::BufferTooSmall`].
    ///
    /// ```
    /// use simcom_at::{Command, command::Chunked};
    /// let mut buf = [0u8; Command::MAX_ENCODED_LEN];
    /// assert!(Command::FtpGet(Chunked::Open).encode(&mut buf).is_ok());
    /// ```
    pub const MAX_ENCODED_LEN: usize = 428;

    /// Checks every parameter against the spec's rules without writing anything.
    ///
    /// Returns the first refusal, parameters taken left to right: a number outside its range
    /// ([`EncodeError::OutOfRange`]), a string with `"` or a control byte
    /// ([`EncodeError::ForbiddenByte`]), too long ([`EncodeError::TooLong`]) or empty where
    /// the spec requires a name ([`EncodeError::Empty`]), or an optional parameter without
    /// the one it follows ([`EncodeError::Inconsistent`], checked before the others).
    ///
    /// ```
    /// use simcom_at::{Command, EncodeError, command::{Cops, Setting}};
    /// assert_eq!(Command::FtpPort(Setting::Write(21)).validate(), Ok(()));
    /// assert_eq!(
    ///     Command::FtpServ(Setting::Write("x\"\r\nAT+FTPDELE")).validate(),
    ///     Err(EncodeError::ForbiddenByte { param: "value", byte: b'"' })
    /// );
    /// let act_without_oper = Cops { mode: 1, format: Some(2), oper: None, act: Some(9) };
    /// assert_eq!(
    ///     Command::Cops(Setting::Write(act_without_oper)).validate(),
    ///     Err(EncodeError::Inconsistent { param: "AcT" })
    /// );
    /// ```
    pub fn validate(&self) -> Result<(), EncodeError> {
        self.checked_args().map(|_| ())
    }

    /// The length of the line [`encode`](Self::encode) writes, `\r` included; 0 when
    /// [`validate`](Self::validate) refuses the command.
    ///
    /// ```
    /// use simcom_at::{Command, command::Action};
    /// assert_eq!(Command::FtpQuit(Action::Execute).encoded_len(), b"AT+FTPQUIT\r".len());
    /// ```
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        match self.checked_args() {
            Ok(args) => self.write(&args, &mut []),
            Err(_) => 0,
        }
    }

    /// Writes the command's line into `out`, final `\r` included, and returns its length.
    ///
    /// Everything is validated first (see [`validate`](Self::validate)); then, when `out`
    /// is shorter than the line, [`EncodeError::BufferTooSmall`] tells the length needed and
    /// `out` is left untouched. String parameters are always quoted; enumerated strings are
    /// written in upper case.
    ///
    /// ```
    /// use simcom_at::{Command, EncodeError, command::{Cnact, CnactAction, Setting}};
    /// let mut buf = [0u8; 32];
    /// let cmd = Command::Cnact(Setting::Write(Cnact { pdpidx: 0, action: CnactAction::Activate }));
    /// let n = cmd.encode(&mut buf)?;
    /// assert_eq!(&buf[..n], b"AT+CNACT=0,1\r");
    /// assert_eq!(cmd.encode(&mut [0u8; 4]), Err(EncodeError::BufferTooSmall { needed: 13 }));
    /// # Ok::<(), EncodeError>(())
    /// ```
    pub fn encode(&self, out: &mut [u8]) -> Result<usize, EncodeError> {
        let args = self.checked_args()?;
        let needed = self.write(&args, &mut []);
        if needed > out.len() {
            return Err(EncodeError::BufferTooSmall { needed });
        }
        Ok(self.write(&args, out))
    }

    /// Encodes the command into a new vector (see [`encode`](Self::encode)).
    ///
    /// ```
    /// use simcom_at::{Command, command::{FtpType, Setting}};
    /// assert_eq!(Command::FtpType(Setting::Write(FtpType::Binary)).to_vec()?, b"AT+FTPTYPE=\"I\"\r");
    /// # Ok::<(), simcom_at::EncodeError>(())
    /// ```
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self) -> Result<alloc::vec::Vec<u8>, EncodeError> {
        let args = self.checked_args()?;
        let mut out = alloc::vec![0u8; self.write(&args, &mut [])];
        self.write(&args, &mut out);
        Ok(out)
    }

    /// The parameters, each checked against its rule.
    fn checked_args(&self) -> Result<Args<'_>, EncodeError> {
        let args = self.args()?;
        for arg in args.iter() {
            match arg {
                Arg::Num(value, rule) => rule.check(value)?,
                Arg::Str(value, rule) => rule.check(value)?,
                Arg::Fixed(_) | Arg::Word(_) => {}
            }
        }
        Ok(args)
    }

    /// Writes the line; returns its length (the bytes that fit are written).
    fn write(&self, args: &Args<'_>, buf: &mut [u8]) -> usize {
        let mut w = Writer { buf, len: 0 };
        w.put(self.name().as_bytes());
        match self.form() {
            Form::Test => w.put(b"=?"),
            Form::Read => w.put(b"?"),
            // Basic commands carry their value right after the letter (`ATE1`).
            Form::Execute => write_args(&mut w, args),
            Form::Write => {
                w.put(b"=");
                write_args(&mut w, args);
            }
        }
        w.put(b"\r");
        w.len
    }

    /// The parameters of the line, in order (none for test, read and execute forms).
    fn args(&self) -> Result<Args<'_>, EncodeError> {
        let mut a = Args::new();
        match *self {
            Self::Echo(on) | Self::Verbose(on) => a.fixed(u64::from(on)),
            Self::Cmee(Setting::Write(m)) => a.num(cmee(m), &rules::CMEE_N),
            Self::Cpin(Setting::Write(p)) => {
                a.str(p.pin, &rules::CPIN_PIN);
                if let Some(new_pin) = p.new_pin {
                    a.str(new_pin, &rules::CPIN_NEWPIN);
                }
            }
            Self::Cgatt(Setting::Write(on)) => a.num(on, &rules::CGATT_STATE),
            Self::Cgact(Setting::Write(c)) => {
                a.num(c.state, &rules::CGACT_STATE);
                if let Some(cid) = c.cid {
                    a.num(cid, &rules::CGACT_CID);
                }
            }
            Self::Cops(Setting::Write(c)) => {
                let oper = follows(c.format.is_some(), c.oper, rules::COPS_OPER.param)?;
                let act = follows(c.oper.is_some(), c.act, rules::COPS_ACT.param)?;
                a.num(c.mode, &rules::COPS_MODE);
                if let Some(format) = c.format {
                    a.num(format, &rules::COPS_FORMAT);
                }
                if let Some(oper) = oper {
                    a.str(oper, &rules::COPS_OPER);
                }
                if let Some(act) = act {
                    a.num(act, &rules::COPS_ACT);
                }
            }
            Self::Cncfg(Setting::Write(c)) => {
                let credentials = follows(c.apn.is_some(), c.credentials, rules::CNCFG_USER.param)?;
                let auth = follows(c.credentials.is_some(), c.auth, rules::CNCFG_AUTH.param)?;
                a.num(c.pdpidx, &rules::CNCFG_PDPIDX);
                a.num(c.ip_type, &rules::CNCFG_IP_TYPE);
                if let Some(apn) = c.apn {
                    a.str(apn, &rules::CNCFG_APN);
                }
                if let Some((user, password)) = credentials {
                    a.str(user, &rules::CNCFG_USER);
                    a.str(password, &rules::CNCFG_PASSWORD);
                }
                if let Some(auth) = auth {
                    a.num(auth, &rules::CNCFG_AUTH);
                }
            }
            Self::Cnact(Setting::Write(c)) => {
                a.num(c.pdpidx, &rules::CNACT_PDPIDX);
                a.num(cnact_action(c.action), &rules::CNACT_ACTION);
            }
            Self::Cfun(Setting::Write(c)) => {
                a.num(c.fun, &rules::CFUN_FUN);
                if let Some(rst) = c.rst {
                    a.num(rst, &rules::CFUN_RST);
                }
            }
            Self::Cgdcont(Setting::Write(c)) => {
                let apn = follows(c.pdp_type.is_some(), c.apn, rules::CGDCONT_APN.param)?;
                a.num(c.cid, &rules::CGDCONT_CID);
                if let Some(pdp_type) = c.pdp_type {
                    a.str(pdp_type, &rules::CGDCONT_PDP_TYPE);
                }
                if let Some(apn) = apn {
                    a.str(apn, &rules::CGDCONT_APN);
                }
            }
            Self::Cfswfile(Request::Write(f)) => {
                a.num(fs_dir(f.dir), &rules::CFSWFILE_INDEX);
                a.str(f.name, &rules::CFSWFILE_NAME);
                a.num(f.append, &rules::CFSWFILE_MODE);
                a.num(f.size, &rules::CFSWFILE_SIZE);
                a.num(f.input_time, &rules::CFSWFILE_INPUT_TIME);
            }
            Self::Cfsdfile(Request::Write(f)) | Self::Cfsgfis(Request::Write(f)) => {
                a.num(fs_dir(f.dir), &rules::CFS_FILE_INDEX);
                a.str(f.name, &rules::CFS_FILE_NAME);
            }
            Self::Csslcfg(Request::Write(c)) => {
                let passkey =
                    follows(c.keyname.is_some(), c.passkey, rules::CSSLCFG_PASSKEY.param)?;
                a.word(rules::CSSLCFG_KEYWORD);
                a.num(c.ssltype, &rules::CSSLCFG_SSLTYPE);
                a.str(c.cname, &rules::CSSLCFG_CNAME);
                if let Some(keyname) = c.keyname {
                    a.str(keyname, &rules::CSSLCFG_KEYNAME);
                }
                if let Some(passkey) = passkey {
                    a.str(passkey, &rules::CSSLCFG_PASSKEY);
                }
            }
            Self::FtpPort(Setting::Write(port)) => a.num(port, &rules::FTPPORT),
            Self::FtpMode(Setting::Write(m)) => a.num(ftp_mode(m), &rules::FTPMODE),
            Self::FtpType(Setting::Write(t)) => a.word(ftp_type(t)),
            Self::FtpPutOpt(Setting::Write(o)) => a.word(put_opt(o)),
            Self::FtpCid(Setting::Write(cid)) => a.num(cid, &rules::FTPCID),
            Self::FtpRest(Setting::Write(offset)) => a.num(offset, &rules::FTPREST),
            Self::FtpServ(Setting::Write(s)) => a.str(s, &rules::FTPSERV),
            Self::FtpUn(Setting::Write(s)) => a.str(s, &rules::FTPUN),
            Self::FtpPw(Setting::Write(s)) => a.str(s, &rules::FTPPW),
            Self::FtpGetName(Setting::Write(s)) | Self::FtpPutName(Setting::Write(s)) => {
                a.str(s, &rules::FTP_FILE_NAME);
            }
            Self::FtpGetPath(Setting::Write(s)) | Self::FtpPutPath(Setting::Write(s)) => {
                a.str(s, &rules::FTP_PATH);
            }
            Self::FtpSsl(Setting::Write(s)) => {
                a.num(ssl_type(s.ssltype), &rules::FTPSSL_SSLTYPE);
                a.num(s.ctxindex, &rules::FTPSSL_CTXINDEX);
                a.str(s.ca_list, &rules::FTPSSL_CA_LIST);
                a.str(s.cert_name, &rules::FTPSSL_CERT_NAME);
            }
            Self::FtpGet(c) | Self::FtpList(c) => match c {
                Chunked::Test => {}
                Chunked::Open => a.fixed(1),
                Chunked::Read { reqlength } => {
                    a.fixed(2);
                    a.num(reqlength, &rules::REQLENGTH);
                }
            },
            Self::FtpPut(p) => match p {
                FtpPut::Test => {}
                FtpPut::Open => a.fixed(1),
                FtpPut::Write { reqlength } => {
                    a.fixed(2);
                    a.num(reqlength, &rules::REQLENGTH);
                }
                FtpPut::Finish => {
                    a.fixed(2);
                    a.fixed(0);
                }
            },
            Self::FtpExtPut(p) => match p {
                FtpExtPut::Test | FtpExtPut::Read => {}
                FtpExtPut::Normal => a.fixed(0),
                FtpExtPut::Extended => a.fixed(1),
                FtpExtPut::Load { pos, len, timeout } => {
                    a.fixed(2);
                    a.num(pos, &rules::FTPEXTPUT_POS);
                    a.num(len, &rules::FTPEXTPUT_LEN);
                    a.num(timeout, &rules::FTPEXTPUT_TIMEOUT);
                }
            },
            Self::FtpExtGet(g) => match g {
                FtpExtGet::Test | FtpExtGet::Read => {}
                FtpExtGet::Normal => a.fixed(0),
                FtpExtGet::Ram => a.fixed(1),
                FtpExtGet::File { dir, name } => {
                    a.fixed(2);
                    a.num(fs_dir(dir), &rules::FTPEXTGET_DIR);
                    a.str(name, &rules::FTPEXTGET_FILE_NAME);
                }
                FtpExtGet::Output { pos, len } => {
                    a.fixed(3);
                    a.num(pos, &rules::FTPEXTGET_POS);
                    a.num(len, &rules::FTPEXTGET_LEN);
                }
            },
            Self::FtpEtPut(p) => match p {
                FtpEtPut::Test => {}
                FtpEtPut::Open => a.fixed(1),
                FtpEtPut::Data => a.fixed(2),
            },
            Self::FtpEtGet(g) => match g {
                FtpEtGet::Test => {}
                FtpEtGet::Open => a.fixed(1),
            },
            // Test, read and execute forms: no parameters.
            Self::At
            | Self::Ati
            | Self::Cmee(_)
            | Self::Cpin(_)
            | Self::Cgatt(_)
            | Self::Cgact(_)
            | Self::Cops(_)
            | Self::Cncfg(_)
            | Self::Cnact(_)
            | Self::Cfun(_)
            | Self::Cgdcont(_)
            | Self::Cfswfile(_)
            | Self::Cfsdfile(_)
            | Self::Cfsgfis(_)
            | Self::Csslcfg(_)
            | Self::FtpPort(_)
            | Self::FtpMode(_)
            | Self::FtpType(_)
            | Self::FtpPutOpt(_)
            | Self::FtpCid(_)
            | Self::FtpRest(_)
            | Self::FtpServ(_)
            | Self::FtpUn(_)
            | Self::FtpPw(_)
            | Self::FtpGetName(_)
            | Self::FtpGetPath(_)
            | Self::FtpPutName(_)
            | Self::FtpPutPath(_)
            | Self::FtpSsl(_) => {}
            Self::Csq(_)
            | Self::Cgnapn(_)
            | Self::Cfsinit(_)
            | Self::Cfsterm(_)
            | Self::FtpDele(_)
            | Self::FtpSize(_)
            | Self::FtpState(_)
            | Self::FtpMkd(_)
            | Self::FtpRmd(_)
            | Self::FtpQuit(_)
            | Self::FtpRename(_)
            | Self::FtpMdtm(_)
            | Self::FtpToFsSt(_) => {}
        }
        Ok(a)
    }
}

fn write_args(w: &mut Writer<'_>, args: &Args<'_>) {
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            w.put(b",");
        }
        match arg {
            Arg::Num(value, _) | Arg::Fixed(value) => w.decimal(value),
            Arg::Str(value, _) => w.quoted(value),
            Arg::Word(word) => w.quoted(word),
        }
    }
}

// --- Enumerations to their wire values (the parser maps them back) ------------------------

pub(super) const fn cmee(m: CmeeMode) -> u8 {
    match m {
        CmeeMode::Disabled => 0,
        CmeeMode::Numeric => 1,
        CmeeMode::Verbose => 2,
    }
}

pub(super) const fn cnact_action(a: CnactAction) -> u8 {
    match a {
        CnactAction::Deactivate => 0,
        CnactAction::Activate => 1,
        CnactAction::AutoActivate => 2,
    }
}

pub(super) const fn fs_dir(d: FsDir) -> u8 {
    match d {
        FsDir::Custapp => 0,
        FsDir::Fota => 1,
        FsDir::Datatx => 2,
        FsDir::Customer => 3,
    }
}

pub(super) const fn ftp_mode(m: FtpMode) -> u8 {
    match m {
        FtpMode::Active => 0,
        FtpMode::Passive => 1,
    }
}

pub(super) const fn ssl_type(t: SslType) -> u8 {
    match t {
        SslType::Plain => 0,
        SslType::Implicit => 1,
        SslType::Explicit => 2,
    }
}

pub(super) const fn ftp_type(t: FtpType) -> &'static str {
    match t {
        FtpType::Ascii => "A",
        FtpType::Binary => "I",
    }
}

pub(super) const fn put_opt(o: PutOpt) -> &'static str {
    match o {
        PutOpt::Appe => "APPE",
        PutOpt::Stou => "STOU",
        PutOpt::Stor => "STOR",
    }
}
