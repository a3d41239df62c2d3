//! TLS for the real network: rustls (with the `ring` provider), verifying the server against
//! the CA the module names through AT+CSSLCFG / AT+FTPSSL, or not at all when the model's
//! [`Login::ca`](simcom_ftp_model::net::Login::ca) is `None` (an empty `<ca_list>`, or
//! Profile `verify_server: never`). An empty CA (`verify_server: always` with no
//! `<ca_list>`) holds no certificate: [`client_config`] refuses it, so the handshake fails
//! as the model's in-memory server makes it fail.
//!
//! suppaftp's own rustls connector starts the handshake lazily, on the first write, so that a
//! certificate failure would surface as an I/O error of the next FTP command. The connector here
//! completes the handshake at once, with the socket's timeouts set, so that a failure is
//! [`NetError::TlsHandshake`](simcom_ftp_model::net::NetError::TlsHandshake) whatever comes next.
//! Its stream also remembers the last command line written on a secured control connection,
//! which names the step a failure reply answers.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, RootCertStore, StreamOwned};
use suppaftp::{FtpError, FtpResult, TlsConnector, TlsStream};

use super::worker::Sockets;

/// The rustls configuration for a login: verify against `ca` (in any encoding AT+CSSLCFG
/// converts: PEM certificates, a single DER certificate, or PKCS#7 (P7B) in PEM or DER), or
/// accept any certificate when `ca` is `None`.
///
/// A CA that holds no parsable certificate is an error: the module could not verify anything
/// with it (FTP error 90).
///
/// ```
/// use simcom_conformance::realnet::tls::client_config;
/// assert!(client_config(None).is_ok());
/// assert!(client_config(Some(b"not a certificate")).is_err());
/// ```
pub fn client_config(ca: Option<&[u8]>) -> Result<Arc<ClientConfig>, super::Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .map_err(|e| super::Error::Tls(e.to_string()))?;
    let config = match ca {
        Some(bytes) => {
            let mut roots = RootCertStore::empty();
            let (added, _) = roots.add_parsable_certificates(ca_certificates(bytes));
            if added == 0 {
                return Err(super::Error::Tls(
                    "the CA file holds no usable certificate".into(),
                ));
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
        None => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AnyCertificate(
                provider.signature_verification_algorithms,
            )))
            .with_no_client_auth(),
    };
    Ok(Arc::new(config))
}

/// The certificates of a CA file in the encodings AT+CSSLCFG="CONVERT" takes (TCP/UDP(S)
/// application note V1.03 §5.2.3: PEM, DER and P7B): the PEM `CERTIFICATE` blocks and the
/// certificates of PEM `PKCS7` blocks; failing those, the certificates of a DER PKCS#7; failing
/// that, the whole file as one DER certificate.
fn ca_certificates(bytes: &[u8]) -> Vec<CertificateDer<'static>> {
    let mut certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(bytes)
        .filter_map(Result::ok)
        .collect();
    for block in pem_blocks(bytes, "PKCS7") {
        certs.extend(pkcs7_certificates(&block));
    }
    if certs.is_empty() {
        certs = pkcs7_certificates(bytes);
    }
    if certs.is_empty() {
        certs.push(CertificateDer::from(bytes.to_vec()));
    }
    certs
}

/// The decoded contents of the PEM blocks labelled `label`.
fn pem_blocks(bytes: &[u8], label: &str) -> Vec<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    let mut rest = &*text;
    while let Some(start) = rest.find(&begin) {
        let body = &rest[start + begin.len()..];
        let Some(stop) = body.find(&end) else { break };
        if let Some(der) = base64(&body[..stop]) {
            out.push(der);
        }
        rest = &body[stop + end.len()..];
    }
    out
}

/// Standard base64 (whitespace skipped, `=` padding); `None` on any other byte.
fn base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
    {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// One DER TLV: its tag, its contents and what follows it.
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if !(1..=4).contains(&n) || rest.len() < n {
            return None;
        }
        let (len, rest) = rest.split_at(n);
        (len.iter().fold(0, |a, &b| (a << 8) | usize::from(b)), rest)
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The certificates of a DER PKCS#7 SignedData (RFC 2315: ContentInfo { signedData,
/// [0] SignedData { version, digestAlgorithms, contentInfo, [0] certificates, … } }); none
/// when the bytes are not one.
fn pkcs7_certificates(der: &[u8]) -> Vec<CertificateDer<'static>> {
    let certificates = || {
        let (0x30, info, _) = tlv(der)? else {
            return None;
        };
        let (0x06, oid, rest) = tlv(info)? else {
            return None;
        };
        let (0xA0, explicit, _) = tlv(rest)? else {
            return None;
        };
        let (0x30, signed, _) = tlv(explicit)? else {
            return None;
        };
        if oid != simcom_ftp_model::CertFormat::PKCS7_SIGNED_DATA {
            return None;
        }
        // version, digestAlgorithms, contentInfo
        let (_, _, rest) = tlv(signed)?;
        let (_, _, rest) = tlv(rest)?;
        let (_, _, rest) = tlv(rest)?;
        let (0xA0, mut set, _) = tlv(rest)? else {
            return None;
        };
        let mut certs = Vec::new();
        while let Some((0x30, _, after)) = tlv(set) {
            certs.push(CertificateDer::from(
                set[..set.len() - after.len()].to_vec(),
            ));
            set = after;
        }
        Some(certs)
    };
    certificates().unwrap_or_default()
}

/// The note's "ignore the certificate": any server certificate is accepted, but the handshake
/// signatures are still checked (the connection is encrypted, just not authenticated).
#[derive(Debug)]
struct AnyCertificate(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.supported_schemes()
    }
}

/// What went wrong in a TLS handshake, kept for the worker's error mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TlsFailure {
    /// The handshake failed (certificate, version, cipher, the peer not speaking TLS).
    Handshake,
    /// The socket timed out during the handshake.
    Timeout,
}

/// suppaftp's connector, with the handshake completed at once and the sockets registered for
/// an abort.
#[derive(Debug)]
pub(crate) struct Connector {
    config: Arc<ClientConfig>,
    io_timeout: Duration,
    sockets: Sockets,
    /// The failure of the last handshake, if it failed.
    pub(crate) failure: Arc<Mutex<Option<TlsFailure>>>,
    /// The last command line written on the secured control connection.
    pub(crate) last_command: Arc<Mutex<Vec<u8>>>,
    /// How many connections were secured (the first is the control connection).
    secured: Arc<Mutex<u32>>,
}

impl Connector {
    pub(crate) fn new(config: Arc<ClientConfig>, io_timeout: Duration, sockets: Sockets) -> Self {
        Self {
            config,
            io_timeout,
            sockets,
            failure: Arc::default(),
            last_command: Arc::default(),
            secured: Arc::default(),
        }
    }

    /// A second handle on the same state (suppaftp takes the connector by value).
    pub(crate) fn share(&self) -> Self {
        Self {
            config: Arc::clone(&self.config),
            io_timeout: self.io_timeout,
            sockets: self.sockets.clone(),
            failure: Arc::clone(&self.failure),
            last_command: Arc::clone(&self.last_command),
            secured: Arc::clone(&self.secured),
        }
    }

    /// Whether a handshake has been attempted yet.
    pub(crate) fn attempted(&self) -> bool {
        self.secured.lock().map(|n| *n > 0).unwrap_or(false)
            || self.failure.lock().map(|f| f.is_some()).unwrap_or(false)
    }
}

fn timed_out(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

impl TlsConnector for Connector {
    type Stream = TlsConn;

    fn connect(&self, domain: &str, mut stream: TcpStream) -> FtpResult<TlsConn> {
        let fail = |kind: TlsFailure, msg: String| {
            if let Ok(mut f) = self.failure.lock() {
                *f = Some(kind);
            }
            FtpError::SecureError(msg)
        };
        stream
            .set_read_timeout(Some(self.io_timeout))
            .and_then(|()| stream.set_write_timeout(Some(self.io_timeout)))
            .map_err(FtpError::ConnectionError)?;
        self.sockets.register(&stream);
        // A bracketed IPv6 literal names the address inside the brackets.
        let host = domain.trim_start_matches('[').trim_end_matches(']');
        let name = ServerName::try_from(host.to_string())
            .map_err(|e| fail(TlsFailure::Handshake, e.to_string()))?;
        let mut conn = ClientConnection::new(Arc::clone(&self.config), name)
            .map_err(|e| fail(TlsFailure::Handshake, e.to_string()))?;
        while conn.is_handshaking() {
            if let Err(e) = conn.complete_io(&mut stream) {
                let kind = if timed_out(&e) {
                    TlsFailure::Timeout
                } else {
                    TlsFailure::Handshake
                };
                return Err(fail(kind, e.to_string()));
            }
        }
        let control = {
            let mut n = self
                .secured
                .lock()
                .map_err(|_| fail(TlsFailure::Handshake, "lock".into()))?;
            *n += 1;
            *n == 1
        };
        Ok(TlsConn {
            stream: Tapped {
                inner: StreamOwned::new(conn, stream),
                last_command: control.then(|| Arc::clone(&self.last_command)),
            },
            close_notify: true,
        })
    }
}

/// A TLS connection as suppaftp sees it.
#[derive(Debug)]
pub(crate) struct TlsConn {
    stream: Tapped,
    close_notify: bool,
}

/// The rustls stream, remembering the last line written when it is the control connection.
#[derive(Debug)]
pub(crate) struct Tapped {
    inner: StreamOwned<ClientConnection, TcpStream>,
    last_command: Option<Arc<Mutex<Vec<u8>>>>,
}

impl Read for Tapped {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf)
    }
}

impl Write for Tapped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(last) = &self.last_command
            && let Ok(mut l) = last.lock()
        {
            l.clear();
            l.extend_from_slice(buf);
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl TlsStream for TlsConn {
    type InnerStream = Tapped;

    fn tcp_stream(mut self) -> FtpResult<TcpStream> {
        self.close_notify = false;
        self.stream
            .inner
            .sock
            .try_clone()
            .map_err(FtpError::ConnectionError)
    }

    fn get_ref(&self) -> &TcpStream {
        &self.stream.inner.sock
    }

    fn mut_ref(&mut self) -> &mut Tapped {
        &mut self.stream
    }
}

impl Drop for TlsConn {
    fn drop(&mut self) {
        if self.close_notify {
            let s = &mut self.stream.inner;
            let _ = s.flush();
            s.conn.send_close_notify();
            let _ = s.conn.write_tls(&mut s.sock);
        }
    }
}

/// Whether `e` (an I/O error of a TLS stream) carries a TLS alert from the peer.
pub(crate) fn is_alert(e: &io::Error) -> bool {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        .is_some_and(|r| matches!(r, rustls::Error::AlertReceived(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A DER TLV.
    fn der(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        match u16::try_from(body.len()) {
            Ok(n) if n < 0x80 => out.push(n as u8),
            Ok(n) => out.extend([0x82, (n >> 8) as u8, n as u8]),
            Err(_) => panic!("test bodies are small"),
        }
        out.extend_from_slice(body);
        out
    }

    fn base64_encode(bytes: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |a, (i, &b)| a | u32::from(b) << (16 - 8 * i));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(char::from(A[(n >> (18 - 6 * i) & 63) as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// A throw-away CA certificate (DER).
    fn ca() -> CertificateDer<'static> {
        use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let issuer =
            rcgen::CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
        CertificateDer::from_pem_slice(issuer.pem().as_bytes()).unwrap()
    }

    /// RFC 2315 SignedData holding `cert` and nothing else (what `openssl crl2pkcs7 -nocrl`
    /// writes).
    fn p7b(cert: &[u8]) -> Vec<u8> {
        const SIGNED_DATA: &[u8] = simcom_ftp_model::CertFormat::PKCS7_SIGNED_DATA;
        const DATA: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01];
        let signed = der(
            0x30,
            &[
                der(0x02, &[1]),
                der(0x31, &[]),
                der(0x30, &der(0x06, DATA)),
                der(0xA0, cert),
                der(0x31, &[]),
            ]
            .concat(),
        );
        der(0x30, &[der(0x06, SIGNED_DATA), der(0xA0, &signed)].concat())
    }

    /// TCP/UDP(S) AN V1.03 §5.2.3: the module takes PEM, DER and P7B; the real-network TLS
    /// verifies against the same certificate whichever encoding was converted.
    #[test]
    fn a_ca_in_every_encoding_the_module_converts_gives_its_certificate() {
        let cert = ca();
        let pem = format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
            base64_encode(&cert)
        );
        let p7b_der = p7b(&cert);
        let p7b_pem = format!(
            "-----BEGIN PKCS7-----\n{}\n-----END PKCS7-----\n",
            base64_encode(&p7b_der)
        );
        for bytes in [pem.as_bytes(), &cert[..], &p7b_der, p7b_pem.as_bytes()] {
            assert_eq!(ca_certificates(bytes), vec![cert.clone()]);
            assert!(client_config(Some(bytes)).is_ok());
        }
        assert!(
            client_config(Some(b"")).is_err(),
            "no CA at all verifies nothing"
        );
    }
}
