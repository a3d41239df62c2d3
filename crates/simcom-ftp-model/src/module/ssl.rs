//! AT+CSSLCFG: the six SSL contexts (V1.02 §11.2.1 pp. 170–174) and the conversion of
//! certificate files for them.

use alloc::string::String;

use simcom_at::command::{SslCfg, SslConvert};
use simcom_at::{Info, Prefix};

use super::Module;
use super::out::Refusal;

/// How many contexts AT+CSSLCFG has: `<ctxindex>` 0–5.
pub(crate) const CONTEXTS: usize = 6;

/// The test form's lines, in the manual's order (V1.02 §11.2.1 p. 170), with the ranges of
/// spec/commands.yaml.
const TEST_LINES: [&str; 7] = [
    "\"SSLVERSION\",(0-5),(0-5)",
    "\"CIPHERSUITE\",(0-5),(0-7),(0x002F-0xCC15)",
    "\"IGNORERTCTIME\",(0-5),(0-1)",
    "\"PROTOCOL\",(0-5),(1-2)",
    "\"SNI\",(0-5),253",
    "\"CTXINDEX\",(0-5)",
    "\"CONVERT\",(1-3),50,50,50",
];

impl Module {
    pub(super) fn ssl_command(&mut self, cfg: SslCfg<'_>) {
        let ctxindex = match cfg {
            SslCfg::Test => {
                let lines = TEST_LINES.iter().map(|text| Info::Ranges {
                    prefix: Prefix::Csslcfg,
                    text,
                });
                return self.out.answer(lines);
            }
            SslCfg::Read => return self.out.ok(),
            SslCfg::Convert(c) => return self.convert(c),
            SslCfg::SslVersion { ctxindex, .. }
            | SslCfg::CipherSuite { ctxindex, .. }
            | SslCfg::IgnoreRtcTime { ctxindex, .. }
            | SslCfg::Protocol { ctxindex, .. }
            | SslCfg::Sni { ctxindex, .. }
            | SslCfg::CtxIndex { ctxindex } => ctxindex,
        };
        let hex = self.profile.cipher_suite_hex;
        // The parser has checked `<ctxindex>` 0–5.
        let Some(ctx) = self.ssl.get_mut(usize::from(ctxindex)) else {
            return self.out.refuse(Refusal::RANGE);
        };
        match cfg {
            SslCfg::SslVersion { sslversion, .. } => ctx.sslversion = sslversion,
            SslCfg::CipherSuite {
                cipher_index,
                ciphersuite,
                ..
            } => match ctx.ciphersuites.get_mut(usize::from(cipher_index)) {
                Some(slot) => *slot = ciphersuite,
                None => return self.out.refuse(Refusal::RANGE),
            },
            SslCfg::IgnoreRtcTime { ignorertctime, .. } => ctx.ignorertctime = ignorertctime,
            SslCfg::Protocol { protocol, .. } => ctx.protocol = protocol,
            SslCfg::Sni { servername, .. } => ctx.sni = String::from(servername),
            SslCfg::CtxIndex { ctxindex } => {
                let line = Info::SslContext {
                    ctxindex,
                    sslversion: ctx.sslversion,
                    ciphersuite: ctx.ciphersuites[0],
                    hex,
                    ignorertctime: ctx.ignorertctime,
                    protocol: ctx.protocol,
                    sni: &ctx.sni,
                };
                return self.out.answer([line]);
            }
            SslCfg::Test | SslCfg::Read | SslCfg::Convert(_) => {}
        }
        self.out.ok();
    }

    /// `AT+CSSLCFG="CONVERT"`: the files are read from /customer/. Type 1 needs the client
    /// certificate and its key in one call; type 2 a certificate (PEM, DER or P7B); type 3 (a
    /// PSK table) any existing file.
    fn convert(&mut self, c: SslConvert<'_>) {
        let ok = match c.ssltype {
            1 => self.fs.convert_client(c.cname, c.keyname),
            2 => self.fs.convert(c.cname),
            _ => self.fs.exists(super::FsDir::Customer, c.cname),
        };
        self.out.ok_or(ok, Refusal::FAILED);
    }
}
