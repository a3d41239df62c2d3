//! The harness's own FTP(S) server, for a live module to connect to: libunftp (with the
//! unftp-sbe-fs back-end) behind a control-connection front, whose files, accounts, pacing,
//! latency and faults follow a transcript's `world.server` ([`Ftpd::set_world`]), switched
//! before each transcript by `run --ftpd`, or fixed by `simcom-conformance ftpd --world`.
//!
//! What follows the world, and how:
//!
//! | world | here |
//! |---|---|
//! | `files`, `dirs` | written into a fresh folder that libunftp serves |
//! | `users` | the accounts libunftp accepts (default `simcomtest`/`simcomtest`) |
//! | `mtime` | the time of the world's entries; later entries add the wall time since |
//! | `pieces`, `interval`, `hold` | the pace of a download (RETR) |
//! | `latency` | a wait before each reply (the greeting and every command's) |
//! | `faults.refuse_connections` | the control ports stop listening: a connection is refused |
//! | `faults.drop_after`, `stall_after` | a transfer breaks, or goes silent, after n bytes |
//! | `faults.fail` | the step's command is answered with the code (the greeting too) |
//! | listings | the in-memory server's format (vsftpd's, `simcom_ftp_model::server`) |
//!
//! Explicit FTPS (`AUTH TLS` on the plain port) and implicit FTPS (TLS from the first byte on
//! the implicit port) use the certificate given, or one the server makes for itself
//! ([`Ftpd::ca_pem`] is then the CA that signs it). Not followed: `list_pieces` (a listing
//! comes whole).
//!
//! Imports the transcript layer (a world) and nothing above.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use simcom_ftp_model::net::FtpStep;
use simcom_ftp_model::server::{EPOCH, Pacing};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::transcript::{ServerWorld, world};

mod backend;
mod front;

/// The server could not start, or a world could not be put on it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FtpdError {
    /// A port could not be bound, a folder written, the runtime started.
    #[error("{what}: {source}")]
    Io {
        /// What failed.
        what: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The certificate or key given does not load, or one could not be made.
    #[error("certificate: {0}")]
    Certificate(String),
    /// A world's path leaves the server's folder (`..`) or is not a path.
    #[error("world.server: {0:?} is not a path under /")]
    Path(String),
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> FtpdError {
    let what = what.into();
    move |source| FtpdError::Io { what, source }
}

/// Where the server listens and what it tells the module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FtpdConfig {
    /// Plain FTP and explicit FTPS (port 0: any free port).
    pub listen: SocketAddr,
    /// Implicit FTPS (port 0: any free port).
    pub implicit: SocketAddr,
    /// The address the module dials: the passive-mode address and `${server}`. Default: the
    /// listening address.
    pub host: Option<String>,
    /// The server's certificate chain and key (PEM); `None`: made for `host`, `localhost`
    /// and `127.0.0.1`, signed by a CA of its own.
    pub tls: Option<(Vec<u8>, Vec<u8>)>,
}

impl FtpdConfig {
    /// Both ports on `ip`, any free port, a certificate of its own.
    pub fn local(ip: IpAddr) -> Self {
        Self {
            listen: SocketAddr::new(ip, 0),
            implicit: SocketAddr::new(ip, 0),
            host: None,
            tls: None,
        }
    }
}

/// What the server follows of the world in force.
#[derive(Debug, Clone)]
struct WorldState {
    users: BTreeMap<String, String>,
    latency: Duration,
    refuse: bool,
    fail: Vec<(FtpStep, u16)>,
    snapshot: backend::Snapshot,
}

impl WorldState {
    /// The reply code the world injects at `step`, if any (`faults.fail`).
    fn fail_code(&self, step: FtpStep) -> Option<u16> {
        self.fail.iter().find(|(s, _)| *s == step).map(|(_, c)| *c)
    }
}

/// What every task of the server shares.
struct Shared {
    world: Mutex<WorldState>,
    /// Bumped at each world: the listeners re-read `refuse`.
    changed: watch::Sender<u64>,
    tls: tokio_rustls::TlsAcceptor,
    root: PathBuf,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("root", &self.root)
            .finish_non_exhaustive()
    }
}

impl Shared {
    fn world(&self) -> WorldState {
        self.world
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// The running server. Dropping it stops it.
///
/// ```no_run
/// use simcom_conformance::ftpd::{Ftpd, FtpdConfig};
/// use simcom_conformance::transcript::Transcript;
/// let t = Transcript::parse(
///     "title: t\nsource: s\nworld: { server: { files: { /a.txt: hi } } }\nsteps: [{ send: AT }]\n",
///     &Default::default(),
/// ).unwrap();
/// let server = Ftpd::start(FtpdConfig::local([127, 0, 0, 1].into())).unwrap();
/// server.set_world(&t.world.server).unwrap();
/// println!("plain/explicit FTPS on {}, implicit FTPS on {}", server.plain(), server.implicit());
/// ```
pub struct Ftpd {
    shared: Arc<Shared>,
    plain: SocketAddr,
    implicit: SocketAddr,
    host: String,
    ca: Option<String>,
    runtime: Option<tokio::runtime::Runtime>,
    _dir: tempfile::TempDir,
}

impl std::fmt::Debug for Ftpd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ftpd")
            .field("plain", &self.plain)
            .field("implicit", &self.implicit)
            .field("host", &self.host)
            .finish_non_exhaustive()
    }
}

impl Drop for Ftpd {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// A certificate for `names`, signed by a CA made with it: (chain PEM, key PEM, CA PEM).
fn make_certificate(names: &[String]) -> Result<(String, String, String), FtpdError> {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose};
    let bad = |e: rcgen::Error| FtpdError::Certificate(e.to_string());
    let ca_key = KeyPair::generate().map_err(bad)?;
    let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(bad)?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "simcom-conformance ftpd CA");
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let issuer = rcgen::CertifiedIssuer::self_signed(ca, ca_key).map_err(bad)?;
    let key = KeyPair::generate().map_err(bad)?;
    let mut params = CertificateParams::new(names.to_vec()).map_err(bad)?;
    params
        .distinguished_name
        .push(DnType::CommonName, "simcom-conformance ftpd");
    let cert = params.signed_by(&key, &issuer).map_err(bad)?;
    Ok((cert.pem(), key.serialize_pem(), issuer.pem()))
}

fn acceptor(chain: &[u8], key: &[u8]) -> Result<tokio_rustls::TlsAcceptor, FtpdError> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let bad = |e: String| FtpdError::Certificate(e);
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(chain)
        .collect::<Result<_, _>>()
        .map_err(|e| bad(e.to_string()))?;
    if certs.is_empty() {
        return Err(bad("no certificate in the chain".into()));
    }
    let key = PrivateKeyDer::from_pem_slice(key).map_err(|e| bad(e.to_string()))?;
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| bad(e.to_string()))?
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .map_err(|e| bad(e.to_string()))?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

impl Ftpd {
    /// Binds the ports and starts serving an empty world (no files, the default account).
    pub fn start(config: FtpdConfig) -> Result<Self, FtpdError> {
        let dir = tempfile::tempdir().map_err(io("a folder for the server's files"))?;
        let root = dir.path().join("root");
        std::fs::create_dir(&root).map_err(io("the server's root folder"))?;
        let host = config
            .host
            .clone()
            .unwrap_or_else(|| config.listen.ip().to_string());
        let (chain, key, ca) = match &config.tls {
            Some((chain, key)) => (chain.clone(), key.clone(), None),
            None => {
                let names = vec![host.clone(), "localhost".into(), "127.0.0.1".into()];
                let (c, k, ca) = make_certificate(&names)?;
                (c.into_bytes(), k.into_bytes(), Some(ca))
            }
        };
        let tls = acceptor(&chain, &key)?;
        std::fs::write(dir.path().join("cert.pem"), &chain).map_err(io("the certificate"))?;
        std::fs::write(dir.path().join("key.pem"), &key).map_err(io("the key"))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(io("the server's runtime"))?;
        let (changed, _) = watch::channel(0);
        let shared = Arc::new(Shared {
            world: Mutex::new(state(&ServerWorld::default())),
            changed,
            tls,
            root: root.clone(),
        });
        let (plain, implicit, backend) = runtime.block_on(async {
            let plain = TcpListener::bind(config.listen)
                .await
                .map_err(io(format!("listening on {}", config.listen)))?;
            let implicit = TcpListener::bind(config.implicit)
                .await
                .map_err(io(format!("listening on {}", config.implicit)))?;
            let backend = TcpListener::bind(("127.0.0.1", 0))
                .await
                .map_err(io("listening for libunftp on 127.0.0.1"))?;
            Ok::<_, FtpdError>((plain, implicit, backend))
        })?;
        let addr = |l: &TcpListener, what: &str| l.local_addr().map_err(io(what.to_string()));
        let plain_addr = addr(&plain, "the plain port")?;
        let implicit_addr = addr(&implicit, "the implicit port")?;
        let backend_addr = addr(&backend, "libunftp's port")?;
        let passive = host.parse::<std::net::Ipv4Addr>().ok();
        let files = dir.path().to_path_buf();
        {
            let shared = Arc::clone(&shared);
            runtime.spawn(serve_backend(backend, shared, files, passive));
        }
        for (listener, at, implicit) in
            [(plain, plain_addr, false), (implicit, implicit_addr, true)]
        {
            runtime.spawn(listen(
                listener,
                at,
                Arc::clone(&shared),
                backend_addr,
                implicit,
            ));
        }
        Ok(Self {
            shared,
            plain: plain_addr,
            implicit: implicit_addr,
            host,
            ca,
            runtime: Some(runtime),
            _dir: dir,
        })
    }

    /// Plain FTP and explicit FTPS.
    pub fn plain(&self) -> SocketAddr {
        self.plain
    }

    /// Implicit FTPS.
    pub fn implicit(&self) -> SocketAddr {
        self.implicit
    }

    /// The address the module dials (`${server}`).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The CA that signs the server's own certificate (PEM), when it made one.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca.as_deref()
    }

    /// Serves `w` from now on: its files and directories only, its accounts, pacing, latency
    /// and faults. Connections already open keep the pacing and faults they started with.
    pub fn set_world(&self, w: &ServerWorld) -> Result<(), FtpdError> {
        let root = &self.shared.root;
        let _ = std::fs::remove_dir_all(root);
        std::fs::create_dir(root).map_err(io("the server's root folder"))?;
        let local = |p: &str| -> Result<PathBuf, FtpdError> {
            let rel = Path::new(p.trim_start_matches('/'));
            if rel.components().all(|c| matches!(c, Component::Normal(_))) {
                Ok(root.join(rel))
            } else {
                Err(FtpdError::Path(p.to_string()))
            }
        };
        let mut made = vec![root.clone()];
        for d in &w.dirs {
            let p = local(d)?;
            std::fs::create_dir_all(&p).map_err(io(format!("world.server.dirs {d}")))?;
            made.extend(
                p.ancestors()
                    .take_while(|a| *a != root)
                    .map(Path::to_path_buf),
            );
        }
        for (path, content) in &w.files {
            let p = local(path)?;
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(io(format!("world.server.files {path}")))?;
                made.extend(
                    parent
                        .ancestors()
                        .take_while(|a| *a != root)
                        .map(Path::to_path_buf),
                );
            }
            std::fs::write(&p, content.bytes())
                .map_err(io(format!("world.server.files {path}")))?;
            made.push(p);
        }
        let mut next = state(w);
        // The world's entries carry its `mtime`: the time they are set is that time.
        let t0 = SystemTime::now();
        for p in &made {
            let f = std::fs::File::open(p).map_err(io(format!("{}", p.display())))?;
            f.set_modified(t0)
                .map_err(io(format!("the time of {}", p.display())))?;
        }
        next.snapshot.t0 = t0;
        *self
            .shared
            .world
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = next;
        self.shared.changed.send_modify(|n| *n += 1);
        Ok(())
    }

    /// `${server}`: the address the module dials.
    pub fn vars(&self) -> BTreeMap<String, String> {
        BTreeMap::from([("server".to_string(), self.host.clone())])
    }
}

/// The server's view of a world.
fn state(w: &ServerWorld) -> WorldState {
    let pacing: Pacing = world::pacing(w);
    WorldState {
        users: w.users.clone().unwrap_or_else(|| {
            BTreeMap::from([("simcomtest".to_string(), "simcomtest".to_string())])
        }),
        latency: pacing.latency,
        refuse: w.faults.refuse_connections,
        fail: w.faults.fail.clone(),
        snapshot: backend::Snapshot {
            pacing,
            drop_after: w.faults.drop_after,
            stall_after: w.faults.stall_after,
            epoch: w.mtime.unwrap_or(EPOCH),
            t0: SystemTime::now(),
        },
    }
}

/// Accepts control connections on `at` while the world lets it; while the world refuses
/// connections the port is closed, so that a connection is refused as by a host with nothing
/// listening.
async fn listen(
    first: TcpListener,
    at: SocketAddr,
    shared: Arc<Shared>,
    backend: SocketAddr,
    implicit: bool,
) {
    let mut listener = Some(first);
    let mut changed = shared.changed.subscribe();
    loop {
        let refuse = shared.world().refuse;
        if refuse {
            listener = None;
        } else if listener.is_none() {
            listener = TcpListener::bind(at).await.ok();
        }
        match &listener {
            Some(l) => {
                tokio::select! {
                    accepted = l.accept() => {
                        if let Ok((client, _)) = accepted {
                            let shared = Arc::clone(&shared);
                            tokio::spawn(async move {
                                if let Ok(back) = TcpStream::connect(backend).await {
                                    let _ = front::session(client, back, shared, implicit).await;
                                }
                            });
                        }
                    }
                    r = changed.changed() => if r.is_err() { return },
                }
            }
            None => {
                if changed.changed().await.is_err() {
                    return;
                }
            }
        }
    }
}

/// libunftp, one server per control connection (built with the world in force when the
/// module connected).
async fn serve_backend(
    backend: TcpListener,
    shared: Arc<Shared>,
    files: PathBuf,
    passive: Option<std::net::Ipv4Addr>,
) {
    while let Ok((stream, _)) = backend.accept().await {
        let snapshot = shared.world().snapshot;
        let root = shared.root.clone();
        let accounts = Arc::new(backend::Accounts(Arc::clone(&shared)));
        let mut builder = libunftp::ServerBuilder::with_authenticator(
            Box::new(move || backend::Backend::new(root.clone(), snapshot.clone())),
            accounts,
        )
        .ftps(files.join("cert.pem"), files.join("key.pem"))
        .active_passive_mode(libunftp::options::ActivePassiveMode::ActiveAndPassive);
        if let Some(ip) = passive {
            builder = builder.passive_host(ip);
        }
        if let Ok(server) = builder.build() {
            tokio::spawn(async move {
                let _ = server.service(stream).await;
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Ftpd, FtpdConfig, FtpdError};
    use crate::transcript::ServerWorld;

    #[test]
    fn a_certificate_that_does_not_load_is_refused() {
        let mut config = FtpdConfig::local([127, 0, 0, 1].into());
        config.tls = Some((b"not a certificate".to_vec(), b"nor a key".to_vec()));
        let e = Ftpd::start(config).expect_err("refused");
        assert!(matches!(e, FtpdError::Certificate(_)), "{e}");
    }

    #[test]
    fn a_world_path_that_leaves_the_folder_is_refused() {
        let server = Ftpd::start(FtpdConfig::local([127, 0, 0, 1].into())).expect("server");
        assert!(
            server
                .ca_pem()
                .is_some_and(|ca| ca.contains("BEGIN CERTIFICATE"))
        );
        let mut w = ServerWorld::default();
        w.files.insert(
            "/../escape.txt".into(),
            crate::transcript::bytes::BytesSpec::Text("x".into()),
        );
        let e = server.set_world(&w).expect_err("refused");
        assert!(
            matches!(e, FtpdError::Path(ref p) if p == "/../escape.txt"),
            "{e}"
        );
        let mut w = ServerWorld::default();
        w.dirs.push("/pub/../..".into());
        assert!(matches!(server.set_world(&w), Err(FtpdError::Path(_))));
        // A world inside the folder is taken.
        let mut w = ServerWorld::default();
        w.files.insert(
            "/pub/a.txt".into(),
            crate::transcript::bytes::BytesSpec::Text("hi".into()),
        );
        assert!(server.set_world(&w).is_ok());
    }
}
