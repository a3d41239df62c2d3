//! The model against a real FTP(S) server: a network driver that serves the model's
//! [`NetRequest`](simcom_ftp_model::net::NetRequest)s with real FTP connections, at wall time.
//!
//! - [`RealNet`]: the driver. One worker thread per FTP connection carries the model's
//!   operations out with [suppaftp](https://docs.rs/suppaftp) (sync API, rustls with the
//!   `ring` provider) and sends the replies back over a channel; the driver hands them to the
//!   model when they fall due. Failures follow [`NetError::ftp_error`](simcom_ftp_model::net::NetError):
//!   a failure reply is the step's (`Reply { step, code }`), a TLS handshake failure
//!   `TlsHandshake`, a name that does not resolve `Dns`, a refused or unreachable connection
//!   `Connect`, a data connection that breaks `DataBroken`, a socket timeout `Timeout`.
//!   [`RealNet`] is a [`Peer`](simcom_ftp_model::net::Peer) of the model, as the in-memory server
//!   is: [`Sim`](simcom_ftp_model::sim::Sim) wires the two, and the harness's targets and virtual
//!   module run it at wall time.
//! - [`provision`]: a tree of files and directories put onto the real server (before a
//!   transcript, its world's).
//! - [`normalise`]: listings and modification times shown as the in-memory server shows them,
//!   so that the corpus replays the same.
//!
//! Why suppaftp: it is the maintained FTP client of the ecosystem (the fork that continued
//! rust-ftp, whose `ftp` crate stopped in 2018 with OpenSSL only), its blocking API suits a
//! thread per connection without an async runtime in the harness, its rustls backend needs no
//! system TLS library, and it exposes what the driver needs to follow the model's contract:
//! transfers as streams (read piece by piece, written chunk by chunk, finished on request),
//! custom commands (each FTP step sent on its own, so that a failure reply names its step), a
//! pluggable TLS connector and passive stream builder (timeouts on every socket).
//! `async_ftp` would need a tokio runtime and offers less.
//!
//! Nothing here blocks without a bound: sockets have read, write and connect timeouts
//! ([`Timeouts`]), name lookups run on a thread of their own with a bound, and an abort shuts a
//! connection's sockets down.

//!
//! This layer knows the model's network contract and real FTP servers, nothing of transcripts,
//! targets or terminals.

mod net;
pub mod normalise;
pub mod provision;
pub mod tls;
mod worker;

use std::time::Duration;

pub use net::{RealNet, Shaping};

use simcom_ftp_model::net::Security;

use crate::secret;

/// How long the driver waits for the network.
///
/// `io` bounds every read and write on a control or data connection; it is above the model's
/// `server_timeout` (75 s), so that a silent server is the model's timeout (64) first.
///
/// ```
/// use simcom_conformance::realnet::Timeouts;
/// let t = Timeouts::default();
/// assert!(t.io > std::time::Duration::from_secs(75));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// A TCP connect (control or data; the accept of an active-mode data connection).
    pub connect: Duration,
    /// A read or write on a socket (and a TLS handshake).
    pub io: Duration,
    /// A name lookup.
    pub dns: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            io: Duration::from_secs(120),
            dns: Duration::from_secs(10),
        }
    }
}

/// Where the module's control connections go.
///
/// The in-memory server listens on ports 21 (plain and explicit FTPS) and 990 (implicit
/// FTPS); a real server under test usually listens elsewhere. A login to `host` on port 21
/// goes to `port`, on port 990 to `implicit_port`; other hosts and ports are used as the
/// module names them.
///
/// ```
/// use simcom_conformance::realnet::PortMap;
/// use simcom_ftp_model::net::Security;
/// let map = PortMap { host: "127.0.0.1".into(), port: 2121, implicit_port: Some(9990) };
/// assert_eq!(map.route("127.0.0.1", 21, Security::Plain), ("127.0.0.1".to_string(), 2121));
/// assert_eq!(map.route("127.0.0.1", 990, Security::Implicit), ("127.0.0.1".to_string(), 9990));
/// assert_eq!(map.route("127.0.0.1", 2122, Security::Plain), ("127.0.0.1".to_string(), 2122));
/// assert_eq!(map.route("example.com", 21, Security::Plain), ("example.com".to_string(), 21));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortMap {
    /// The real server's host.
    pub host: String,
    /// Its plain / explicit FTPS control port (the module's 21).
    pub port: u16,
    /// Its implicit FTPS port (the module's 990); `None`: 990.
    pub implicit_port: Option<u16>,
}

impl PortMap {
    /// The host and port a login to `host:port` connects to.
    pub fn route(&self, host: &str, port: u16, _security: Security) -> (String, u16) {
        if !self.host.is_empty() && host.eq_ignore_ascii_case(&self.host) {
            match port {
                21 => return (host.to_string(), self.port),
                990 => return (host.to_string(), self.implicit_port.unwrap_or(990)),
                _ => {}
            }
        }
        (host.to_string(), port)
    }
}

/// A real FTP server and its account: `ftp://user:password@host:port` (port 21 if left out;
/// `%XX` escapes in the user and password; an IPv6 host in brackets).
///
/// ```
/// use simcom_conformance::realnet::ServerUrl;
/// let u = ServerUrl::parse("ftp://me:p%40ss@127.0.0.1:2121").unwrap();
/// assert_eq!((u.user.as_str(), u.password.as_str(), u.host.as_str(), u.port), ("me", "p@ss", "127.0.0.1", 2121));
/// assert_eq!(ServerUrl::parse("ftp://me:x@h").unwrap().port, 21);
/// assert!(ServerUrl::parse("http://h").is_err());
/// assert!(!format!("{u:?}").contains("p@ss"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ServerUrl {
    /// Host name or address (an IPv6 address without brackets).
    pub host: String,
    /// Control port.
    pub port: u16,
    /// Account.
    pub user: String,
    /// Its password.
    pub password: String,
}

impl std::fmt::Debug for ServerUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ftp://{}:***@{}:{}", self.user, self.host, self.port)
    }
}

/// What is wrong with a real server or its options.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A `--server` URL that cannot be used; `url` is shown with its password replaced by `***`.
    #[error("--server {url:?}: {why} (ftp://user:password@host:port)")]
    Url {
        /// The URL as given, password redacted.
        url: String,
        /// What is wrong.
        why: &'static str,
    },
    /// A CA that holds no usable certificate, or a TLS configuration that cannot be built.
    #[error("TLS: {0}")]
    Tls(String),
    /// Putting a tree onto the server failed: `step` is the FTP command or phase.
    #[error("provisioning: {step}: {detail}")]
    Provision {
        /// The FTP command or phase (`login`, `MKD /pub`, `STOR /a.txt`, …).
        step: String,
        /// What the server or the network said.
        detail: String,
    },
}

fn percent_decode(s: &str) -> Result<String, &'static str> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or("a bad %-escape in the user or password")?;
            out.push(hex);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "the user or password is not UTF-8 once decoded")
}

impl ServerUrl {
    /// Parses `ftp://user:password@host[:port][/]`. An error shows the URL without its
    /// password.
    ///
    /// ```
    /// use simcom_conformance::realnet::ServerUrl;
    /// let e = ServerUrl::parse("ftp://me:hunter2@h:x").unwrap_err();
    /// assert!(!e.to_string().contains("hunter2"), "{e}");
    /// ```
    pub fn parse(url: &str) -> Result<Self, Error> {
        let bad = |why: &'static str| Error::Url {
            url: secret::redact(url, &[]),
            why,
        };
        let rest = url
            .strip_prefix("ftp://")
            .ok_or_else(|| bad("not an ftp:// URL"))?;
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let (account, hostport) = rest.rsplit_once('@').ok_or_else(|| bad("no user"))?;
        let (user, password) = account.split_once(':').unwrap_or((account, ""));
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            let (h, after) = v6.split_once(']').ok_or_else(|| bad("unclosed ["))?;
            (h, after.strip_prefix(':'))
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            }
        };
        if host.is_empty() || host.contains('/') {
            return Err(bad("no host"));
        }
        let port = match port {
            None => 21,
            Some(p) => p.parse().map_err(|_| bad("bad port"))?,
        };
        Ok(Self {
            host: host.to_string(),
            port,
            user: percent_decode(user).map_err(bad)?,
            password: percent_decode(password).map_err(bad)?,
        })
    }
}

/// A real server for the model: the `--server` options.
///
/// ```
/// use simcom_conformance::realnet::{ServerSpec, ServerUrl};
/// let mut spec = ServerSpec::new(ServerUrl::parse("ftp://u:p@127.0.0.1:2121").unwrap());
/// spec.implicit_port = Some(9990);
/// assert_eq!(spec.ports().implicit_port, Some(9990));
/// assert_eq!(spec.vars()["server"], "127.0.0.1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerSpec {
    /// The server and its account.
    pub url: ServerUrl,
    /// Where the module's port 990 (implicit FTPS) goes; `None`: 990.
    pub implicit_port: Option<u16>,
    /// A CA (PEM or DER) that stands in for any CA file the module names: the CA that signs
    /// the real server's certificate (a transcript's certificate is made up).
    pub ca: Option<Vec<u8>>,
    /// Timeouts of the driver.
    pub timeouts: Timeouts,
}

impl ServerSpec {
    /// The server at `url`, default options.
    pub fn new(url: ServerUrl) -> Self {
        Self {
            url,
            implicit_port: None,
            ca: None,
            timeouts: Timeouts::default(),
        }
    }

    /// The port map of this server.
    pub fn ports(&self) -> PortMap {
        PortMap {
            host: self.url.host.clone(),
            port: self.url.port,
            implicit_port: self.implicit_port,
        }
    }

    /// The transcript variables the server's account replaces: `server`, `user`, `password`.
    pub fn vars(&self) -> std::collections::BTreeMap<String, String> {
        [
            ("server", self.url.host.as_str()),
            ("user", self.url.user.as_str()),
            ("password", self.url.password.as_str()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }
}
