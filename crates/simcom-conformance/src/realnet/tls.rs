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

/// The rustls configuration for a login: verify against `ca` (PEM, one or more certificates,
/// or a single DER certificate), or accept any certificate when `ca` is `None`.
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
            let mut certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(bytes)
                .filter_map(Result::ok)
                .collect();
            if certs.is_empty() {
                certs.push(CertificateDer::from(bytes.to_vec()));
            }
            let (added, _) = roots.add_parsable_certificates(certs);
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
