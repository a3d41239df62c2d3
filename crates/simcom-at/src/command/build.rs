//! From a parsed line to a typed [`Command`]: one builder per extended command name.
//!
//! The builders read the parameters through [`Params`], which applies the limit table
//! ([`rules`]); the error of a missing, extra or malformed parameter names it as the spec does.

use super::parse::Params;
use super::rules::{self, Num, Str};
use super::{
    Action, Cfswfile, Cfun, Cgact, Cgdcont, Chunked, CmeeMode, Cnact, CnactAction, Cncfg, Command,
    Cops, Form, FsDir, FsFile, FtpEtGet, FtpEtPut, FtpExtGet, FtpExtPut, FtpMode, FtpPut, FtpSsl,
    FtpType, Pin, PutOpt, Request, Setting, SslConvert, SslType,
};
use crate::ParseError;

/// Builds a command from its form and what follows the `=` (empty for other forms).
pub(super) type Build = for<'a> fn(Form, &'a [u8]) -> Result<Command<'a>, ParseError>;

/// The builder of the extended command `name` (without `+`, any letter case).
pub(super) fn extended(name: &[u8]) -> Option<Build> {
    let mut key = [0u8; 16];
    let upper = key.get_mut(..name.len())?;
    upper.copy_from_slice(name);
    upper.make_ascii_uppercase();
    let build: Build = match &*upper {
        b"CMEE" => cmee,
        b"CPIN" => cpin,
        b"CSQ" => |f, _| action(f).map(Command::Csq),
        b"CGATT" => |f, a| flag(f, a, &rules::CGATT_STATE).map(Command::Cgatt),
        b"CGACT" => cgact,
        b"COPS" => cops,
        b"CGNAPN" => |f, _| action(f).map(Command::Cgnapn),
        b"CNCFG" => cncfg,
        b"CNACT" => cnact,
        b"CFUN" => cfun,
        b"CGDCONT" => cgdcont,
        b"CFSINIT" => |f, _| action(f).map(Command::Cfsinit),
        b"CFSWFILE" => cfswfile,
        b"CFSDFILE" => |f, a| fs_file(f, a).map(Command::Cfsdfile),
        b"CFSGFIS" => |f, a| fs_file(f, a).map(Command::Cfsgfis),
        b"CFSTERM" => |f, _| action(f).map(Command::Cfsterm),
        b"CSSLCFG" => csslcfg,
        b"FTPPORT" => |f, a| number(f, a, &rules::FTPPORT).map(Command::FtpPort),
        b"FTPMODE" => ftpmode,
        b"FTPTYPE" => ftptype,
        b"FTPPUTOPT" => ftpputopt,
        b"FTPCID" => |f, a| number(f, a, &rules::FTPCID).map(Command::FtpCid),
        b"FTPREST" => |f, a| number(f, a, &rules::FTPREST).map(Command::FtpRest),
        b"FTPSERV" => |f, a| string(f, a, &rules::FTPSERV).map(Command::FtpServ),
        b"FTPUN" => |f, a| string(f, a, &rules::FTPUN).map(Command::FtpUn),
        b"FTPPW" => |f, a| string(f, a, &rules::FTPPW).map(Command::FtpPw),
        b"FTPGETNAME" => |f, a| string(f, a, &rules::FTP_FILE_NAME).map(Command::FtpGetName),
        b"FTPGETPATH" => |f, a| string(f, a, &rules::FTP_PATH).map(Command::FtpGetPath),
        b"FTPPUTNAME" => |f, a| string(f, a, &rules::FTP_FILE_NAME).map(Command::FtpPutName),
        b"FTPPUTPATH" => |f, a| string(f, a, &rules::FTP_PATH).map(Command::FtpPutPath),
        b"FTPGET" => |f, a| chunked(f, a).map(Command::FtpGet),
        b"FTPPUT" => ftpput,
        b"FTPDELE" => |f, _| action(f).map(Command::FtpDele),
        b"FTPSIZE" => |f, _| action(f).map(Command::FtpSize),
        b"FTPSTATE" => |f, _| action(f).map(Command::FtpState),
        b"FTPEXTPUT" => ftpextput,
        b"FTPMKD" => |f, _| action(f).map(Command::FtpMkd),
        b"FTPRMD" => |f, _| action(f).map(Command::FtpRmd),
        b"FTPLIST" => |f, a| chunked(f, a).map(Command::FtpList),
        b"FTPEXTGET" => ftpextget,
        b"FTPETPUT" => ftpetput,
        b"FTPETGET" => ftpetget,
        b"FTPQUIT" => |f, _| action(f).map(Command::FtpQuit),
        b"FTPRENAME" => |f, _| action(f).map(Command::FtpRename),
        b"FTPMDTM" => |f, _| action(f).map(Command::FtpMdtm),
        b"FTPSSL" => ftpssl,
        b"FTPTOFSST" => |f, _| action(f).map(Command::FtpToFsSt),
        _ => return None,
    };
    Some(build)
}

// --- Form helpers ---------------------------------------------------------------------------

/// `AT+X=?` / `AT+X?` / `AT+X=<…>`.
fn setting<'a, T>(
    form: Form,
    args: &'a [u8],
    write: impl FnOnce(&Params<'a>) -> Result<T, ParseError>,
) -> Result<Setting<T>, ParseError> {
    Ok(match form {
        Form::Test => Setting::Test,
        Form::Read => Setting::Read,
        Form::Write => Setting::Write(write(&Params::split(args)?)?),
        Form::Execute => return Err(ParseError::UnsupportedForm),
    })
}

/// `AT+X=?` / `AT+X=<…>`.
fn request<'a, T>(
    form: Form,
    args: &'a [u8],
    write: impl FnOnce(&Params<'a>) -> Result<T, ParseError>,
) -> Result<Request<T>, ParseError> {
    Ok(match form {
        Form::Test => Request::Test,
        Form::Write => Request::Write(write(&Params::split(args)?)?),
        Form::Read | Form::Execute => return Err(ParseError::UnsupportedForm),
    })
}

/// `AT+X=?` / `AT+X`.
const fn action(form: Form) -> Result<Action, ParseError> {
    match form {
        Form::Test => Ok(Action::Test),
        Form::Execute => Ok(Action::Execute),
        Form::Read | Form::Write => Err(ParseError::UnsupportedForm),
    }
}

/// A command whose write form starts with `<mode>`: `test` for `=?`, `read` (when the
/// command has one) for `?`, `write` for `=<mode>,…`.
fn modal<'a, T>(
    form: Form,
    args: &'a [u8],
    test: T,
    read: Option<T>,
    write: impl FnOnce(&Params<'a>) -> Result<T, ParseError>,
) -> Result<T, ParseError> {
    match form {
        Form::Test => Ok(test),
        Form::Read => read.ok_or(ParseError::UnsupportedForm),
        Form::Write => write(&Params::split(args)?),
        Form::Execute => Err(ParseError::UnsupportedForm),
    }
}

/// A setting holding one number.
fn number<T: TryFrom<u64>>(
    form: Form,
    args: &[u8],
    rule: &'static Num,
) -> Result<Setting<T>, ParseError> {
    setting(form, args, |p| {
        p.at_most(1)?;
        p.num(0, rule)
    })
}

/// A setting holding 0 or 1.
fn flag(form: Form, args: &[u8], rule: &'static Num) -> Result<Setting<bool>, ParseError> {
    number::<u8>(form, args, rule).map(|s| match s {
        Setting::Test => Setting::Test,
        Setting::Read => Setting::Read,
        Setting::Write(v) => Setting::Write(v == 1),
    })
}

/// A setting holding one string.
fn string<'a>(
    form: Form,
    args: &'a [u8],
    rule: &'static Str,
) -> Result<Setting<&'a str>, ParseError> {
    setting(form, args, |p| {
        p.at_most(1)?;
        p.str(0, rule)
    })
}

/// A setting holding one enumerated string; an unknown word is [`ParseError::Syntax`].
fn word<T: Copy>(form: Form, args: &[u8], words: &[(&str, T)]) -> Result<Setting<T>, ParseError> {
    let param = rules::WORD_VALUE;
    setting(form, args, |p| {
        p.at_most(1)?;
        p.word(0, param, words)?.ok_or(ParseError::Syntax { param })
    })
}

const fn dir(n: u8) -> FsDir {
    match n {
        0 => FsDir::Custapp,
        1 => FsDir::Fota,
        2 => FsDir::Datatx,
        _ => FsDir::Customer,
    }
}

// --- Bearer ---------------------------------------------------------------------------------

fn cmee(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    let mode = |n: u8| match n {
        0 => CmeeMode::Disabled,
        1 => CmeeMode::Numeric,
        _ => CmeeMode::Verbose,
    };
    number::<u8>(form, args, &rules::CMEE_N).map(|s| {
        Command::Cmee(match s {
            Setting::Test => Setting::Test,
            Setting::Read => Setting::Read,
            Setting::Write(n) => Setting::Write(mode(n)),
        })
    })
}

fn cpin(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    setting(form, args, |p| {
        p.at_most(2)?;
        Ok(Pin {
            pin: p.str(0, &rules::CPIN_PIN)?,
            new_pin: p.opt_str(1, &rules::CPIN_NEWPIN)?,
        })
    })
    .map(Command::Cpin)
}

fn cgact(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    setting(form, args, |p| {
        p.at_most(2)?;
        Ok(Cgact {
            state: p.num::<u8>(0, &rules::CGACT_STATE)? == 1,
            cid: p.opt_num(1, &rules::CGACT_CID)?,
        })
    })
    .map(Command::Cgact)
}

fn cops(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    setting(form, args, |p| {
        p.at_most(4)?;
        Ok(Cops {
            mode: p.num(0, &rules::COPS_MODE)?,
            format: p.opt_num(1, &rules::COPS_FORMAT)?,
            oper: p.opt_str(2, &rules::COPS_OPER)?,
            act: p.opt_num(3, &rules::COPS_ACT)?,
        })
    })
    .map(Command::Cops)
}

fn cncfg(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    setting(form, args, |p| {
        p.at_most(6)?;
        let pdpidx = p.num(0, &rules::CNCFG_PDPIDX)?;
        let ip_type = p.num(1, &rules::CNCFG_IP_TYPE)?;
        let apn = p.opt_str(2, &rules::CNCFG_APN)?;
        let credentials = if p.len() > 3 {
            Some((
                p.str(3, &rules::CNCFG_USER)?,
                p.str(4, &rules::CNCFG_PASSWORD)?,
            ))
        } else {
            None
        };
        let auth = p.opt_num(5, &rules::CNCFG_AUTH)?;
        Ok(Cncfg {
            pdpidx,
            ip_type,
            apn,
            credentials,
            auth,
        })
    })
    .map(Command::Cncfg)
}

fn cnact(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    setting(form, args, |p| {
        p.at_most(2)?;
        let pdpidx = p.num(0, &rules::CNACT_PDPIDX)?;
        let action = match p.num::<u8>(1, &rules::CNACT_ACTION)? {
            0 => CnactAction::Deactivate,
            1 => CnactAction::Activate,
            _ => CnactAction::AutoActivate,
        };
        Ok(Cnact { pdpidx, action })
    })
    .map(Command::Cnact)
}

fn cfun(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    setting(form, args, |p| {
        p.at_most(2)?;
        Ok(Cfun {
            fun: p.num(0, &rules::CFUN_FUN)?,
            rst: p.opt_num(1, &rules::CFUN_RST)?,
        })
    })
    .map(Command::Cfun)
}

fn cgdcont(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    setting(form, args, |p| {
        p.at_most(3)?;
        Ok(Cgdcont {
            cid: p.num(0, &rules::CGDCONT_CID)?,
            pdp_type: p.opt_str(1, &rules::CGDCONT_PDP_TYPE)?,
            apn: p.opt_str(2, &rules::CGDCONT_APN)?,
        })
    })
    .map(Command::Cgdcont)
}

// --- File system and SSL --------------------------------------------------------------------

fn cfswfile(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    request(form, args, |p| {
        p.at_most(5)?;
        Ok(Cfswfile {
            dir: dir(p.num(0, &rules::CFSWFILE_INDEX)?),
            name: p.str(1, &rules::CFSWFILE_NAME)?,
            append: p.num::<u8>(2, &rules::CFSWFILE_MODE)? == 1,
            size: p.num(3, &rules::CFSWFILE_SIZE)?,
            input_time: p.num(4, &rules::CFSWFILE_INPUT_TIME)?,
        })
    })
    .map(Command::Cfswfile)
}

/// `AT+CFSDFILE` / `AT+CFSGFIS`: `=?` or `=<index>,"<filename>"`.
fn fs_file(form: Form, args: &[u8]) -> Result<Request<FsFile<'_>>, ParseError> {
    request(form, args, |p| {
        p.at_most(2)?;
        Ok(FsFile {
            dir: dir(p.num(0, &rules::CFS_FILE_INDEX)?),
            name: p.str(1, &rules::CFS_FILE_NAME)?,
        })
    })
}

fn csslcfg(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    request(form, args, |p| {
        // Only the "CONVERT" sub-command is modelled; any other keyword is another form.
        let convert = [(rules::CSSLCFG_KEYWORD, ())];
        p.word(0, rules::CSSLCFG_KEYWORD_PARAM, &convert)?
            .ok_or(ParseError::UnsupportedForm)?;
        p.at_most(5)?;
        Ok(SslConvert {
            ssltype: p.num(1, &rules::CSSLCFG_SSLTYPE)?,
            cname: p.str(2, &rules::CSSLCFG_CNAME)?,
            keyname: p.opt_str(3, &rules::CSSLCFG_KEYNAME)?,
            passkey: p.opt_str(4, &rules::CSSLCFG_PASSKEY)?,
        })
    })
    .map(Command::Csslcfg)
}

// --- FTP configuration ----------------------------------------------------------------------

fn ftpmode(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    number::<u8>(form, args, &rules::FTPMODE).map(|s| {
        Command::FtpMode(match s {
            Setting::Test => Setting::Test,
            Setting::Read => Setting::Read,
            Setting::Write(0) => Setting::Write(FtpMode::Active),
            Setting::Write(_) => Setting::Write(FtpMode::Passive),
        })
    })
}

fn ftptype(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    word(form, args, &[("A", FtpType::Ascii), ("I", FtpType::Binary)]).map(Command::FtpType)
}

fn ftpputopt(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    let words = [
        ("APPE", PutOpt::Appe),
        ("STOU", PutOpt::Stou),
        ("STOR", PutOpt::Stor),
    ];
    word(form, args, &words).map(Command::FtpPutOpt)
}

fn ftpssl(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    setting(form, args, |p| {
        p.at_most(4)?;
        let ssltype = match p.num::<u8>(0, &rules::FTPSSL_SSLTYPE)? {
            0 => SslType::Plain,
            1 => SslType::Implicit,
            _ => SslType::Explicit,
        };
        Ok(FtpSsl {
            ssltype,
            ctxindex: p.num(1, &rules::FTPSSL_CTXINDEX)?,
            ca_list: p.str(2, &rules::FTPSSL_CA_LIST)?,
            cert_name: p.str(3, &rules::FTPSSL_CERT_NAME)?,
        })
    })
    .map(Command::FtpSsl)
}

// --- FTP sessions ---------------------------------------------------------------------------

/// AT+FTPGET and AT+FTPLIST: `=1` / `=2,<reqlength>`.
fn chunked(form: Form, args: &[u8]) -> Result<Chunked, ParseError> {
    modal(form, args, Chunked::Test, None, |p| {
        match p.num::<u8>(0, &rules::CHUNK_MODE)? {
            1 => p.at_most(1).map(|()| Chunked::Open),
            _ => {
                p.at_most(2)?;
                Ok(Chunked::Read {
                    reqlength: p.num(1, &rules::REQLENGTH)?,
                })
            }
        }
    })
}

fn ftpput(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    modal(form, args, FtpPut::Test, None, |p| {
        match p.num::<u8>(0, &rules::CHUNK_MODE)? {
            1 => p.at_most(1).map(|()| FtpPut::Open),
            _ => {
                p.at_most(2)?;
                // `=2,0` finishes the upload; any other length announces a chunk.
                if p.value(1, rules::REQLENGTH.param)? == 0 {
                    Ok(FtpPut::Finish)
                } else {
                    Ok(FtpPut::Write {
                        reqlength: p.num(1, &rules::REQLENGTH)?,
                    })
                }
            }
        }
    })
    .map(Command::FtpPut)
}

fn ftpextput(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    let test = FtpExtPut::Test;
    modal(form, args, test, Some(FtpExtPut::Read), |p| {
        match p.num::<u8>(0, &rules::FTPEXTPUT_MODE)? {
            0 => p.at_most(1).map(|()| FtpExtPut::Normal),
            1 => p.at_most(1).map(|()| FtpExtPut::Extended),
            _ => {
                p.at_most(4)?;
                Ok(FtpExtPut::Load {
                    pos: p.num(1, &rules::FTPEXTPUT_POS)?,
                    len: p.num(2, &rules::FTPEXTPUT_LEN)?,
                    timeout: p.num(3, &rules::FTPEXTPUT_TIMEOUT)?,
                })
            }
        }
    })
    .map(Command::FtpExtPut)
}

fn ftpextget(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    let test = FtpExtGet::Test;
    modal(form, args, test, Some(FtpExtGet::Read), |p| {
        match p.num::<u8>(0, &rules::FTPEXTGET_MODE)? {
            0 => p.at_most(1).map(|()| FtpExtGet::Normal),
            1 => p.at_most(1).map(|()| FtpExtGet::Ram),
            2 => {
                p.at_most(3)?;
                Ok(FtpExtGet::File {
                    dir: dir(p.num(1, &rules::FTPEXTGET_DIR)?),
                    name: p.str(2, &rules::FTPEXTGET_FILE_NAME)?,
                })
            }
            _ => {
                p.at_most(3)?;
                Ok(FtpExtGet::Output {
                    pos: p.num(1, &rules::FTPEXTGET_POS)?,
                    len: p.num(2, &rules::FTPEXTGET_LEN)?,
                })
            }
        }
    })
    .map(Command::FtpExtGet)
}

fn ftpetput(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    modal(form, args, FtpEtPut::Test, None, |p| {
        p.at_most(1)?;
        match p.num::<u8>(0, &rules::FTPETPUT_MODE)? {
            1 => Ok(FtpEtPut::Open),
            _ => Ok(FtpEtPut::Data),
        }
    })
    .map(Command::FtpEtPut)
}

fn ftpetget(form: Form, args: &[u8]) -> Result<Command<'_>, ParseError> {
    modal(form, args, FtpEtGet::Test, None, |p| {
        p.at_most(1)?;
        p.num::<u8>(0, &rules::FTPETGET_MODE)
            .map(|_| FtpEtGet::Open)
    })
    .map(Command::FtpEtGet)
}
