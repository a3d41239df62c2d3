//! The model's configurable timing and behaviour: the `profile:` section of
//! `spec/commands.yaml`, so that QA can match the model to a firmware release.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::time::Duration;

use simcom_at::command::FtpMode;

/// The order of the lines around the host's data of `AT+FTPETPUT=2` (Profile `etput_order`,
/// errata E36, spec decision 9) and of `AT+FTPEXTPUT=2,…` (Profile `extput_order`, errata E31,
/// spec decision 10): whether an `OK` comes before the data as well as after it.
///
/// ```
/// use simcom_ftp_model::{EtputOrder, Profile};
/// let p = Profile { extput_order: EtputOrder::AppNote, ..Profile::default() };
/// assert_eq!((p.etput_order, p.extput_order), (EtputOrder::Manual, EtputOrder::AppNote));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum EtputOrder {
    /// The manual's order, one final result code: `+FTPETPUT: 2,1`, the data and ETX, then one
    /// `OK`; for FTPEXTPUT the (optional) `+FTPEXTPUT: <pos>,<len>` line, the data, one `OK`.
    #[default]
    Manual,
    /// The application note's order, an `OK` before the data and a second one after it:
    /// `OK`, `+FTPETPUT: 2,1`, the data and ETX, `OK` (5.1.14); `OK`, the data, `OK` (5.1.12).
    AppNote,
}

/// When the module verifies the FTPS server's certificate (spec/commands.yaml profile
/// `verify_server`; what the app note's "忽略证书" means, errata E49).
///
/// ```
/// use simcom_ftp_model::{Profile, VerifyServer};
/// assert_eq!(Profile::default().verify_server, VerifyServer::WhenCaSet);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum VerifyServer {
    /// Never: any server certificate is accepted, even when AT+FTPSSL names a CA.
    Never,
    /// Against the CA AT+FTPSSL's `<ca_list>` names; an empty `<ca_list>` trusts every
    /// certificate (V1.02 §12.2.2 pp. 176–177: "If the root certificate is empty, module will
    /// trust all certificates as default").
    #[default]
    WhenCaSet,
    /// Always: with an empty `<ca_list>` there is nothing to trust and every handshake fails.
    Always,
}

/// One AT+CSSLCFG context: what `AT+CSSLCFG="CTXINDEX",<ctxindex>` prints, and its power-up
/// value (the manual prints no default: spec/commands.yaml profile `ssl_context`).
///
/// ```
/// use simcom_ftp_model::SslContext;
/// let c = SslContext::default();
/// assert_eq!((c.sslversion, c.ciphersuites, c.ignorertctime, c.protocol), (0, [0; 8], 0, 1));
/// assert!(c.sni.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SslContext {
    /// `<sslversion>` 0–5 (0: QAPI_NET_SSL_PROTOCOL_UNKNOWN, the version is negotiated).
    pub sslversion: u8,
    /// `<ciphersuite>` of each `<cipher_index>` slot 0–7; 0: slot not set.
    pub ciphersuites: [u16; 8],
    /// `<ignorertctime>` 0–1.
    pub ignorertctime: u8,
    /// `<protocol>` 1 TLS, 2 DTLS.
    pub protocol: u8,
    /// `<servername>` (SNI); empty: none.
    pub sni: String,
}

impl Default for SslContext {
    fn default() -> Self {
        Self {
            sslversion: 0,
            ciphersuites: [0; 8],
            ignorertctime: 0,
            protocol: 1,
            sni: String::new(),
        }
    }
}

/// What the module does with `AT+FTPPUT=2,<n>` sent while the chunk before it is still being
/// written, before the `+FTPPUT: 1,1,<maxlength>` that invites the next one (Profile
/// `put_early_chunk`, spec decision 34). No capture shows what a module does.
///
/// ```
/// use simcom_ftp_model::{EarlyChunk, Profile};
/// assert_eq!(Profile::default().put_early_chunk, EarlyChunk::Refuse);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum EarlyChunk {
    /// `ERROR`: the host waits for the invitation (the app note always does, 5.1.2).
    #[default]
    Refuse,
    /// `+FTPPUT: 2,<cnflength>`, the chunk is taken and written after the one before it; one
    /// invitation follows once every chunk taken is written.
    Accept,
}

/// Settings after power-up (all NO_SAVE). Spec decision 15.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defaults {
    /// ATE: command echo on.
    pub echo: bool,
    /// ATV: verbose result codes.
    pub verbose: bool,
    /// AT+CMEE: 0, 1 or 2.
    pub cmee: u8,
    /// AT+FTPPORT.
    pub ftpport: u16,
    /// AT+FTPMODE: passive. The AT manual prints no default and no example (V1.02 §15.2.2
    /// pp. 203-204); the one data point, the example read of the V1.05/V1.07 manual, shows 1
    /// (reference §2, M); passive is also the mode that works when the client's side takes no
    /// incoming connections (app note 2.2.2), as behind a cellular network's address
    /// translation (L). Set `Active` for a firmware that starts in 0 (Profile `defaults`).
    pub ftpmode: FtpMode,
    /// AT+FTPCID.
    pub ftpcid: u8,
    /// Each of the six AT+CSSLCFG contexts (NO_SAVE, V1.02 §11.2.1 p. 174).
    pub ssl_context: SslContext,
}

impl Default for Defaults {
    fn default() -> Self {
        Self {
            echo: true,
            verbose: true,
            cmee: 0,
            ftpport: 21,
            ftpmode: FtpMode::Passive,
            ftpcid: 0,
            ssl_context: SslContext::default(),
        }
    }
}

/// Timing values and behaviour switches of the model. `Profile::default()` is the spec's
/// documented default for every knob (spec/README.md §8 and the generated profile table).
///
/// ```
/// use core::time::Duration;
/// use simcom_ftp_model::{EtputOrder, Profile};
/// let p = Profile { etput_order: EtputOrder::AppNote, name_max_length: 99, ..Profile::default() };
/// assert_eq!(p.data_ready_repeat, Duration::from_secs(20));
/// assert_eq!(p.read_idle_timeout, Duration::from_secs(60));
/// assert_eq!(p.put_maxlength, 1360);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// While received data stays unread, `+FTPGET: 1,1` / `+FTPLIST: 1,1` is printed again
    /// when this long has passed since the later of the last announcement and the last read.
    pub data_ready_repeat: Duration,
    /// A session whose host neither reads nor writes for this long ends with 64.
    pub read_idle_timeout: Duration,
    /// A server that does not answer a request for this long ends the session with 64.
    pub server_timeout: Duration,
    /// The window for the bytes of one `AT+FTPPUT=2,<n>` chunk.
    pub put_input_timeout: Duration,
    /// `AT+FTPPUT=2,<n>` before the invitation of the next chunk: refused or taken.
    pub put_early_chunk: EarlyChunk,
    /// `None`: AT+FTPETPUT=2 waits for the ETX indefinitely. `Some(d)`: after `d` without a
    /// byte the data phase ends with `ERROR`, then `+FTPETPUT: 1,64`.
    pub etput_input_timeout: Option<Duration>,
    /// `<maxlength>` of `+FTPPUT: 1,1,<maxlength>`.
    pub put_maxlength: u16,
    /// Longest FTPGETNAME / FTPPUTNAME in bytes (64; 99 for V1.02-era firmware).
    pub name_max_length: usize,
    /// Order of the lines of AT+FTPETPUT=2.
    pub etput_order: EtputOrder,
    /// Whether AT+FTPEXTPUT=2 prints `+FTPEXTPUT: <pos>,<len>` before it takes the data.
    pub extput_header: bool,
    /// Whether AT+FTPEXTPUT=2 answers `OK` before it takes the data as well as after it (the
    /// app note's `OK`, data, `OK`); the `+FTPEXTPUT:` line, if printed, follows that `OK`.
    pub extput_order: EtputOrder,
    /// Whether AT+FTPREST returns to 0 once a download has started with it.
    pub ftprest_reset: bool,
    /// Whether unquoted string parameters (`AT+FTPTYPE=A`) are accepted.
    pub accept_unquoted_strings: bool,
    /// Bytes AT+FTPEXTGET=1 can hold in RAM (larger files end with 79).
    pub extget_ram_capacity: usize,
    /// Size of the AT+FTPEXTPUT RAM buffer.
    pub extput_ram_capacity: usize,
    /// The module's receive buffer for FTPGET / FTPLIST data: it stops reading from the
    /// network while this much is unread.
    pub rx_buffer: usize,
    /// Capacity of the module's file system in bytes (AT+CFSWFILE, AT+FTPEXTGET=2).
    pub fs_capacity: usize,
    /// The lines ATI prints before `OK`.
    pub ati_lines: Vec<String>,
    /// The manufacturer AT+CGMI and AT+GMI print.
    pub manufacturer: String,
    /// The model AT+CGMM and AT+GMM print.
    pub model: String,
    /// The `<revision>` AT+CGMR and AT+GMR print.
    pub revision: String,
    /// Whether AT+CGMR and AT+GMR print `Revision: <revision>` (the manual) or
    /// `Revision:<revision>` (seen on real modules).
    pub revision_space: bool,
    /// The IMEI AT+CGSN and AT+GSN print.
    pub imei: String,
    /// Whether the module prints `SMS Ready` after `+CPIN: READY` at power-up, as older SIMCom
    /// parts do (the SIM7080 manual does not list it: off).
    pub sms_ready: bool,
    /// When the FTPS server's certificate is verified.
    pub verify_server: VerifyServer,
    /// Whether `AT+CSSLCFG="CTXINDEX"` prints `<ciphersuite>` in hex (`0xC02F`, as the manual
    /// lists the codes) rather than decimal.
    pub cipher_suite_hex: bool,
    /// Settings after power-up.
    pub defaults: Defaults,
}

impl Default for Profile {
    fn default() -> Self {
        Self {
            data_ready_repeat: Duration::from_secs(20),
            read_idle_timeout: Duration::from_secs(60),
            server_timeout: Duration::from_secs(75),
            put_input_timeout: Duration::from_secs(10),
            put_early_chunk: EarlyChunk::Refuse,
            etput_input_timeout: None,
            put_maxlength: 1360,
            name_max_length: 64,
            etput_order: EtputOrder::Manual,
            extput_header: true,
            extput_order: EtputOrder::Manual,
            ftprest_reset: false,
            accept_unquoted_strings: true,
            extget_ram_capacity: 307_200,
            extput_ram_capacity: 327_680,
            rx_buffer: 8192,
            fs_capacity: 5_800_000,
            ati_lines: vec![String::from("SIM7080 R1351")],
            manufacturer: String::from("SIMCOM_Ltd"),
            model: String::from("SIMCOM_SIM7080"),
            revision: String::from("1951B10SIM7080"),
            revision_space: true,
            imei: String::from("866000000000000"),
            sms_ready: false,
            verify_server: VerifyServer::WhenCaSet,
            cipher_suite_hex: true,
            defaults: Defaults::default(),
        }
    }
}
