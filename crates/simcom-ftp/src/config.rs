//! The FTP(S) session parameters, as the command lines that set them.

use core::fmt;

use simcom_at::Command;
use simcom_at::command::{FtpMode, FtpSsl, FtpType, PutOpt, Setting, SslCfg, SslConvert, SslType};

/// The parameters every FTP session of the module uses (app note 5.1.1, 5.2.2, 5.2.3): the
/// context, the server, the account, the transfer options and FTPS. [`commands`](Self::commands)
/// gives the command lines that set them, in the note's order; run them with
/// [`Blocking::commands`](crate::Blocking::commands) or one by one with
/// [`Client::command`](crate::Client::command). Options left `None` keep the module's value,
/// but for `tls`: `None` sets plain FTP.
///
/// Its `Debug` does not print the password.
///
/// ```
/// use simcom_ftp::{Config, Tls};
/// use simcom_at::command::SslType;
///
/// let config = Config {
///     port: Some(990),
///     tls: Some(Tls { ca_list: "ftpbin_root_ca.cer", ..Tls::new(SslType::Implicit) }),
///     ..Config::new("112.74.93.163", "simcomtest", "simcomtest")
/// };
/// let lines: Vec<Vec<u8>> = config.commands().map(|c| c.to_vec().unwrap()).collect();
/// assert_eq!(lines, [
///     &b"AT+FTPCID=0\r"[..],
///     b"AT+FTPSERV=\"112.74.93.163\"\r",
///     b"AT+FTPPORT=990\r",
///     b"AT+FTPUN=\"simcomtest\"\r",
///     b"AT+FTPPW=\"simcomtest\"\r",
///     b"AT+FTPSSL=1,0,\"ftpbin_root_ca.cer\",\"\"\r",
/// ]);
/// assert!(format!("{config:?}").contains("password: \"<hidden>\""));
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Config<'a> {
    /// `AT+FTPCID`: the PDP context (0–3) the sessions use.
    pub cid: u8,
    /// `AT+FTPSERV`: the server's address or name.
    pub server: &'a str,
    /// `AT+FTPPORT`: the control port (21 at power-up; 990 for implicit FTPS).
    pub port: Option<u16>,
    /// `AT+FTPUN`: the user name.
    pub user: &'a str,
    /// `AT+FTPPW`: the password.
    pub password: &'a str,
    /// `AT+FTPMODE`: active or passive.
    pub mode: Option<FtpMode>,
    /// `AT+FTPTYPE`: ASCII or binary.
    pub transfer_type: Option<FtpType>,
    /// `AT+FTPPUTOPT`: STOR, APPE or STOU for uploads.
    pub put_opt: Option<PutOpt>,
    /// `AT+FTPREST`: where the next download starts (app note 5.1.7). A module may keep the
    /// offset after the download that used it (profile `ftprest_reset`): set `Some(0)` before
    /// a whole download if an earlier one resumed.
    pub rest: Option<u32>,
    /// FTPS: the SSL context and `AT+FTPSSL`. `None` sets plain FTP (`AT+FTPSSL=0,0,"",""`),
    /// so that no earlier FTPS setting lingers.
    pub tls: Option<Tls<'a>>,
}

impl<'a> Config<'a> {
    /// Plain FTP to `server` with this account, on context 0, every option at the module's
    /// value.
    #[must_use]
    pub fn new(server: &'a str, user: &'a str, password: &'a str) -> Self {
        Self {
            cid: 0,
            server,
            port: None,
            user,
            password,
            mode: None,
            transfer_type: None,
            put_opt: None,
            rest: None,
            tls: None,
        }
    }

    /// The command lines that set the parameters: `AT+FTPCID`, `AT+FTPSERV`, `AT+FTPPORT`,
    /// `AT+FTPUN`, `AT+FTPPW`, `AT+FTPMODE`, `AT+FTPTYPE`, `AT+FTPPUTOPT`, `AT+FTPREST`, then
    /// the SSL context's `AT+CSSLCFG` lines, the conversions, and `AT+FTPSSL`.
    #[must_use]
    pub fn commands(&self) -> Commands<'a> {
        Commands {
            config: *self,
            step: 0,
        }
    }

    /// The command of step `i`: `None` past the last, `Some(None)` for an option not set.
    fn step(&self, i: u8) -> Option<Option<Command<'a>>> {
        let tls = self.tls.unwrap_or_else(|| Tls::new(SslType::Plain));
        let ctxindex = tls.ctxindex;
        let plain = self.tls.is_none();
        let convert = |ssltype, cname: &'a str, keyname| {
            (tls.convert && !cname.is_empty()).then_some(Command::Csslcfg(SslCfg::Convert(
                SslConvert {
                    ssltype,
                    cname,
                    keyname,
                    passkey: None,
                },
            )))
        };
        Some(match i {
            0 => Some(Command::FtpCid(Setting::Write(self.cid))),
            1 => Some(Command::FtpServ(Setting::Write(self.server))),
            2 => self.port.map(|p| Command::FtpPort(Setting::Write(p))),
            3 => Some(Command::FtpUn(Setting::Write(self.user))),
            4 => Some(Command::FtpPw(Setting::Write(self.password))),
            5 => self.mode.map(|m| Command::FtpMode(Setting::Write(m))),
            6 => self
                .transfer_type
                .map(|t| Command::FtpType(Setting::Write(t))),
            7 => self.put_opt.map(|o| Command::FtpPutOpt(Setting::Write(o))),
            8 => self.rest.map(|r| Command::FtpRest(Setting::Write(r))),
            9 => tls.sslversion.map(|sslversion| {
                Command::Csslcfg(SslCfg::SslVersion {
                    ctxindex,
                    sslversion,
                })
            }),
            10 => tls.ignore_rtc_time.map(|ignore| {
                Command::Csslcfg(SslCfg::IgnoreRtcTime {
                    ctxindex,
                    ignorertctime: u8::from(ignore),
                })
            }),
            11 => tls.sni.map(|servername| {
                Command::Csslcfg(SslCfg::Sni {
                    ctxindex,
                    servername,
                })
            }),
            12 if !plain => convert(2, tls.ca_list, None),
            13 if !plain && tls.key_name.is_some() => convert(1, tls.cert_name, tls.key_name),
            12 | 13 => None,
            14 => Some(Command::FtpSsl(Setting::Write(FtpSsl {
                ssltype: tls.ssl_type,
                ctxindex,
                ca_list: tls.ca_list,
                cert_name: tls.cert_name,
            }))),
            _ => return None,
        })
    }
}

impl fmt::Debug for Config<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("cid", &self.cid)
            .field("server", &self.server)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("password", &"<hidden>")
            .field("mode", &self.mode)
            .field("transfer_type", &self.transfer_type)
            .field("put_opt", &self.put_opt)
            .field("rest", &self.rest)
            .field("tls", &self.tls)
            .finish()
    }
}

/// FTPS: `AT+FTPSSL`'s type, context and files, and the context's `AT+CSSLCFG` settings
/// (V1.02 §11.2.1; app note 5.2).
///
/// ```
/// use simcom_ftp::Tls;
/// use simcom_at::command::SslType;
/// let tls = Tls { ca_list: "ca.pem", convert: true, sni: Some("ftp.example.com"), ..Tls::new(SslType::Explicit) };
/// assert_eq!(tls.ctxindex, 0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tls<'a> {
    /// Implicit (TLS from the first byte, port 990) or explicit (`AUTH TLS`).
    pub ssl_type: SslType,
    /// The SSL context (0–5) the sessions use.
    pub ctxindex: u8,
    /// The converted CA file the server is verified against; empty: none (app note 5.2.2,
    /// errata E49).
    pub ca_list: &'a str,
    /// The converted client certificate; empty: none.
    pub cert_name: &'a str,
    /// The client certificate's key file: its conversion needs it (type 1 converts the
    /// certificate and its key in one call; without a key no conversion of `cert_name` is
    /// sent).
    pub key_name: Option<&'a str>,
    /// Convert `ca_list` (type 2) and `cert_name` (type 1, with `key_name`) with
    /// `AT+CSSLCFG="CONVERT"` first: files written into `/customer/`
    /// ([`Blocking::write_file`](crate::Blocking::write_file)) must be converted once.
    pub convert: bool,
    /// `"SSLVERSION"`: 0 any, 1 TLS 1.0, 2 TLS 1.1, 3 TLS 1.2.
    pub sslversion: Option<u8>,
    /// `"IGNORERTCTIME"`: ignore the module's clock when checking certificate dates.
    pub ignore_rtc_time: Option<bool>,
    /// `"SNI"`: the server name sent in the handshake.
    pub sni: Option<&'a str>,
}

impl Tls<'_> {
    /// `ssl_type` on context 0 without files, conversion or `AT+CSSLCFG` settings.
    #[must_use]
    pub fn new(ssl_type: SslType) -> Self {
        Self {
            ssl_type,
            ctxindex: 0,
            ca_list: "",
            cert_name: "",
            key_name: None,
            convert: false,
            sslversion: None,
            ignore_rtc_time: None,
            sni: None,
        }
    }
}

/// The command lines of a [`Config`], in order ([`Config::commands`]).
#[derive(Debug, Clone)]
pub struct Commands<'a> {
    config: Config<'a>,
    step: u8,
}

impl<'a> Iterator for Commands<'a> {
    type Item = Command<'a>;

    fn next(&mut self) -> Option<Command<'a>> {
        loop {
            let step = self.config.step(self.step)?;
            self.step += 1;
            if let Some(command) = step {
                return Some(command);
            }
        }
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Config<'_> {
    /// As `Debug`: the password is not printed.
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Config {{ cid: {}, server: {=str}, port: {}, user: {=str}, password: <hidden>, \
             mode: {}, transfer_type: {}, put_opt: {}, rest: {}, tls: {} }}",
            self.cid,
            self.server,
            self.port,
            self.user,
            self.mode.map(FtpMode::number),
            self.transfer_type.map(FtpType::name),
            self.put_opt.map(PutOpt::name),
            self.rest,
            self.tls
        );
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Tls<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Tls {{ ssl_type: {}, ctxindex: {}, ca_list: {=str}, cert_name: {=str}, \
             key_name: {}, convert: {}, sslversion: {}, ignore_rtc_time: {}, sni: {} }}",
            self.ssl_type.number(),
            self.ctxindex,
            self.ca_list,
            self.cert_name,
            self.key_name,
            self.convert,
            self.sslversion,
            self.ignore_rtc_time,
            self.sni
        );
    }
}
